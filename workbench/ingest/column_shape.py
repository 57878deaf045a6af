"""Choosing among the columns whose headers could mean a field, by the shape of their values.

Headers alone are ambiguous: ``序号`` and ``订单号`` both name an id, ``用户等级`` and ``用户PIN`` both mention the
user, and a JSON export has ``agent`` (null for robot-only sessions), ``agent.id`` and ``agent.name``. The id is
the column that is unique per row and is not a row counter; the customer is not a small set of category labels;
the agent is a filled, name-like leaf rather than its parent object or its numeric id.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

_NAME_LEAVES = frozenset({"name", "nickname", "nick", "displayname", "realname", "username", "姓名", "名称", "昵称",
                          "名字", "名"})
_CATEGORY = ("等级", "级别", "类型", "类别", "标签", "分组", "分类", "level", "type", "grade", "tier", "group",
             "category", "segment")
_SPLIT = re.compile(r"[._]")
_NORM = re.compile(r"[\s_\-./()（）:：]+")
_NUMBER = re.compile(r"\d+(\.0+)?")

Exactness = Callable[[str, str], float]


def refine(header: Sequence[str], sample: Sequence[list[object]], mapping: dict[str, str],
           exactness: Exactness) -> dict[str, str]:
    """The mapping with ``id``, ``customer`` and ``agent`` chosen by value shape among header candidates.

    Args:
        exactness: how well a column's header names a field (0 = not at all, higher = better).
    """
    out = dict(mapping)
    pos = {c: i for i, c in enumerate(header)}

    def values(col: str) -> list[object]:
        return [r[pos[col]] if pos[col] < len(r) else None for r in sample]

    for fld, rank in (("id", _id_rank), ("customer", _customer_rank), ("agent", _agent_rank)):
        taken = {c for f, c in out.items() if f != fld}
        cands = [c for c in header if c not in taken and exactness(c, fld) > 0]
        ranked: list[tuple[tuple[float, ...], str]] = []
        for c in cands:
            score = rank(c, values(c), exactness(c, fld))
            if score is not None:
                ranked.append((score, c))
        if ranked:
            out[fld] = max(ranked, key=lambda rc: rc[0])[1]
        elif fld in out and out[fld] in cands:
            del out[fld]  # only an empty or unusable column was named like the field
    return out


def _filled(values: list[object]) -> list[str]:
    return [str(v).strip() for v in values if v not in (None, "") and str(v).strip()]


def _leaf(col: str) -> str:
    return _NORM.sub("", _SPLIT.split(col.lower())[-1])


def _id_rank(col: str, values: list[object], exact: float) -> tuple[float, ...] | None:
    """Unique per row (≥ 90 %, so rows exported twice still count) and not a 1, 2, 3 … row counter."""
    filled = _filled(values)
    if not filled or len(filled) < 0.9 * len(values):
        return None
    unique = len(set(filled)) / len(filled)
    if unique < 0.9 and len(filled) >= 5:
        return None
    return (0.0 if is_row_counter(filled) else 1.0, exact, unique)


def is_row_counter(values: list[str]) -> bool:
    """True for consecutive small integers (序号, No.): they number the rows, they do not identify a record.

    A stray note or total row among them (≤ 10 %) does not hide the pattern.
    """
    nums = sorted({int(float(v)) for v in values if _NUMBER.fullmatch(v)})
    if len(nums) < 3 or len(nums) < 0.9 * len(values):
        return False
    return nums[-1] - nums[0] == len(nums) - 1 and nums[-1] < 10 ** 6


def _customer_rank(col: str, values: list[object], exact: float) -> tuple[float, ...] | None:
    """Not empty and not a category (a level, a type, a tag): a name, nick, PIN or id with many values."""
    filled = _filled(values)
    if not filled:
        return None
    distinct = len(set(filled))
    categorical = any(w in col.lower() for w in _CATEGORY) or (len(filled) >= 10 and distinct <= 6)
    return (0.0 if categorical else 1.0, exact, distinct / len(filled))


def _agent_rank(col: str, values: list[object], exact: float) -> tuple[float, ...] | None:
    """Not empty; a name-like leaf (``agent.name``, ``agent_name``) before an id leaf; the fuller column first."""
    filled = _filled(values)
    if not filled:
        return None
    numeric = all(v.replace(".", "", 1).isdigit() for v in filled)
    named = _leaf(col) in _NAME_LEAVES
    return (0.0 if numeric else 1.0, 1.0 if named else 0.0, exact, len(filled) / max(len(values), 1))
