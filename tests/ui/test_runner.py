"""The task runner: results, progress, cancel and error paths, all delivered on the GUI thread."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QMainWindow

from ui.workers.runner import TaskRunner
from workbench.errors import Cancelled, InputError
from workbench.progress import CancelToken, Progress


@pytest.fixture
def runner(qtbot: Any) -> Any:
    r = TaskRunner()
    r.show_dialogs = False
    yield r
    assert r.shutdown(5000)


def test_result_arrives_on_gui_thread(qtbot: Any, runner: TaskRunner) -> None:
    seen: dict[str, Any] = {}
    gui = QThread.currentThread()

    def work(progress: Progress, cancel: CancelToken) -> int:
        seen["worker"] = QThread.currentThread() is gui
        return 42

    def done(value: int) -> None:
        seen["value"] = value
        seen["on_gui"] = QThread.currentThread() is gui

    handle = runner.start(work, title="t", on_done=done)
    with qtbot.waitSignal(handle.finished, timeout=5000):
        pass
    assert seen == {"worker": False, "value": 42, "on_gui": True}
    assert runner.active() == []


def test_progress_is_throttled_and_delivered(qtbot: Any, runner: TaskRunner) -> None:
    received: list[float] = []

    def work(progress: Progress, cancel: CancelToken) -> None:
        for i in range(2001):
            progress(i / 2000, f"step {i}")

    handle = runner.start(work, title="t", on_done=lambda _: None)
    handle.progressed.connect(lambda f, m: received.append(f))
    with qtbot.waitSignal(handle.finished, timeout=5000):
        pass
    assert received, "no progress arrived"
    assert len(received) < 2001  # throttled
    assert received[-1] == 1.0  # the final step is never dropped
    assert handle.last_progress == (1.0, "step 2000")


def test_cancel_stops_work_and_reports_cancelled(qtbot: Any, runner: TaskRunner) -> None:
    started = threading.Event()
    errors: list[BaseException] = []

    def work(progress: Progress, cancel: CancelToken) -> None:
        started.set()
        for _ in range(10_000):
            cancel.check()
            time.sleep(0.001)

    handle = runner.start(work, title="t", on_done=lambda _: pytest.fail("should not finish"),
                          on_error=errors.append)
    assert started.wait(5)
    handle.cancel()
    with qtbot.waitSignal(handle.finished, timeout=5000):
        pass
    assert len(errors) == 1 and isinstance(errors[0], Cancelled)
    assert handle.cancelled and not handle.running


def test_kesheng_error_shows_one_sentence(qtbot: Any, runner: TaskRunner) -> None:
    def work(progress: Progress, cancel: CancelToken) -> None:
        raise InputError("The file is not a workbook; save it as .xlsx and try again.")

    with qtbot.waitSignal(runner.errorShown, timeout=5000) as blocker:
        runner.start(work, title="t", on_done=lambda _: None)
    assert blocker.args == ["The file is not a workbook; save it as .xlsx and try again."]


def test_unexpected_error_is_logged_and_summarised(qtbot: Any, runner: TaskRunner,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    def work(progress: Progress, cancel: CancelToken) -> None:
        raise ZeroDivisionError("boom")

    with qtbot.waitSignal(runner.errorShown, timeout=5000) as blocker:
        runner.start(work, title="t", on_done=lambda _: None)
    assert blocker.args == ["ZeroDivisionError: boom"]
    assert any("task failed" in r.message and r.exc_info for r in caplog.records)


def test_cancelled_shows_no_dialog(qtbot: Any, runner: TaskRunner) -> None:
    shown: list[str] = []
    runner.errorShown.connect(shown.append)

    def work(progress: Progress, cancel: CancelToken) -> None:
        raise Cancelled()

    handle = runner.start(work, title="t", on_done=lambda _: None)
    with qtbot.waitSignal(handle.finished, timeout=5000):
        pass
    assert shown == []


def test_status_bar_progress_and_shutdown(qtbot: Any, runner: TaskRunner) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    gate = threading.Event()

    def work(progress: Progress, cancel: CancelToken) -> str:
        progress(0.5, "half")
        while not gate.is_set():
            cancel.check()
            time.sleep(0.005)
        return "ok"

    results: list[str] = []
    handle = runner.start(work, title="bg", on_done=results.append, parent=window, modal=False)
    qtbot.waitUntil(lambda: handle.last_progress == (0.5, "half"), timeout=5000)
    from PySide6.QtWidgets import QProgressBar
    bars = window.statusBar().findChildren(QProgressBar)
    assert bars and bars[0].value() == 500
    gate.set()
    with qtbot.waitSignal(handle.finished, timeout=5000):
        pass
    assert results == ["ok"]
    qtbot.waitUntil(lambda: not window.statusBar().findChildren(QProgressBar), timeout=5000)


def test_shutdown_cancels_running_tasks(qtbot: Any) -> None:
    runner = TaskRunner()
    runner.show_dialogs = False
    started = threading.Event()

    def work(progress: Progress, cancel: CancelToken) -> None:
        started.set()
        while True:
            cancel.check()
            time.sleep(0.002)

    handle = runner.start(work, title="t", on_done=lambda _: None, on_error=lambda _: None)
    assert started.wait(5)
    assert runner.shutdown(5000)
    assert handle.cancelled
    qtbot.waitUntil(lambda: not handle.running, timeout=5000)
    assert runner._pool.activeThreadCount() == 0


def test_modal_dialog_cancel_button_cancels(qtbot: Any, runner: TaskRunner) -> None:
    from PySide6.QtWidgets import QApplication, QProgressDialog

    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    errors: list[BaseException] = []

    def work(progress: Progress, cancel: CancelToken) -> None:
        for i in range(100_000):
            progress(i / 100_000, "working")
            cancel.check()
            time.sleep(0.001)

    handle = runner.start(work, title="long", on_done=lambda _: None, on_error=errors.append, parent=window)

    def dialog() -> QProgressDialog | None:
        found = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]
        found += [w for w in window.findChildren(QProgressDialog) if w.isVisible()]
        return found[0] if found else None

    qtbot.waitUntil(lambda: dialog() is not None, timeout=5000)
    box = dialog()
    assert box is not None and box.labelText() == "working"
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton
    button = box.findChild(QPushButton)
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(handle.finished, timeout=5000):
        pass
    assert isinstance(errors[0], Cancelled)


def test_a_task_that_ends_inside_the_dialogs_own_update_closes_it_afterwards(qtbot: Any) -> None:
    """A shown modal progress dialog processes events inside setValue(); when the task's end (and the
    request to close the dialog) is delivered in there, the dialog closes once setValue() has returned."""
    from PySide6.QtCore import QTimer

    from ui.workers.runner import _make_indicator

    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    indicator = _make_indicator("t", CancelToken(), window, modal=True)
    dialog = indicator.dialog
    assert dialog is not None
    dialog.setMinimumDuration(0)
    indicator.set(0.3, "first")  # past the minimum duration: the dialog shows
    assert dialog.isVisible()
    seen: list[bool] = []

    def task_ends() -> None:  # delivered by the events processed inside setValue()
        indicator.close()
        seen.append(indicator.dialog is dialog)

    QTimer.singleShot(0, task_ends)
    indicator.set(0.5, "second")
    assert seen == [True]  # asked to close while updating: held until the update returned …
    assert indicator.dialog is None and not dialog.isVisible()  # … then closed
    indicator.close()  # closing twice is harmless


def test_an_operation_broadcasts_what_it_changed_after_on_done(qtbot: Any, runner: TaskRunner) -> None:
    from workbench.changes import Changes

    order: list[object] = []
    runner.changed.connect(order.append)
    handle = runner.start(lambda p, c: 7, title="t", on_done=lambda v: order.append(("done", v)),
                          changes=lambda v: Changes(tags=True, record_ids=frozenset({v})))
    with qtbot.waitSignal(handle.finished, timeout=5000):
        pass
    assert order == [("done", 7), Changes(tags=True, record_ids=frozenset({7}))]


def test_read_only_and_failed_work_broadcast_nothing(qtbot: Any, runner: TaskRunner) -> None:
    from workbench.changes import Changes

    seen: list[object] = []
    runner.changed.connect(seen.append)

    def fail(progress: Progress, cancel: CancelToken) -> int:
        raise InputError("no")

    handle = runner.start(lambda p, c: 1, title="read", on_done=lambda v: None)
    with qtbot.waitSignal(handle.finished, timeout=5000):
        pass
    handle = runner.start(fail, title="write", on_done=lambda v: None, on_error=lambda e: None,
                          changes=Changes(records=True))
    with qtbot.waitSignal(handle.finished, timeout=5000):
        pass
    runner.broadcast(Changes())  # nothing changed: nothing to say
    assert seen == []


@pytest.mark.parametrize(("lang", "line"), [("zh", "正在聚类 1,200 条记录"), ("en", "clustering 1,200 records")])
def test_a_progress_phrase_arrives_in_the_screens_language(qtbot: Any, runner: TaskRunner, lang: str,
                                                           line: str) -> None:
    from ui.i18n import set_language
    from workbench.errors import Phrase

    set_language(lang)

    def work(progress: Progress, cancel: CancelToken) -> None:
        progress(1.0, Phrase("progress.discover.clustering", n=1200))

    handle = runner.start(work, title="t", on_done=lambda _: None)
    with qtbot.waitSignal(handle.finished, timeout=5000):
        pass
    assert handle.last_progress == (1.0, line)
