"""Text cleaning: markup, whitespace and system noise (stored text); Unicode NFKC (matching only). Emoji are kept.

Cleaning never invents text; it only normalises and removes markup and noise. Noise phrases
(``[图片]``, ``系统自动回复`` …) are dropped from the analysis text but conversations keep them
in their messages, flagged ``is_noise``.
"""

from __future__ import annotations

import html
import re
import unicodedata

_TAG = re.compile(r"<(?:br|p|div|li|tr)\b[^>]{0,200}>|<[/!?]?[A-Za-z][^<>]{0,500}>", re.IGNORECASE)
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_SPACE = re.compile(r"[ \t\u3000\xa0]+")
_LINES = re.compile(r"\s*\n\s*")
_PLACEHOLDER = re.compile(
    r"\[(?:图片|表情|语音|视频|文件|链接|动画表情|位置|名片|红包|商品|订单|卡片|image|photo|sticker|voice|video|file|link)\]",
    re.IGNORECASE,
)
NOISE_PHRASES: tuple[str, ...] = (
    "系统自动回复", "自动回复", "您好,请问有什么可以帮您", "您好,请问有什么可以帮到您", "请问有什么可以帮您",
    "亲,在的", "亲,您好", "欢迎光临", "感谢您的咨询", "客服已接入", "会话已结束", "会话已超时",
    "对方已撤回一条消息", "撤回了一条消息", "正在为您转接", "已为您转接人工客服", "用户已离开",
    "此用户没有填写评价", "此用户没有填写评论", "该用户未填写评价", "系统默认好评", "默认好评",
)
_PHRASES = "|".join(re.escape(p) for p in sorted(NOISE_PHRASES, key=len, reverse=True))
_NOISE_ONLY = re.compile(rf"(?:{_PHRASES}|[\s!?.,~。，！？、…:;])*")  # no nested "+": linear time
_NOISE_PREFIX = re.compile(rf"^(?:{_PHRASES})[\s!?.,~:;]*")
_HAS_MARKUP = re.compile(r"[<&]")
_WIDE = tuple((c, unicodedata.normalize("NFKC", c)) for c in "，！？：；（）　")
_FOLD = str.maketrans({c: n for c, n in _WIDE if len(n) == 1})


def clean_text(value: object) -> str:
    """Normalise one cell into clean text (NFKC, no markup, tidy whitespace); '' when nothing is left."""
    if value is None:
        return ""
    s = value if isinstance(value, str) else _cell_str(value)
    if not unicodedata.is_normalized("NFKC", s):
        s = _nfkc(s)
    if _HAS_MARKUP.search(s):
        s = _strip_markup(s)
    if "\n" in s or "\r" in s:
        s = _LINES.sub("\n", s.replace("\r\n", "\n").replace("\r", "\n"))
    if "  " in s or "\t" in s or "\u3000" in s or "\xa0" in s:
        s = _SPACE.sub(" ", s)
    return s.strip()


def tidy_text(value: object) -> str:
    """The text as written, for storing and quoting: markup removed, whitespace tidied, nothing else.

    Unlike :func:`clean_text` no Unicode normalisation is applied (full-width punctuation, full-width
    letters stay as the customer typed them); matching and de-duplication use normalised forms instead.
    """
    if value is None:
        return ""
    s = value if isinstance(value, str) else _cell_str(value)
    if _HAS_MARKUP.search(s):
        if "<" in s:
            s = _SCRIPT.sub(" ", s)
            s = _TAG.sub(lambda m: "\n" if m.group(0)[1:3].lower() in ("br", "p>", "p ", "di", "li", "tr") else "", s)
        if "&" in s:
            s = html.unescape(s)
    if "\n" in s or "\r" in s:
        s = _LINES.sub("\n", s.replace("\r\n", "\n").replace("\r", "\n"))
    if "  " in s or "\t" in s or "\u3000" in s or "\xa0" in s:
        s = _SPACE.sub(" ", s)
    return s.strip()


def _nfkc(s: str) -> str:
    """NFKC, with the common full-width punctuation swapped first: normalize() is slow on CJK text."""
    for wide, narrow in _WIDE:
        if wide in s:
            s = s.replace(wide, narrow)
    return s if unicodedata.is_normalized("NFKC", s) else unicodedata.normalize("NFKC", s)


def _strip_markup(s: str) -> str:
    if "<" in s:
        s = _SCRIPT.sub(" ", s)
        s = _TAG.sub(lambda m: "\n" if m.group(0)[1:3].lower() in ("br", "p>", "p ", "di", "li", "tr") else "", s)
    if "&" in s:
        s = unicodedata.normalize("NFKC", html.unescape(s))
    return s


def _cell_str(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def strip_noise(text: str) -> str:
    """The text without placeholders such as ``[图片]`` and without a leading noise phrase; '' when only noise.

    Noise phrases are removed where they open the text (``自动回复: …``) or make up all of it; a phrase
    inside a customer's own sentence is the customer's voice and stays.
    """
    if "[" in text:
        text = _PLACEHOLDER.sub("", text).strip()
    folded = text.translate(_FOLD)  # one char for one char: positions in ``folded`` are positions in ``text``
    if _NOISE_ONLY.fullmatch(folded):
        return ""
    m = _NOISE_PREFIX.match(folded)
    if m:
        text = text[m.end():]
    return text.strip()


def is_noise(text: str) -> bool:
    """True when a message carries nothing of the customer's voice (only placeholders/system phrases)."""
    return not strip_noise(text)


def prepare(value: object, clean: bool = True, drop_noise: bool = True) -> str:
    """The stored text of a cell under the import's cleaning options (as written: see :func:`tidy_text`)."""
    text = tidy_text(value) if clean else ("" if value is None else _cell_str(value)).strip()
    return strip_noise(text) if drop_noise else text
