"""Set the project's issue taxonomy from a shipped industry template or the client's codebook file,
or export the current one. Each change makes a new taxonomy version (the core keeps node keys stable)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import language, name_buttons, tr
from ui.workers.runner import TaskRunner
from workbench.changes import Changes
from workbench.progress import CancelToken, Progress
from workbench.project import Project
from workbench.taxonomy.codebook import import_codebook, write_codebook
from workbench.taxonomy.repository import load_current
from workbench.taxonomy.templates import apply_template, list_templates


class TaxonomyDialog(QDialog):
    """``changed_to`` holds the new version id after a template or codebook was applied."""

    def __init__(self, project: Project, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project, self.runner = project, runner
        self.changed_to: int | None = None
        self.setWindowTitle(tr("taxonomy.title"))
        self.templates = QComboBox()
        for info in list_templates():
            title = info.title_zh if language() == "zh" else info.title_en
            self.templates.addItem(f"{title} · {info.leaves}", info.name)
        self.current = QLabel()
        apply_button, file_button, export_button = (QPushButton(tr(f"taxonomy.{k}")) for k in ("apply", "file",
                                                                                               "export"))
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("taxonomy.template")))
        row.addWidget(self.templates, 1)
        row.addWidget(apply_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.current)
        layout.addLayout(row)
        layout.addWidget(file_button)
        layout.addWidget(export_button)
        layout.addWidget(QLabel(tr("taxonomy.hint")))
        buttons = name_buttons(QDialogButtonBox(QDialogButtonBox.StandardButton.Close))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        apply_button.clicked.connect(self.apply_selected)
        file_button.clicked.connect(self._on_file)
        export_button.clicked.connect(self._on_export)
        self._update_current()

    def _update_current(self) -> None:
        tax = load_current(self.project)
        self.current.setText(tr("taxonomy.current", v=tax.version_id, n=len(tax)) if tax else tr("taxonomy.none"))

    def apply_selected(self) -> None:
        name, project = self.templates.currentData(), self.project

        def job(progress: Progress, cancel: CancelToken) -> int:
            return apply_template(project, name)

        self.runner.start(job, title=tr("taxonomy.title"), on_done=self._on_done, parent=self,
                          changes=Changes(taxonomy=True, tags=True))

    def apply_file(self, path: str) -> None:
        project = self.project

        def job(progress: Progress, cancel: CancelToken) -> int:
            return import_codebook(project, path)

        self.runner.start(job, title=tr("taxonomy.title"), on_done=self._on_done, parent=self,
                          changes=Changes(taxonomy=True, tags=True))

    def _on_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("taxonomy.file"), "", tr("taxonomy.file_filter"))
        if path:
            self.apply_file(path)

    def _on_export(self) -> None:
        tax = load_current(self.project)
        if tax is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, tr("taxonomy.export"), "taxonomy.xlsx",
                                              tr("taxonomy.export_filter"))
        if path:
            try:
                write_codebook(tax, path)
            except Exception as exc:
                self.runner.report_error(exc, self)

    def _on_done(self, version: int) -> None:
        self.changed_to = version
        self._update_current()
