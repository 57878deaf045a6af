"""Themes by example: define a new issue by a name, a parent, a description and a few examples (texts, or the
records selected in the table), preview the records it would take, deselect or re-preview, then apply.

Preview (:func:`workbench.tagging.theme.preview_theme`: rules + the student, the local model on a sample when
the analyst allows it) and apply (:func:`~workbench.tagging.theme.apply_theme`: the node and its tags as one
undoable action) run through the task runner with progress and Cancel. Nothing is written before Apply.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import language, name_buttons, tr
from ui.workers.runner import TaskRunner
from workbench.progress import CancelToken, Progress
from workbench.project import Project
from workbench.queries.records import current_nodes
from workbench.tagging.labels import default_labeller
from workbench.tagging.theme import ThemePreview, ThemeResult, ThemeSpec, apply_theme, preview_theme

SHOWN = 2000  # matches listed for review (the rest are kept or dropped with the "all" checkbox)

BY_KEYS = {"rule": "rule", "student": "student", "llm": "llm_by"}


class ThemeDialog(QDialog):
    """Emits ``applied(result)`` after the theme was written (then closes)."""

    applied = Signal(object)

    def __init__(self, project: Project, runner: TaskRunner, example_records: Sequence[int] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project, self.runner = project, runner
        self.example_records = tuple(example_records)
        self.preview_result: ThemePreview | None = None
        self.setWindowTitle(tr("theme.title"))
        self.resize(900, 680)
        self.name, self.description, self.keywords = QLineEdit(), QLineEdit(), QLineEdit()
        self.by = QLineEdit(default_labeller())
        self.parent_node = QComboBox()
        self.parent_node.setEditable(True)  # type to find a node
        self.parent_node.addItem(tr("theme.top"), None)
        for node in sorted(current_nodes(project), key=lambda n: n.path):
            self.parent_node.addItem(node.path, node.path)
        completer = self.parent_node.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.examples = QPlainTextEdit()
        self.examples.setMaximumHeight(110)
        self.records_label = QLabel(self._records_text())
        self.records_label.setWordWrap(True)
        self.use_llm, self.llm_sample = QCheckBox(tr("theme.llm")), QSpinBox()
        self.llm_sample.setRange(1, 500)
        self.llm_sample.setValue(20)
        self.intro, self.summary, self.more = QLabel(tr("theme.intro")), QLabel(), QLabel()
        for label in (self.intro, self.summary, self.more):
            label.setWordWrap(True)
        self.select_all = QCheckBox(tr("theme.all"))
        self.select_all.setChecked(True)
        self.kept_label = QLabel()
        self.table = QTableWidget(0, 5)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setHorizontalHeaderLabels([tr(f"theme.{k}") for k in ("col_keep", "col_id", "col_by", "col_score",
                                                               "col_text")])
        self.preview_button = QPushButton(tr("theme.preview"))
        self.buttons = name_buttons(QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                                     | QDialogButtonBox.StandardButton.Cancel))
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(tr("theme.apply", n=0))
        self.ok.setEnabled(False)
        self._build()
        self._connect()

    def _build(self) -> None:
        form = QFormLayout()
        form.addRow(tr("theme.name"), self.name)
        form.addRow(tr("theme.parent"), self.parent_node)
        form.addRow(tr("theme.description"), self.description)
        form.addRow(tr("theme.examples"), self.examples)
        form.addRow(tr("theme.records"), self.records_label)
        form.addRow(tr("theme.keywords"), self.keywords)
        form.addRow(tr("theme.by"), self.by)
        llm = QHBoxLayout()
        llm.addWidget(self.use_llm)
        llm.addWidget(self.llm_sample)
        llm.addStretch(1)
        pick_row = QHBoxLayout()
        pick_row.addWidget(self.preview_button)
        pick_row.addStretch(1)
        pick_row.addWidget(self.select_all)
        pick_row.addWidget(self.kept_label)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addLayout(llm)
        layout.addLayout(pick_row)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.more)
        layout.addWidget(self.buttons)

    def _connect(self) -> None:
        self.preview_button.clicked.connect(self.preview)
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        self.select_all.toggled.connect(self._on_select_all)
        self.table.itemChanged.connect(lambda _item: self._update_kept())
        for edit in (self.name, self.description, self.keywords):
            edit.textChanged.connect(self._on_definition_changed)
        self.examples.textChanged.connect(self._on_definition_changed)
        self.parent_node.currentIndexChanged.connect(self._on_definition_changed)

    # -- the definition -------------------------------------------------------------------------------
    def spec(self) -> ThemeSpec:
        """What the form defines now."""
        texts = tuple(line.strip() for line in self.examples.toPlainText().splitlines() if line.strip())
        keywords = tuple(k.strip() for k in self.keywords.text().replace("，", ",").split(",") if k.strip())
        parent = self.parent_node.currentData() if self.parent_node.currentIndex() > 0 else None
        return ThemeSpec(name=self.name.text().strip(), description=self.description.text().strip(),
                         examples=texts, example_records=self.example_records, parent=parent, keywords=keywords)

    def set_example_records(self, ids: Sequence[int]) -> None:
        self.example_records = tuple(ids)
        self.records_label.setText(self._records_text())
        self._on_definition_changed()

    def _records_text(self) -> str:
        if not self.example_records:
            return tr("theme.no_records")
        shown = ", ".join(f"#{i}" for i in self.example_records[:12]) + (" …" if len(self.example_records) > 12 else "")
        return tr("theme.records_n", n=len(self.example_records), ids=shown)

    # -- preview --------------------------------------------------------------------------------------
    def preview(self) -> None:
        """Find (on a worker, with progress and Cancel) the records the theme would take."""
        project, spec = self.project, self.spec()
        sample = self.llm_sample.value() if self.use_llm.isChecked() else 0

        def job(progress: Progress, cancel: CancelToken) -> ThemePreview:
            return preview_theme(project, spec, llm_sample=sample, shown=SHOWN, progress=progress, cancel=cancel)

        self.preview_button.setEnabled(False)
        self.runner.start(job, title=tr("theme.previewing"), on_done=self._on_preview, on_error=self._on_failed,
                          parent=self, modal=True)

    def _on_preview(self, result: ThemePreview) -> None:
        self.preview_button.setEnabled(True)
        self.preview_result = result
        sep = "，" if language() == "zh" else ", "
        by = sep.join(tr(f"theme.{BY_KEYS[k]}", n=n) for k, n in result.by.items())
        words = ("、" if language() == "zh" else ", ").join(result.keywords) or tr("theme.none_kw")
        self.summary.setText(tr("theme.summary", node=result.node, n=len(result.record_ids), total=result.scanned,
                                by=by, kw=words))
        if not self.keywords.text().strip() and result.keywords:
            self.keywords.blockSignals(True)  # show the words it used, editable for the next preview
            self.keywords.setText(", ".join(result.keywords))
            self.keywords.blockSignals(False)
        self._fill(result)

    def _fill(self, result: ThemePreview) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(len(result.matches))
        for row, m in enumerate(result.matches):
            keep = QTableWidgetItem()
            keep.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            keep.setCheckState(Qt.CheckState.Checked)
            keep.setData(Qt.ItemDataRole.UserRole, m.record_id)
            cells = (keep, QTableWidgetItem(str(m.record_id)), QTableWidgetItem(tr(f"theme.by_{m.by}")),
                     QTableWidgetItem(f"{m.score:.2f}"), QTableWidgetItem(m.text.replace("\n", " ")))
            for col, item in enumerate(cells):
                self.table.setItem(row, col, item)
        self.table.blockSignals(False)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(4, 520)
        hidden = len(result.record_ids) - len(result.matches)
        self.more.setText(tr("theme.more", n=hidden) if hidden > 0 else "")
        self.select_all.blockSignals(True)
        self.select_all.setChecked(True)
        self.select_all.blockSignals(False)
        self._update_kept()

    def kept(self) -> list[int]:
        """The records Apply would tag: every match but those unticked in the list."""
        if self.preview_result is None:
            return []
        dropped = {int(self._keep(r).data(Qt.ItemDataRole.UserRole)) for r in range(self.table.rowCount())
                   if self._keep(r).checkState() != Qt.CheckState.Checked}
        return [r for r in self.preview_result.record_ids if r not in dropped]

    def _keep(self, row: int) -> QTableWidgetItem:
        item = self.table.item(row, 0)
        assert item is not None
        return item

    def _update_kept(self) -> None:
        n = len(self.kept())
        self.kept_label.setText(tr("theme.kept", n=n))
        self.ok.setText(tr("theme.apply", n=n))
        self.ok.setEnabled(self.preview_result is not None and n > 0)

    def _on_select_all(self, on: bool) -> None:
        self.table.blockSignals(True)
        for r in range(self.table.rowCount()):
            self._keep(r).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.table.blockSignals(False)
        self._update_kept()

    def _on_definition_changed(self, *_args: object) -> None:
        if self.preview_result is not None:
            self.preview_result = None
            self.table.setRowCount(0)
            self.more.clear()
            self.summary.setText(tr("theme.stale"))
            self._update_kept()

    # -- apply ----------------------------------------------------------------------------------------
    def apply(self) -> None:
        """Add the node and tag the kept records (on the writer, through the runner)."""
        result = self.preview_result
        ids = self.kept()
        if result is None or not ids:
            return
        project, spec, keywords = self.project, self.spec(), result.keywords
        by = " ".join(self.by.text().split()) or default_labeller()

        def job(progress: Progress, cancel: CancelToken) -> ThemeResult:
            return apply_theme(project, spec, ids, keywords, by, progress, cancel)

        self.ok.setEnabled(False)
        self.runner.start(job, title=tr("theme.applying"), on_done=self._on_applied, on_error=self._on_failed,
                          parent=self, modal=True, changes=lambda done: done.changes)

    def _on_applied(self, result: ThemeResult) -> None:
        self.applied.emit(result)
        self.accept()

    def _on_failed(self, error: BaseException) -> None:
        self.preview_button.setEnabled(True)
        self._update_kept()
        self.runner.report_error(error, self)
