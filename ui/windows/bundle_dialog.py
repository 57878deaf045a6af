"""File ▸ Open bundle…: choose a .kbundle, type its passphrase (hidden), choose where the project goes, open it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QWidget

from ui.i18n import error_tr, tr, warn
from workbench.bundle.pack import open_bundle
from workbench.errors import KeshengError

if TYPE_CHECKING:
    from ui.windows.main_window import MainWindow


def ask_passphrase(parent: QWidget) -> str | None:
    """The passphrase typed into a password field; None when cancelled or left empty."""
    text, ok = QInputDialog.getText(parent, tr("act.open_bundle"), tr("dlg.bundle_passphrase"),
                                    QLineEdit.EchoMode.Password)
    return text if ok and text else None


def open_bundle_dialog(window: MainWindow) -> bool:
    """Unbundle into a new project file and open it; a wrong passphrase or a changed file is one sentence
    in a message box, and nothing is written."""
    src, _ = QFileDialog.getOpenFileName(window, tr("act.open_bundle"), str(Path.home()), tr("dlg.bundle_filter"))
    if not src:
        return False
    passphrase = ask_passphrase(window)
    if passphrase is None:
        return False
    default = str(Path(src).with_suffix(".kesheng"))
    out, _ = QFileDialog.getSaveFileName(window, tr("dlg.bundle_save"), default, tr("dlg.open_filter"))
    if not out:
        return False
    try:
        info = open_bundle(src, out, passphrase.encode("utf-8"))
    except KeshengError as exc:
        warn(window, tr("act.open_bundle"), error_tr(exc))
        return False
    return window.open_project(str(info.path))
