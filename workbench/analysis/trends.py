"""Trend series at day/week/month and surge detection against a weekday-aware rolling baseline."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from workbench.analysis.periods import Grain, bucket
from workbench.analysis.stats import robust_z


@dataclass(frozen=True)
class TrendSeries:
    """Counts per period start, gap-free (periods without records hold 0)."""

    grain: Grain
    points: list[tuple[date, int]]

    @property
    def values(self) -> list[int]:
        return [v for _d, v in self.points]


def series(daily: Mapping[date, int], start: date, end: date, grain: Grain = "day") -> TrendSeries:
    """Bucket daily counts into ``grain`` over [start, end] inclusive, filling gaps with zeros."""
    sums: dict[date, int] = {}
    day = start
    while day <= end:
        b = bucket(day, grain)
        sums[b] = sums.get(b, 0) + daily.get(day, 0)
        day += timedelta(days=1)
    return TrendSeries(grain, sorted(sums.items()))


@dataclass(frozen=True)
class SurgePoint:
    """One day against its baseline; ``spike`` when z >= threshold and count >= min_count."""

    day: date
    count: int
    baseline: float
    z: float
    spike: bool


def _baseline(daily: Mapping[date, int], day: date, weeks: int, first: date) -> list[float]:
    same_weekday = [day - timedelta(days=7 * k) for k in range(1, weeks + 1)]
    values = [float(daily.get(d, 0)) for d in same_weekday if d >= first]
    if len(values) >= 4:
        return values
    window = [day - timedelta(days=k) for k in range(1, 7 * weeks + 1)]
    return [float(daily.get(d, 0)) for d in window if d >= first]


def surges(daily: Mapping[date, int], start: date, end: date, *, z: float = 3.0, min_count: int = 3,
           weeks: int = 8, first: date | None = None) -> list[SurgePoint]:
    """Score every day in [start, end] against its robust baseline.

    The baseline is the same weekday over the previous ``weeks`` weeks (weekly seasonality) when at
    least four such days exist after ``first`` (the first day with data), else all previous days of
    that window. Days with fewer than three baseline days are scored z = 0.
    """
    first = first or (min(daily) if daily else start)
    out = []
    day = start
    while day <= end:
        count = daily.get(day, 0)
        base = _baseline(daily, day, weeks, first)
        if len(base) >= 3:
            score, med, _scale = robust_z(count, base)
        else:
            score, med = 0.0, float(count)
        out.append(SurgePoint(day, count, med, score, score >= z and count >= min_count))
        day += timedelta(days=1)
    return out
