"""“Tag all N results as …”: label every record of the table's current filter or search, after a preview.

The preview (how many records change and how) and the label itself run through the task runner; the
label is written only after the analyst saw the preview and confirmed.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import pick, tr
from ui.workers.runner import TaskRunner
from workbench.progress import CancelToken, Progress
from workbench.project import Project
from workbench.store.records import current_nodes
from workbench.tagging.bulk_label import BulkPlan, apply_bulk_label, plan_bulk_label
from workbench.tagging.labels import LabelReport, default_labeller
from workbench.types import RecordFilter

TEXT = {"title": ("给全部结果打标", "Tag all results"),
        "intro": ("把当前筛选/搜索的全部结果标注为所选问题（替换这些记录的自动标签）。",
                  "Label every result of the current filter or search with the chosen issue "
                  "(it replaces the machine's tags of those records)."),
        "tag": ("问题", "Issue"), "sentiment": ("情感", "Sentiment"), "by": ("标注人", "Labelled by"),
        "keep": ("保持不变", "Keep as is"), "positive": ("正面", "Positive"), "neutral": ("中性", "Neutral"),
        "negative": ("负面", "Negative"), "preview": ("预览变化", "Preview the change"),
        "confirm": ("全部打标 {n:,} 条", "Tag all {n:,} results"),
        "working": ("正在计算变化", "Working out the change"),
        "labelling": ("正在打标", "Labelling"),
        "plan": ("共 {records:,} 条结果，{changes:,} 条会改变：{gain:,} 条新增该问题，{already:,} 条已有该问题，"
                 "{other:,} 条的其他标签会被替换，{untagged:,} 条原无标签，{relabelled:,} 条已有人工标注。",
                 "{records:,} results, {changes:,} would change: {gain:,} get the issue, {already:,} already carry "
                 "it, {other:,} lose other tags, {untagged:,} had no tag, {relabelled:,} had an analyst's label."),
        "sentiment_changes": ("{n:,} 条的情感会改为所选情感。", "{n:,} change sentiment."),
        "stale": ("选择已改变，请重新预览。", "The choice changed: preview again.")}


def _t(key: str, **fmt: object) -> str:
    return pick(TEXT, key, **fmt)


class BulkLabelDialog(QDialog):
    """Emits ``labelled(n)`` after the label was written."""

    labelled = Signal(int)

    def __init__(self, project: Project, runner: TaskRunner, flt: RecordFilter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project, self.runner, self.flt = project, runner, flt
        self.plan: BulkPlan | None = None
        self.setWindowTitle(_t("title"))
        self.tag, self.sentiment, self.by = QComboBox(), QComboBox(), QLineEdit(default_labeller())
        self.tag.setEditable(True)  # type to find a node
        for node in sorted(current_nodes(project), key=lambda n: n.path):
            self.tag.addItem(node.path, node.path)
        for key in ("keep", "negative", "neutral", "positive"):
            self.sentiment.addItem(_t(key), None if key == "keep" else key)
        self.preview_button, self.summary = QPushButton(_t("preview")), QLabel(_t("intro"))
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setEnabled(False)
        self.ok.setText(_t("confirm", n=0))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(tr("btn.cancel"))
        form = QFormLayout()
        form.addRow(_t("tag"), self.tag)
        form.addRow(_t("sentiment"), self.sentiment)
        form.addRow(_t("by"), self.by)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview_button)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.preview_button.clicked.connect(self.preview)
        self.buttons.accepted.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)
        self.tag.currentTextChanged.connect(self._on_choice_changed)
        self.sentiment.currentIndexChanged.connect(self._on_choice_changed)

    def chosen(self) -> tuple[tuple[str, ...], str | None]:
        return (self.tag.currentText().strip().strip("/"),), self.sentiment.currentData()

    def preview(self) -> None:
        """Count (on a worker) how the records would change; the confirm button then says how many."""
        project, flt, (paths, sentiment) = self.project, self.flt, self.chosen()

        def job(progress: Progress, cancel: CancelToken) -> BulkPlan:
            return plan_bulk_label(project, flt, paths, sentiment)

        self.runner.start(job, title=_t("working"), on_done=self._on_plan, parent=self, modal=False)

    def confirm(self) -> None:
        """Write the previewed label (on the writer, through the runner)."""
        plan, by = self.plan, self.by.text().strip() or default_labeller()
        if plan is None or not plan.records:
            return
        action = "bulk: the table's filter" + (f", q={self.flt.text}" if self.flt.text else "")

        def job(progress: Progress, cancel: CancelToken) -> LabelReport:
            return apply_bulk_label(self.project, plan, by, action, progress, cancel)

        self.runner.start(job, title=_t("labelling"), on_done=self._on_done, parent=self, modal=True)

    def _on_plan(self, plan: BulkPlan) -> None:
        self.plan = plan
        text = _t("plan", records=plan.records, changes=plan.changes, gain=plan.gain, already=plan.already_tagged,
                  other=plan.other_tags, untagged=plan.untagged, relabelled=plan.relabelled)
        if plan.sentiment is not None:
            text += " " + _t("sentiment_changes", n=plan.sentiment_changes)
        self.summary.setText(text)
        self.ok.setText(_t("confirm", n=plan.records))
        self.ok.setEnabled(plan.records > 0 and plan.changes > 0)

    def _on_done(self, report: LabelReport) -> None:
        self.labelled.emit(report.labelled)
        self.accept()

    def _on_choice_changed(self, *_args: object) -> None:
        if self.plan is not None:
            self.plan = None
            self.ok.setEnabled(False)
            self.summary.setText(_t("stale"))
