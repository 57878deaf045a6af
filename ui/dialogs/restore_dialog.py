"""Offer to restore a backup when a project file cannot be opened (damaged, or replaced by a foreign file).

``offer_restore(parent, target, error)`` is what the window calls after ``Project.open`` failed: with
backups it shows :class:`RestoreDialog` (the error, the backups newest first, Restore / Cancel), restores
the chosen one through :func:`workbench.project.restore_and_open` (which first saves the current
file as one more backup) and opens the project; without backups it shows the error as before. Only a
damaged or foreign file is offered a restore: a project made by a newer Kesheng is not damaged, only
newer, and a locked or unreadable file would not be helped by one.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import error_tr, has_text, tr, warn
from workbench.errors import KeshengError
from workbench.project import BackupInfo, Project, backups_to_offer, project_file, restore_and_open


class RestoreDialog(QDialog):
    """The open error and the project's backups (newest first, preselected); accept = restore the choice."""

    def __init__(self, target: str, message: str, backups: list[BackupInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backups = backups
        self.setWindowTitle(tr("restore.title"))
        layout = QVBoxLayout(self)
        path = project_file(target)
        name = path.name if path else target
        for text in (tr("restore.failed", name=name), message, tr("restore.offer")):
            label = QLabel(text)
            label.setWordWrap(True)
            layout.addWidget(label)
        self.list = QListWidget()
        for info in backups:
            self.list.addItem(QListWidgetItem(_describe(info)))
        self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(self.accept)
        layout.addWidget(self.list)
        buttons = QDialogButtonBox()
        self.restore_button = buttons.addButton(tr("restore.restore"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(tr("restore.cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 360)

    def chosen(self) -> BackupInfo | None:
        """The selected backup (None if nothing is selected)."""
        row = self.list.currentRow()
        return self.backups[row] if 0 <= row < len(self.backups) else None


def offer_restore(parent: QWidget | None, target: str, error: KeshengError,
                  ask: Callable[[RestoreDialog], bool] | None = None) -> Project | None:
    """After opening ``target`` failed with ``error``: offer its backups; returns the restored, opened project.

    Returns None when there is no backup to offer, the user cancels, or the restore fails (each shown).
    ``ask`` runs the dialog (default: modal ``exec``); tests pass their own.
    """
    found = backups_to_offer(target)
    if not found:
        warn(parent, tr("app.name"), error_tr(error))
        return None
    dialog = RestoreDialog(target, error_tr(error), found, parent)
    accepted = ask(dialog) if ask else dialog.exec() == QDialog.DialogCode.Accepted
    choice = dialog.chosen()
    dialog.deleteLater()
    if not accepted or choice is None:
        return None
    try:
        project, _changes = restore_and_open(target, choice)  # a new project: the window resets every panel
        return project
    except KeshengError as exc:
        warn(parent, tr("app.name"), error_tr(exc))
        return None


def _describe(info: BackupInfo) -> str:
    key = "before-migration" if info.reason.startswith("before-migration") else info.reason
    label = tr(f"restore.reason.{key}") if has_text(f"restore.reason.{key}") else info.reason
    return tr("restore.item", when=info.created.astimezone().strftime("%Y-%m-%d %H:%M:%S"), reason=label,
              size=f"{info.size / 1e6:.1f} MB")
