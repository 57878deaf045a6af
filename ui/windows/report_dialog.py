"""The Report dialog: format, template, language, period, client — then the report is written off the UI thread."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QLocale, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from ui.i18n import language, name_buttons, tr, warn
from ui.workers.runner import TaskHandle, TaskRunner
from workbench.progress import CancelToken, Progress
from workbench.project import Project
from workbench.reports.build import FORMATS, ReportResult, write_report
from workbench.reports.model import TEMPLATES, ReportSpec


def _date_edit() -> QDateEdit:
    """A date field whose calendar speaks the UI's language (not the system's)."""
    edit = QDateEdit(calendarPopup=True)
    locale = QLocale(QLocale.Language.Chinese, QLocale.Country.China) if language() == "zh" else \
        QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
    edit.setLocale(locale)
    edit.calendarWidget().setLocale(locale)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def _data_span(project: Project) -> tuple[date, date] | None:
    """The first and last day of the project's records (None when none has a time)."""
    stats = project.stats()
    if stats.first is None or stats.last is None:
        return None
    return stats.first.date(), stats.last.date()


class ReportDialog(QDialog):
    """Collects a :class:`ReportSpec` and an output path; ``last_result`` holds the written report."""

    def __init__(self, project: Project, runner: TaskRunner, parent: QWidget | None = None,
                 span: tuple[date, date] | None = None) -> None:
        super().__init__(parent)
        self.project, self.runner = project, runner
        self.last_result: ReportResult | None = None
        self.task: TaskHandle[ReportResult] | None = None
        self.setWindowTitle(tr("report.title"))
        self.format, self.template, self.lang = QComboBox(), QComboBox(), QComboBox()
        for fmt in FORMATS:
            self.format.addItem(tr(f"report.{fmt}"), fmt)
        for name in TEMPLATES:
            self.template.addItem(tr(f"report.{name}"), name)
        self.lang.addItem("中文", "zh")
        self.lang.addItem("English", "en")
        self.lang.setCurrentIndex(0 if language() == "zh" else 1)
        self.narrative = QComboBox()
        self.narrative.addItem(tr("report.n_template"), "template")
        self.narrative.addItem(tr("report.n_llm"), "llm")
        self.all_data = QCheckBox(tr("report.all"))
        self.all_data.setChecked(True)
        self.date_from, self.date_to = _date_edit(), _date_edit()
        span = span or _data_span(project)
        if span:
            self.date_from.setDate(QDate(span[0].year, span[0].month, span[0].day))
            self.date_to.setDate(QDate(span[1].year, span[1].month, span[1].day))
        self.report_title = QLineEdit()
        self.report_title.setPlaceholderText(tr("report.title_hint", name=project.name))
        self.client = QLineEdit()
        self.out = QLineEdit(str(Path.home() / f"{project.name}-report.xlsx"))
        self._build()
        self._update_dates()

    def _build(self) -> None:
        form = QFormLayout(self)
        form.addRow(tr("report.format"), self.format)
        form.addRow(tr("report.template"), self.template)
        form.addRow(tr("report.lang"), self.lang)
        form.addRow(tr("report.narrative"), self.narrative)
        form.addRow("", self.all_data)
        form.addRow(tr("report.from"), self.date_from)
        form.addRow(tr("report.to"), self.date_to)
        form.addRow(tr("report.report_title"), self.report_title)
        form.addRow(tr("report.client"), self.client)
        row = QHBoxLayout()
        browse = QPushButton(tr("report.browse"))
        row.addWidget(self.out, 1)
        row.addWidget(browse)
        form.addRow(tr("report.out"), row)
        buttons = name_buttons(QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel))
        self.create_button = buttons.addButton(tr("report.create"), QDialogButtonBox.ButtonRole.AcceptRole)
        form.addRow(buttons)
        browse.clicked.connect(self._on_browse)
        self.all_data.toggled.connect(self._update_dates)
        self.format.currentIndexChanged.connect(self._on_format)
        buttons.accepted.connect(self._on_create)
        buttons.rejected.connect(self.reject)

    def _update_dates(self) -> None:
        for edit in (self.date_from, self.date_to):
            edit.setEnabled(not self.all_data.isChecked())

    def _on_format(self) -> None:
        path = Path(self.out.text() or "report")
        self.out.setText(str(path.with_suffix("." + self.format.currentData())))

    def _on_browse(self) -> None:
        fmt = self.format.currentData()
        path, _ = QFileDialog.getSaveFileName(self, tr("report.out"), self.out.text(), f"*.{fmt}")
        if path:
            self.out.setText(path if path.endswith(f".{fmt}") else f"{path}.{fmt}")

    def spec(self) -> ReportSpec:
        whole = self.all_data.isChecked()
        return ReportSpec(template=self.template.currentData(), lang=self.lang.currentData(),
                          date_from=None if whole else self.date_from.date().toPython(),  # type: ignore[arg-type]
                          date_to=None if whole else self.date_to.date().toPython(),  # type: ignore[arg-type]
                          client=self.client.text().strip(), title=self.report_title.text().strip(),
                          narrative=self.narrative.currentData())

    def range_problem(self) -> str | None:
        """One sentence in the UI's language when the chosen end is before the start; None when fine."""
        if self.all_data.isChecked():
            return None
        start, end = self.date_from.date(), self.date_to.date()
        if end >= start:
            return None
        return tr("report.bad_range", start=start.toString("yyyy-MM-dd"), to=end.toString("yyyy-MM-dd"))

    def _on_create(self) -> None:
        if not self.out.text().strip():
            warn(self, tr("report.title"), tr("report.need_out"))
            return
        problem = self.range_problem()
        if problem:
            warn(self, tr("report.title"), problem)
            return
        spec, fmt, out = self.spec(), self.format.currentData(), self.out.text().strip()

        def job(progress: Progress, cancel: CancelToken) -> ReportResult:
            backend = None
            if spec.narrative == "llm":
                from workbench.llm.factory import open_preferred_backend

                backend = open_preferred_backend()
            try:
                return write_report(self.project, spec, fmt, out, progress=progress, cancel=cancel, backend=backend)
            finally:
                if backend is not None:
                    backend.close()

        self.create_button.setEnabled(False)
        self.task = self.runner.start(job, title=tr("report.title"), on_done=self._on_done, parent=self)
        self.task.finished.connect(lambda: self.create_button.setEnabled(True))

    def _on_done(self, result: ReportResult) -> None:
        self.last_result = result
        box = QMessageBox(QMessageBox.Icon.Information, tr("report.title"), tr("report.done", path=result.path),
                          parent=self)
        open_button = box.addButton(tr("report.open"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(tr("button.close"), QMessageBox.ButtonRole.RejectRole)
        box.setModal(False)
        box.buttonClicked.connect(
            lambda b: QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.path))) if b is open_button else None)
        box.finished.connect(self.accept)
        box.show()
