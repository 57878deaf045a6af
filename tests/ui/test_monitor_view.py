"""The Monitor panel: Start runs the watch loop through the task runner; a dropped export is imported and
alerted on, the panel shows it, the window refreshes and notifies; Stop ends the loop; zh labels."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from tests.monitor.helpers import feedback, outbox_messages, write_export
from ui import i18n
from ui.views.monitor_view import MonitorView
from ui.workers.runner import TaskRunner
from workbench.alerts.rules import add_rule
from workbench.project import Project
from workbench.selection import Selection
from workbench.texts import has_text


def test_start_imports_a_dropped_file_alerts_and_stop_ends_the_loop(qtbot: QtBot, tmp_path: Path) -> None:
    drop, outbox = tmp_path / "drop", tmp_path / "out"
    drop.mkdir()
    runner = TaskRunner()
    view = MonitorView(runner)
    qtbot.addWidget(view)
    with Project.open(tmp_path / "p.kesheng") as project:
        add_rule(project, "315", "words", {"regex": "315", "exclude": None, "channel": None})
        view.set_context(project, Selection())
        view.folder.setText(str(drop))
        view.outbox.setText(str(outbox))
        view.interval.setValue(1.0)
        write_export(drop / "a.csv", feedback("a", 6, sensitive=1))
        with qtbot.waitSignal(view.cycleFinished, timeout=60_000,
                              check_params_cb=lambda imported, fired: imported == 6 and fired == 1):
            assert view.start()
        assert view.running and len(outbox_messages(outbox)) == 1
        assert "6" in view.today.text() and "1" in view.today.text()
        view.stop()
        qtbot.waitUntil(lambda: not view.running, timeout=60_000)
        assert runner.active() == []


def test_start_needs_a_folder(qtbot: QtBot, tmp_path: Path) -> None:
    view = MonitorView(TaskRunner())
    qtbot.addWidget(view)
    with Project.open(tmp_path / "p.kesheng") as project:
        view.set_context(project, Selection())
        view.folder.setText(str(tmp_path / "missing"))
        assert not view.start() and view.problem.text()


def test_the_window_notifies_and_speaks_chinese(make_window: Callable[[Callable[[Any], object]], Any],
                                                tmp_path: Path) -> None:
    window = make_window(lambda project: None)
    window.monitor._on_cycle(0.5, "")  # no cycle stored yet: nothing to announce
    window.notify("客声预警：1 条新预警")
    assert "预警" in window.statusBar().currentMessage()
    i18n.set_language("zh")
    try:
        texts = [window.monitor.toggle.text(), window.monitor.watching.text(), window.monitor.last.text(),
                 window.monitor.today.text(), window.monitor.browse.text(), window.docks["monitor"].windowTitle()]
        assert all(not any(c.isascii() and c.isalpha() for c in t) for t in texts), texts
        assert all(has_text(f"monitor.{key}") for key in ("start", "stop", "today"))
    finally:
        i18n.set_language("en")
