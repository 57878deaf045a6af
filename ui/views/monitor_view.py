"""The Monitor panel: what is watched, the last cycle, records and alerts today, and a Start/Stop switch.

The watch loop (``workbench.monitor``) runs through the task runner like any long operation; each cycle
reaches the GUI thread as a progress message, after which the panel re-reads the stored monitor status.
``cycleFinished(imported, fired)`` lets the window refresh its views and notify the analyst.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import error_tr, on_language_changed, tr
from ui.workers.runner import TaskHandle, TaskRunner
from workbench.alerts.delivery import Delivery, OutboxDelivery
from workbench.alerts.evaluate import configured_delivery
from workbench.changes import Changes
from workbench.ingest.options import ImportOptions
from workbench.monitor.folder import FolderSource
from workbench.monitor.state import MonitorStatus, monitor_status
from workbench.monitor.tagger import budget_tagger
from workbench.monitor.watch import Watch, run_loop
from workbench.progress import CancelToken, Progress
from workbench.project import Project
from workbench.selection import Selection


class MonitorView(QWidget):
    """Start/Stop the watch on a folder; emits ``cycleFinished(imported, fired)`` after every cycle."""

    cycleFinished = Signal(int, int)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.project: Project | None = None
        self.handle: TaskHandle[int] | None = None
        self.folder, self.outbox, self.interval = QLineEdit(), QLineEdit(), QDoubleSpinBox()
        self.interval.setRange(1.0, 86_400.0)
        self.interval.setValue(60.0)
        self.browse, self.toggle = QPushButton(), QPushButton()
        self.watching, self.last, self.today, self.problem = QLabel(), QLabel(), QLabel(), QLabel()
        self.form = QFormLayout()
        self._build()
        self._unsubscribe = on_language_changed(self.retranslate)
        self.retranslate()

    def _build(self) -> None:
        row = QHBoxLayout()
        row.addWidget(self.folder)
        row.addWidget(self.browse)
        self.form.addRow("", row)
        self.form.addRow("", self.outbox)
        self.form.addRow("", self.interval)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        for widget in (self.toggle, self.watching, self.last, self.today, self.problem):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.browse.clicked.connect(self._on_browse)
        self.toggle.clicked.connect(self._on_toggle)

    def retranslate(self) -> None:
        for i, key in enumerate(("folder", "outbox", "interval")):
            label = self.form.itemAt(i, QFormLayout.ItemRole.LabelRole)
            widget = label.widget() if label is not None else None
            if isinstance(widget, QLabel):
                widget.setText(tr(f"monitor.{key}"))
        self.browse.setText(tr("monitor.browse"))
        self._update_status()

    @property
    def running(self) -> bool:
        return self.handle is not None

    def set_context(self, project: Project | None, selection: Selection) -> None:
        """Another project stops the watch of the previous one."""
        if project is not self.project:
            self.stop()
            self.project = project
            self._update_status()

    def apply_changes(self, changes: Changes) -> None:
        if changes.records or changes.alerts:
            self._update_status()

    def _on_browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("monitor.folder"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    def _on_toggle(self) -> None:
        if self.running:
            self.stop()
        else:
            self.start()

    def _delivery(self, project: Project) -> Delivery | None:
        outbox = self.outbox.text().strip()
        return OutboxDelivery(Path(outbox)) if outbox else configured_delivery(project)

    def start(self) -> bool:
        """Start watching the folder; False (and a sentence) when there is no project or folder."""
        folder = Path(self.folder.text().strip()).expanduser()
        if self.project is None or self.running:
            return False
        if not self.folder.text().strip() or not folder.is_dir():
            self.problem.setText(tr("monitor.no_folder"))
            return False
        project = self.project
        watch = Watch(project, FolderSource(folder, ImportOptions()), self._delivery(project), budget_tagger(0),
                      interval=float(self.interval.value()))

        def job(progress: Progress, cancel: CancelToken) -> int:
            cancel.on_cancel(watch.stop.set)  # Stop ends the loop after the step under way
            return run_loop(watch, on_cycle=lambda report: progress(0.5, report.line()))

        self.problem.setText("")
        self.handle = self.runner.start(job, title=tr("monitor.task"), on_done=self._on_stopped,
                                        on_error=self._on_failed, parent=self, modal=False)
        self.handle.progressed.connect(self._on_cycle)
        self._update_status()
        return True

    def stop(self) -> None:
        if self.handle is not None:
            self.handle.cancel()

    def _on_cycle(self, _fraction: float, _line: str) -> None:
        status = self._update_status()
        last = status.last_cycle if status is not None else None
        if last:
            self.cycleFinished.emit(int(last.get("imported", 0)), int(last.get("fired", 0)))

    def _on_stopped(self, _cycles: int) -> None:
        self.handle = None
        self._update_status()

    def _on_failed(self, error: BaseException) -> None:
        self.handle = None
        self.problem.setText(error_tr(error))
        self._update_status()

    def _update_status(self) -> MonitorStatus | None:
        self.toggle.setText(tr("monitor.stop" if self.running else "monitor.start"))
        status = monitor_status(self.project) if self.project is not None else None
        what = status.watching if status is not None else None
        self.watching.setText(tr("monitor.watching", what=what) if self.running and what else tr("monitor.idle"))
        last = status.last_cycle if status is not None else None
        self.last.setText(tr("monitor.last", at=str(last.get("started", "")).replace("T", " "),
                             imported=last.get("imported", 0), fired=last.get("fired", 0),
                             delivered=last.get("delivered", 0)) if last else tr("monitor.never"))
        self.today.setText(tr("monitor.today", records=status.records_today if status else 0,
                              alerts=status.alerts_today if status else 0))
        return status


def notification_text(fired: int) -> str:
    """The desktop notification's one line for ``fired`` new alerts."""
    return tr("monitor.notify", n=fired)
