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

from ui.i18n import name_buttons, tr
from ui.workers.runner import TaskRunner
from workbench.changes import Changes
from workbench.progress import CancelToken, Progress
from workbench.project import Project
from workbench.queries.records import current_nodes
from workbench.tagging.bulk_label import BulkPlan, apply_bulk_label, plan_bulk_label
from workbench.tagging.labels import LabelReport, default_labeller
from workbench.types import RecordFilter


class BulkLabelDialog(QDialog):
    """Emits ``labelled(n)`` after the label was written."""

    labelled = Signal(int)

    def __init__(self, project: Project, runner: TaskRunner, flt: RecordFilter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project, self.runner, self.flt = project, runner, flt
        self.plan: BulkPlan | None = None
        self.setWindowTitle(tr("bulk.title"))
        self.tag, self.sentiment, self.by = QComboBox(), QComboBox(), QLineEdit(default_labeller())
        self.tag.setEditable(True)  # type to find a node
        for node in sorted(current_nodes(project), key=lambda n: n.path):
            self.tag.addItem(node.path, node.path)
        for key in ("keep", "negative", "neutral", "positive"):
            self.sentiment.addItem(tr(f"bulk.{key}"), None if key == "keep" else key)
        self.preview_button, self.summary = QPushButton(tr("bulk.preview")), QLabel(tr("bulk.intro"))
        self.summary.setWordWrap(True)
        self.buttons = name_buttons(QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                                     | QDialogButtonBox.StandardButton.Cancel))
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setEnabled(False)
        form = QFormLayout()
        form.addRow(tr("bulk.tag"), self.tag)
        form.addRow(tr("bulk.sentiment"), self.sentiment)
        form.addRow(tr("bulk.by"), self.by)
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

        self.runner.start(job, title=tr("bulk.working"), on_done=self._on_plan, parent=self, modal=False)

    def confirm(self) -> None:
        """Write the previewed label (on the writer, through the runner)."""
        plan, by = self.plan, self.by.text().strip() or default_labeller()
        if plan is None or not plan.records:
            return
        action = "bulk: the table's filter" + (f", q={self.flt.text}" if self.flt.text else "")

        def job(progress: Progress, cancel: CancelToken) -> LabelReport:
            return apply_bulk_label(self.project, plan, by, action, progress, cancel)

        self.runner.start(job, title=tr("bulk.labelling"), on_done=self._on_done, parent=self, modal=True,
                          changes=Changes(tags=True))  # many records: the table reads its rows again

    def _on_plan(self, plan: BulkPlan) -> None:
        self.plan = plan
        text = tr("bulk.plan", records=plan.records, changes=plan.changes, gain=plan.gain, already=plan.already_tagged,
                  other=plan.other_tags, untagged=plan.untagged, relabelled=plan.relabelled)
        if plan.sentiment is not None:
            text += " " + tr("bulk.sentiment_changes", n=plan.sentiment_changes)
        self.summary.setText(text)
        self.ok.setText(tr("bulk.confirm", n=plan.records))
        self.ok.setEnabled(plan.records > 0 and plan.changes > 0)

    def _on_done(self, report: LabelReport) -> None:
        self.labelled.emit(report.labelled)
        self.accept()

    def _on_choice_changed(self, *_args: object) -> None:
        if self.plan is not None:
            self.plan = None
            self.ok.setEnabled(False)
            self.summary.setText(tr("bulk.stale"))
