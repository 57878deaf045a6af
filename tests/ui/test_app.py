"""The GUI entry: the smoke test as a real subprocess, screenshot mode, fonts and language."""

from __future__ import annotations

import os
import subprocess
import sys
from argparse import Namespace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage

from tests.ui.sample_project import fill
from ui import i18n
from ui.app import run_gui
from workbench.paths import ROOT, font_files
from workbench.project import Project


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    path = tmp_path / "gui.kesheng"
    with Project.open(path) as project:
        fill(project, n=200)
    return path


def test_smoke_test_subprocess_exits_zero(project_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "gui", str(project_path), "--smoke-test"],
                          env=env, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]


def test_smoke_test_bad_project_is_one_sentence(tmp_path: Path) -> None:
    bad = tmp_path / "not-a-project.kesheng"
    bad.write_text("this is not sqlite")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "gui", str(bad), "--smoke-test"],
                          env=env, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 1
    assert "error:" in done.stderr and "Traceback" not in done.stderr


def test_screenshot_mode_writes_pngs(qtbot: Any, project_path: Path, tmp_path: Path) -> None:
    before = i18n.language()
    out = tmp_path / "shots"
    try:
        code = run_gui(Namespace(project=str(project_path), smoke_test=False, screenshot=str(out)))
    finally:
        i18n.set_language(before)
    assert code == 0
    names = {p.stem for p in out.glob("*.png")}
    assert {"window", "tree", "table", "detail", "trend", "filters", "top"} <= names
    image = QImage(str(out / "window.png"))
    assert image.width() >= 800 and image.height() >= 500


@pytest.mark.skipif(not font_files(), reason="no CJK font shipped in resources/fonts")
def test_cjk_font_is_registered(qtbot: Any) -> None:
    from PySide6.QtGui import QFontDatabase, QFontMetrics
    from PySide6.QtWidgets import QApplication

    from ui import theme
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    families = theme.register_fonts(app)
    assert families and families[0] in QFontDatabase.families()
    assert QFontMetrics(app.font()).inFont("客")


def test_language_follows_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KESHENG_LANG", "zh_CN")
    assert i18n.system_language() == "zh"
    monkeypatch.setenv("KESHENG_LANG", "en_US")
    assert i18n.system_language() == "en"
    before = i18n.language()
    calls: list[str] = []
    stop = i18n.on_language_changed(lambda: calls.append(i18n.language()))
    try:
        i18n.set_language("en" if before == "zh" else "zh")
        assert calls and i18n.tr("panel.tree") in ("问题树", "Issue tree")
    finally:
        stop()
        i18n.set_language(before)


def test_a_missing_x11_library_is_one_sentence_naming_the_fix(monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    from ui import display_libs

    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setattr(display_libs, "XCB_LIBRARIES", {"libkesheng-absent-cursor.so.0": "libxcb-cursor0"})
    assert run_gui(Namespace(project=None, smoke_test=True, screenshot=None)) == 1
    err = capsys.readouterr().err.strip()
    assert err == ("error: the window cannot open: the system library libxcb-cursor0 is missing; install it "
                   "(Debian/Ubuntu: sudo apt-get install libxcb-cursor0; Fedora: sudo dnf install xcb-util-cursor "
                   "xcb-util-wm xcb-util-keysyms) or start Kesheng with `make run`, which does it for you")


def test_the_x11_libraries_are_found_where_they_are_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import display_libs

    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    display_libs.check_display_libraries({"libkesheng-absent.so.0": "x"})  # offscreen needs none
    assert display_libs.missing_libraries({"libc.so.6": "libc6"}) == []
