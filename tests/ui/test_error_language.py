"""Errors the core raises reach a Chinese screen in Chinese (issue 24): real errors triggered through the
widgets (an encrypted or broken workbook in the import wizard, a file that is not a project, a refused undo,
bad alert rules, a wrong bundle passphrase) are shown without an English sentence, and in English after a
switch of language."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tests.ui.sample_project import fill
from ui import i18n
from ui.dialogs import restore_dialog
from ui.windows import bundle_dialog
from ui.windows.import_wizard import ImportWizardDialog
from workbench.alerts.evaluate import evaluate_alerts
from workbench.bundle.pack import make_bundle
from workbench.project import Project

WORD = r"[A-Za-z]+(?:['’][a-z]+)?"
SENTENCE = re.compile(rf"{WORD}(?:[ ,;:]+{WORD}){{2,}}")  # three Latin words in a row: an English phrase
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted Office file is an OLE container, not a zip


def english(text: str, *data: str) -> list[str]:
    """The English phrases of ``text`` once the data it quotes (file names, library details) is taken out."""
    for value in sorted(data, key=len, reverse=True):
        text = text.replace(value, " ")
    return SENTENCE.findall(text)


@pytest.fixture
def zh() -> None:
    i18n.set_language("zh")


def _wait(qtbot: QtBot, dialog: ImportWizardDialog) -> None:
    qtbot.waitUntil(lambda: dialog.task is None or not dialog.task.running, timeout=30_000)


@pytest.mark.usefixtures("zh")
def test_an_encrypted_and_a_broken_workbook_in_the_wizard(qtbot: QtBot, tmp_path: Path) -> None:
    encrypted, broken = tmp_path / "加密.xlsx", tmp_path / "broken.xlsx"
    encrypted.write_bytes(OLE + b"\0" * 4096)
    broken.write_text("not really a workbook", encoding="utf-8")
    with Project.open(tmp_path / "p.kesheng") as project:
        for path, words in ((encrypted, "设有密码"), (broken, "不是 Excel 工作簿")):
            dialog = ImportWizardDialog(project, [str(path)])
            dialog.runner.show_dialogs = False
            qtbot.addWidget(dialog)
            _wait(qtbot, dialog)
            assert dialog.error is not None and words in dialog.error
            assert not english(dialog.error, path.name, "Excel", ".xlsx", ".csv")
            dialog.close()


@pytest.mark.usefixtures("zh")
def test_opening_a_file_that_is_not_a_project(make_window: Callable[..., Any], tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window(lambda project: fill(project, n=30))
    shown: list[str] = []
    monkeypatch.setattr(restore_dialog, "warn", lambda _parent, _title, text: shown.append(text))
    notes = tmp_path / "notes.kesheng"
    notes.write_text("会议记录，不是项目", encoding="utf-8")
    assert not window.open_project(str(notes))
    assert len(shown) == 1 and "不是客声项目" in shown[0]
    assert not english(shown[0], notes.name, ".kesheng", "SQLite")
    i18n.set_language("en")
    assert not window.open_project(str(notes))
    assert shown[1].startswith("notes.kesheng is not a Kesheng project")


@pytest.mark.usefixtures("zh")
def test_an_undo_refused_and_nothing_to_undo(make_window: Callable[..., Any]) -> None:
    window = make_window(lambda project: fill(project, n=60))
    window.undo()
    assert window.wait_idle()
    message = window.statusBar().currentMessage()
    assert message == "没有可撤销的操作"
    window.alerts.kind.setCurrentIndex(window.alerts.kind.findData("words"))
    window.alerts.name.setText("投诉预警")
    window.alerts.pattern.setText("编号")
    window.alerts.add()
    with Project.open(window.project.target) as colleague:  # another analyst runs the alerts since
        assert evaluate_alerts(colleague)
    window.undo()
    assert window.wait_idle()
    message = window.statusBar().currentMessage()
    assert message.startswith("无法撤销“投诉预警”") and not english(message)


@pytest.mark.usefixtures("zh")
def test_bad_alert_rules(make_window: Callable[..., Any]) -> None:
    window = make_window(lambda project: fill(project, n=30))
    shown: list[str] = []
    window.runner.errorShown.connect(shown.append)
    window.alerts.kind.setCurrentIndex(window.alerts.kind.findData("words"))
    window.alerts.name.setText("")
    window.alerts.pattern.setText("投诉")
    window.alerts.add()
    window.alerts.name.setText("坏规则")
    window.alerts.pattern.setText("([")
    window.alerts.add()
    assert shown[0] == "请为规则命名"
    assert "不是有效的正则表达式" in shown[1]
    reason = str(_re_error("(["))  # Python's own detail stays as Python words it
    assert not english(shown[1], reason)


def _re_error(pattern: str) -> re.error:
    try:
        re.compile(pattern)
    except re.error as exc:
        return exc
    raise AssertionError(pattern)


@pytest.mark.usefixtures("zh")
def test_a_wrong_bundle_passphrase(make_window: Callable[..., Any], tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window(lambda project: fill(project, n=30))
    with Project.open(tmp_path / "src.kesheng") as project:
        fill(project, n=20)
    bundle = make_bundle(str(tmp_path / "src.kesheng"), tmp_path / "c.kbundle", b"right").path
    shown: list[str] = []
    monkeypatch.setattr(bundle_dialog.QFileDialog, "getOpenFileName", lambda *a, **k: (str(bundle), ""))
    monkeypatch.setattr(bundle_dialog.QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "o.kesheng"), ""))
    monkeypatch.setattr(bundle_dialog.QInputDialog, "getText", lambda *a, **k: ("wrong", True))
    monkeypatch.setattr(bundle_dialog, "warn", lambda _p, _t, text: shown.append(text))
    assert not bundle_dialog.open_bundle_dialog(window)
    assert shown and "口令错误" in shown[0] and not english(shown[0])
