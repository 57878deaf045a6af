"""Scorecards per agent, team or day, with outliers flagged by a robust z-score."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from workbench.service.model import ConversationReport

FLAG_RULES: tuple[tuple[str, str, int], ...] = (
    ("avg_response_s", "slow responses", 1),
    ("first_response_s", "slow first response", 1),
    ("sop_compliance", "low SOP compliance", -1),
    ("resolved_share", "few resolutions", -1),
    ("dissatisfaction", "dissatisfied customers", 1),
)


@dataclass
class ScoreRow:
    """One row of a scorecard; rates are shares in [0, 1], times in seconds."""

    key: str
    conversations: int
    first_response_s: float | None
    avg_response_s: float | None
    max_response_s: float | None
    sop_compliance: float
    resolved_share: float
    escalated_share: float
    dissatisfaction: float
    csat: float | None
    repeats: float
    transfers: float
    items: dict[str, float] = field(default_factory=dict)
    forbidden: dict[str, int] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    record_ids: list[int] = field(default_factory=list)


def _mean(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(statistics.fmean(present), 2) if present else None


def _key_fn(by: str, team_of: dict[str, str]) -> Callable[[ConversationReport], str | None]:
    if by == "agent":
        return lambda r: r.conversation.primary_agent
    if by == "team":
        return lambda r: team_of.get(r.conversation.primary_agent or "", "—") if r.conversation.primary_agent else None
    return lambda r: r.conversation.created_at.date().isoformat() if r.conversation.created_at else None


def _row(key: str, group: list[ConversationReport], by: str) -> ScoreRow:
    gaps = [g for r in group for a, g in r.timing.gaps_by_agent if by != "agent" or a == key]
    items: dict[str, list[bool]] = defaultdict(list)
    forbidden: dict[str, int] = defaultdict(int)
    for r in group:
        for c in r.sop:
            if c.forbidden:
                forbidden[c.item] += not c.passed
            elif c.required:
                items[c.item].append(c.passed)
    return ScoreRow(
        key=key, conversations=len(group),
        first_response_s=_mean([r.timing.first_response_s for r in group]),
        avg_response_s=round(statistics.fmean(gaps), 2) if gaps else None,
        max_response_s=max(gaps) if gaps else None,
        sop_compliance=round(statistics.fmean(r.sop_compliance for r in group), 4),
        resolved_share=round(sum(r.outcome.status == "resolved" for r in group) / len(group), 4),
        escalated_share=round(sum(r.outcome.status == "escalated" for r in group) / len(group), 4),
        dissatisfaction=round(statistics.fmean(r.outcome.dissatisfaction_end for r in group), 4),
        csat=_mean([r.conversation.rating for r in group]),
        repeats=round(statistics.fmean(r.timing.repeats for r in group), 3),
        transfers=round(statistics.fmean(r.timing.transfers for r in group), 3),
        items={k: round(sum(v) / len(v), 4) for k, v in items.items()},
        forbidden={k: v for k, v in forbidden.items() if v},
        record_ids=[r.conversation.record_id for r in group],
    )


def _flag(rows: list[ScoreRow], min_conversations: int) -> None:
    eligible = [r for r in rows if r.conversations >= min_conversations]
    for attr, label, sign in FLAG_RULES:
        values = [getattr(r, attr) for r in eligible if getattr(r, attr) is not None]
        if len(values) < 4:
            continue
        median = statistics.median(values)
        mad = statistics.median(abs(v - median) for v in values) or 1e-9
        for r in eligible:
            value = getattr(r, attr)
            if value is not None and sign * (value - median) / (1.4826 * mad) > 3.0:
                r.flags.append(label)
    items = sorted({k for r in eligible for k in r.items})
    for item in items:
        values = [r.items[item] for r in eligible if item in r.items]
        if len(values) < 4:
            continue
        median = statistics.median(values)
        for r in eligible:
            if item in r.items and r.items[item] < median - 0.3:
                r.flags.append(f"skips {item}")
    for r in eligible:
        for phrase, n in r.forbidden.items():
            if n >= 3 or n / r.conversations >= 0.05:
                r.flags.append(f"says “{phrase}”")


def scorecards(reports: Sequence[ConversationReport], by: str = "agent", team_of: dict[str, str] | None = None,
               min_conversations: int = 10) -> list[ScoreRow]:
    """Rows grouped ``by`` agent (primary agent), team or day, sorted by volume (day: by date)."""
    groups: dict[str, list[ConversationReport]] = defaultdict(list)
    key_of = _key_fn(by, team_of or {})
    for report in reports:
        key = key_of(report)
        if key:
            groups[key].append(report)
    rows = [_row(k, g, by) for k, g in groups.items()]
    if by != "day":
        _flag(rows, min_conversations)
        rows.sort(key=lambda r: (-r.conversations, r.key))
    else:
        rows.sort(key=lambda r: r.key)
    return rows
