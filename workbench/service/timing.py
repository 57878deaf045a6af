"""Timing of a conversation.

Definitions (the same as the demo's answer key): the clock starts at the customer's first message, or,
after a bot hand-over, at the customer's first message after the bot. First response = the first human
agent message minus that start. A response gap = an agent message minus the first customer message of
the unanswered customer block before it, counted for the agent who answered. A repeat is a customer
message sent while still waiting that nudges ("在吗", "？？") or repeats an earlier message.
"""

from __future__ import annotations

import re
from datetime import datetime

from workbench.service.model import Timing
from workbench.types import Conversation, Turn

NUDGE = re.compile(r"^\s*(在吗|有人吗|人呢|还在吗|还有人吗|hello|hi|\?+|？+)[？?！!。.\s]*$", re.IGNORECASE)


def _similar(a: str, b: str) -> bool:
    """Character-bigram Jaccard similarity ≥ 0.6 on texts of at least 6 characters."""
    if min(len(a), len(b)) < 6:
        return False
    ga = {a[i:i + 2] for i in range(len(a) - 1)}
    gb = {b[i:i + 2] for i in range(len(b) - 1)}
    return len(ga & gb) / len(ga | gb) >= 0.6


def _seconds(later: datetime | None, earlier: datetime | None) -> float | None:
    if later is None or earlier is None:
        return None
    return max(0.0, (later - earlier).total_seconds())


def _is_repeat(turn: Turn, waiting: bool, said: list[str]) -> bool:
    return waiting and (bool(NUDGE.match(turn.text)) or any(_similar(turn.text, s) for s in said))


def _first_response(turns: tuple[Turn, ...]) -> float | None:
    start: datetime | None = None
    for t in turns:
        if t.role == "customer" and start is None:
            start = t.at
        elif t.role == "bot":
            start = None
        elif t.role == "agent" and start is not None:
            return _seconds(t.at, start)
    return None


def _transfers(turns: tuple[Turn, ...]) -> int:
    changes, last = 0, None
    for t in turns:
        if t.role == "agent" and t.agent:
            if last is not None and t.agent != last:
                changes += 1
            last = t.agent
    return changes


def _handover(turns: tuple[Turn, ...]) -> bool:
    """A bot answered first and a human agent took over later."""
    bots = [i for i, t in enumerate(turns) if t.role == "bot"]
    return bool(bots) and any(t.role == "agent" for t in turns[bots[0]:])


def measure(conv: Conversation) -> Timing:
    """The timing facts of one conversation."""
    turns = conv.turns
    gaps: list[tuple[str, float]] = []
    waiting_since: datetime | None = None
    waiting, repeats = False, 0
    said: list[str] = []
    for t in turns:
        if t.role == "customer":
            repeats += _is_repeat(t, waiting, said)
            said.append(t.text)
            if not waiting:
                waiting, waiting_since = True, t.at
        elif t.role == "agent":
            gap = _seconds(t.at, waiting_since) if waiting else None
            if gap is not None:
                gaps.append((t.agent or "", gap))
            waiting, waiting_since = False, None
        elif t.role == "bot":
            waiting, waiting_since = False, None
    times = [t.at for t in turns if t.at is not None]
    values = [g for _, g in gaps]
    return Timing(
        first_response_s=_first_response(turns),
        avg_response_s=sum(values) / len(values) if values else None,
        max_response_s=max(values) if values else None,
        duration_s=_seconds(max(times), min(times)) if times else None,
        customer_turns=sum(t.role == "customer" for t in turns),
        agent_turns=sum(t.role == "agent" for t in turns),
        repeats=repeats,
        transfers=_transfers(turns),
        bot_handover=_handover(turns),
        gaps_by_agent=tuple(gaps),
    )
