"""Sparklines and period-over-period change per tree node, checked against counts made by hand."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from tests.ui.sample_project import LEAVES, START, fill
from workbench.project import Project
from workbench.queries.node_trends import ALL, node_history
from workbench.types import RecordFilter


def _by_hand(n: int, lo: date, hi: date, keys: set[str]) -> int:
    """Records i of the sample whose leaf is in ``keys`` and whose day lies in [lo, hi]."""
    hits = 0
    for i in range(1, n + 1):
        day = (START + timedelta(days=i % 60, minutes=i)).date()
        if lo <= day <= hi and LEAVES[i % len(LEAVES)] in keys:
            hits += 1
    return hits


def test_default_window_is_last_28_days_against_the_28_before(project: Project) -> None:
    fill(project, n=300)
    history = node_history(project, RecordFilter())
    end = (START + timedelta(days=59)).date()
    start = end - timedelta(days=27)
    assert history.period == (start, end)
    logistics = {"logistics.delay", "logistics.damage"}
    assert history.current["logistics"] == _by_hand(300, start, end, logistics)
    assert history.previous["logistics"] == _by_hand(300, start - timedelta(days=28), start - timedelta(days=1),
                                                     logistics)
    assert history.current[ALL] == _by_hand(300, start, end, set(LEAVES))
    expected = (history.current["logistics"] - history.previous["logistics"]) / history.previous["logistics"]
    assert history.delta("logistics") == expected
    assert len(history.week_starts) == 8 and all(d.weekday() == 0 for d in history.week_starts)
    week = history.week_starts[-1]
    assert history.weekly["quality"][-1] == _by_hand(300, week, end, {"quality.battery.swell"})
    assert sum(history.weekly[ALL]) == _by_hand(300, history.week_starts[0], end, set(LEAVES))


def test_selected_range_is_the_period(project: Project) -> None:
    fill(project, n=300)
    lo, hi = datetime(2025, 1, 21), datetime(2025, 1, 30, 23, 59)
    history = node_history(project, RecordFilter(date_from=lo, date_to=hi, node_key="logistics"))
    assert history.period == (lo.date(), hi.date())
    assert history.current["aftersales"] == _by_hand(300, lo.date(), hi.date(), {"aftersales.refund"})
    assert history.previous["aftersales"] == _by_hand(300, date(2025, 1, 11), date(2025, 1, 20),
                                                      {"aftersales.refund"})
    assert history.delta("nothing-here") is None
    exclusive = node_history(project, RecordFilter(date_from=lo, date_to=datetime(2025, 1, 31)))  # as the GUI sends
    assert exclusive.period == history.period and exclusive.current == history.current


def test_empty_project(project: Project) -> None:
    history = node_history(project, RecordFilter())
    assert history.weekly == {} and history.delta(ALL) is None
