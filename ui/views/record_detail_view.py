"""The record detail panel: one record (plain text or chat bubbles) with its tags and provenance, and the
analyst's corrections: confirm the tags, or fix them to another issue (and sentiment), chosen in the searchable
tree picker (:mod:`ui.views.node_picker_view`; after a choice the focus is on "改为", so Enter applies it).
Corrections are human labels: they feed the review loop and the student at the next tagging run. "Ask the LLM" has the
model judge this record now (the window runs it in the background) — the LLM where the analyst wants it."""

from __future__ import annotations

from urllib.parse import unquote

from PySide6.QtCore import QSettings, QUrl, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from ui.i18n import bind_items, error_tr, tr
from ui.views.detail_html import render
from ui.views.node_picker_view import NodePickerView
from ui.workers.runner import TaskRunner
from workbench.changes import Changes
from workbench.errors import KeshengError
from workbench.project import Project
from workbench.queries import records
from workbench.selection import Selection
from workbench.tagging.labels import label_records


class RecordDetailView(QWidget):
    """Call :meth:`show_record`; emits ``labelled(record_id)`` after a correction was written."""

    labelled = Signal(int)
    llmRequested = Signal(int)  # the analyst asks the LLM to judge this record (the window runs it)
    customerRequested = Signal(str)  # the customer link in the header: open the customer view

    def __init__(self, parent: QWidget | None = None, settings: QSettings | None = None,
                 runner: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self.runner = runner  # broadcasts the analyst's corrections (none: a detail view on its own)
        self._context: Project | None = None
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._on_link)
        self.issue, self.sentiment = NodePickerView(settings=settings), QComboBox()
        for value in ("negative", "neutral", "positive"):
            self.sentiment.addItem(value, value)
        bind_items(self.sentiment, "sent.")
        self.buttons = {k: QPushButton(tr(f"detail.{k}")) for k in ("confirm", "fix", "add", "llm")}
        row = QHBoxLayout()
        row.addWidget(self.buttons["confirm"])
        row.addWidget(self.buttons["fix"])
        row.addWidget(self.buttons["add"])
        row.addWidget(self.issue, 1)
        row.addWidget(self.sentiment)
        row.addWidget(self.buttons["llm"])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        layout.addLayout(row)
        self.buttons["confirm"].clicked.connect(self.confirm)
        self.buttons["fix"].clicked.connect(lambda: self.correct(replace=True))
        self.buttons["add"].clicked.connect(lambda: self.correct(replace=False))
        self.buttons["llm"].clicked.connect(self._ask_llm)
        self.issue.changed.connect(lambda _path: self.buttons["fix"].setFocus())
        self._project: Project | None = None
        self._record_id: int | None = None
        self._leaves_for: Project | None = None
        self.show_record(None, None)

    def _on_link(self, url: QUrl) -> None:
        text = url.toString()
        if text.startswith("customer:"):
            self.customerRequested.emit(unquote(text.removeprefix("customer:")))

    def _ask_llm(self) -> None:
        if self._project is not None and self._record_id is not None:
            self.llmRequested.emit(self._record_id)

    def refresh(self) -> None:
        """Show the record again (its tags changed elsewhere)."""
        self._update_body()

    def set_context(self, project: Project | None, selection: Selection) -> None:
        """The table chooses the record; another project shows none until it does."""
        if project is not self._context:
            self._context = project
            self.show_record(None, None)

    def apply_changes(self, changes: Changes) -> None:
        if changes.taxonomy:
            self._leaves_for = None  # the picker offers the new nodes
            if self._project is not None:
                self.issue.set_nodes(records.current_nodes(self._project))
                self._leaves_for = self._project
        shown = self._record_id is not None and (not changes.record_ids or self._record_id in changes.record_ids)
        if shown and (changes.tags or changes.records or changes.taxonomy):
            self._update_body()

    def record_id(self) -> int | None:
        return self._record_id

    def show_record(self, project: Project | None, record_id: int | None) -> None:
        self._project, self._record_id = project, record_id
        if project is not None and project is not self._leaves_for:
            self.issue.set_nodes(records.current_nodes(project))
            self._leaves_for = project
        self._update_body()

    def retranslate(self) -> None:
        for key, button in self.buttons.items():
            button.setText(tr(f"detail.{key}"))
        self.issue.retranslate()
        self._update_body()

    def _current(self) -> tuple[list[str], str | None]:
        assert self._project is not None and self._record_id is not None
        detail = records.record_detail(self._project, self._record_id)
        sentiment = detail.assessment.get("sentiment") if detail.assessment else None
        return list(dict.fromkeys(t.path for t in detail.tags)), sentiment

    def confirm(self) -> None:
        """Keep the record's current tags and sentiment as the analyst's label."""
        if self._project is None or self._record_id is None:
            return
        paths, sentiment = self._current()
        self._write(tuple(paths), sentiment)

    def correct(self, replace: bool) -> None:
        """Replace the tags by the chosen issue (or add it), with the chosen sentiment."""
        if self._project is None or self._record_id is None or not self.issue.currentData():
            return
        paths, _ = self._current()
        chosen = self.issue.currentData()
        new = (chosen,) if replace else tuple(dict.fromkeys([*paths, chosen]))
        self._write(new, self.sentiment.currentData())

    def _write(self, paths: tuple[str, ...], sentiment: str | None) -> None:
        assert self._project is not None and self._record_id is not None
        try:
            report = label_records(self._project, [(self._record_id, paths, sentiment)])
        except KeshengError as exc:
            self.browser.append(error_tr(exc))
            return
        self._update_body()
        self.labelled.emit(self._record_id)
        if self.runner is not None:
            self.runner.broadcast(report.changes)

    def _update_body(self) -> None:
        enabled = self._project is not None and self._record_id is not None
        for button in self.buttons.values():
            button.setEnabled(enabled)
        if not enabled:
            self.browser.setHtml(f'<p style="color:#888;">{tr("detail.empty")}</p>')
            return
        assert self._project is not None and self._record_id is not None
        try:
            self.browser.setHtml(render(records.record_detail(self._project, self._record_id)))
        except KeshengError as exc:
            self.browser.setPlainText(error_tr(exc))
