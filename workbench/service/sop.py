"""SOP compliance: a checklist the manager edits, each item detected by rules in the agents' turns.

An item is a name, patterns (regular expressions, any of which matches), whether it is required, and
whether it is forbidden (a phrase that must never be said). The default list follows the usual
Chinese e-commerce service SOP; a project stores its own list under the setting ``service.sop``.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from workbench.errors import InputError
from workbench.service.model import SopCheck
from workbench.types import Conversation


@dataclass(frozen=True)
class SopItem:
    """One checklist item. A required item does not apply to conversations whose intent is in ``skip_intents``."""

    name: str
    patterns: tuple[str, ...]
    required: bool = True
    forbidden: bool = False
    skip_intents: tuple[str, ...] = ()


DEFAULT_SOP: tuple[SopItem, ...] = (
    SopItem("greeting", (r"您好|你好|很高兴为您服务|有什么可以帮", r"\bhello\b|\bhi\b")),
    SopItem("identity_check", (r"订单号|订单编号|手机号|手机尾号|核实|身份",),
            skip_intents=("inquiry", "praise", "other")),
    SopItem("empathy", (r"抱歉|理解您|别着急|不好意思|久等|给您添麻烦|心情",), required=False),
    SopItem("solution", (r"为您|帮您|安排|处理|办理|退款|换新|补发|催件|维修|寄修|升级给|重置|更新|开具|答复|即可",)),
    SopItem("confirmation", (r"还有.{0,4}(问题|需要|帮您)|您看.{0,3}(可以|行)|是否解决|解决了吗",), required=False),
    SopItem("closing", (r"祝您|再见|感谢您的|随时找我们|不打扰您",)),
    SopItem("不归我们管", (r"不归我们管|不关我们的事|不是我们的责任|找快递公司吧",), required=False, forbidden=True),
    SopItem("不知道", (r"(?<![你谁])不知道(?!您)",), required=False, forbidden=True),
)


def sop_from_setting(value: Any) -> tuple[SopItem, ...]:
    """Parse the project setting (a list of dicts) into items; raises InputError on a bad entry."""
    if value is None:
        return DEFAULT_SOP
    items: list[SopItem] = []
    try:
        for entry in value:
            patterns = tuple(entry["patterns"])
            for pattern in patterns:
                re.compile(pattern)
            items.append(SopItem(str(entry["name"]), patterns, bool(entry.get("required", True)),
                                 bool(entry.get("forbidden", False)), tuple(entry.get("skip_intents", ()))))
    except (KeyError, TypeError, re.error) as exc:
        raise InputError.of("errors.service.sop_item", reason=exc) from exc
    return tuple(items)


def sop_to_setting(items: tuple[SopItem, ...]) -> list[dict[str, Any]]:
    return [{**asdict(i), "patterns": list(i.patterns), "skip_intents": list(i.skip_intents)} for i in items]


def _first_match(conv: Conversation, patterns: tuple[re.Pattern[str], ...]) -> int | None:
    for index, turn in enumerate(conv.turns):
        if turn.role == "agent" and any(p.search(turn.text) for p in patterns):
            return index
    return None


def check(conv: Conversation, items: tuple[SopItem, ...] = DEFAULT_SOP,
          intent: str = "complaint") -> tuple[SopCheck, ...]:
    """Each item's result with its evidence turn. Required items do not apply to bot-only chats."""
    has_agent = any(t.role == "agent" for t in conv.turns)
    out: list[SopCheck] = []
    for item in items:
        compiled = tuple(re.compile(p, re.IGNORECASE) for p in item.patterns)
        turn = _first_match(conv, compiled) if has_agent else None
        if item.forbidden:
            out.append(SopCheck(item.name, turn is None, turn, required=False, forbidden=True))
            continue
        applies = has_agent and item.required and intent not in item.skip_intents
        out.append(SopCheck(item.name, turn is not None, turn, required=applies))
    return tuple(out)
