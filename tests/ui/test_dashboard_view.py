"""The dashboard shows the project's KPIs, TOP lists, trend and heat map, and exports a PNG."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.reports.conftest import tagged_project  # noqa: F401 (fixture)
from ui.views.dashboard_view import DashboardView
from ui.workers.runner import TaskRunner
from workbench.project import Project


def test_dashboard_renders_and_exports(qtbot: QtBot, tagged_project: str, tmp_path: Path) -> None:  # noqa: F811
    runner = TaskRunner()
    view = DashboardView(runner)
    qtbot.addWidget(view)
    with Project.open(tagged_project) as project:
        view.set_project(project)
        qtbot.waitUntil(lambda: view.data is not None, timeout=30_000)
        assert view.data is not None
        assert view.kpi_values["records"].text() == f"{project.stats().records:,}"
        assert view.frequent.count() > 0 and view.heat.rowCount() > 0 and view.heat.columnCount() == 1
        assert sum(view.data.heat.values()) > 0
        assert view.save_png(str(tmp_path / "d.png")) and (tmp_path / "d.png").stat().st_size > 1000
    runner.shutdown()
