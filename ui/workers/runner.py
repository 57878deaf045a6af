"""The one task runner: runs a plain core function ``fn(progress, cancel) -> T`` off the GUI thread.

ARCHITECTURE rule 3: long work is a plain function in the core; the UI runs it here, with a progress
dialog (or a status-bar progress when ``modal=False``) whose Cancel button calls ``CancelToken.cancel()``.
Progress is throttled on the worker side and crosses threads as queued signals; the result or the error
is delivered on the GUI thread. A :class:`KeshengError` is shown as its one sentence, anything else is
logged with its traceback and shown as a short message.

ARCHITECTURE rule 5: an operation that changes the project names what it changed (a
:class:`workbench.changes.Changes`, given as ``changes=`` or passed to :meth:`TaskRunner.broadcast`); when it
has finished, the runner emits ``changed(changes)`` once and every panel applies it (``apply_changes``).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QProgressDialog,
    QPushButton,
    QWidget,
)

from ui.i18n import error_tr, language, tr
from workbench.changes import Changes
from workbench.errors import Cancelled, KeshengError, Phrase
from workbench.progress import CancelToken, Message, Progress

T = TypeVar("T")
log = logging.getLogger(__name__)

PROGRESS_INTERVAL_S = 0.05
"""The worker emits at most one progress signal per interval (plus the final one)."""


class _Signals(QObject):
    """Lives on the GUI thread; emitted from the worker, so connections are queued."""

    progressed = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[Progress, CancelToken], Any], token: CancelToken, signals: _Signals) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._fn, self._token, self._signals = fn, token, signals
        self._last = 0.0
        self._lock = threading.Lock()

    def _progress(self, fraction: float, message: Message = "") -> None:
        now = time.monotonic()
        with self._lock:
            if now - self._last < PROGRESS_INTERVAL_S and 0 <= fraction < 1.0:
                return
            self._last = now
        text = message.text(language()) if isinstance(message, Phrase) else str(message)  # the screen's language
        self._signals.progressed.emit(float(fraction), text)

    def run(self) -> None:
        try:
            self._token.check()
            result = self._fn(self._progress, self._token)
        except BaseException as exc:  # delivered to the GUI thread, never lost on the worker
            self._signals.failed.emit(exc)
        else:
            self._signals.succeeded.emit(result)


class TaskHandle(QObject, Generic[T]):
    """One running task. ``finished`` fires once, on the GUI thread, after on_done/on_error ran."""

    finished = Signal()
    progressed = Signal(float, str)

    def __init__(self, title: str, token: CancelToken, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.token = token
        self.running = True
        self.error: BaseException | None = None
        self.last_progress: tuple[float, str] = (0.0, "")

    _indicator: _Indicator
    _signals: _Signals
    _on_done: Callable[[T], None]
    _on_error: Callable[[BaseException], None]

    @Slot(float, str)
    def _on_progress(self, fraction: float, message: str) -> None:
        if self.running:
            self.last_progress = (fraction, message)
            self._indicator.set(fraction, message)
            self.progressed.emit(fraction, message)

    @Slot(object)
    def _on_succeeded(self, result: Any) -> None:
        self._finish(None, result)

    @Slot(object)
    def _on_failed(self, error: BaseException) -> None:
        self._finish(error)

    def _finish(self, error: BaseException | None, result: Any = None) -> None:
        if not self.running:
            return
        self.running, self.error = False, error
        self._indicator.close()
        try:
            if error is None:
                self._on_done(result)
            else:
                self._on_error(error)
        finally:
            self._signals.deleteLater()
            self.finished.emit()

    def cancel(self) -> None:
        """Ask the task to stop; it stops at its next ``cancel.check()``."""
        self.token.cancel()

    @property
    def cancelled(self) -> bool:
        return self.token.cancelled


class TaskRunner(QObject):
    """Runs core functions on its own thread pool; one instance per main window (or app)."""

    errorShown = Signal(str)
    taskStarted = Signal(object)
    taskFinished = Signal(object)
    changed = Signal(object)  # a Changes: an operation changed the project (emitted on the GUI thread)

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._active: set[TaskHandle[Any]] = set()
        self.show_dialogs = True

    def start(self, fn: Callable[[Progress, CancelToken], T], *, title: str,
              on_done: Callable[[T], None], on_error: Callable[[BaseException], None] | None = None,
              parent: QWidget | None = None, modal: bool = True,
              changes: Changes | Callable[[T], Changes] | None = None) -> TaskHandle[T]:
        """Run ``fn(progress, cancel)`` on a worker thread.

        Args:
            fn: the plain core function; it must poll ``cancel.check()`` and never touch Qt.
            title: shown in the progress dialog or the status bar.
            on_done: called on the GUI thread with the result.
            on_error: called on the GUI thread with the exception (``Cancelled`` included); when None, the
                runner shows a one-sentence dialog (none for ``Cancelled``).
            parent: the window the progress dialog belongs to.
            modal: a window-modal progress dialog when True, a status-bar progress when False.
            changes: what the operation changes (or a function of its result that says so); broadcast as
                ``changed`` after ``on_done`` ran. Read-only work passes None.

        Returns:
            The handle: cancel it, or wait for its ``finished`` signal.
        """
        token = CancelToken()
        handle: TaskHandle[T] = TaskHandle(title, token, self)
        handle._indicator = _make_indicator(title, token, parent, modal)
        handle._on_done = on_done if changes is None else self._then_broadcast(on_done, changes)
        handle._on_error = on_error or (lambda exc: self._show_error(exc, parent))
        signals = _Signals()
        handle._signals = signals
        # Bound slots of a GUI-thread QObject: the cross-thread emits are queued onto the GUI thread.
        signals.progressed.connect(handle._on_progress, Qt.ConnectionType.QueuedConnection)
        signals.succeeded.connect(handle._on_succeeded, Qt.ConnectionType.QueuedConnection)
        signals.failed.connect(handle._on_failed, Qt.ConnectionType.QueuedConnection)
        handle.finished.connect(lambda: self._retire(handle))
        self._active.add(handle)
        self.taskStarted.emit(handle)
        self._pool.start(_Job(fn, token, signals))
        return handle

    def _then_broadcast(self, on_done: Callable[[T], None],
                        changes: Changes | Callable[[T], Changes]) -> Callable[[T], None]:
        def done(result: T) -> None:
            on_done(result)
            self.broadcast(changes(result) if callable(changes) else changes)
        return done

    def broadcast(self, changes: Changes) -> None:
        """Tell every panel what an operation changed (one that ran on the GUI thread calls this itself)."""
        if changes.any or changes.record_ids:
            self.changed.emit(changes)

    def _retire(self, handle: TaskHandle[Any]) -> None:
        self._active.discard(handle)
        self.taskFinished.emit(handle)

    def active(self) -> list[TaskHandle[Any]]:
        """The tasks that have not delivered their result yet."""
        return list(self._active)

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Cancel every task and wait for the worker threads; True when all stopped in time."""
        for handle in list(self._active):
            handle.cancel()
        done = self._pool.waitForDone(timeout_ms)
        app = QApplication.instance()
        if app is not None:
            app.processEvents()
        return bool(done)

    def report_error(self, error: BaseException, parent: QWidget | None = None) -> None:
        """Show ``error`` the way the runner shows a failed task (one sentence; logged if unexpected)."""
        self._show_error(error, parent)

    def _show_error(self, error: BaseException, parent: QWidget | None) -> None:
        if isinstance(error, Cancelled):
            _status_message(parent, error_tr(error))
            return
        if not isinstance(error, KeshengError):
            log.error("task failed", exc_info=(type(error), error, error.__traceback__))
        text = error_tr(error)
        self.errorShown.emit(text)
        if self.show_dialogs:
            box = QMessageBox(QMessageBox.Icon.Warning, tr("app.name"), text, QMessageBox.StandardButton.Ok, parent)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()


class _Indicator:
    """A progress dialog or a status-bar progress; both close when the task ends."""

    def __init__(self, widget: QWidget | None, bar: QProgressBar | None, dialog: QProgressDialog | None) -> None:
        self.widget, self.bar, self.dialog = widget, bar, dialog
        self._setting = 0  # depth of set() calls under way
        self._close_pending = False

    def set(self, fraction: float, message: str) -> None:
        target = self.dialog or self.bar
        if target is None:
            return
        # A shown modal QProgressDialog processes events inside setValue(): the task can end (and ask
        # to close this indicator) in there. Closing is held until setValue() has returned, so Qt never
        # finishes setValue() on a dialog that is already being deleted.
        self._setting += 1
        try:
            if fraction < 0:
                target.setRange(0, 0)
            else:
                target.setRange(0, 1000)
                target.setValue(round(min(fraction, 1.0) * 1000))
            if self.dialog is not None and message:
                self.dialog.setLabelText(message)
            elif self.bar is not None:
                self.bar.setFormat(f"{message[:40]} %p%" if message else "%p%")
        finally:
            self._setting -= 1
            if self._close_pending and not self._setting:
                self.close()

    def close(self) -> None:
        if self._setting:
            self._close_pending = True
            return
        self._close_pending = False
        for w in (self.dialog, self.widget, self.bar):
            if w is not None:
                w.hide()
                w.deleteLater()
        self.dialog = self.widget = self.bar = None


def _make_indicator(title: str, token: CancelToken, parent: QWidget | None, modal: bool) -> _Indicator:
    if QApplication.instance() is None:
        return _Indicator(None, None, None)
    window = parent.window() if parent is not None else None
    if not modal and isinstance(window, QMainWindow):
        bar = QProgressBar()
        bar.setMaximumWidth(260)
        bar.setRange(0, 0)
        bar.setToolTip(title)
        button = QPushButton("×")
        button.setFlat(True)
        button.setToolTip(tr("task.cancel"))
        button.setFixedWidth(24)
        button.clicked.connect(token.cancel)
        window.statusBar().addPermanentWidget(bar)
        window.statusBar().addPermanentWidget(button)
        return _Indicator(button, bar, None)
    dialog = QProgressDialog(title, tr("task.cancel"), 0, 1000, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal if parent else Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(400)  # quick tasks never flash a dialog
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setValue(0)
    dialog.canceled.connect(token.cancel)
    return _Indicator(None, None, dialog)


def _status_message(parent: QWidget | None, text: str) -> None:
    window = parent.window() if parent is not None else None
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(text, 5000)
