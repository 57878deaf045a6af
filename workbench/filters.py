"""Filter expressions for the command line (``--filter channel=chat``): parsed into a RecordFilter.

Values are only ever passed to the store as query parameters, never spliced into SQL.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta

from workbench.errors import UsageError
from workbench.types import SENTIMENTS, RecordFilter

KEYS = ("from", "to", "channel", "product", "sentiment", "node", "q", "customer", "source")
HELP = ("from=YYYY-MM-DD, to=YYYY-MM-DD, channel=, product=, sentiment=positive|neutral|negative (or pos/neu/neg), "
        "node=PATH or a unique node name, q=TEXT; several in one argument are joined by commas")
SENTIMENT_ALIASES = {"pos": "positive", "neu": "neutral", "neg": "negative",
                     "正面": "positive", "中性": "neutral", "负面": "negative"}
# a comma (ASCII or full-width) starts a new expression only when a known KEY= follows it, so q=退款, 快 stays whole
_SPLIT = re.compile(r"\s*[,，]\s*(?=(?:" + "|".join(KEYS) + r")\s*=)", re.IGNORECASE)


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
    for expr in exprs:
        key, sep, value = expr.partition("=")
        key, value = key.strip().lower(), value.strip()
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
    return flt.with_(channels=tuple(channels), products=tuple(products), sentiments=tuple(sentiments))
