"""Filter expressions for the command line (``--filter channel=chat``): parsed into a RecordFilter.

Values are only ever passed to the store as query parameters, never spliced into SQL.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta

from workbench.errors import UsageError
from workbench.types import SENTIMENTS, RecordFilter

KEYS = ("from", "to", "channel", "product", "sentiment", "node", "q", "customer", "source", "effort", "emotion",
        "actionable")
HELP = ("from=YYYY-MM-DD, to=YYYY-MM-DD, channel=, product=, sentiment=positive|neutral|negative (or pos/neu/neg), "
        "node=PATH or a unique node name, q=TEXT, effort>=4 (or effort=4..5, effort=5), emotion=愤怒 (or angry), "
        "actionable=yes|no; several in one argument are joined by commas")
SENTIMENT_ALIASES = {"pos": "positive", "neu": "neutral", "neg": "negative",
                     "正面": "positive", "中性": "neutral", "负面": "negative"}
# a comma (ASCII or full-width) starts a new expression only when a known KEY= follows it, so q=退款, 快 stays whole
_SPLIT = re.compile(r"\s*[,，]\s*(?=(?:" + "|".join(KEYS) + r")\s*[<>]?=)", re.IGNORECASE)
EMOTION_ALIASES = {"angry": "愤怒", "anger": "愤怒", "disappointed": "失望", "disappointment": "失望", "anxious": "焦虑",  # noqa: E501
                   "anxiety": "焦虑", "neutral": "中性", "satisfied": "满意", "satisfaction": "满意", "delighted": "惊喜",  # noqa: E501
                   "surprise": "惊喜", "delight": "惊喜"}
_YES = {"yes": True, "y": True, "true": True, "1": True, "是": True, "no": False, "n": False, "false": False, "0": False,  # noqa: E501
        "否": False}


def _day(value: str, key: str, days: int = 0) -> datetime:
    try:
        return datetime.fromisoformat(value) + timedelta(days=days)
    except (ValueError, OverflowError):  # OverflowError: to=9999-12-31 plus the inclusive day
        raise UsageError(f"--filter {key}= takes a date such as 2026-03-01 (got {value!r})") from None


def split_expression(expr: str) -> list[str]:
    """``"channel=chat, from=2024-04-01"`` → ``["channel=chat", "from=2024-04-01"]`` (one argument, several keys)."""
    return [part for part in _SPLIT.split(expr) if part.strip()] or [expr]


def _sentiment(value: str) -> str:
    sentiment = SENTIMENT_ALIASES.get(value.lower(), value.lower())
    if sentiment not in SENTIMENTS:
        raise UsageError(f"sentiment must be one of {', '.join(SENTIMENTS)} or pos/neu/neg (got {value!r})")
    return sentiment


def _effort(op: str, value: str) -> tuple[int, int]:
    """``effort>=4`` → (4, 5); ``effort<=2`` → (1, 2); ``effort=4..5`` → (4, 5); ``effort=3`` → (3, 3)."""
    lo, dots, hi = value.partition("..")
    try:
        bounds = (int(lo), int(hi)) if dots else (int(value), int(value))
    except ValueError:
        raise UsageError(f"effort takes a level 1-5: effort>=4, effort<=2, effort=4..5 or effort=3 (got {value!r})"
                         ) from None
    if op == ">":
        bounds = (bounds[0], 5)
    elif op == "<":
        bounds = (1, bounds[1])
    if not 1 <= bounds[0] <= bounds[1] <= 5:
        raise UsageError(f"effort levels run from 1 to 5, low before high (got {value!r})")
    return bounds


def _emotion(value: str) -> str:
    from workbench.nlp.experience import EMOTIONS  # light: the rules module imports only re

    emotion = EMOTION_ALIASES.get(value.lower(), value)
    if emotion not in EMOTIONS:
        raise UsageError(f"emotion must be one of {', '.join(EMOTIONS)} (or angry, disappointed, anxious, neutral, "
                         f"satisfied, delighted) (got {value!r})")
    return emotion


def resolve_node(value: str, node_key_of: dict[str, str]) -> str:
    """A node's key from its full path (``物流/配送时效``) or from a name only one node has (``配送时效``).

    Raises:
        UsageError: no node has that path or name, or several nodes share the name (they are listed).
    """
    wanted = value.strip().strip("/")
    if wanted in node_key_of:
        return node_key_of[wanted]
    candidates = sorted(path for path in node_key_of if path.rsplit("/", 1)[-1] == wanted)
    if len(candidates) == 1:
        return node_key_of[candidates[0]]
    if candidates:
        raise UsageError(f"the node name {value!r} is ambiguous: it names {', '.join(candidates)}; give the full path")
    raise UsageError(f"no taxonomy node {value!r}; see `main.py taxonomy PROJECT --export F`")


def parse_filters(exprs: Sequence[str], node_key_of: dict[str, str] | None = None) -> RecordFilter:
    """Parse ``KEY=VALUE`` expressions (a key may repeat: channels and products combine with OR).

    Args:
        node_key_of: taxonomy path → node key, to resolve ``node=``.

    Raises:
        UsageError: an unknown key, a malformed value, or an unknown node path.
    """
    flt = RecordFilter()
    exprs = [part for expr in exprs for part in split_expression(expr)]
    channels: list[str] = []
    products: list[str] = []
    sentiments: list[str] = []
    emotions: list[str] = []
    for expr in exprs:
        key, sep, value = expr.partition("=")
        key, value = key.strip().lower(), value.strip()
        op = key[-1:] if key[-1:] in "<>" and key[:-1].strip() == "effort" else ""
        key = key[:-1].strip() if op else key
        if not sep or key not in KEYS or not value:
            raise UsageError(f"cannot read the filter {expr!r}; use KEY=VALUE with one of: {HELP}")
        if "\x00" in value:  # no record holds one, and the full-text index cannot parse it
            raise UsageError(f"the filter {expr!r} holds a NUL character; remove it")
        if key == "from":
            flt = flt.with_(date_from=_day(value, key))
        elif key == "to":  # inclusive day
            flt = flt.with_(date_to=_day(value, key, days=1))
        elif key == "channel":
            channels.append(value)
        elif key == "product":
            products.append(value)
        elif key == "sentiment":
            sentiments.append(_sentiment(value))
        elif key == "node":
            flt = flt.with_(node_key=resolve_node(value, node_key_of or {}))
        elif key == "q":
            flt = flt.with_(text=value)
        elif key == "customer":
            flt = flt.with_(customer_key=value)
        elif key == "source":
            if not (value.isascii() and value.isdigit() and int(value) < 2**63):  # '²'.isdigit() is True
                raise UsageError(f"source= takes a source id number (got {value!r})")
            flt = flt.with_(source_ids=(*flt.source_ids, int(value)))
        elif key == "effort":
            lo, hi = _effort(op, value)
            flt = flt.with_(effort_min=max(lo, flt.effort_min or 1), effort_max=min(hi, flt.effort_max or 5))
        elif key == "emotion":
            emotions.append(_emotion(value))
        elif key == "actionable":
            if value.lower() not in _YES:
                raise UsageError(f"actionable takes yes or no (got {value!r})")
            flt = flt.with_(actionable=_YES[value.lower()])
    return flt.with_(channels=tuple(channels), emotions=tuple(emotions), products=tuple(products), sentiments=tuple(sentiments))  # noqa: E501
