"""Grounding checks: every number an answer states must come from a query result, and every quotation
must exist verbatim in the data. Sentences that fail are removed and reported."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

NUMBER = re.compile(r"(?<![\w.])[-+]?\d[\d,]*(?:\.\d+)?%?")
SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?|[^.!?\n]+[.!?]?")
QUOTED = re.compile(r"[“\"「『]([^”\"」』]{6,})[”\"」』]")


@dataclass
class Grounded:
    """The checked text, the sentences removed and why."""

    text: str
    removed: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.removed


def allowed_numbers(values: Iterable[float], context: Iterable[str] = ()) -> set[str]:
    """Every spelling of the given values an answer may use (thousands separators, one decimal, percent),
    plus numbers that appear in ``context`` (the question, dates and labels of the results)."""
    out: set[str] = set()
    for v in values:
        for x in {v, round(v, 1), round(v), abs(v), round(abs(v), 1), round(abs(v))}:
            if float(x).is_integer():
                out |= {str(int(x)), f"{int(x):,}"}
            else:
                out.add(f"{x:.1f}")
        if 0 <= v <= 1:
            for digits in (0, 1):
                out.add(f"{v * 100:.{digits}f}%")
        out |= {f"{round(v)}%", f"{v:.1f}%"}
    for text in context:
        out |= {m.group(0).strip("+-") for m in NUMBER.finditer(text)}
        out |= {p.lstrip("0") or "0" for m in re.finditer(r"\d{4}-(\d{2})(?:-(\d{2}))?", text) for p in m.groups() if p}
    return out


def _number_ok(token: str, allowed: set[str]) -> bool:
    token = token.strip("+-")
    return token in allowed or token.rstrip("%") in allowed or token.replace(",", "") in allowed


def check(text: str, allowed: set[str], quote_exists: Callable[[str], bool]) -> Grounded:
    """Remove every sentence holding a number not in ``allowed`` or a quotation not found in the data."""
    kept: list[str] = []
    removed: list[str] = []
    for sentence in (m.group(0) for m in SENTENCE.finditer(text)):
        if not sentence.strip():
            continue
        bad_numbers = [n.group(0) for n in NUMBER.finditer(sentence) if not _number_ok(n.group(0), allowed)]
        bad_quotes = [q.group(1) for q in QUOTED.finditer(sentence) if not quote_exists(q.group(1))]
        if bad_numbers or bad_quotes:
            removed.append(sentence.strip())
        else:
            kept.append(sentence)
    return Grounded("".join(kept).strip(), removed)


def _spellings(token: str) -> set[str]:
    """Ways an answer may write a figure of the template: 2026-07 ~ 2026年7月 ~ 7月; 1,234 ~ 1234."""
    token = token.strip("+-")
    out = {token, token.replace(",", "")}
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", token)
    if m:
        y, mo, d = m.group(1), str(int(m.group(2))), m.group(3)
        out |= {f"{y}年{mo}月", f"{mo}月", f"{y}/{mo}"}
        if d:
            out |= {f"{y}年{mo}月{int(d)}日", f"{mo}月{int(d)}日"}
    return out


def covers(text: str, reference: str) -> bool:
    """Whether ``text`` states every figure and date that ``reference`` states (in any usual spelling)."""
    compact = text.replace(" ", "")
    for m in re.finditer(r"\d{4}-\d{2}(?:-\d{2})?|[-+]?\d[\d,]*(?:\.\d+)?%?", reference):
        if not any(s in compact for s in _spellings(m.group(0))):
            return False
    return True
