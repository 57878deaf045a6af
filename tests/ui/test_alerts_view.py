"""The Alerts panel: add a words rule, run it, see what fired, back-test, open a record."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.tagging.conftest import add_records, small_taxonomy
from ui.views.alerts_view import AlertsView
from ui.workers.runner import TaskRunner
from workbench.project import Project
from workbench.selection import Selection
from workbench.taxonomy.repository import save_version


def test_words_rule_fires_and_backtests(qtbot: QtBot, tmp_path: Path) -> None:
    runner = TaskRunner()
    view = AlertsView(runner)
    qtbot.addWidget(view)
    with Project.open(tmp_path / "p.kesheng") as project:
        save_version(project, small_taxonomy(), "t")
        ids = add_records(project, ["再不处理我就投诉到12315", "味道很好吃", "我要找媒体曝光", "12315 是啥，开玩笑的"])
        view.set_context(project, Selection())
        view.name.setText("敏感词")
        view.pattern.setText("12315|曝光")
        view.exclude.setText("开玩笑")
        view.add()
        assert view.rules.rowCount() == 1
        view.run()
        qtbot.waitUntil(lambda: view.fired.rowCount() == 1, timeout=30_000)
        assert sorted(r for f in view.last_fired for r in f.record_ids) == [ids[0], ids[2]]
        with qtbot.waitSignal(view.recordActivated) as blocker:
            view._on_fired(0, 0)
        assert blocker.args[0] in (ids[0], ids[2])
        view.rules.selectRow(0)
        view.run_backtest()
        qtbot.waitUntil(lambda: view.last_backtest is not None, timeout=30_000)
        assert view.last_backtest is not None and view.last_backtest.records == 2
        view.name.setText("坏规则")
        view.pattern.setText("(unclosed")
        view.add()  # a bad regex is one sentence in a dialog, nothing stored
        assert view.rules.rowCount() == 1
    runner.shutdown()
