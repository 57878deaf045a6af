"""The Settings dialog: the typed preferences file (workbench.config), edited and saved atomically.

Passwords are not kept in the preferences: the SMTP password and the server's API key are saved through
:mod:`workbench.secrets` (the OS keyring, or a secrets file the user chooses here) by :class:`SecretField`.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import name_buttons, tr
from ui.windows.secret_field import SecretField
from workbench.config import Preferences, load_preferences, save_preferences
from workbench.errors import KeshengError
from workbench.llm.registry import load_registry


class SettingsDialog(QDialog):
    """Edits :class:`Preferences`; ``saved`` holds what was written after Accept."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("settings.title"))
        self.prefs = load_preferences()
        self.saved: Preferences | None = None
        p = self.prefs
        self.language, self.theme, self.model = QComboBox(), QComboBox(), QComboBox()
        for value, key in (("auto", "auto"), ("zh", None), ("en", None)):
            self.language.addItem(tr(f"settings.{key}") if key else ("中文" if value == "zh" else "English"), value)
        for value in ("light", "dark"):
            self.theme.addItem(tr(f"settings.{value}"), value)
        for name, spec in load_registry().items():
            self.model.addItem(f"{name} · {spec.title}", name)
        self.model_path = QLineEdit("" if self.model.findData(p.model) >= 0 else p.model)
        self.threads, self.concurrency, self.budget, self.port = QSpinBox(), QSpinBox(), QSpinBox(), QSpinBox()
        self.threads.setRange(0, 256)
        self.concurrency.setRange(1, 64)
        self.budget.setRange(0, 10_000_000)
        self.port.setRange(1, 65535)
        self.server, self.timezone = QLineEdit(p.server_url), QLineEdit(p.timezone)
        self.mask, self.keep = QCheckBox(tr("settings.mask")), QCheckBox(tr("settings.keep"))
        self.starttls = QCheckBox(tr("settings.starttls"))
        self.host, self.user = QLineEdit(p.smtp_host), QLineEdit(p.smtp_user)
        self.mail_from, self.mail_to = QLineEdit(p.mail_from), QLineEdit(p.mail_to)
        self.smtp_password, self.server_key = SecretField("smtp"), SecretField("server")
        self.secrets_file = QLineEdit(p.secrets_file)
        self._load(p)
        self._build()

    def _load(self, p: Preferences) -> None:
        self.language.setCurrentIndex(max(self.language.findData(p.language), 0))
        self.theme.setCurrentIndex(max(self.theme.findData(p.theme), 0))
        self.model.setCurrentIndex(max(self.model.findData(p.model), 0))
        self.threads.setValue(p.threads)
        self.concurrency.setValue(p.server_concurrency)
        self.budget.setValue(p.llm_budget)
        self.port.setValue(p.smtp_port)
        self.mask.setChecked(p.mask_pii)
        self.keep.setChecked(p.keep_pii_originals)
        self.starttls.setChecked(p.smtp_starttls)

    def _group(self, title: str, rows: list[tuple[str, QWidget | QHBoxLayout]]) -> QGroupBox:
        box = QGroupBox(tr(f"settings.{title}"))
        form = QFormLayout(box)
        for label, widget in rows:
            form.addRow(tr(f"settings.{label}") if label else "", widget)
        return box

    def _build(self) -> None:
        path_row = QHBoxLayout()
        browse = QPushButton(tr("settings.browse"))
        browse.clicked.connect(self._on_browse)
        path_row.addWidget(self.model_path, 1)
        path_row.addWidget(browse)
        layout = QVBoxLayout(self)
        layout.addWidget(self._group("general", [("language", self.language), ("theme", self.theme),
                                                 ("timezone", self.timezone)]))
        layout.addWidget(self._group("model", [("local", self.model), ("path", path_row), ("threads", self.threads),
                                               ("server", self.server), ("api_key", self.server_key),
                                               ("concurrency", self.concurrency),
                                               ("budget", self.budget)]))
        layout.addWidget(self._group("privacy", [("", self.mask), ("", self.keep)]))
        note = QLabel(tr("settings.secret"))
        note.setWordWrap(True)
        file_row = QHBoxLayout()
        browse_file = QPushButton(tr("settings.browse"))
        browse_file.clicked.connect(self._on_browse_secrets)
        file_row.addWidget(self.secrets_file, 1)
        file_row.addWidget(browse_file)
        layout.addWidget(self._group("mail", [("host", self.host), ("port", self.port), ("user", self.user),
                                              ("password", self.smtp_password), ("", self.starttls),
                                              ("from", self.mail_from), ("to", self.mail_to),
                                              ("secrets_file", file_row), ("", note)]))
        buttons = name_buttons(QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                                | QDialogButtonBox.StandardButton.Cancel))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _on_browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("settings.path"), "", "GGUF (*.gguf)")
        if path:
            self.model_path.setText(path)

    def _on_browse_secrets(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("settings.secrets_file"), self.secrets_file.text(),
                                              "JSON (*.json)")
        if path:
            self.secrets_file.setText(path)

    def values(self) -> Preferences:
        p = self.prefs
        p.language, p.theme = self.language.currentData(), self.theme.currentData()
        p.model = self.model_path.text().strip() or self.model.currentData()
        p.threads, p.server_url = self.threads.value(), self.server.text().strip()
        p.server_concurrency, p.llm_budget = self.concurrency.value(), self.budget.value()
        p.timezone = self.timezone.text().strip() or "Asia/Shanghai"
        p.mask_pii, p.keep_pii_originals = self.mask.isChecked(), self.keep.isChecked()
        p.smtp_host, p.smtp_port, p.smtp_user = self.host.text().strip(), self.port.value(), self.user.text().strip()
        p.smtp_starttls, p.mail_from, p.mail_to = self.starttls.isChecked(), self.mail_from.text(), self.mail_to.text()
        p.secrets_file = self.secrets_file.text().strip()
        return p

    def accept(self) -> None:
        self.saved = self.values()
        save_preferences(self.saved)  # first: set_secret falls back to the secrets file chosen here
        try:
            for field in (self.smtp_password, self.server_key):
                field.save()
        except KeshengError:
            return  # the field shows why; the dialog stays open with the value still typed
        super().accept()
