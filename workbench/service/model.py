"""Conversations as plain values, and what the analysis says about each."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

Role = str  # customer, agent, bot, system


@dataclass(frozen=True)
class Turn:
    """One message of a conversation, in order."""

    role: Role
    text: str
    at: datetime | None = None
    agent: str | None = None


@dataclass(frozen=True)
class Conversation:
    """A chat session: its record id, turns and the fields that may carry an outcome."""

    record_id: int
    turns: tuple[Turn, ...]
    created_at: datetime | None = None
    channel: str = "chat"
    rating: float | None = None
    customer_key: str | None = None
    team_of: dict[str, str] = field(default_factory=dict)

    @property
    def agents(self) -> list[str]:
        """Human agents in order of first appearance."""
        seen: list[str] = []
        for t in self.turns:
            if t.role == "agent" and t.agent and t.agent not in seen:
                seen.append(t.agent)
        return seen

    @property
    def primary_agent(self) -> str | None:
        """The agent who wrote the most messages (first one on a tie)."""
        counts: dict[str, int] = {}
        for t in self.turns:
            if t.role == "agent" and t.agent:
                counts[t.agent] = counts.get(t.agent, 0) + 1
        return max(counts, key=lambda a: (counts[a], -self.agents.index(a))) if counts else None


@dataclass(frozen=True)
class Timing:
    """Timing facts of one conversation (seconds; None when not measurable)."""

    first_response_s: float | None
    avg_response_s: float | None
    max_response_s: float | None
    duration_s: float | None
    customer_turns: int
    agent_turns: int
    repeats: int
    transfers: int
    bot_handover: bool
    gaps_by_agent: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class SopCheck:
    """One checklist item's result with the turn that shows it (index into turns) or None."""

    item: str
    passed: bool
    turn: int | None
    required: bool
    forbidden: bool = False


@dataclass(frozen=True)
class Outcome:
    """Resolution and the customer's dissatisfaction at the start and the end (0–1)."""

    status: str  # resolved, unresolved, escalated
    dissatisfaction_start: float
    dissatisfaction_end: float
    went_wrong_turn: int | None
    evidence_turn: int | None


@dataclass(frozen=True)
class ConversationReport:
    """Everything the service view shows for one conversation."""

    conversation: Conversation
    timing: Timing
    sop: tuple[SopCheck, ...]
    outcome: Outcome

    @property
    def sop_compliance(self) -> float:
        """Share of applicable items passed; a forbidden phrase used counts as a failed item."""
        items = [c for c in self.sop if c.required or c.forbidden]
        return sum(c.passed for c in items) / len(items) if items else 1.0
