"""A project that cannot be opened: the window offers its backups and opens the restored one."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from tests.tagging.conftest import add_records
from ui import i18n
from ui.dialogs import restore_dialog
from ui.dialogs.restore_dialog import RestoreDialog, offer_restore
from ui.windows.main_window import MainWindow
from workbench.errors import ProjectError
from workbench.project import Project
from workbench.store import migrations
from workbench.store.backup import backup_project, list_backups


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr("ui.dialogs.restore_dialog.warn", lambda _parent, _title, text, *a, **k: shown.append(text))
    return shown


def _damaged_with_backups(tmp_path: Path) -> Path:
    """A project backed up at 10 records, then at 15, then overwritten with garbage."""
    path = tmp_path / "shop.kesheng"
    with Project.open(path) as project:
        add_records(project, ["配送太慢"] * 10)
        backup_project(project.target, "before-merge")
        add_records(project, ["包装破损"] * 5)
        backup_project(project.target, "manual")
    path.write_bytes(b"SQLite format 3\x00" + b"\xee" * 8192)
    return path


def _open_error(path: Path) -> ProjectError:
    with pytest.raises(ProjectError) as caught:
        Project.open(path)
    return caught.value


def test_dialog_lists_backups_newest_first_in_the_current_language(qtbot: Any, tmp_path: Path) -> None:
    path = _damaged_with_backups(tmp_path)
    before = i18n.language()
    try:
        i18n.set_language("en")
        dialog = RestoreDialog(str(path), "the project file is damaged", list_backups(path))
        qtbot.addWidget(dialog)
        texts = [dialog.list.item(i).text() for i in range(dialog.list.count())]
        assert len(texts) == 2 and "manual backup" in texts[0] and "before a merge" in texts[1]
        assert dialog.chosen() == list_backups(path)[0] and dialog.restore_button.text() == "Restore selected backup"
        i18n.set_language("zh")
        zh = RestoreDialog(str(path), "损坏", list_backups(path))
        qtbot.addWidget(zh)
        assert "合并分类之前" in zh.list.item(1).text() and zh.windowTitle() == "恢复备份"
    finally:
        i18n.set_language(before)


def test_choosing_an_older_backup_restores_and_opens_it(qtbot: Any, tmp_path: Path, warnings: list[str]) -> None:
    path = _damaged_with_backups(tmp_path)
    error = _open_error(path)
    assert "the latest backup is" in error.message

    def pick_older(dialog: RestoreDialog) -> bool:
        qtbot.addWidget(dialog)
        assert error.text("zh") in [w.text() for w in dialog.findChildren(restore_dialog.QLabel)]  # the zh screen
        dialog.list.setCurrentRow(1)
        return True

    project = offer_restore(None, str(path), error, ask=pick_older)
    assert project is not None and warnings == []
    with project:
        assert project.stats().records == 10
    assert list_backups(path)[0].reason == "before-restore-raw"  # the garbage was kept, just in case


def test_cancel_changes_nothing(qtbot: Any, tmp_path: Path, warnings: list[str]) -> None:
    path = _damaged_with_backups(tmp_path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    assert offer_restore(None, str(path), _open_error(path), ask=lambda d: qtbot.addWidget(d) or False) is None
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before and len(list_backups(path)) == 2


def test_only_a_damaged_file_with_backups_is_offered_a_restore(tmp_path: Path, warnings: list[str]) -> None:
    def never(_: RestoreDialog) -> bool:
        raise AssertionError("no restore may be offered")

    bare = tmp_path / "bare.kesheng"
    bare.write_bytes(b"SQLite format 3\x00" + b"\x01" * 4096)
    assert offer_restore(None, str(bare), _open_error(bare), ask=never) is None
    newer = tmp_path / "newer.kesheng"
    with Project.open(newer) as project:
        add_records(project, ["x"])
    backup_project(newer, "manual")
    con = sqlite3.connect(newer)
    con.execute("INSERT INTO schema_version VALUES (?, '9.0', '2030-01-01 00:00:00')", (migrations.CURRENT + 1,))
    con.commit()
    con.close()
    assert offer_restore(None, str(newer), _open_error(newer), ask=never) is None
    healthy = tmp_path / "healthy.kesheng"  # fine bytes, failed for another reason (e.g. a lock)
    with Project.open(healthy) as project:
        add_records(project, ["y"])
    backup_project(healthy, "manual")
    assert offer_restore(None, str(healthy), ProjectError("cannot read healthy.kesheng (database is locked)"),
                         ask=never) is None
    assert len(warnings) == 3 and "更新版本的客声" in warnings[1] and "locked" in warnings[2]


def test_main_window_open_offers_the_restore(qtbot: Any, tmp_path: Path, warnings: list[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    path = _damaged_with_backups(tmp_path)
    monkeypatch.setattr(RestoreDialog, "exec", lambda self: RestoreDialog.DialogCode.Accepted)
    window = MainWindow(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    window.runner.show_dialogs = False
    qtbot.addWidget(window)
    assert window.open_project(str(path))
    assert window.project is not None and window.project.stats().records == 15 and warnings == []
    assert window.wait_idle()
    window.close()
