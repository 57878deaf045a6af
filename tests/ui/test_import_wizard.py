"""The import wizard: preview, mapping fixes, import via the task runner, report, cancel and bad files."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from ui import i18n
from ui.windows.import_wizard import ImportWizardDialog
from workbench.ingest.pipeline import import_files, preview
from workbench.project import Project


@pytest.fixture(autouse=True)
def _language() -> Iterator[None]:
    before = i18n.language()
    yield
    i18n.set_language(before)


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
    assert dialog.error is not None and "不是 Excel 工作簿" in dialog.error  # the zh screen's sentence
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


EXPORTS = Path(__file__).resolve().parents[2].parent / "shared" / "exports"
CHAT = ("2024-05-03 10:00:01 客户：洗衣机漏水了\n2024-05-03 10:00:30 阿强：型号多少\n"
        "2024-05-03 10:01:00 客户：XQB80\n[系统消息] 请对本次服务进行评价")


def _open(qtbot: Any, project: Project, paths: list[str]) -> ImportWizardDialog:
    dialog = ImportWizardDialog(project, paths)
    dialog.runner.show_dialogs = False
    qtbot.addWidget(dialog)
    _wait_idle(qtbot, dialog)
    return dialog


def _encrypted(tmp_path: Path) -> str:
    path = tmp_path / "加密.xlsx"  # an encrypted workbook is an OLE compound file, not a zip
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 16)
    return str(path)


def _files(dialog: ImportWizardDialog) -> list[str]:
    return [dialog.file_list.item(i).text() for i in range(dialog.file_list.count())]


def test_bad_file_is_marked_removable_and_never_blocks_the_good_one(qtbot: Any, project: Project,
                                                                     tmp_path: Path) -> None:
    good = _xlsx(tmp_path / "good.xlsx", {"s": [["内容", "时间"], ["很好", "2024-03-05"], ["很差", "2024-03-06"]]})
    noise = tmp_path / "noise.xlsx"
    noise.write_bytes(bytes(range(256)) * 4)  # random bytes named .xlsx
    dialog = _open(qtbot, project, [_encrypted(tmp_path), good, str(noise)])
    assert dialog.error is not None and dialog.error_label.isVisible() is dialog.isVisible()
    assert _files(dialog)[0].startswith("✗") and not _files(dialog)[1].startswith("✗")
    assert dialog.import_button.isEnabled()  # the good file can still be imported
    dialog.file_list.setCurrentRow(1)
    _wait_idle(qtbot, dialog)
    assert dialog.error is None and dialog.error_label.text() == ""  # the error went with the selection
    assert dialog.table.rowCount() == 2
    dialog.file_list.setCurrentRow(2)
    _wait_idle(qtbot, dialog)
    assert dialog.error is not None and _files(dialog)[2].startswith("✗")
    dialog.file_list.setFocus()
    qtbot.keyClick(dialog.file_list, Qt.Key.Key_Delete)  # the Delete key removes the selected file
    assert len(dialog.paths) == 2 and dialog.error is None
    with qtbot.waitSignal(dialog.imported, timeout=10000) as blocker:
        dialog.import_button.click()
    (report,) = blocker.args[0]
    assert report.imported == 2 and project.stats().records == 2
    assert [o.status for o in dialog.outcomes] == ["skipped", "imported"]
    text = dialog.report_view.toPlainText()
    assert "加密.xlsx" in text and "good.xlsx" in text and dialog.pages.currentIndex() == 1


def test_remove_button_empties_the_list(qtbot: Any, project: Project, tmp_path: Path) -> None:
    dialog = _open(qtbot, project, [_encrypted(tmp_path)])
    assert not dialog.import_button.isEnabled()
    dialog.remove_button.click()
    assert dialog.paths == [] and dialog.error is None and not dialog.remove_button.isEnabled()
    assert not dialog.import_button.isEnabled()


def test_check_before_import_shows_the_import_warnings(qtbot: Any, project: Project, tmp_path: Path) -> None:
    i18n.set_language("zh")
    path = tmp_path / "r.csv"
    path.write_text("内容,评分\n很好,五颗\n太差了,2\n一般般,3\n", encoding="utf-8")
    dialog = _open(qtbot, project, [str(path)])
    shown = dialog.warning_texts()
    assert shown == ["⚠ 没有对应“时间”列：导入的记录将没有日期。",
                     "⚠ 评分列“评分”有 1 个值无法对应到评分（'五颗'×1）。"]
    assert project.stats().records == 0 and project.stats().sources == 0  # the check changed nothing
    rating = dialog.current_mapping()["rating"]
    column = [dialog.table.horizontalHeaderItem(c).text().split("\n")[0]
              for c in range(dialog.table.columnCount())].index(rating)
    assert [dialog.table.item(r, column).text() for r in range(3)] == ["五颗 → 无评分", "2 → 2", "3 → 3"]
    with qtbot.waitSignal(dialog.imported, timeout=10000) as blocker:
        dialog.import_button.click()
    (report,) = blocker.args[0]
    assert len(report.warnings) == 2  # the same warnings, from the import itself
    assert "注意：评分列“评分”有 1 个值" in dialog.report_view.toPlainText()


def test_transcript_turns_by_role_and_a_role_fix_reaches_the_import(qtbot: Any, project: Project,
                                                                   tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "chats.xlsx", {"会话": [["会话ID", "开始时间", "聊天记录", "满意度"],
                                                   ["S1", "2024-05-03 10:00:00", CHAT, "非常满意"],
                                                   ["S2", "2024-05-04 09:00:00", CHAT, "不满意"]]})
    dialog = _open(qtbot, project, [path])
    assert dialog.tabs.currentIndex() == 1 and dialog.turns.rowCount() == 8
    assert dialog.turns.roles()[:4] == ["customer", "customer", "customer", "system"]  # 阿强 guessed customer
    colours = {dialog.turns.item(r, 0).background().color().name() for r in range(4)}
    assert len(colours) == 2  # customer and system differ
    assert set(dialog.speakers.combos) == {"客户", "阿强", "系统消息"}
    dialog.speakers.set_role("阿强", "agent")
    _wait_idle(qtbot, dialog)
    assert dialog.turns.roles()[:4] == ["customer", "agent", "customer", "system"]
    assert dialog.turns.item(1, 0).background().color() != dialog.turns.item(0, 0).background().color()
    with qtbot.waitSignal(dialog.imported, timeout=10000) as blocker:
        dialog.import_button.click()
    (report,) = blocker.args[0]
    assert report.turns == {"customer": 4, "agent": 2, "system": 2}


@pytest.mark.skipif(not EXPORTS.is_dir(), reason="shared exports not present")
def test_real_export_preview_is_the_cli_parse_and_the_zh_screen(qtbot: Any, project: Project,
                                                               tmp_path: Path) -> None:
    i18n.set_language("zh")
    (src,) = [str(p) for p in EXPORTS.iterdir() if p.name.startswith("01_")]
    dialog = _open(qtbot, project, [src, _encrypted(tmp_path)])
    dialog.show()
    shown = preview(src)
    assert dialog.turns.roles() == [t.role for s in shown.sessions for t in s]
    assert {"customer", "agent", "bot", "system"} <= set(dialog.turns.roles())
    headers = [dialog.table.horizontalHeaderItem(c).text() for c in range(dialog.table.columnCount())]
    assert any(h == "满意度\n→ 评分 (1–5 分)" for h in headers)
    labels = [w.text() for w in dialog.findChildren(QLabel) if w.isVisible()]
    labels += [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    labels += [b.text() for b in dialog.findChildren(QPushButton) if b.isVisible()]
    english = [s for s in labels if re.search(r"\b(the|and|of|rows?|Import|Cancel|Remove|Sheet)\b", s)]
    assert not english, english
    out = tmp_path / "shots"
    out.mkdir()
    dialog.grab().save(str(out / "wizard_01.png"))
    dialog.file_list.setCurrentRow(1)
    _wait_idle(qtbot, dialog)
    dialog.grab().save(str(out / "wizard_bad.png"))
    assert dialog.error is not None and dialog.error.startswith("无法读取此文件")
    assert dialog.turns.rowCount() == 0 and dialog.field_combos["text"].count() == 0  # nothing of 01 left
    shots = os.environ.get("KESHENG_WIZARD_SHOTS")
    if shots:
        for png in out.iterdir():
            shutil.copy(png, Path(shots) / png.name)
