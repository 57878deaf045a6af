"""JSON schemas for constrained model output, built from the candidate taxonomy paths.

Keys are short (``m`` the text's main topic; ``o`` opinions: ``t`` topic path, then ``e`` evidence
quoted, ``p`` polarity, ``r`` reason; ``s`` record sentiment, ``i`` intent, ``d`` dissatisfaction 0–10)
because every output token costs time. The topic enum always lists real node paths plus :data:`OTHER`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

OTHER = "其他"
POLARITY = {"pos": "positive", "neu": "neutral", "neg": "negative"}
INTENTS = ("complaint", "inquiry", "suggestion", "praise", "other")
MAX_OPINIONS = 3
EVIDENCE_CHARS = 40
REASON_CHARS = 20


def opinion_schema(paths: Sequence[str], max_opinions: int = MAX_OPINIONS) -> dict[str, Any]:
    """The tagging answer: opinions first (so the record-level judgement follows from them)."""
    topics = [*dict.fromkeys(p for p in paths if p and p != OTHER), OTHER]
    opinion = {
        "type": "object",
        "properties": {
            "t": {"type": "string", "enum": topics},
            "e": {"type": "string", "minLength": 1, "maxLength": EVIDENCE_CHARS},
            "p": {"type": "string", "enum": list(POLARITY)},
            "r": {"type": "string", "maxLength": REASON_CHARS},
        },
        "required": ["t", "e", "p"],
    }
    return {
        "type": "object",
        "properties": {
            "m": {"type": "string", "enum": topics},
            "o": {"type": "array", "items": opinion, "minItems": 1, "maxItems": max_opinions},
            "s": {"type": "string", "enum": list(POLARITY)},
            "i": {"type": "string", "enum": list(INTENTS)},
            "d": {"type": "integer", "enum": list(range(11))},
        },
        "required": ["m", "o", "s", "i", "d"],
    }


def choice_schema(options: Sequence[str]) -> dict[str, Any]:
    """Pick one of ``options`` (level-by-level narrowing of very long taxonomies)."""
    return {"type": "object", "properties": {"c": {"type": "string", "enum": [*options, OTHER]}}, "required": ["c"]}


def max_answer_tokens(max_opinions: int = MAX_OPINIONS) -> int:
    """A bound on the answer's tokens: JSON punctuation plus the longest strings the schema allows."""
    return 24 + 12 + max_opinions * (12 + EVIDENCE_CHARS + REASON_CHARS)
