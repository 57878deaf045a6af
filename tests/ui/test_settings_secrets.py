"""The Settings dialog's password / API-key fields save through workbench.secrets, never the preferences."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from keyring.backends import fail
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from tests.offline.helpers import MemoryKeyring, keyring_backend
from ui.windows.secret_field import describe
from ui.windows.settings_dialog import SettingsDialog
from workbench import secrets

PASSWORD = "Dlg-Pa55-9913"


@pytest.fixture(autouse=True)
def prefs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "prefs.json"
    monkeypatch.setenv("KESHENG_CONFIG", str(path))
    monkeypatch.delenv("KESHENG_SMTP_PASSWORD", raising=False)
    monkeypatch.delenv("KESHENG_SERVER_API_KEY", raising=False)
    return path


def test_passwords_go_to_the_keyring(qtbot: QtBot, prefs: Path) -> None:
    with keyring_backend(MemoryKeyring()) as backend:
        dialog = SettingsDialog()
        qtbot.addWidget(dialog)
        assert dialog.smtp_password.status.text() == describe(None)
        assert dialog.smtp_password.edit.echoMode() == dialog.smtp_password.edit.EchoMode.Password
        dialog.user.setText("bot")
        dialog.smtp_password.edit.setText(PASSWORD)
        dialog.server_key.edit.setText("sk-123")
        dialog.accept()
        assert dialog.result() == QDialog.DialogCode.Accepted
        assert backend.store == {("kesheng", "smtp"): PASSWORD, ("kesheng", "server"): "sk-123"}  # type: ignore[attr-defined]
        assert PASSWORD not in prefs.read_text(encoding="utf-8") and "sk-123" not in prefs.read_text(encoding="utf-8")
        again = SettingsDialog()
        qtbot.addWidget(again)
        assert again.smtp_password.status.text() == describe(secrets.KEYRING)
        assert again.smtp_password.edit.text() == "" and again.user.text() == "bot"
        again.server_key.forget.click()
        assert secrets.get_secret("server") is None and again.server_key.status.text() == describe(None)


def test_without_keyring_a_chosen_file_is_needed(qtbot: QtBot, tmp_path: Path, prefs: Path) -> None:
    with keyring_backend(fail.Keyring()):
        dialog = SettingsDialog()
        qtbot.addWidget(dialog)
        dialog.smtp_password.edit.setText(PASSWORD)
        dialog.accept()
        assert dialog.result() != QDialog.DialogCode.Accepted  # stays open, says why
        assert "密钥文件" in dialog.smtp_password.status.text()  # "secrets file" on the zh screen
        assert dialog.smtp_password.edit.text() == PASSWORD
        target = tmp_path / "vault.json"
        dialog.secrets_file.setText(str(target))
        dialog.accept()
        assert dialog.result() == QDialog.DialogCode.Accepted
        assert stat.S_IMODE(target.stat().st_mode) == 0o600 and secrets.get_secret("smtp") == PASSWORD
        assert dialog.smtp_password.status.text() == describe(str(target))
        assert PASSWORD not in prefs.read_text(encoding="utf-8")
