"""Ratings as exports write them, mapped to the project's 1–5 scale (NPS 0–10 is kept as NPS).

Words (非常满意 … 非常不满意, 好评/中评/差评, satisfied …), stars (``★★★★☆``), ``5星``/``4分``, numbers on a
1–5 or 1–10 scale. The scale of a numeric column is decided once from its sample (a maximum above 5 means
1–10; a header naming NPS or 推荐 means NPS). Values that map to nothing are counted, never silently dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

WORDS: dict[str, float] = {
    "非常满意": 5, "很满意": 5, "十分满意": 5, "超级满意": 5, "满意": 4, "比较满意": 4, "基本满意": 4, "一般": 3,
    "还行": 3, "中立": 3, "不太满意": 2, "不满意": 2, "较不满意": 2, "非常不满意": 1, "很不满意": 1, "极不满意": 1,
    "好评": 5, "中评": 3, "差评": 1, "非常好": 5, "好": 4, "较好": 4, "差": 2, "较差": 2, "很差": 1, "非常差": 1,
    "very satisfied": 5, "satisfied": 4, "neutral": 3, "dissatisfied": 2, "very dissatisfied": 1,
    "unsatisfied": 2, "very unsatisfied": 1, "positive": 5, "negative": 1, "excellent": 5, "good": 4,
    "average": 3, "poor": 2, "very poor": 1, "bad": 1,
}
NO_RATING: frozenset[str] = frozenset({"未评价", "未评", "无", "无评价", "暂无", "-", "--", "/", "n/a", "na", "none",
                                       "not rated", "null", "未回复", "未参与"})
_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:星|分|stars?|points?|/\s*(5|10))?\s*$", re.IGNORECASE)
_NPS_HEADER = re.compile(r"nps|推荐", re.IGNORECASE)


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    m = _NUMBER.match(str(value))
    return float(m.group(1)) if m else None


class RatingReader:
    """Reads one rating column: ``read(value)`` → (rating on 1–5 or None, NPS 0–10 or None)."""

    def __init__(self, header: str = "", sample: Sequence[object] = ()) -> None:
        numbers = [n for v in sample if v not in (None, "") and (n := _number(v)) is not None]
        self.nps = bool(_NPS_HEADER.search(header)) and all(0 <= n <= 10 for n in numbers)
        self.ten = not self.nps and bool(numbers) and max(numbers) > 5 and max(numbers) <= 10
        self.unmapped: Counter[str] = Counter()
        self.mapped = 0

    @property
    def scale(self) -> str:
        """nps, 1-10 or 1-5: how numbers of this column are read."""
        return "nps" if self.nps else "1-10" if self.ten else "1-5"

    def read(self, value: object) -> tuple[float | None, int | None]:
        """The mapped rating and NPS of one cell (empty and 未评价 are no rating; others are counted)."""
        if value is None or value == "":
            return None, None
        s = str(value).strip()
        low = s.lower()
        if low in NO_RATING:
            return None, None
        n = _number(value)
        if n is not None:
            return self._scaled(n, s)
        if low in WORDS:
            self.mapped += 1
            return WORDS[low], None
        stars = s.count("★")
        if stars and set(s) <= {"★", "☆", " "}:
            self.mapped += 1
            return float(stars), None
        self.unmapped[s[:40]] += 1
        return None, None

    def _scaled(self, n: float, raw: str) -> tuple[float | None, int | None]:
        if self.nps:
            if 0 <= n <= 10:
                self.mapped += 1
                return None, int(n)
        elif self.ten or raw.endswith("/10"):
            if 1 <= n <= 10:
                self.mapped += 1
                return round(1 + (n - 1) * 4 / 9, 2), None
        elif 1 <= n <= 5:
            self.mapped += 1
            return n, None
        self.unmapped[raw[:40]] += 1
        return None, None
