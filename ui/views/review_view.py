"""The Review queue panel: the records whose labels would help the model most, one at a time.

Confirm keeps the current tags as the analyst's label (Enter); Fix replaces them with the issue chosen
(Ctrl+Enter); Skip moves on (Space). Labels are written as human tags the student trains on with a
higher weight at the next tagging run.
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
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import on_language_changed, pick
from ui.workers.runner import TaskRunner
from workbench.progress import CancelToken, Progress
from workbench.project import Project
from workbench.store.records import current_nodes
from workbench.tagging.labels import label_records
from workbench.tagging.review_queue import ReviewItem, next_for_review

TEXT = {"load": ("取下一批", "Load next batch"), "confirm": ("确认 (Enter)", "Confirm (Enter)"),
        "fix": ("改为所选问题 (Ctrl+Enter)", "Fix to chosen issue (Ctrl+Enter)"),
        "skip": ("跳过 (空格)", "Skip (Space)"), "title": ("复核队列", "Review queue"),
        "empty": ("点击“取下一批”开始复核。", "Click “Load next batch” to start."),
        "done": ("本批完成：已标注 {n} 条。下次打标时学生模型会用上它们。",
                 "Batch done: {n} labelled. The student model learns from them at the next tagging run."),
        "item": ("{i}/{n} · #{rid} · {reason}", "{i}/{n} · #{rid} · {reason}"),
        "sentiment": ("情感", "Sentiment"), "tags": ("当前标签：{tags}", "Current tags: {tags}"),
        "none": ("（无）", "(none)")}


def _t(key: str, **fmt: object) -> str:
    return pick(TEXT, key, **fmt)


class ReviewView(QWidget):
    """Emits ``labelled(n)`` after labels were written and ``recordActivated(id)`` for the item shown."""

    labelled = Signal(int)
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
        self.buttons = {k: QPushButton(_t(k)) for k in ("load", "confirm", "fix", "skip")}
        self._build()
        unsubscribe = on_language_changed(self._show)
        self.destroyed.connect(lambda *_: unsubscribe())

    def _build(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.buttons["load"])
        top.addWidget(self.count)
        top.addStretch(1)
        choose = QHBoxLayout()
        choose.addWidget(self.issue, 1)
        choose.addWidget(QLabel(_t("sentiment")))
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
        self.buttons["load"].clicked.connect(self.load)
        self.buttons["confirm"].clicked.connect(self.confirm)
        self.buttons["fix"].clicked.connect(self.fix)
        self.buttons["skip"].clicked.connect(self.skip)
        for keys, slot in (("Return", self.confirm), ("Ctrl+Return", self.fix), ("Space", self.skip)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self._show()

    def set_project(self, project: Project | None) -> None:
        if project is self.project:
            return
        self.project, self.items, self.index = project, [], 0
        self.issue.clear()
        nodes = current_nodes(project) if project else []
        parents = {n.parent_key for n in nodes}
        for node in nodes:
            if node.key not in parents:  # leaves only
                self.issue.addItem(node.path, node.path)
        self._show()

    def load(self) -> None:
        if self.project is None:
            return
        project, n = self.project, self.count.value()

        def job(progress: Progress, cancel: CancelToken) -> list[ReviewItem]:
            return next_for_review(project, n)

        self.runner.start(job, title=_t("title"), on_done=self._on_loaded, parent=self, modal=False)

    def _on_loaded(self, items: list[ReviewItem]) -> None:
        self.items, self.index, self.done = items, 0, 0
        self._show()

    @property
    def item(self) -> ReviewItem | None:
        return self.items[self.index] if 0 <= self.index < len(self.items) else None

    def _show(self) -> None:
        item = self.item
        for key in ("confirm", "fix", "skip"):
            self.buttons[key].setEnabled(item is not None)
        if item is None:
            self.header.setText(_t("done", n=self.done) if self.items else _t("empty"))
            self.text.clear()
            self.current.clear()
            return
        self.header.setText(_t("item", i=self.index + 1, n=len(self.items), rid=item.record_id, reason=item.reason))
        self.text.setPlainText(item.text)
        self.current.setText(_t("tags", tags=" | ".join(item.tags) or _t("none")))
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
            label_records(self.project, [(item.record_id, chosen, self.sentiment.currentData())])
        except Exception as exc:
            self.runner.report_error(exc, self)
            return
        self.done += 1
        self.labelled.emit(1)
        self.skip()
