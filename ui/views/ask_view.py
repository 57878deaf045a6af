"""The Summary & Ask panel: questions in Chinese or English answered from the data, summaries of the
current selection — the text streams in, and the evidence (queries run, records quoted) is one click away.

All work runs in the core (``workbench.assistant``) through the task runner; streamed text crosses to
the GUI thread through a queued signal.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import language, on_language_changed, tr
from ui.workers.runner import TaskHandle, TaskRunner
from workbench.assistant.answer import Answer
from workbench.assistant.ask import ask
from workbench.assistant.summarize import Summary, summarize
from workbench.changes import Changes
from workbench.llm.backend import Backend
from workbench.progress import CancelToken, Progress
from workbench.project import Project
from workbench.selection import Selection
from workbench.types import RecordFilter


class _Stream(QObject):
    chunk = Signal(str)


class AskView(QWidget):
    """Emits ``recordActivated(record_id)`` when a quoted record is opened."""

    recordActivated = Signal(int)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.project: Project | None = None
        self.filter = RecordFilter()
        self.backend: Backend | None = None
        self.task: TaskHandle[Any] | None = None
        self.last: Answer | Summary | None = None
        self.question = QLineEdit()
        self.ask_button, self.sum_button, self.cancel_button = QPushButton(), QPushButton(), QPushButton()
        self.use_model = QCheckBox()
        self.answer = QTextBrowser()
        self.evidence = QListWidget()
        self.evidence_label = QLabel()
        self.stream = _Stream(self)
        self.stream.chunk.connect(self._on_chunk)
        self._build()
        self.retranslate()
        unsubscribe = on_language_changed(self.retranslate)
        self.destroyed.connect(lambda *_: unsubscribe())

    def _build(self) -> None:
        row = QHBoxLayout()
        for widget in (self.question, self.ask_button, self.sum_button, self.cancel_button):
            row.addWidget(widget, 1 if widget is self.question else 0)
        lower = QWidget()
        col = QVBoxLayout(lower)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.evidence_label)
        col.addWidget(self.evidence)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.answer)
        split.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.use_model)
        layout.addWidget(split, 1)
        self.cancel_button.setEnabled(False)
        self.question.returnPressed.connect(self.ask)
        self.ask_button.clicked.connect(self.ask)
        self.sum_button.clicked.connect(self.summarise)
        self.cancel_button.clicked.connect(self._on_cancel)
        self.evidence.itemDoubleClicked.connect(self._on_evidence)

    def retranslate(self) -> None:
        self.ask_button.setText(tr("ask.ask"))
        self.sum_button.setText(tr("ask.summarise"))
        self.cancel_button.setText(tr("ask.cancel"))
        self.use_model.setText(tr("ask.model"))
        self.question.setPlaceholderText(tr("ask.placeholder"))
        self.evidence_label.setText(f"<b>{tr('ask.evidence')}</b>")

    def set_context(self, project: Project | None, selection: Selection) -> None:
        """Questions and summaries are about the records the table shows."""
        if project is not self.project and self.backend is not None:
            self.backend.close()
            self.backend = None
        self.project, self.filter = project, selection.table_filter()

    def apply_changes(self, changes: Changes) -> None:
        """An answer is asked for; the next one reads the project as it is."""

    def _model(self) -> Backend | None:
        """The local model (opened once, on the worker thread, when first needed)."""
        if not self.use_model.isChecked():
            return None
        if self.backend is None:
            from workbench.llm.factory import open_preferred_backend

            self.backend = open_preferred_backend()
        return self.backend

    def ask(self) -> None:
        question = self.question.text().strip()
        if self.project is None or not question or self._busy():
            return
        project, emit = self.project, self.stream.chunk.emit

        def job(progress: Progress, cancel: CancelToken) -> Answer:
            progress(-1, question)
            return ask(project, question, self._model(), on_text=emit, cancel=cancel)

        self._start(job, self._show_answer)

    def summarise(self) -> None:
        if self.project is None or self._busy():
            return
        project, flt, emit, lang = self.project, self.filter, self.stream.chunk.emit, language()

        def job(progress: Progress, cancel: CancelToken) -> Summary:
            progress(-1, tr("ask.summarise"))
            return summarize(project, flt, self._model(), lang, on_text=emit, cancel=cancel)

        self._start(job, self._show_summary)

    def _busy(self) -> bool:
        return self.task is not None and self.task.running

    def _start(self, job: Any, done: Any) -> None:
        self.answer.clear()
        self.evidence.clear()
        self.cancel_button.setEnabled(True)
        self.task = self.runner.start(job, title=tr("ask.title"), on_done=done, parent=self, modal=False)
        self.task.finished.connect(lambda: self.cancel_button.setEnabled(False))

    def _on_chunk(self, text: str) -> None:
        self.answer.insertPlainText(text)

    def _on_cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _show_answer(self, answer: Answer) -> None:
        self.last = answer
        note = f"<p><i>{tr('ask.removed', n=len(answer.removed))}</i></p>" if answer.removed else ""
        self.answer.setHtml(f"<p>{html.escape(answer.text)}</p>{note}")
        for query in dict.fromkeys(f.query for f in answer.figures):
            self.evidence.addItem(f"{tr('ask.query')}{query}")
        for quote in answer.quotes:
            self._add_quote(quote.record_id, quote.text)

    def _show_summary(self, summary: Summary) -> None:
        self.last = summary
        self.answer.setHtml(f"<p><i>{tr('ask.read', total=summary.total, read=summary.read)}</i></p>"
                            + "".join(f"<p>{html.escape(line)}</p>" for line in summary.text.splitlines()))
        for record_id, text in summary.quotes:
            self._add_quote(record_id, text)

    def _add_quote(self, record_id: int, text: str) -> None:
        item = QListWidgetItem(f"“{text}” — #{record_id}")
        item.setData(Qt.ItemDataRole.UserRole, record_id)
        self.evidence.addItem(item)

    def _on_evidence(self, item: QListWidgetItem) -> None:
        record_id = item.data(Qt.ItemDataRole.UserRole)
        if record_id is not None:
            self.recordActivated.emit(int(record_id))
