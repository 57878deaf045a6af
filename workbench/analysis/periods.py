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
