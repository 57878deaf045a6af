"""Masking personal data before anything is stored or seen by a model.

Detected: e-mail addresses, CN mobile numbers (optionally +86), landlines (with area code), 18-digit
resident ID numbers (checksum-validated), bank card numbers (Luhn-validated), vehicle plates and street
addresses ending in a house number. Each is replaced by a typed placeholder such as ``[手机号]``.
Digit runs that fail every check (order numbers, tracking numbers) are left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PLACEHOLDERS: dict[str, str] = {
    "email": "[邮箱]", "mobile": "[手机号]", "landline": "[电话]", "id_card": "[身份证号]",
    "bank_card": "[银行卡号]", "plate": "[车牌号]", "address": "[地址]",
}
_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_ADDR_CHAR = r"(?:(?![在住是到寄送发往的了我你他她址和与或及,.:;!? ])[\u4e00-\u9fa5A-Za-z0-9])"
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_DIGITS = re.compile(r"(?<![\dA-Za-z])(?:\+?86[ -]?)?\d(?:[ -]?\d){9,22}[Xx]?(?![\dA-Za-z])")
_LANDLINE = re.compile(r"(?<!\d)(?:\(0\d{2,3}\)|0\d{2,3}[- ])\d{7,8}(?:-\d{1,5})?(?!\d)")
_PLATE = re.compile(rf"(?<![A-Za-z0-9])[{_PROVINCES}][A-HJ-NP-Z][·• ]?[A-HJ-NP-Z0-9]{{5,6}}(?![A-Za-z0-9])")
_ADDRESS = re.compile(rf"{_ADDR_CHAR}{{1,10}}?(?:路|街|大道|大街|巷|弄|胡同|里)\d+(?:-\d+)?号"
                      r"(?:\d+(?:-\d+)?(?:栋|幢|号楼|单元|楼|层|室|号))*")
_PROVINCE_HINT = re.compile(f"[{_PROVINCES}]")
_LONG_DIGITS = re.compile(r"[0-9][0-9 -]{8}")
_HINT = re.compile(r"[0-9@]")
_WIDE_HINT = re.compile("[\uff10-\uff19\uff20]")
_CONTEXT = re.compile(
    r"(?P<k>身份证号?码?|证件号码?|手机号?码?|电话号?码?|联系方式|联系电话|银行卡号?|卡号|"
    r"id\s?card(?:\s?no\.?)?|passport(?:\s?no\.?)?|phone(?:\s?no\.?)?|mobile|tel\.?|card\s?(?:no\.?|number))"
    r"(?P<sep>\s*(?:是|为|:|：|#)?\s*)(?P<n>\d[\d -]{5,22}\d[Xx]?)(?![\dA-Za-z])", re.IGNORECASE)
_HOTLINE = re.compile(r"^(?:400|800|95\d)")
_WIDE_DIGITS = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)} | {"＠": "@"})
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def may_hold_pii(text: str) -> bool:
    """A cheap pre-check: every pattern masked here needs a digit or an '@' (full-width ones included)."""
    return _HINT.search(text) is not None or _WIDE_HINT.search(text) is not None


@dataclass
class Masked:
    """The masked text and what was found (kind, original) in order."""

    text: str
    found: list[tuple[str, str]]


def is_id_card(s: str) -> bool:
    """An 18-character CN resident ID with a valid check digit and a plausible birth date."""
    if len(s) != 18 or not s[:17].isdigit():
        return False
    total = sum(int(c) * w for c, w in zip(s[:17], _ID_WEIGHTS, strict=True))
    if _ID_CHECK[total % 11] != s[17].upper():
        return False
    year, month, day = int(s[6:10]), int(s[10:12]), int(s[12:14])
    return 1900 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31


def luhn_ok(s: str) -> bool:
    """True when the digit string passes the Luhn checksum."""
    total = 0
    for i, c in enumerate(reversed(s)):
        d = ord(c) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _classify_digits(run: str) -> str | None:
    s = run.replace(" ", "").replace("-", "")
    if s.startswith("+"):
        s = s[1:]
    if len(s) == 13 and s.startswith("86"):
        s = s[2:]
    if len(s) == 18 and is_id_card(s):
        return "id_card"
    if len(s) == 11 and s[0] == "1" and s[1] in "3456789" and s.isdigit():
        return "mobile"
    if 15 <= len(s) <= 19 and s.isdigit() and s[0] in "3456789" and luhn_ok(s):
        return "bank_card"
    if 10 <= len(s) <= 12 and s[0] == "0" and s.isdigit():
        return "landline"
    return None


class PiiMasker:
    """Replaces personal data in text by typed placeholders; keeps what it found when asked."""

    def __init__(self, keep_originals: bool = False) -> None:
        self.keep_originals = keep_originals
        self._found: list[tuple[str, str]] = []

    def mask(self, text: str) -> Masked:
        """Mask one text; ``found`` lists (kind, original) when anything was replaced."""
        if not _HINT.search(text):
            if not _WIDE_HINT.search(text):
                return Masked(text, [])
            text = text.translate(_WIDE_DIGITS)  # stored text keeps full-width forms; numbers must still be found
        self._found = []
        if "@" in text:
            text = _EMAIL.sub(lambda m: self._typed("email", m), text)
        if "号" in text:
            text = _ADDRESS.sub(lambda m: self._typed("address", m), text)
        if _LONG_DIGITS.search(text):
            text = _DIGITS.sub(self._digits, text)
            text = _LANDLINE.sub(lambda m: self._typed("landline", m), text)
        if _PROVINCE_HINT.search(text):
            text = _PLATE.sub(lambda m: self._typed("plate", m), text)
        if _LONG_DIGITS.search(text):
            text = _CONTEXT.sub(self._in_context, text)
        return Masked(text, self._found)

    def _in_context(self, m: re.Match[str]) -> str:
        """A number right after 身份证/手机/卡号 … is personal data even when its check digit fails (a typo)."""
        number = m.group("n")
        digits = number.replace(" ", "").replace("-", "")
        if _HOTLINE.match(digits) or len(digits) < 7:
            return m.group(0)
        key = m.group("k").lower()
        kind = ("id_card" if "身份" in key or "证件" in key or "id" in key or "passport" in key
                else "bank_card" if "卡" in key or "card" in key else "mobile" if len(digits) == 11 else "landline")
        self._found.append((kind, number))
        return m.group("k") + m.group("sep") + PLACEHOLDERS[kind]

    def _typed(self, kind: str, m: re.Match[str]) -> str:
        self._found.append((kind, m.group(0)))
        return PLACEHOLDERS[kind]

    def _digits(self, m: re.Match[str]) -> str:
        original = m.group(0)
        kind = _classify_digits(original)
        if kind is None:
            return self._split_run(original)
        self._found.append((kind, original))
        return PLACEHOLDERS[kind]

    def _split_run(self, run: str) -> str:
        """A digit run that is nothing as a whole may still hold a number between spaces ("电话 138… 2件")."""
        if " " not in run:
            return run
        parts = run.split(" ")
        for i, part in enumerate(parts):
            kind = _classify_digits(part)
            if kind is not None:
                self._found.append((kind, part))
                parts[i] = PLACEHOLDERS[kind]
        return " ".join(parts)

