"""Small value types shared across the core, the CLI and the UI."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Literal

Sentiment = Literal["positive", "neutral", "negative"]
Intent = Literal["complaint", "inquiry", "suggestion", "praise", "other"]
Method = Literal["rule", "student", "llm", "human"]
SENTIMENTS: tuple[Sentiment, ...] = ("positive", "neutral", "negative")
INTENTS: tuple[Intent, ...] = ("complaint", "inquiry", "suggestion", "praise", "other")


@dataclass(frozen=True)
class RecordFilter:
    """A selection of records: every panel, query, export and report takes one.

    Empty fields mean "no restriction". ``date_to`` is exclusive. ``node_key`` selects records with a
    tag on that node or any node below it. ``text`` is a full-text search.
    """

    date_from: datetime | None = None
    date_to: datetime | None = None
    channels: tuple[str, ...] = ()
    products: tuple[str, ...] = ()
    sentiments: tuple[Sentiment, ...] = ()
    source_ids: tuple[int, ...] = ()
    node_key: str | None = None
    text: str | None = None
    customer_key: str | None = None
    extra: tuple[tuple[str, str], ...] = field(default=())
    effort_min: int | None = None  # customer effort 1..5, inclusive bounds (workbench.nlp.experience)
    effort_max: int | None = None
    emotions: tuple[str, ...] = ()
    actionable: bool | None = None

    def with_(self, **changes: object) -> RecordFilter:
        """A copy with some fields changed."""
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def is_empty(self) -> bool:
        return self == RecordFilter()


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
