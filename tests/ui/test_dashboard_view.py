"""The wall dashboard shows the core's numbers (KPIs of the period `top` compares and their change, TOP and
rising bars, negative share by issue × channel, surges, fired alerts), goes full screen with F11, refreshes
when another task of the runner finishes, and exports a PNG."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from pytestqt.qtbot import QtBot

from tests.reports.conftest import tagged_project  # noqa: F401 (fixture)
from ui import i18n
from ui.views.dashboard_view import DashboardView, delta_text, kpi_text
from ui.workers.runner import TaskRunner
from workbench.analysis import period_rise
from workbench.analysis.periods import bucket
from workbench.changes import Changes
from workbench.progress import CancelToken, Progress
from workbench.project import Project
from workbench.queries import aggregates, report_rows
from workbench.queries.analysis_rows import top_list
from workbench.queries.dashboard import dashboard_data
from workbench.selection import Selection


def _open(qtbot: QtBot, path: str) -> tuple[DashboardView, TaskRunner, Project]:
    runner = TaskRunner()
    runner.show_dialogs = False
    view = DashboardView(runner)
    qtbot.addWidget(view)
    view.resize(1920, 1080)
    project = Project.open(path)
    view.set_context(project, Selection())
    qtbot.waitUntil(lambda: view.data is not None, timeout=30_000)
    return view, runner, project


def test_the_wall_shows_the_cores_numbers(qtbot: QtBot, tagged_project: str, tmp_path: Path) -> None:  # noqa: F811
    view, runner, project = _open(qtbot, tagged_project)
    try:
        expected = top_list(project, "frequent", level=2, limit=8)
        start, end = expected.period.as_datetimes()
        current = report_rows.record_kpis(project, aggregates.ALL.with_(date_from=start, date_to=end))
        pstart, pend = expected.previous.as_datetimes()
        previous = report_rows.record_kpis(project, aggregates.ALL.with_(date_from=pstart, date_to=pend))
        assert view.kpi_values["records"].text() == f"{int(current['records'] or 0):,}"
        assert current["negative_share"] is not None
        assert view.kpi_values["negative"].text() == f"{current['negative_share']:.1%}"
        assert view.kpi_notes["records"].text().count(f"{project.stats().records:,}") == 1
        assert view.kpi_deltas["records"].text() == delta_text("records", current["records"], previous["records"])[0]
        assert view.kpi_deltas["negative"].text() == delta_text(
            "negative", current["negative_share"], previous["negative_share"])[0]
        assert [b.label for b in view.frequent.bars] == [i.node for i in expected.items[:6]]
        assert [b.value for b in view.frequent.bars] == [i.count for i in expected.items[:6]]
        rising = [i for i in top_list(project, "rising", limit=6).items if i.count > i.previous]
        assert [b.label for b in view.rising.bars] == [i.node for i in rising]
        data = view.data
        assert data is not None and data.issues and data.channels
        issue, channel = data.issues[0], data.channels[0]
        tree = aggregates.tree_aggregate(project, aggregates.ALL.with_(channels=(channel,)))
        node = next(n for n in tree.nodes.values() if n.path == issue)
        assert view.heat.values[0][0] == node.negative / node.count
        assert view.heat.rows == data.issues
        # surge weeks: a week against the week before by the alert rules' like-for-like test
        daily = aggregates.daily_counts(project, None)
        first, last = aggregates.date_range(project)  # type: ignore[misc]
        rose = {c.current.start for c in period_rise.history(first, last, "week")
                if (r := period_rise.rise(daily, c, first, last)) is not None and r.spike}
        assert set(data.surge_weeks) == rose & {d for d, _, _ in data.trend}
        if not data.rising:
            assert data.rising_node is None and not data.rising_trend
        else:
            assert data.rising_node == data.rising[0].node
            weekly = {bucket(d, "week"): 0 for d, _, _ in data.trend}
            for d, n in aggregates.daily_counts(project, data.rising[0].key).items():
                if bucket(d, "week") in weekly:
                    weekly[bucket(d, "week")] += n
            assert dict(data.rising_trend) == weekly
        assert all(b.value > 0 for b in view.impact.bars)
        assert [b.label for b in view.impact.bars] == [i.node for i in data.impact[:4]]
        assert view.save_png(str(tmp_path / "d.png")) and (tmp_path / "d.png").stat().st_size > 10_000
    finally:
        runner.shutdown()
        project.close()


def test_f11_toggles_full_screen(qtbot: QtBot, tagged_project: str) -> None:  # noqa: F811
    view, runner, project = _open(qtbot, tagged_project)
    try:
        view.show()
        view.activateWindow()
        qtbot.waitActive(view)
        f11 = [s for s in view.board.findChildren(QShortcut) if s.key() == QKeySequence(Qt.Key.Key_F11)]
        assert len(f11) == 1
        f11[0].activated.emit()  # a synthetic key press does not reach the shortcut map under pytest-qt here
        assert view.full_window is not None and view.full_window.isFullScreen()
        assert view.board.window() is view.full_window
        f11[0].activated.emit()
        assert view.full_window is None and view.board.window() is view.window()
    finally:
        runner.shutdown()
        project.close()


def test_refreshes_when_another_task_finishes(qtbot: QtBot, tagged_project: str) -> None:  # noqa: F811
    """An operation that changed records (the runner's broadcast, as the window relays it) refreshes the wall."""
    view, runner, project = _open(qtbot, tagged_project)
    runner.changed.connect(view.apply_changes)
    try:
        first = view.data

        def other(progress: Progress, cancel: CancelToken) -> int:
            return 1

        runner.start(other, title="import", on_done=lambda _: None, modal=False, changes=Changes(records=True))
        qtbot.waitUntil(lambda: view.data is not first, timeout=30_000)
        assert view.data is not None and view.data.kpis == dashboard_data(project).kpis
    finally:
        runner.shutdown()
        project.close()


def test_fired_alerts_and_changes_read_right(tagged_project: str) -> None:  # noqa: F811
    assert kpi_text("negative", 0.4251) == "42.5%" and kpi_text("records", 3704.0) == "3,704"
    i18n.set_language("zh")
    text, colour = delta_text("negative", 0.45, 0.40)
    assert text == "▲ 5.0 个百分点" and colour == "#FF5C61"
    assert delta_text("records", 110, 100)[0] == "▲ 10.0% 较上期"
    assert delta_text("dissatisfaction", 0.381, 0.379)[0] == "与上期持平"
    i18n.set_language("en")
    assert delta_text("alerts", 1, 3) == ("▼ 2 vs previous", "#3DDC97")
    i18n.set_language("zh")


def test_the_rising_issue_on_a_planted_surge(tmp_path: Path) -> None:
    """发烫过热 runs at 1–3 a week, then 11 and 11 (tests/reports/surge.py): the wall draws it on the trend; 11
    against 2 is z ≈ 2.5, under the alert rules' 3, so no week is marked (the exports set's 20 against 0 is:
    tests/reports/test_exports_surge.py); the flat total marks nothing."""
    from datetime import date

    from tests.reports.surge import SURGE_NODE, build

    with Project.open(build(tmp_path, date(2024, 3, 31)), create=False) as project:
        data = dashboard_data(project)
    assert data.rising_node is not None and data.rising_node.endswith(SURGE_NODE)
    assert data.rising_surge_weeks == []
    assert dict(data.rising_trend)[date(2024, 3, 25)] == 11 and data.surge_weeks == []
    assert data.impact and all(b.low <= b.impact <= b.high for b in data.impact)
