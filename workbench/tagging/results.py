"""What tagging one record produces, before it is written."""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.types import Intent, Method, Sentiment


@dataclass(frozen=True)
class OpinionTag:
    """One opinion unit: a taxonomy leaf, its sentiment and the verified evidence span."""

    node_key: str
    path: str
    sentiment: Sentiment
    evidence: str
    start: int
    end: int
    reason: str
    method: Method
    confidence: float


@dataclass
class RecordInput:
    """A record as the tagger sees it; ``dialogue`` holds (role, text) turns of a conversation."""

    id: int
    text: str
    dialogue: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class RecordResult:
    """Record-level judgement plus its opinion tags; ``method`` says which stage produced it."""

    record_id: int
    tags: list[OpinionTag]
    sentiment: Sentiment
    intent: Intent
    dissatisfaction: float
    confidence: float
    method: Method
    prompt_tokens: int = 0
    parsed_first_time: bool = True
    fuzzy_evidence: int = 0
    dropped_opinions: int = 0
    sentiment_checked: bool = False  # the sentiment is the LLM's quick check's (workbench.tagging.sentiment_check)
