"""File ▸ Open bundle…: the passphrase is asked in a password field, the unbundled project opens in the window;
a wrong passphrase shows one sentence and writes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLineEdit

from tests.ui.sample_project import fill
from ui.windows import bundle_dialog
from ui.windows.main_window import MainWindow
from workbench.bundle.pack import make_bundle
from workbench.project import Project

PASS = "correct horse battery staple"


@pytest.fixture
def kbundle(tmp_path: Path) -> Path:
    with Project.open(tmp_path / "src.kesheng") as project:
        fill(project, n=120)
    return make_bundle(str(tmp_path / "src.kesheng"), tmp_path / "c.kbundle", PASS.encode()).path


@pytest.fixture
def window(qtbot: Any, tmp_path: Path) -> Iterator[MainWindow]:
    win = MainWindow(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    win.runner.show_dialogs = False
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()


def _answer(monkeypatch: pytest.MonkeyPatch, src: Path, out: Path, passphrase: str) -> dict[str, Any]:
    seen: dict[str, Any] = {}

    def get_text(parent: Any, title: str, label: str, echo: QLineEdit.EchoMode) -> tuple[str, bool]:
        seen["echo"] = echo
        return passphrase, True

    monkeypatch.setattr(bundle_dialog.QFileDialog, "getOpenFileName", lambda *a, **k: (str(src), ""))
    monkeypatch.setattr(bundle_dialog.QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    monkeypatch.setattr(bundle_dialog.QInputDialog, "getText", get_text)
    monkeypatch.setattr(bundle_dialog, "warn", lambda _p, _t, text: seen.setdefault("warning", text))
    return seen


def test_open_bundle_opens_the_project(window: MainWindow, kbundle: Path, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "opened.kesheng"
    seen = _answer(monkeypatch, kbundle, out, PASS)
    assert bundle_dialog.open_bundle_dialog(window)
    assert seen["echo"] == QLineEdit.EchoMode.Password and "warning" not in seen
    assert window.wait_idle()
    assert window.table.model.rowCount() == 120
    assert out.is_file()


def test_wrong_passphrase_says_so_and_writes_nothing(window: MainWindow, kbundle: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "opened.kesheng"
    seen = _answer(monkeypatch, kbundle, out, "not the passphrase")
    assert not bundle_dialog.open_bundle_dialog(window)
    assert "口令错误" in seen["warning"]  # the zh screen's sentence
    assert not out.exists() and window.project is None
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".kbundle")) == []


def test_the_file_menu_offers_it(window: MainWindow) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    assert "打开客户数据包…" in [a.text() for a in file_menu.actions()]
