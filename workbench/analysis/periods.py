"""Calendar periods: the day, ISO week (Monday first) or month containing a date, and its predecessor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

Grain = Literal["day", "week", "month"]
GRAINS: tuple[Grain, ...] = ("day", "week", "month")


@dataclass(frozen=True)
class Period:
    """A half-open date range [start, end)."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @property
    def last_day(self) -> date:
        """The last day inside the period (``end`` is exclusive)."""
        return self.end - timedelta(days=1)

    def as_datetimes(self) -> tuple[datetime, datetime]:
        return datetime.combine(self.start, datetime.min.time()), datetime.combine(self.end, datetime.min.time())

    def contains(self, day: date) -> bool:
        return self.start <= day < self.end


def bucket(day: date, grain: Grain) -> date:
    """The first day of the period of ``grain`` containing ``day``."""
    if grain == "day":
        return day
    if grain == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def period_at(day: date, grain: Grain) -> Period:
    """The period of ``grain`` that contains ``day``."""
    start = bucket(day, grain)
    if grain == "day":
        return Period(start, start + timedelta(days=1))
    if grain == "week":
        return Period(start, start + timedelta(days=7))
    return Period(start, _next_month(start))


def previous(period: Period, grain: Grain | None = None) -> Period:
    """The period just before: the previous calendar month for months, else the same length before."""
    if grain == "month":
        return period_at(period.start - timedelta(days=1), "month")
    return Period(period.start - timedelta(days=period.days), period.start)


def parse_date(value: str) -> date:
    """Parse ``YYYY-MM-DD`` (or an ISO datetime) into a date.

    Raises:
        ValueError: the text is not an ISO date.
    """
    return datetime.fromisoformat(value.strip()).date()


# A partial last period stands in for the latest one when it already covers this share of its length;
# shorter stubs (a Monday of a new week, the 1st of a month) are too thin to compare, the complete one before wins.
MIN_PARTIAL = 0.5


@dataclass(frozen=True)
class Comparison:
    """The period a figure describes and the period it is compared with.

    ``partial``: ``current`` stops at the data's last day before its calendar period ends, and ``previous``
    is the same number of days just before it (not the whole period before).
    """

    current: Period
    previous: Period
    grain: Grain
    partial: bool = False


def grain_for_span(first: date, last: date) -> Grain:
    """The comparison grain a span of data supports: days under two weeks, weeks under eight, else months.

    Months from eight weeks on, so that a surge over the last two weeks is inside one period, not split
    over two equal weeks that show no rise against each other.
    """
    days = (last - first).days + 1
    if days < 14:
        return "day"
    return "week" if days < 56 else "month"


def compare_latest(first: date, last: date, grain: Grain | None = None, at: date | None = None) -> Comparison:
    """The period to report on and the one to compare it with, for data from ``first`` to ``last``.

    Without ``at``: the latest complete period of ``grain`` (chosen from the span when None), compared with
    the one before it; the last period when partial but at least ``MIN_PARTIAL`` of it has data. With ``at``:
    the period containing that day. A partial period (its end after ``last``) runs to ``last`` and is
    compared with the same number of days just before it.
    """
    grain = grain or grain_for_span(first, last)
    period = period_at(min(at, last) if at else last, grain)
    if at is None and period.last_day > last:
        covered = (last - period.start).days + 1
        earlier = period_at(period.start - timedelta(days=1), grain)
        if covered < MIN_PARTIAL * period.days and earlier.start >= bucket(first, grain):
            period = earlier
    if period.last_day <= last:
        return Comparison(period, previous(period, grain), grain)
    current = Period(period.start, last + timedelta(days=1))
    return Comparison(current, previous(current), grain, partial=True)
