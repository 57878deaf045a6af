"""Like-for-like rises of a daily count: a period against the one before it, for alert rules.

The latest complete period (day, week or month) is compared with the period before it; a partial last
period (the data stops before its calendar end) with the same number of days just before it. Counts are
compared by the conditional rate test of :func:`workbench.analysis.stats.rate_test`, with each period's
exposure the number of its days that hold data (so a previous month of 30 days, or one the data starts
inside, is weighed fairly).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from workbench.analysis.periods import Comparison, Grain, Period, bucket, period_at, previous
from workbench.analysis.stats import rate_test


@dataclass(frozen=True)
class PeriodRise:
    """A period's count against the one it is compared with; ``spike`` when it rose enough to alert."""

    comparison: Comparison
    count: int
    previous: int
    expected: float
    z: float
    spike: bool


def _compare(period: Period, grain: Grain, last: date) -> Comparison:
    if period.last_day <= last:
        return Comparison(period, previous(period, grain), grain)
    current = Period(period.start, last + timedelta(days=1))
    return Comparison(current, previous(current), grain, partial=True)


def latest(first: date, last: date, grain: Grain) -> list[Comparison]:
    """The latest complete period against the one before, then the partial period after it (if any).

    A period that starts before ``first`` is left out (nothing to compare it with).
    """
    period = period_at(last, grain)
    periods = [period] if period.last_day <= last else [period_at(period.start - timedelta(days=1), grain), period]
    return [_compare(p, grain, last) for p in periods if p.start > first]


def history(first: date, last: date, grain: Grain) -> list[Comparison]:
    """Every period after the first one of the data, oldest first, each compared like :func:`latest`."""
    out = []
    start = bucket(first, grain)
    while start <= last:
        period = period_at(start, grain)
        if period.start > first:
            out.append(_compare(period, grain, last))
        start = period.end
    return out


def _covered(period: Period, first: date, last: date) -> int:
    lo, hi = max(period.start, first), min(period.last_day, last)
    return max((hi - lo).days + 1, 0)


def _total(daily: Mapping[date, int], period: Period) -> int:
    return sum(n for d, n in daily.items() if period.contains(d))


def rise(daily: Mapping[date, int], comparison: Comparison, first: date, last: date, *, z: float = 3.0,
         min_count: int = 3) -> PeriodRise | None:
    """Score one comparison of the ``daily`` counts (data from ``first`` to ``last``); None when the earlier
    period holds no day of data."""
    exposure_now, exposure_before = (_covered(p, first, last) for p in (comparison.current, comparison.previous))
    if exposure_now == 0 or exposure_before == 0:
        return None
    now, before = _total(daily, comparison.current), _total(daily, comparison.previous)
    test = rate_test(now, before, exposure_now, exposure_before)
    return PeriodRise(comparison, now, before, test.expected, test.z, test.z >= z and now >= min_count)
