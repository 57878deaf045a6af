"""The analyst's name, asked once per machine: labels, bulk labels and themes record who made them.

The name lives in the preferences (:attr:`workbench.config.Preferences.analyst`); the core's
:func:`~workbench.tagging.labels.default_labeller` reads it, so every label the GUI writes carries it.
The Settings dialog changes it later.
"""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from ui.i18n import tr
from workbench.config import load_preferences, save_preferences
from workbench.tagging.labels import default_labeller


def needs_name() -> bool:
    """True until an analyst name was saved on this machine."""
    return not load_preferences().analyst.strip()


def save_name(name: str) -> bool:
    """Keep ``name`` as this machine's analyst; False (nothing saved) for a blank name."""
    name = " ".join(name.split())
    if not name:
        return False
    prefs = load_preferences()
    prefs.analyst = name
    save_preferences(prefs)
    return True


def ask_name(parent: QWidget) -> QInputDialog | None:
    """Open (non-blocking, window-modal) the question when no name is saved yet; returns the dialog or None."""
    if not needs_name():
        return None
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(tr("analyst.title"))
    dialog.setLabelText(tr("analyst.prompt"))
    dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
    dialog.setTextValue(default_labeller())
    dialog.setOkButtonText(tr("button.ok"))
    dialog.setCancelButtonText(tr("button.cancel"))
    dialog.textValueSelected.connect(save_name)
    dialog.open()
    return dialog
