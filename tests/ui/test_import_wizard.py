"""The import wizard: preview, mapping fixes, import via the task runner, report, cancel and bad files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from ui.windows.import_wizard import ImportWizardDialog
from workbench.ingest.pipeline import import_files
from workbench.project import Project


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    proj = Project.open(tmp_path / "w.kesheng")
    yield proj
    proj.close()


def _xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> str:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return str(path)


def _wait_idle(qtbot: Any, dialog: ImportWizardDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=10000)


@pytest.fixture
def wizard(qtbot: Any, project: Project, tmp_path: Path) -> ImportWizardDialog:
    path = _xlsx(tmp_path / "data.xlsx", {
        "说明": [["本表为导出说明"]],
        "评价": [["编号", "日期", "备注", "正文"], [1, "2024-03-05", "vip", "物流太慢了,电话13812345678"],
                 [2, "2024-03-06", "new", "包装很好"]],
    })
    dialog = ImportWizardDialog(project, [Path(path)])
    dialog.runner.show_dialogs = False
    qtbot.addWidget(dialog)
    _wait_idle(qtbot, dialog)
    return dialog


def test_preview_sheet_choice_mapping_and_import(qtbot: Any, wizard: ImportWizardDialog, project: Project) -> None:
    assert wizard.sheet_combo.count() == 2
    wizard.sheet_combo.setCurrentIndex(1)
    wizard.sheet_combo.activated.emit(1)
    _wait_idle(qtbot, wizard)
    assert wizard.table.rowCount() == 2 and wizard.table.columnCount() == 4
    mapping = wizard.current_mapping()
    assert mapping["id"] == "编号" and mapping["time"] == "日期"
    wizard.set_mapping("text", "正文")
    assert "→" in wizard.table.horizontalHeaderItem(3).text()
    wizard.channel_combo.setCurrentIndex(wizard.channel_combo.findData("review"))
    with qtbot.waitSignal(wizard.imported, timeout=10000) as blocker:
        wizard.import_button.click()
    (report,) = blocker.args[0]
    assert report.imported == 2 and report.masked == 1 and report.sheet == "评价"
    assert wizard.pages.currentIndex() == 1
    assert "imported 2" in wizard.report_view.toPlainText() or "导入 2 条" in wizard.report_view.toPlainText()
    stats = project.stats()
    assert stats.records == 2 and stats.channels == {"review": 2}


def test_missing_text_mapping_is_refused(qtbot: Any, wizard: ImportWizardDialog, project: Project) -> None:
    wizard.sheet_combo.setCurrentIndex(1)
    wizard.sheet_combo.activated.emit(1)
    _wait_idle(qtbot, wizard)
    wizard.set_mapping("text", "")
    wizard.import_button.click()
    assert wizard.task is None or not wizard.task.running
    assert project.stats().records == 0


def test_bad_file_shows_one_sentence(qtbot: Any, project: Project, tmp_path: Path) -> None:
    bad = tmp_path / "broken.xlsx"
    bad.write_text("not really a workbook", encoding="utf-8")
    dialog = ImportWizardDialog(project, [str(bad)])
    dialog.runner.show_dialogs = False
    qtbot.addWidget(dialog)
    _wait_idle(qtbot, dialog)
    assert dialog.error is not None and "not an Excel workbook" in dialog.error
    assert not dialog.import_button.isEnabled()


def test_cancel_leaves_project_unchanged(qtbot: Any, project: Project, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    path = _xlsx(tmp_path / "c.xlsx", {"s": [["内容"], ["很好"], ["很差"]]})
    dialog = ImportWizardDialog(project, [path])
    dialog.runner.show_dialogs = False
    qtbot.addWidget(dialog)
    _wait_idle(qtbot, dialog)

    def cancelled_import(*args: Any, **kwargs: Any) -> Any:
        cancel = args[4]
        cancel.cancel()
        return import_files(*args, **kwargs)

    monkeypatch.setattr("workbench.ingest.per_file.import_files", cancelled_import)
    dialog.import_button.click()
    _wait_idle(qtbot, dialog)
    assert dialog.error in ("已取消：项目未作任何改动。", "Cancelled: the project was not changed.")
    assert dialog.pages.currentIndex() == 0
    assert project.stats().records == 0 and project.stats().sources == 0


def test_sqlite_source_lists_tables_and_imports_the_chosen_one(qtbot: Any, project: Project, tmp_path: Path) -> None:
    import sqlite3

    src = tmp_path / "crm.db"
    conn = sqlite3.connect(src)
    conn.execute("CREATE TABLE a_notes (x TEXT)")
    conn.execute("CREATE TABLE tickets (id TEXT, description TEXT)")
    conn.executemany("INSERT INTO tickets VALUES (?, ?)", [("T1", "空调不制冷"), ("T2", "安装太慢")])
    conn.commit()
    conn.close()
    dialog = ImportWizardDialog(project, [str(src)])
    dialog.runner.show_dialogs = False
    qtbot.addWidget(dialog)
    _wait_idle(qtbot, dialog)
    assert [dialog.sheet_combo.itemText(i) for i in range(dialog.sheet_combo.count())] == ["a_notes", "tickets"]
    dialog.sheet_combo.setCurrentIndex(1)
    dialog.sheet_combo.activated.emit(1)
    _wait_idle(qtbot, dialog)
    assert dialog.current_mapping()["text"] == "description"
    with qtbot.waitSignal(dialog.imported, timeout=10000) as blocker:
        dialog.import_button.click()
    assert blocker.args[0][0].imported == 2
