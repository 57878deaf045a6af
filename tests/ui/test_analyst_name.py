"""The analyst's name: asked once per machine, kept in the preferences, written on the labels the GUI makes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from tests.tagging.conftest import add_records, small_taxonomy
from ui.i18n import set_language
from ui.windows.analyst_name import ask_name, needs_name
from ui.windows.settings_dialog import SettingsDialog
from workbench.config import load_preferences
from workbench.project import Project
from workbench.store import schema
from workbench.taxonomy.repository import save_version


def _populate(project: Project) -> None:
    save_version(project, small_taxonomy(), "t")
    add_records(project, ["配送超时了，等了一个小时", "味道很好吃"])


def test_asked_once_then_labels_carry_the_name(make_window: Any, qtbot: QtBot, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KESHENG_CONFIG", str(tmp_path / "prefs.json"))
    set_language("zh")
    win = make_window(_populate)
    assert needs_name()
    dialog = ask_name(win)
    assert dialog is not None and dialog.windowTitle() == "你的名字" and "名字" in dialog.labelText()
    dialog.setTextValue("  王 芳 ")
    dialog.accept()
    assert load_preferences().analyst == "王 芳" and not needs_name()
    assert ask_name(win) is None  # once per machine
    win.detail.show_record(win.project, 1)
    win.detail.issue.set_current("服务/客服态度")
    with qtbot.waitSignal(win.detail.labelled):
        win.detail.buttons["fix"].click()
    t = schema.tags
    with win.project.read() as conn:
        assert conn.execute(select(t.c.labelled_by).where(t.c.method == "human")).scalars().all() == ["王 芳"]


def test_settings_change_the_name(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KESHENG_CONFIG", str(tmp_path / "prefs.json"))
    set_language("en")
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    dialog.analyst.setText("Li  Lei")
    dialog.accept()
    assert load_preferences().analyst == "Li Lei"


def test_a_blank_answer_saves_nothing(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QWidget

    monkeypatch.setenv("KESHENG_CONFIG", str(tmp_path / "prefs.json"))
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = ask_name(parent)
    assert dialog is not None
    dialog.setTextValue("   ")
    dialog.accept()
    assert needs_name()
