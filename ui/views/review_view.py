"""The Review queue panel: the records whose labels would help the model most, one at a time.

Confirm keeps the current tags as the analyst's label (Enter); Fix replaces them with the issue chosen
(Ctrl+Enter); Skip moves on (Space). Labels are written as human tags the student trains on with a
higher weight. "Apply to the rest" retrains the student at once and re-judges every record the student
or the rules tagged (no LLM; its tags and the analyst's stay), with progress and Cancel.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import bind, bind_items, has_text, language, on_language_changed, tr
from ui.views.agreement_view import AgreementView
from ui.workers.runner import TaskRunner
from workbench.changes import Changes
from workbench.progress import CancelToken, Progress
from workbench.project import Project
from workbench.queries.records import current_nodes
from workbench.selection import Selection
from workbench.tagging.labels import label_records
from workbench.tagging.quality import NodeQuality, node_quality
from workbench.tagging.review_queue import ReviewItem, next_for_review

COLUMNS = ("issue", "human", "machine", "precision", "recall", "agreement", "note")


class ReviewView(QWidget):
    """Emits ``labelled(n)`` after labels were written, ``relearned(n)`` after the rest were re-judged and
    ``recordActivated(id)`` for the item shown."""

    labelled = Signal(int)
    relearned = Signal(int)  # records re-judged after "Apply to the rest"
    recordActivated = Signal(int)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.project: Project | None = None
        self.items: list[ReviewItem] = []
        self.index = 0
        self.done = 0
        self.count = QSpinBox()
        self.count.setRange(1, 500)
        self.count.setValue(20)
        self.header, self.current = QLabel(), QLabel()
        self.text = QTextBrowser()
        self.issue, self.sentiment = QComboBox(), QComboBox()
        for value in ("negative", "neutral", "positive"):
            self.sentiment.addItem(value, value)
        bind_items(self.sentiment, "sent.")
        self.buttons = {k: QPushButton() for k in ("load", "confirm", "fix", "skip", "apply")}
        for key, button in self.buttons.items():
            bind(button.setText, f"review.{key}")
        self.applied = QLabel()
        self.applied.setWordWrap(True)
        self.quality_title, self.quality = QLabel(), QTableWidget(0, 7)
        self.agreement = AgreementView()
        self.quality.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.quality.verticalHeader().setVisible(False)
        self.labelled_total = 0  # labels since the last apply
        self._build()
        unsubscribe = on_language_changed(self._retranslate)
        self.destroyed.connect(lambda *_: unsubscribe())

    def _build(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.buttons["load"])
        top.addWidget(self.count)
        top.addStretch(1)
        top.addWidget(self.buttons["apply"])
        choose = QHBoxLayout()
        choose.addWidget(self.issue, 1)
        sentiment_label = QLabel()
        bind(sentiment_label.setText, "review.sentiment")
        choose.addWidget(sentiment_label)
        choose.addWidget(self.sentiment)
        actions = QHBoxLayout()
        for key in ("confirm", "fix", "skip"):
            actions.addWidget(self.buttons[key])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.header)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.current)
        layout.addLayout(choose)
        layout.addLayout(actions)
        layout.addWidget(self.applied)
        layout.addWidget(self.quality_title)
        layout.addWidget(self.quality, 1)
        layout.addWidget(self.agreement, 1)
        self.agreement.recordActivated.connect(self.recordActivated.emit)
        self.buttons["load"].clicked.connect(self.load)
        self.buttons["apply"].clicked.connect(self.apply)
        self.buttons["confirm"].clicked.connect(self.confirm)
        self.buttons["fix"].clicked.connect(self.fix)
        self.buttons["skip"].clicked.connect(self.skip)
        for keys, slot in (("Return", self.confirm), ("Ctrl+Return", self.fix), ("Space", self.skip)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self._show()

    def _retranslate(self) -> None:
        self._show()
        self.refresh_quality()

    def set_context(self, project: Project | None, selection: Selection) -> None:
        """The queue is the project's (the records the system most wants checked), whatever the selection."""
        if project is self.project:
            return
        self.project, self.items, self.index, self.labelled_total = project, [], 0, 0
        self.applied.clear()
        self._update_leaves()
        self._show()
        self.refresh_quality()

    def apply_changes(self, changes: Changes) -> None:
        if changes.taxonomy:
            self._update_leaves()
        if changes.tags or changes.taxonomy:
            self.refresh_quality()

    def _update_leaves(self) -> None:
        project = self.project
        self.issue.clear()
        nodes = current_nodes(project) if project else []
        parents = {n.parent_key for n in nodes}
        for node in nodes:
            if node.key not in parents:  # leaves only
                self.issue.addItem(node.path, node.path)

    def load(self) -> None:
        if self.project is None:
            return
        project, n = self.project, self.count.value()

        def job(progress: Progress, cancel: CancelToken) -> list[ReviewItem]:
            return next_for_review(project, n)

        self.runner.start(job, title=tr("review.title"), on_done=self._on_loaded, parent=self, modal=False)

    def apply(self) -> None:
        """Retrain the student on every label and re-judge the records the student or the rules tagged."""
        if self.project is None:
            return
        project = self.project
        from workbench.tagging.run import TagOptions, TagResult, tag_project

        def job(progress: Progress, cancel: CancelToken) -> TagResult:
            return tag_project(project, TagOptions(llm_budget=0, relearn=True), progress, cancel)

        def done(result: TagResult) -> None:
            self.labelled_total = 0
            self._show()
            self.applied.setText(tr("review.applied", n=result.tagged, s=result.by_method.get("student", 0),
                                    r=result.by_method.get("rule", 0), sec=result.seconds))
            self.refresh_quality()
            self.relearned.emit(result.tagged)

        self.buttons["apply"].setEnabled(False)
        self.runner.start(job, title=tr("review.applying"), on_done=done, parent=self, modal=True,
                          changes=Changes(tags=True))

    def _on_loaded(self, items: list[ReviewItem]) -> None:
        self.items, self.index, self.done = items, 0, 0
        self._show()

    @property
    def item(self) -> ReviewItem | None:
        return self.items[self.index] if 0 <= self.index < len(self.items) else None

    def refresh_quality(self) -> None:
        """Per node: agreement of the automatic tags with the analyst's labels; flagged nodes first."""
        self.agreement.refresh(self.project)
        rows: list[NodeQuality] = node_quality(self.project) if self.project is not None else []
        self.quality_title.setText(tr("review.quality"))
        self.quality.setHorizontalHeaderLabels([tr(f"review.col.{c}") for c in COLUMNS])
        self.quality.setRowCount(len(rows))
        for r, q in enumerate(rows):
            cells = (q.path, str(q.human), str(q.machine), "—" if q.precision is None else f"{q.precision:.0%}",
                     "—" if q.recall is None else f"{q.recall:.0%}", f"{q.agreement:.0%}",
                     tr(f"review.flag.{q.flag}") if has_text(f"review.flag.{q.flag}") else q.flag)
            for c, value in enumerate(cells):
                cell = QTableWidgetItem(value)
                if q.flag:
                    cell.setForeground(Qt.GlobalColor.darkRed)
                self.quality.setItem(r, c, cell)
        self.quality.resizeColumnsToContents()

    def _show(self) -> None:
        item = self.item
        for key in ("confirm", "fix", "skip"):
            self.buttons[key].setEnabled(item is not None)
        self.buttons["apply"].setText(tr("review.apply"))
        self.buttons["apply"].setEnabled(self.project is not None and self.labelled_total > 0)
        if item is None:
            self.header.setText(tr("review.done", n=self.done) if self.items else tr("review.empty"))
            self.text.clear()
            self.current.clear()
            return
        self.header.setText(tr("review.item", i=self.index + 1, n=len(self.items), rid=item.record_id,
                               reason=item.why.text(language()) if item.why is not None else item.reason))
        self.text.setPlainText(item.text)
        self.current.setText(tr("review.tags", tags=" | ".join(item.tags) or tr("review.none")))
        if item.tags:
            self.issue.setCurrentIndex(max(self.issue.findData(item.tags[0]), 0))
        self.sentiment.setCurrentIndex(max(self.sentiment.findData(item.sentiment or "neutral"), 0))
        self.recordActivated.emit(item.record_id)

    def confirm(self) -> None:
        item = self.item
        if item is not None and self.project is not None:
            self._label(item, item.tags)  # no tags confirmed = "no issue here"

    def fix(self) -> None:
        item = self.item
        if item is not None and self.issue.currentData():
            self._label(item, (self.issue.currentData(),))

    def skip(self) -> None:
        if self.item is not None:
            self.index += 1
            self._show()

    def _label(self, item: ReviewItem, paths: tuple[str, ...]) -> None:
        assert self.project is not None
        try:
            chosen = tuple(p for p in paths if p)
            report = label_records(self.project, [(item.record_id, chosen, self.sentiment.currentData())])
        except Exception as exc:
            self.runner.report_error(exc, self)
            return
        self.runner.broadcast(report.changes)
        self.done += 1
        self.labelled_total += 1
        self.applied.clear()
        self.refresh_quality()
        self.labelled.emit(1)
        self.skip()
