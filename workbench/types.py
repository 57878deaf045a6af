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
    record_ids: tuple[int, ...] = ()  # exactly these records (e.g. where two coders disagree)

    def with_(self, **changes: object) -> RecordFilter:
        """A copy with some fields changed."""
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def is_empty(self) -> bool:
        return self == RecordFilter()
