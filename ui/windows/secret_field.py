"""A password / API-key field that saves through workbench.secrets (OS keyring or the chosen file).

The typed value lives only in the (masked) line edit until :meth:`SecretField.save`; it is never written
to the preferences or QSettings, and the field is cleared once stored.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ui.i18n import error_tr, tr
from workbench import secrets
from workbench.errors import KeshengError


def describe(where: str | None) -> str:
    """A sentence for where a secret is stored (:func:`workbench.secrets.secret_location`'s answer)."""
    if where is None:
        return tr("secret.none")
    if where == secrets.KEYRING:
        return tr("secret.keyring")
    return tr("secret.environment") if where == "environment" else tr("secret.file", where=where)


class SecretField(QWidget):
    """Edits the secret ``name`` (``"smtp"`` or ``"server"``); :attr:`status` says where it is stored."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.edit = QLineEdit()
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.forget = QPushButton(tr("secret.forget"))
        self.forget.clicked.connect(self._on_forget)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.forget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.status)
        self._update_status()

    def save(self) -> str | None:
        """Store the typed value (if any); returns where, or None when the field was empty.

        Raises:
            KeshengError: the secret could not be stored (shown in :attr:`status` too).
        """
        value = self.edit.text()
        if not value:
            return None
        try:
            where = secrets.set_secret(self.name, value)
        except KeshengError as exc:
            self._show_error(error_tr(exc))
            raise
        self.edit.clear()
        self._update_status()
        return where

    def _on_forget(self) -> None:
        try:
            secrets.delete_secret(self.name)
        except KeshengError as exc:
            self._show_error(error_tr(exc))
            return
        self._update_status()

    def _show_error(self, message: str) -> None:
        self.status.setStyleSheet("color: #c0392b;")
        self.status.setText(message)

    def _update_status(self) -> None:
        self.status.setStyleSheet("")
        try:
            where = secrets.secret_location(self.name)
            target = secrets.storage_target()
        except KeshengError as exc:
            self._show_error(error_tr(exc))
            return
        self.edit.setPlaceholderText(tr("secret.keep") if where else "")
        self.forget.setEnabled(where not in (None, "environment"))
        self.status.setText(describe(where) if where or target else tr("secret.nowhere"))
