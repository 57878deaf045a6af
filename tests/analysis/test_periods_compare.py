"""The default comparison: the latest complete period (grain from the span) against the one before it;
a partial period against the same number of days before it."""

from __future__ import annotations

from datetime import date

from workbench.analysis.periods import Period, compare_latest, grain_for_span


def test_grain_follows_the_span() -> None:
    assert grain_for_span(date(2024, 3, 1), date(2024, 3, 10)) == "day"
    assert grain_for_span(date(2024, 3, 1), date(2024, 4, 10)) == "week"
    assert grain_for_span(date(2024, 1, 22), date(2024, 3, 31)) == "month"


def test_complete_last_month_is_compared_with_the_month_before() -> None:
    c = compare_latest(date(2024, 1, 22), date(2024, 3, 31))
    assert (c.grain, c.partial) == ("month", False)
    assert c.current == Period(date(2024, 3, 1), date(2024, 4, 1))
    assert c.previous == Period(date(2024, 2, 1), date(2024, 3, 1))


def test_a_thin_partial_month_gives_way_to_the_complete_one() -> None:
    c = compare_latest(date(2026, 8, 3), date(2026, 11, 1))  # one day of November
    assert (c.current, c.previous, c.partial) == (Period(date(2026, 10, 1), date(2026, 11, 1)),
                                                  Period(date(2026, 9, 1), date(2026, 10, 1)), False)


def test_a_partial_period_is_compared_with_the_same_days_before() -> None:
    c = compare_latest(date(2024, 1, 8), date(2024, 3, 17))  # 17 of March's 31 days
    assert c.partial
    assert c.current == Period(date(2024, 3, 1), date(2024, 3, 18))
    assert c.previous == Period(date(2024, 2, 13), date(2024, 3, 1))
    assert c.current.days == c.previous.days == 17


def test_weeks_and_an_explicit_day() -> None:
    c = compare_latest(date(2024, 3, 4), date(2024, 4, 6), "week")  # ends on a Saturday: 6 of 7 days
    assert c.partial and c.current == Period(date(2024, 4, 1), date(2024, 4, 7))
    assert c.previous == Period(date(2024, 3, 26), date(2024, 4, 1))
    c = compare_latest(date(2024, 3, 4), date(2024, 4, 1), "week")  # a Monday only: the week before wins
    assert not c.partial and c.current == Period(date(2024, 3, 25), date(2024, 4, 1))
    c = compare_latest(date(2024, 1, 1), date(2024, 3, 12), "month", at=date(2024, 2, 10))
    assert not c.partial and c.current == Period(date(2024, 2, 1), date(2024, 3, 1))
    c = compare_latest(date(2024, 1, 1), date(2024, 3, 12), "month", at=date(2024, 3, 2))
    assert c.partial and c.current == Period(date(2024, 3, 1), date(2024, 3, 13))
    assert c.previous == Period(date(2024, 2, 18), date(2024, 3, 1))
