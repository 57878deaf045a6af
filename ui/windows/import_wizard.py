"""The import wizard: files, sheet, live preview (rows, rating values, parsed turns), mapping and speaker roles,
the import's own check before importing, then a file-by-file import with progress and its result.

Adapts :mod:`workbench.ingest` only: previews, checks and the import run through the shared
:class:`~ui.workers.runner.TaskRunner` off the GUI thread; the dialog never parses files or builds SQL.
A file that cannot be read is marked and skipped; it never blocks the others (:func:`import_each`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import error_tr, language
from ui.views.turn_preview_view import SpeakerRolesView, TurnPreviewView
from ui.windows.import_text import field_name, format_outcomes, format_reports, t, warning_lines
from ui.workers.runner import TaskHandle, TaskRunner
from workbench.errors import Cancelled
from workbench.ingest.mapping import FIELDS
from workbench.ingest.options import ImportOptions, ImportReport, Preview
from workbench.ingest.per_file import CHECK_ROWS, FileOutcome, check_file, import_each
from workbench.ingest.pipeline import preview
from workbench.progress import CancelToken, Progress
from workbench.project import Project

__all__ = ["ImportWizardDialog", "format_reports"]
CHANNELS = ("chat", "ticket", "review", "survey", "social")
_RED = "#c0392b"


def _message(error: BaseException) -> str:
    return error_tr(error)


class ImportWizardDialog(QDialog):
    """Files → preview, mapping, roles and check → import (progress, Cancel) → what happened to each file.

    Signals:
        imported: emitted with the list of :class:`ImportReport` once an import has stored something.
    """

    imported = Signal(object)

    def __init__(self, project: Project, paths: Sequence[str | Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.paths = [str(p) for p in paths]
        self.options: dict[str, ImportOptions] = {p: ImportOptions() for p in self.paths}
        self.previews: dict[str, Preview] = {}
        self.checks: dict[str, list[ImportReport]] = {}
        self.bad: dict[str, str] = {}  # path → why it cannot be read (marked in the list, skipped at import)
        self.reports: list[ImportReport] = []
        self.outcomes: list[FileOutcome] = []
        self.error: str | None = None
        runner = getattr(parent, "runner", None)
        self.runner = runner if isinstance(runner, TaskRunner) else TaskRunner(self)
        self.task: TaskHandle[Any] | None = None
        self._check_task: TaskHandle[Any] | None = None
        self._importing = False
        self.setWindowTitle(t("title"))
        self.resize(1180, 720)
        self._build()
        self._update_files()

    # -- layout ------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_source_page())
        self.pages.addWidget(self._build_report_page())
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(t("import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(t("cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.import_button.clicked.connect(self._on_import)
        self.close_button.clicked.connect(self._on_close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        layout.addWidget(self.buttons)

    def _build_source_page(self) -> QWidget:
        page = QWidget()
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self._build_files_box())
        split.addWidget(self._build_preview_box())
        split.addWidget(self._build_mapping_box())
        split.setStretchFactor(1, 1)
        split.setSizes([220, 640, 320])
        QVBoxLayout(page).addWidget(split)
        return page

    def _build_files_box(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(f"<b>{t('files')}</b>"))
        self.file_list = QListWidget()
        self.file_list.currentRowChanged.connect(self._on_file_changed)
        layout.addWidget(self.file_list, 1)
        buttons = QHBoxLayout()
        add = QPushButton(t("add"))
        add.clicked.connect(self._on_add_files)
        self.remove_button = QPushButton(t("remove"))
        self.remove_button.setToolTip(t("remove_tip"))
        self.remove_button.clicked.connect(self.remove_current)
        buttons.addWidget(add)
        buttons.addWidget(self.remove_button)
        layout.addLayout(buttons)
        self.file_list.installEventFilter(self)  # Delete (or Backspace) removes the selected file
        return box

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.file_list and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)):
            self.remove_current()
            return True
        return super().eventFilter(watched, event)

    def _build_preview_box(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.sheet_combo = QComboBox()
        self.sheet_combo.activated.connect(self._on_sheet_changed)
        top.addWidget(QLabel(t("sheet")))
        top.addWidget(self.sheet_combo, 1)
        layout.addLayout(top)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {_RED}")
        self.error_label.hide()
        layout.addWidget(self.info)
        layout.addWidget(self.error_label)
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.turns = TurnPreviewView()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.table, t("tab.rows"))
        self.tabs.addTab(self.turns, t("tab.turns", n=0))
        layout.addWidget(self.tabs, 1)
        self.check_title = QLabel()
        self.warnings = QListWidget()
        self.warnings.setWordWrap(True)
        self.warnings.setMaximumHeight(110)
        layout.addWidget(self.check_title)
        layout.addWidget(self.warnings)
        return box

    def _build_mapping_box(self) -> QWidget:
        box = QWidget()
        form = QFormLayout(box)
        form.addRow(QLabel(f"<b>{t('mapping')}</b>"))
        self.field_combos: dict[str, QComboBox] = {}
        for field in FIELDS:
            combo = QComboBox()
            combo.activated.connect(self._on_mapping_edited)
            self.field_combos[field] = combo
            form.addRow(field_name(field), combo)
        self.channel_combo = QComboBox()
        self.channel_combo.setEditable(True)
        self.channel_combo.addItem(t("auto"), None)
        for channel in CHANNELS:
            self.channel_combo.addItem(t(f"ch.{channel}"), channel)
        form.addRow(t("channel"), self.channel_combo)
        self.keep_pii = QCheckBox(t("keep_pii"))
        self.clean, self.drop_noise = QCheckBox(t("clean")), QCheckBox(t("drop_noise"))
        for box_ in (self.clean, self.drop_noise):
            box_.setChecked(True)
        form.addRow(self.clean)
        form.addRow(self.drop_noise)
        form.addRow(self.keep_pii)
        self.speakers_label = QLabel(f"<b>{t('speakers')}</b>")
        self.speakers = SpeakerRolesView()
        self.speakers.roleChanged.connect(self.set_role)
        form.addRow(self.speakers_label)
        form.addRow(self.speakers)
        box.setMinimumWidth(300)
        return box

    def _build_report_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(f"<b>{t('report')}</b>"))
        self.report_view = QPlainTextEdit()
        self.report_view.setReadOnly(True)
        layout.addWidget(self.report_view)
        return page

    # -- files ---------------------------------------------------------------------------------------
    def _update_files(self, select: int = 0) -> None:
        self.file_list.blockSignals(True)
        self.file_list.clear()
        for path in self.paths:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, path)
            self.file_list.addItem(item)
            self._mark(path)
        self.file_list.blockSignals(False)
        self.remove_button.setEnabled(bool(self.paths))
        if self.paths:
            self.file_list.setCurrentRow(min(max(select, 0), len(self.paths) - 1))
        else:
            self._show_empty()

    def _mark(self, path: str) -> None:
        """Show in the list whether ``path`` can be read (a bad one is red, marked and skipped)."""
        item = self.file_list.item(self.paths.index(path))
        name = Path(path).name if "://" not in path else path
        bad = self.bad.get(path)
        item.setText(t("bad_mark", name=name) if bad else name)
        item.setToolTip(t("bad_file", error=bad) if bad else path)
        item.setForeground(QColor(_RED) if bad else self.file_list.palette().text().color())

    def current_path(self) -> str | None:
        item = self.file_list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def _on_add_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, t("add"), "", t("file_filter"))
        self.add_paths(files)

    def add_paths(self, files: Sequence[str]) -> None:
        """Add sources to the import (duplicates ignored) and show the first new one."""
        new = [str(f) for f in files if str(f) not in self.options]
        for f in new:
            self.paths.append(f)
            self.options[f] = ImportOptions()
        if new:
            self._update_files(self.paths.index(new[0]))

    def remove_current(self) -> None:
        """Take the selected file off the list (its preview, check and error go with it)."""
        path = self.current_path()
        if path is None:
            return
        row = self.paths.index(path)
        self.paths.remove(path)
        for store in (self.options, self.previews, self.checks, self.bad):
            store.pop(path, None)
        self._update_files(row)

    def _on_file_changed(self, _row: int) -> None:
        self._set_error(None)  # an error belongs to the file it was about
        path = self.current_path()
        if path is None:
            self._show_empty()
        elif path in self.bad:
            self._show_bad(path)
        elif path in self.previews:
            self._show_preview(path, self.previews[path])
        else:
            self._load_preview(path)

    def _show_empty(self) -> None:
        self._set_error(None)
        self.info.setText(t("no_files"))
        for view in (self.table, self.turns):
            view.setRowCount(0)
        self._reset_views()
        self._update_import_button()

    def _reset_views(self) -> None:
        """Nothing of another file stays on screen: sheets, mapping, turns, speakers and the check cleared."""
        self.warnings.clear()
        self.check_title.clear()
        self.sheet_combo.clear()
        for combo in self.field_combos.values():
            combo.clear()
        self.speakers.set_speakers({})
        self.tabs.setTabText(1, t("tab.turns", n=0))
        self.tabs.setTabEnabled(1, False)
        self.tabs.setCurrentIndex(0)

    def _set_error(self, text: str | None) -> None:
        self.error = text
        self.error_label.setText(text or "")
        self.error_label.setVisible(bool(text))

    def busy(self) -> bool:
        """True while a preview, a check or the import is under way."""
        return any(task is not None and task.running for task in (self.task, self._check_task))

    def _update_import_button(self) -> None:
        self.import_button.setEnabled(not self._importing and any(p not in self.bad for p in self.paths))

    # -- previews and checks -----------------------------------------------------------------------
    def _on_sheet_changed(self, _index: int) -> None:
        path = self.current_path()
        if path is None:
            return
        name = self.sheet_combo.currentText() or None
        opts = self.options[path]
        if self.previews.get(path) and self.previews[path].kind in ("sqlite", "dburl"):
            opts.table, opts.sheet = name, None
        else:
            opts.sheet = name
        opts.mapping, opts.roles = {}, {}
        self._load_preview(path)

    def _load_preview(self, path: str) -> None:
        self.info.setText(t("loading"))
        if path not in self.previews:
            self.import_button.setEnabled(False)
        opts, project = replace(self.options[path]), self.project

        def work(progress: Progress, cancel: CancelToken) -> Preview:
            return preview(path, opts, rows=50, project=project)

        self.task = self.runner.start(work, title=t("loading"), on_done=lambda p: self._on_preview(path, p),
                                      on_error=lambda e: self._on_preview_error(path, e), parent=self)

    def _on_preview_error(self, path: str, error: BaseException) -> None:
        if path not in self.options:
            return  # removed from the list meanwhile
        self.bad[path] = _message(error)
        self.previews.pop(path, None)
        self._mark(path)
        if path == self.current_path():
            self._show_bad(path)
        self._update_import_button()

    def _show_bad(self, path: str) -> None:
        self._set_error(t("bad_file", error=self.bad[path]))
        self.info.clear()
        for view in (self.table, self.turns):
            view.setRowCount(0)
        self._reset_views()

    def _on_preview(self, path: str, info: Preview) -> None:
        if path not in self.options:
            return  # removed from the list meanwhile
        self.previews[path] = info
        opts = self.options[path]
        if info.kind in ("sqlite", "dburl") and opts.query is None:
            opts.table = info.sheet
        elif info.kind in ("xlsx", "xls"):
            opts.sheet = info.sheet
        opts.mapping = dict(info.mapping)
        if path == self.current_path():
            self._show_preview(path, info)
        if not self._importing:
            self._start_check(path)

    def _show_preview(self, path: str, info: Preview) -> None:
        self.sheet_combo.clear()
        self.sheet_combo.addItems(info.names)
        if info.sheet:
            self.sheet_combo.setCurrentText(info.sheet)
        self.sheet_combo.setEnabled(len(info.names) > 1)
        for field, combo in self.field_combos.items():
            combo.clear()
            combo.addItem(t("none"), "")
            for column in info.header:
                combo.addItem(column, column)
            combo.setCurrentIndex(max(combo.findData(info.mapping.get(field, "")), 0))
        details = [info.kind, t("detail.header_row", n=info.header_row) if info.header_row else "",
                   t("detail.encoding", v=info.encoding) if info.encoding else "",
                   t("detail.delimiter", v=info.delimiter) if info.delimiter else "",
                   t("detail.rows", n=info.total) if info.total else "", t("saved") if info.saved else ""]
        self.info.setText(" · ".join(d for d in details if d))
        self._update_table(info)
        self.turns.set_sessions(info.sessions)
        self.tabs.setTabText(1, t("tab.turns", n=len(info.sessions)))
        self.tabs.setTabEnabled(1, bool(info.sessions))
        self.tabs.setCurrentIndex(1 if info.sessions else 0)  # transcripts: the parsed turns need checking
        self.speakers.set_speakers(info.speakers)
        self.speakers_label.setVisible(bool(info.speakers))
        self.speakers.setVisible(bool(info.speakers))
        self._update_check(path)
        self._update_import_button()

    def _update_table(self, info: Preview) -> None:
        mapping = self.current_mapping()
        by_column = {col: field for field, col in mapping.items() if col}
        rating_column = mapping.get("rating") if info.mapping.get("rating") == mapping.get("rating") else None
        scale = f" ({t('scale.' + info.rating_scale)})" if info.rating_scale else ""
        self.table.clear()
        self.table.setColumnCount(len(info.header))
        self.table.setRowCount(len(info.rows))
        self.table.setHorizontalHeaderLabels(
            [f"{col}\n→ {field_name(by_column[col])}{scale if col == rating_column else ''}"
             if col in by_column else col for col in info.header])
        for r, row in enumerate(info.rows):
            for c, value in enumerate(row):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.table.setItem(r, c, item)
        if rating_column and rating_column in info.header and info.ratings:
            self._show_ratings(info.header.index(rating_column), info.ratings)
        self.table.resizeColumnsToContents()
        for c in range(self.table.columnCount()):
            self.table.setColumnWidth(c, min(self.table.columnWidth(c), 320))

    def _show_ratings(self, column: int, ratings: Sequence[tuple[str, float | None, int | None]]) -> None:
        """The rating column's cells read ``value → mapped``, as the import will store them."""
        for r, (value, rating, nps) in enumerate(ratings[:self.table.rowCount()]):
            if not value:
                continue
            if nps is not None:
                shown = f"NPS {nps}"
            elif rating is not None:
                shown = f"{rating:g}"
            else:
                shown = t("rating.none") if value.strip() else ""
            item = QTableWidgetItem(f"{value} → {shown}")
            if rating is None and nps is None:
                item.setForeground(QColor(_RED))
            self.table.setItem(r, column, item)

    def _start_check(self, path: str) -> None:
        if self._check_task is not None and self._check_task.running:
            self._check_task.cancel()
        opts, project = replace(self.options[path]), self.project
        self.checks.pop(path, None)
        if path == self.current_path():
            self.check_title.setText(f"<b>{t('check.title')}</b> {t('checking')}")
            self.warnings.clear()

        def work(progress: Progress, cancel: CancelToken) -> list[ImportReport]:
            return check_file(project, path, opts, progress, cancel)

        self._check_task = self.runner.start(
            work, title=t("checking"), on_done=lambda r: self._on_checked(path, r),
            on_error=lambda e: self._on_check_error(path, e), parent=self, modal=False)
        self._update_import_button()

    def _on_checked(self, path: str, reports: list[ImportReport]) -> None:
        if path not in self.options:
            return
        self.checks[path] = reports
        if path == self.current_path():
            self._update_check(path)

    def _on_check_error(self, path: str, error: BaseException) -> None:
        if isinstance(error, Cancelled) or path != self.current_path():
            return
        self.check_title.setText(f"<b>{t('check.title')}</b>")
        self.warnings.clear()
        item = QListWidgetItem(t("check.failed", error=_message(error)))
        item.setForeground(QColor(_RED))
        self.warnings.addItem(item)

    def _update_check(self, path: str) -> None:
        reports = self.checks.get(path)
        if reports is None:
            return
        info = self.previews.get(path)
        first = t("check.first", n=CHECK_ROWS) if info and (info.total or 0) > CHECK_ROWS else ""
        summary = "；".join(t("check.summary", read=r.read, imported=r.imported, conversations=r.conversations)
                           for r in reports if r.shape != "skipped")
        self.check_title.setText(f"<b>{t('check.title')}</b>{first} {summary}")
        self.warnings.clear()
        lines = [line for r in reports for line in warning_lines(r)]
        for line in lines:
            self.warnings.addItem(QListWidgetItem(f"⚠ {line}"))
        if not lines:
            self.warnings.addItem(QListWidgetItem(f"✓ {t('check.ok')}"))

    def warning_texts(self) -> list[str]:
        """The check's lines as shown (for tests and screen readers)."""
        return [self.warnings.item(i).text() for i in range(self.warnings.count())]

    # -- mapping and roles ---------------------------------------------------------------------------
    def current_mapping(self) -> dict[str, str]:
        """The mapping shown in the combos (field → column; '' for unused fields)."""
        return {field: str(combo.currentData() or "") for field, combo in self.field_combos.items()}

    def set_mapping(self, field: str, column: str) -> None:
        """Point a field at a column (as the user would with the combo)."""
        combo = self.field_combos[field]
        combo.setCurrentIndex(max(combo.findData(column), 0))
        self._on_mapping_edited(combo.currentIndex())

    def _on_mapping_edited(self, _index: int) -> None:
        path = self.current_path()
        if path is None or path not in self.previews:
            return
        self.options[path].mapping = self.current_mapping()
        self._update_table(self.previews[path])
        if self.options[path].mapping.get("text"):
            self._load_preview(path)  # the parse, the rating values and the check follow the new mapping

    def set_role(self, label: str, role: str) -> None:
        """Give a speaker label a role for this file: the preview, the check and the import use it."""
        path = self.current_path()
        if path is None:
            return
        self.options[path].roles[label] = role
        self.options[path].mapping = self.current_mapping()
        self._load_preview(path)

    # -- import --------------------------------------------------------------------------------------
    def _on_import(self) -> None:
        if not self.paths:
            self._set_error(t("no_files"))
            return
        if all(p in self.bad for p in self.paths):
            self._set_error(t("no_good"))
            return
        path = self.current_path()
        if path is not None and path in self.previews:
            self.options[path].mapping = self.current_mapping()
            if not self.options[path].mapping.get("text"):
                self._set_error(t("no_text"))
                return
        channel = self.channel_combo.currentData()
        text = self.channel_combo.currentText().strip()
        chosen = channel or (text if text and text != t("auto") else None)
        for opts in self.options.values():
            opts.channel = chosen
            opts.keep_pii_originals = self.keep_pii.isChecked()
            opts.clean, opts.drop_noise = self.clean.isChecked(), self.drop_noise.isChecked()
        if self._check_task is not None and self._check_task.running:
            self._check_task.cancel()
        self._importing = True
        self.import_button.setEnabled(False)
        self._set_error(None)
        self.info.setText(t("importing"))
        project, paths, skip = self.project, list(self.paths), dict(self.bad)
        options = {p: replace(o) for p, o in self.options.items()}

        def work(progress: Progress, cancel: CancelToken) -> list[FileOutcome]:
            return import_each(project, paths, options, progress, cancel, skip=skip)

        self.task = self.runner.start(work, title=t("importing"), on_done=self._on_imported,
                                      on_error=self._on_import_error, parent=self)

    def _on_imported(self, outcomes: list[FileOutcome]) -> None:
        self._importing = False
        self.outcomes = outcomes
        self.reports = [r for o in outcomes for r in o.reports]
        for o in outcomes:
            if o.status == "failed" and o.error and o.path in self.options:
                self.bad[o.path] = o.error_in(language()) or o.error
                self._mark(o.path)
        if not any(o.status == "imported" for o in outcomes):
            failed = [o for o in outcomes if o.status == "failed"]
            self._set_error(t("nothing") + "；".join(f"{Path(o.path).name}: {o.error_in(language())}" for o in failed)
                            if failed else t("cancelled"))
            self._update_import_button()
            return
        self.report_view.setPlainText(format_outcomes(outcomes))
        self.pages.setCurrentIndex(1)
        self.import_button.hide()
        self.close_button.setText(t("close"))
        self.imported.emit(self.reports)

    def _on_import_error(self, error: BaseException) -> None:
        self._importing = False
        self._set_error(t("cancelled") if isinstance(error, Cancelled) else _message(error))
        self._update_import_button()

    def _on_close(self) -> None:
        if self.reports:
            self.accept()
        else:
            self.reject()

    def reject(self) -> None:
        """Closing (Cancel, Esc, the window's ×) cancels a running import: the file under way is rolled back."""
        for task in (self.task, self._check_task):
            if task is not None and task.running:
                task.cancel()
        super().reject()
