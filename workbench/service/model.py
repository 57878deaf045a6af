"""What the service analysis says about each conversation (the conversations themselves are
:class:`workbench.types.Conversation` values)."""

from __future__ import annotations

from dataclasses import dataclass

from workbench.types import Conversation


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
