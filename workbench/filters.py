"""Filter expressions for the command line (``--filter channel=chat``): parsed into a RecordFilter.

Values are only ever passed to the store as query parameters, never spliced into SQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from workbench.errors import UsageError
from workbench.types import SENTIMENTS, RecordFilter

KEYS = ("from", "to", "channel", "product", "sentiment", "node", "q", "customer", "source")
HELP = "from=YYYY-MM-DD, to=YYYY-MM-DD, channel=, product=, sentiment=positive|neutral|negative, node=PATH, q=TEXT"


def _day(value: str, key: str, days: int = 0) -> datetime:
    try:
        return datetime.fromisoformat(value) + timedelta(days=days)
    except (ValueError, OverflowError):  # OverflowError: to=9999-12-31 plus the inclusive day
        raise UsageError(f"--filter {key}= takes a date such as 2026-03-01 (got {value!r})") from None


def parse_filters(exprs: Sequence[str], node_key_of: dict[str, str] | None = None) -> RecordFilter:
    """Parse ``KEY=VALUE`` expressions (a key may repeat: channels and products combine with OR).

    Args:
        node_key_of: taxonomy path → node key, to resolve ``node=``.

    Raises:
        UsageError: an unknown key, a malformed value, or an unknown node path.
    """
    flt = RecordFilter()
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
            if value not in SENTIMENTS:
                raise UsageError(f"sentiment must be one of {', '.join(SENTIMENTS)} (got {value!r})")
            sentiments.append(value)
        elif key == "node":
            key_of = node_key_of or {}
            if value.strip("/") not in key_of:
                raise UsageError(f"no taxonomy node {value!r}; see `main.py taxonomy PROJECT --export F`")
            flt = flt.with_(node_key=key_of[value.strip("/")])
        elif key == "q":
            flt = flt.with_(text=value)
        elif key == "customer":
            flt = flt.with_(customer_key=value)
        elif key == "source":
            if not (value.isascii() and value.isdigit() and int(value) < 2**63):  # '²'.isdigit() is True
                raise UsageError(f"source= takes a source id number (got {value!r})")
            flt = flt.with_(source_ids=(*flt.source_ids, int(value)))
    return flt.with_(channels=tuple(channels), products=tuple(products), sentiments=tuple(sentiments))
