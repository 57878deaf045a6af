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
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import pick
from workbench.errors import KeshengError
from workbench.project import BackupInfo, Project, backups_to_offer, project_file, restore_and_open

TEXT: dict[str, tuple[str, str]] = {
    "title": ("恢复备份", "Restore a backup"),
    "failed": ("无法打开项目 {name}：", "The project {name} could not be opened:"),
    "offer": ("可以用它的一份备份替换它（当前文件会先另存为一份备份，不会丢失）：",
              "You can replace it with one of its backups (the current file is first saved as a backup too):"),
    "restore": ("恢复所选备份", "Restore selected backup"),
    "cancel": ("取消", "Cancel"),
    "item": ("{when}　{reason}　{size}", "{when}   {reason}   {size}"),
}
REASONS: dict[str, tuple[str, str]] = {
    "manual": ("手动备份", "manual backup"), "before-merge": ("合并分类之前", "before a merge"),
    "before-delete": ("删除分类之前", "before a delete"), "before-retag": ("全部重新打标之前", "before re-tag all"),
    "before-restore": ("恢复备份之前", "before a restore"),
    "before-restore-raw": ("恢复备份之前（原样复制）", "before a restore (raw copy)"),
    "before-migration": ("升级项目格式之前", "before a format upgrade"),
}


class RestoreDialog(QDialog):
    """The open error and the project's backups (newest first, preselected); accept = restore the choice."""

    def __init__(self, target: str, message: str, backups: list[BackupInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backups = backups
        self.setWindowTitle(pick(TEXT, "title"))
        layout = QVBoxLayout(self)
        path = project_file(target)
        name = path.name if path else target
        for text in (pick(TEXT, "failed", name=name), message, pick(TEXT, "offer")):
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
        self.restore_button = buttons.addButton(pick(TEXT, "restore"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(pick(TEXT, "cancel"), QDialogButtonBox.ButtonRole.RejectRole)
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
        QMessageBox.warning(parent, "Kesheng", error.message)
        return None
    dialog = RestoreDialog(target, error.message, found, parent)
    accepted = ask(dialog) if ask else dialog.exec() == QDialog.DialogCode.Accepted
    choice = dialog.chosen()
    dialog.deleteLater()
    if not accepted or choice is None:
        return None
    try:
        project, _changes = restore_and_open(target, choice)  # a new project: the window resets every panel
        return project
    except KeshengError as exc:
        QMessageBox.warning(parent, "Kesheng", exc.message)
        return None


def _describe(info: BackupInfo) -> str:
    key = "before-migration" if info.reason.startswith("before-migration") else info.reason
    label = pick(REASONS, key) if key in REASONS else info.reason
    return pick(TEXT, "item", when=info.created.astimezone().strftime("%Y-%m-%d %H:%M:%S"), reason=label,
                size=f"{info.size / 1e6:.1f} MB")
