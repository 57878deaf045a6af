"""The import wizard: pick a sheet, check the live preview, fix the mapping, import with progress, read the report.

Adapts :mod:`workbench.ingest.pipeline` only: previews and the import run through the shared
:class:`~ui.workers.runner.TaskRunner` off the GUI thread; the dialog never parses files or builds SQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui import i18n
from ui.i18n import pick
from ui.workers.runner import TaskHandle, TaskRunner
from workbench.errors import Cancelled, KeshengError
from workbench.ingest.mapping import FIELDS
from workbench.ingest.options import ImportOptions, ImportReport, Preview
from workbench.ingest.pipeline import import_files, preview
from workbench.progress import CancelToken, Progress
from workbench.project import Project

CHANNELS = ("chat", "ticket", "review", "survey", "social")
_TEXT: dict[str, tuple[str, str]] = {
    "title": ("导入数据", "Import data"), "file": ("文件", "File"), "add": ("添加文件…", "Add files…"),
    "sheet": ("工作表/数据表", "Sheet / table"), "mapping": ("字段对应", "Column mapping"),
    "channel": ("渠道", "Channel"), "auto": ("（按列或自动）", "(from column / auto)"),
    "none": ("（不使用）", "(not used)"),
    "keep_pii": ("另存个人信息原文（默认不保存）", "Keep PII originals (off by default)"),
    "clean": ("清洗文本（NFKC、去标记、整理空白）", "Clean text (NFKC, markup, whitespace)"),
    "drop_noise": ("去掉系统噪声（[图片]、自动回复）", "Drop system noise ([image], auto-replies)"),
    "import": ("导入", "Import"), "close": ("关闭", "Close"), "cancel": ("取消", "Cancel"),
    "loading": ("正在读取预览…", "Reading the preview…"), "importing": ("正在导入…", "Importing…"),
    "report": ("导入报告", "Import report"), "no_text": ("请选择“文本”对应的列。", "Choose the column for “text”."),
    "no_files": ("请先添加要导入的文件。", "Add a file to import first."),
    "cancelled": ("已取消：项目未作任何改动。", "Cancelled: the project was not changed."),
    "saved": ("（沿用上次保存的对应关系）", "(mapping saved from last time)"),
    "f.text": ("文本", "text"), "f.time": ("时间", "time"), "f.channel": ("渠道列", "channel"),
    "f.rating": ("评分", "rating"), "f.product": ("产品", "product"), "f.id": ("编号", "id"),
    "f.customer": ("客户", "customer"), "f.session": ("会话ID", "session"), "f.role": ("角色", "role"),
    "f.turn": ("轮次", "turn"), "f.agent": ("客服", "agent"),
}


def _t(key: str, **fmt: object) -> str:
    return pick(_TEXT, key, **fmt)


class ImportWizardDialog(QDialog):
    """Source → preview & mapping → import (progress, Cancel) → report.

    Signals:
        imported: emitted with the list of :class:`ImportReport` once an import has been stored.
    """

    imported = Signal(object)

    def __init__(self, project: Project, paths: Sequence[str | Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.paths = [str(p) for p in paths]
        self.options: dict[str, ImportOptions] = {p: ImportOptions() for p in self.paths}
        self.previews: dict[str, Preview] = {}
        self.reports: list[ImportReport] = []
        self.error: str | None = None
        runner = getattr(parent, "runner", None)
        self.runner = runner if isinstance(runner, TaskRunner) else TaskRunner(self)
        self.task: TaskHandle[Any] | None = None
        self._loading = False
        self.setWindowTitle(_t("title"))
        self.resize(980, 640)
        self._build()
        self._update_files()

    # -- layout ------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_source_page())
        self.pages.addWidget(self._build_report_page())
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(_t("import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(_t("cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.import_button.clicked.connect(self._on_import)
        self.close_button.clicked.connect(self._on_close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        layout.addWidget(self.buttons)

    def _build_source_page(self) -> QWidget:
        page = QWidget()
        top = QHBoxLayout()
        self.file_combo = QComboBox()
        self.file_combo.currentIndexChanged.connect(self._on_file_changed)
        add = QPushButton(_t("add"))
        add.clicked.connect(self._on_add_files)
        self.sheet_combo = QComboBox()
        self.sheet_combo.activated.connect(self._on_sheet_changed)
        for widget in (QLabel(_t("file")), self.file_combo, add, QLabel(_t("sheet")), self.sheet_combo):
            top.addWidget(widget)
        top.setStretch(1, 1)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        body = QHBoxLayout()
        body.addWidget(self.table, 1)
        body.addWidget(self._build_mapping_box())
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(self.info)
        layout.addLayout(body, 1)
        return page

    def _build_mapping_box(self) -> QWidget:
        box = QWidget()
        form = QFormLayout(box)
        form.addRow(QLabel(f"<b>{_t('mapping')}</b>"))
        self.field_combos: dict[str, QComboBox] = {}
        for field in FIELDS:
            combo = QComboBox()
            combo.activated.connect(self._on_mapping_edited)
            self.field_combos[field] = combo
            form.addRow(_t(f"f.{field}"), combo)
        self.channel_combo = QComboBox()
        self.channel_combo.setEditable(True)
        self.channel_combo.addItem(_t("auto"), None)
        for channel in CHANNELS:
            self.channel_combo.addItem(channel, channel)
        form.addRow(_t("channel"), self.channel_combo)
        self.keep_pii = QCheckBox(_t("keep_pii"))
        self.clean, self.drop_noise = QCheckBox(_t("clean")), QCheckBox(_t("drop_noise"))
        for box_ in (self.clean, self.drop_noise):
            box_.setChecked(True)
        form.addRow(self.clean)
        form.addRow(self.drop_noise)
        form.addRow(self.keep_pii)
        box.setMinimumWidth(280)
        return box

    def _build_report_page(self) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        grid.addWidget(QLabel(f"<b>{_t('report')}</b>"), 0, 0)
        self.report_view = QPlainTextEdit()
        self.report_view.setReadOnly(True)
        grid.addWidget(self.report_view, 1, 0)
        return page

    # -- files and previews ------------------------------------------------------------------------
    def _update_files(self) -> None:
        self.file_combo.blockSignals(True)
        self.file_combo.clear()
        for path in self.paths:
            self.file_combo.addItem(Path(path).name if "://" not in path else path, path)
        self.file_combo.blockSignals(False)
        if self.paths:
            self.file_combo.setCurrentIndex(0)
            self._on_file_changed(0)

    def current_path(self) -> str | None:
        data = self.file_combo.currentData()
        return str(data) if data else None

    def _on_add_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, _t("add"), "", "Data (*.xlsx *.xlsm *.xls *.csv *.tsv *.txt "
                                                "*.json *.jsonl *.db *.sqlite *.sqlite3);;All files (*)")
        self.add_paths(files)

    def add_paths(self, files: Sequence[str]) -> None:
        """Add sources to the import (duplicates ignored) and show the first new one."""
        new = [f for f in files if f not in self.options]
        for f in new:
            self.paths.append(f)
            self.options[f] = ImportOptions()
        if new:
            self._update_files()
            self.file_combo.setCurrentIndex(self.paths.index(new[0]))

    def _on_file_changed(self, _index: int) -> None:
        path = self.current_path()
        if path is not None:
            self._load_preview(path)

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
        opts.mapping = {}
        self._load_preview(path)

    def _load_preview(self, path: str) -> None:
        self._loading = True
        self.info.setText(_t("loading"))
        self.import_button.setEnabled(False)
        opts = self.options[path]
        project = self.project

        def work(progress: Progress, cancel: CancelToken) -> Preview:
            return preview(path, opts, rows=50, project=project)

        self.task = self.runner.start(work, title=_t("loading"), on_done=lambda p: self._show_preview(path, p),
                                      on_error=self._on_preview_error, parent=self)

    def _on_preview_error(self, error: BaseException) -> None:
        self._loading = False
        self.error = error.message if isinstance(error, KeshengError) else f"{type(error).__name__}: {error}"
        self.info.setText(f"<span style='color:#c0392b'>{self.error}</span>")
        self.table.clear()
        self.table.setRowCount(0)
        self.import_button.setEnabled(False)

    def _show_preview(self, path: str, info: Preview) -> None:
        self._loading = False
        self.error = None
        self.previews[path] = info
        opts = self.options[path]
        if info.kind in ("sqlite", "dburl") and opts.query is None:
            opts.table = info.sheet
        elif info.kind in ("xlsx", "xls"):
            opts.sheet = info.sheet
        if path != self.current_path():
            return
        self.sheet_combo.clear()
        self.sheet_combo.addItems(info.names)
        if info.sheet:
            self.sheet_combo.setCurrentText(info.sheet)
        self.sheet_combo.setEnabled(len(info.names) > 1)
        for field, combo in self.field_combos.items():
            combo.clear()
            combo.addItem(_t("none"), "")
            for column in info.header:
                combo.addItem(column, column)
            combo.setCurrentIndex(max(combo.findData(info.mapping.get(field, "")), 0))
        details = [f"{info.kind}", f"header row {info.header_row}" if info.header_row else "",
                   f"encoding {info.encoding}" if info.encoding else "",
                   f"delimiter {info.delimiter!r}" if info.delimiter else "",
                   f"~{info.total:,} rows" if info.total else "", _t("saved") if info.saved else ""]
        self.info.setText(" · ".join(d for d in details if d))
        self._update_table(info)
        self.import_button.setEnabled(True)

    def _update_table(self, info: Preview) -> None:
        mapping = self.current_mapping()
        by_column = {col: field for field, col in mapping.items() if col}
        self.table.clear()
        self.table.setColumnCount(len(info.header))
        self.table.setRowCount(len(info.rows))
        self.table.setHorizontalHeaderLabels(
            [f"{col}\n→ {_t('f.' + by_column[col])}" if col in by_column else col for col in info.header])
        for r, row in enumerate(info.rows):
            for c, value in enumerate(row):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        for c in range(self.table.columnCount()):
            self.table.setColumnWidth(c, min(self.table.columnWidth(c), 320))

    # -- mapping -------------------------------------------------------------------------------------
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

    # -- import --------------------------------------------------------------------------------------
    def _on_import(self) -> None:
        if not self.paths:
            self.info.setText(_t("no_files"))
            return
        path = self.current_path()
        if path is not None and path in self.previews:
            self.options[path].mapping = self.current_mapping()
            if not self.options[path].mapping.get("text"):
                self.info.setText(f"<span style='color:#c0392b'>{_t('no_text')}</span>")
                return
        channel = self.channel_combo.currentData()
        text = self.channel_combo.currentText().strip()
        chosen = channel or (text if text and text != _t("auto") else None)
        for opts in self.options.values():
            opts.channel = chosen
            opts.keep_pii_originals = self.keep_pii.isChecked()
            opts.clean, opts.drop_noise = self.clean.isChecked(), self.drop_noise.isChecked()
        self.import_button.setEnabled(False)
        self.info.setText(_t("importing"))
        project, paths, options = self.project, list(self.paths), dict(self.options)

        def work(progress: Progress, cancel: CancelToken) -> list[ImportReport]:
            return import_files(project, paths, None, progress, cancel, per_source=options)

        self.task = self.runner.start(work, title=_t("importing"), on_done=self._on_imported,
                                      on_error=self._on_import_error, parent=self)

    def _on_imported(self, reports: list[ImportReport]) -> None:
        self.reports = reports
        self.report_view.setPlainText(format_reports(reports))
        self.pages.setCurrentIndex(1)
        self.import_button.hide()
        self.close_button.setText(_t("close"))
        self.imported.emit(reports)

    def _on_import_error(self, error: BaseException) -> None:
        self.import_button.setEnabled(True)
        if isinstance(error, Cancelled):
            self.error = _t("cancelled")
        else:
            self.error = error.message if isinstance(error, KeshengError) else f"{type(error).__name__}: {error}"
        self.info.setText(f"<span style='color:#c0392b'>{self.error}</span>")

    def _on_close(self) -> None:
        if self.reports:
            self.accept()
        else:
            self.reject()

    def reject(self) -> None:
        """Closing (Cancel, Esc, the window's ×) cancels a running import: nothing half-written is kept."""
        if self.task is not None and self.task.running:
            self.task.cancel()
        super().reject()


def format_reports(reports: Sequence[ImportReport]) -> str:
    """The import reports as plain text, in the UI language."""
    zh = i18n.language() == "zh"
    lines: list[str] = []
    for r in reports:
        where = f" [{r.sheet}]" if r.sheet else ""
        lines.append(f"{r.path}{where}")
        if zh:
            lines.append(f"  读取 {r.read} 行，导入 {r.imported} 条，重复 {r.duplicates}，"
                         f"疑似重复 {r.near_duplicates}，脱敏 {r.masked}，拒绝 {r.rejected}")
            if r.conversations:
                lines.append(f"  会话 {r.conversations} 个（消息 {r.messages} 条）")
        else:
            lines.append(f"  read {r.read}, imported {r.imported}, duplicates {r.duplicates}, near-duplicates "
                         f"{r.near_duplicates}, masked {r.masked}, rejected {r.rejected}")
            if r.conversations:
                lines.append(f"  conversations {r.conversations} ({r.messages} messages)")
        if r.masked_by_kind:
            lines.append("  PII: " + ", ".join(f"{k} {n}" for k, n in sorted(r.masked_by_kind.items())))
        lines.append("  " + ", ".join(f"{k}={v}" for k, v in r.mapping.items()))
        lines.extend(f"  - {p}" for p in r.problems)
        lines.append("")
    return "\n".join(lines)
