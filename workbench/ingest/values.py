"""Turning raw cells into typed field values: keys, ratings, turns, extra values."""

from __future__ import annotations

import re
from datetime import date, datetime

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_CJK = re.compile(r"[\u3400-\u9fff]")

ROLES: dict[str, str] = {
    **dict.fromkeys(("客户", "顾客", "用户", "买家", "访客", "会员", "customer", "user", "client", "buyer",
                     "visitor", "guest", "consumer", "c"), "customer"),
    **dict.fromkeys(("员工", "客服", "卖家", "商家", "坐席", "人工", "人工客服", "店小二", "售后", "agent", "staff",
                     "seller", "service", "support", "operator", "a"), "agent"),
    **dict.fromkeys(("机器人", "智能客服", "机器人客服", "bot", "robot", "ai", "assistant", "自动回复"), "bot"),
    **dict.fromkeys(("系统", "system", "系统消息", "通知"), "system"),
}

_BY_LENGTH = sorted(((k, v) for k, v in ROLES.items() if len(k) > 1), key=lambda kv: -len(kv[0]))


def as_key(value: object) -> str | None:
    """An identifier cell as text (``12345.0`` → ``12345``); None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    s = str(value).strip()
    return s[:255] or None


def as_rating(value: object) -> float | None:
    """A score from a number, ``4星``/``4.5分``/``★★★★``; None when absent."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    s = str(value)
    stars = s.count("★")
    if stars:
        return float(stars)
    m = _NUMBER.search(s)
    return float(m.group(0)) if m else None


def as_int(value: object) -> int | None:
    """A whole number from a cell (turn numbers); None when not a number."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return int(value)
    m = _NUMBER.search(str(value or ""))
    return int(float(m.group(0))) if m else None


def as_role(value: object) -> str:
    """customer, agent, bot or system from a sender/role cell (unknown senders count as the customer)."""
    s = str(value or "").strip().lower()
    if s in ROLES:
        return ROLES[s]
    for name, role in _BY_LENGTH:
        if name in s:
            return role
    return "customer"


def as_extra(value: object) -> object:
    """A JSON-friendly extra value."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str | int | float | bool):
        return value
    return str(value)


def lang_of(text: str) -> str:
    """zh when the text has any CJK character, else en."""
    return "zh" if _CJK.search(text) else "en"
