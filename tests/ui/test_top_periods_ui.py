"""The GUI's TOP panel and the dashboard compare the same periods as `top` (compare_latest with the grain
chosen from the data's span) and say which periods they compared."""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot

from tests.reports.conftest import tagged_project  # noqa: F401 (fixture)
from ui import i18n
from ui.views.dashboard_view import DashboardView
from ui.workers.runner import TaskRunner
from workbench.analysis.periods import grain_for_span
from workbench.project import Project
from workbench.queries import aggregates
from workbench.queries.analysis_rows import top_list
from workbench.selection import Selection


def test_top_panel_defaults_to_the_cli_period(make_window: Any) -> None:
    from tests.ui.sample_project import fill

    window = make_window(lambda project: fill(project, n=300))
    assert window.top.grain.currentData() == "auto"
    expected = top_list(window.project, "frequent", limit=20)
    span = aggregates.date_range(window.project)
    assert span is not None and expected.grain == grain_for_span(*span)
    text = window.top.period.text()
    assert expected.period.start.isoformat() in text and expected.period.last_day.isoformat() in text
    assert expected.previous.start.isoformat() in text
    assert text.startswith(i18n.tr(f"trend.{expected.grain}"))
    shown = [window.top.model.index(r, 1).data() for r in range(window.top.model.rowCount())]
    assert shown and shown[0] is not None


def test_dashboard_names_the_periods_it_compared(qtbot: QtBot, tagged_project: str) -> None:  # noqa: F811
    runner = TaskRunner()
    view = DashboardView(runner)
    qtbot.addWidget(view)
    with Project.open(tagged_project) as project:
        view.set_context(project, Selection())
        qtbot.waitUntil(lambda: view.data is not None, timeout=30_000)
        expected = top_list(project, "frequent", level=2, limit=8)
    assert view.data is not None and view.data.compared is not None
    assert (view.data.compared.period, view.data.compared.previous) == (expected.period, expected.previous)
    text = view.period_label.text()
    assert expected.period.start.isoformat() in text and expected.period.last_day.isoformat() in text
    assert expected.previous.start.isoformat() in text and expected.previous.last_day.isoformat() in text
    runner.shutdown()
