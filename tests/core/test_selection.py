"""The selection value and the Changes value, headless (no QApplication)."""

from __future__ import annotations

from datetime import datetime

from workbench.changes import EVERYTHING, Changes
from workbench.selection import Selection
from workbench.types import RecordFilter

JAN, FEB, MAR = datetime(2025, 1, 1), datetime(2025, 2, 1), datetime(2025, 3, 1)


def test_each_panel_filter_drops_the_right_restriction() -> None:
    sel = Selection(RecordFilter(channels=("chat",), date_from=JAN), node_key="a.b", period=(FEB, MAR))
    assert sel.table_filter() == RecordFilter(channels=("chat",), date_from=FEB, date_to=MAR, node_key="a.b")
    assert sel.tree_filter() == RecordFilter(channels=("chat",), date_from=FEB, date_to=MAR)
    assert sel.trend_filter() == RecordFilter(channels=("chat",), date_from=JAN, node_key="a.b")


def test_the_period_narrows_the_filters_dates_never_widens_them() -> None:
    sel = Selection(RecordFilter(date_from=FEB, date_to=datetime(2025, 2, 10)), period=(JAN, MAR))
    assert (sel.table_filter().date_from, sel.table_filter().date_to) == (FEB, datetime(2025, 2, 10))


def test_compare_keeps_order_refuses_past_the_limit_and_clears() -> None:
    sel = Selection().compare("a", 2)
    assert sel is not None
    sel = sel.compare("b", 2)
    assert sel is not None and sel.compare_keys == ("a", "b")
    assert sel.compare("a", 2) is sel and sel.compare("c", 2) is None
    assert [k for k, _ in sel.compare_filters()] == ["a", "b"]
    moved = sel.with_(node_key="a", period=(JAN, FEB), granularity="week").cleared()
    assert moved == Selection(granularity="week")


def test_selection_is_a_value() -> None:
    assert Selection(node_key="x") == Selection(node_key="x")
    assert hash(Selection(node_key="x")) == hash(Selection(node_key="x"))


def test_changes_combine_and_say_whether_counts_moved() -> None:
    combined = Changes(tags=True, record_ids=frozenset({1})) | Changes(alerts=True, record_ids=frozenset({2}))
    assert combined.tags and combined.alerts and combined.record_ids == {1, 2} and combined.counts
    assert not Changes(alerts=True).counts and Changes(alerts=True).any and not Changes().any
    assert EVERYTHING.project and EVERYTHING.counts

