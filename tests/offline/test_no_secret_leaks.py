"""After configuring SMTP with a password and delivering an alert, the password is nowhere but its store."""

from __future__ import annotations

import base64
import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from keyring.backends import fail

from tests.offline.helpers import MemoryKeyring, keyring_backend, localhost_tls
from workbench.cli import main
from workbench.config import Preferences, save_preferences
from workbench.secrets import set_secret

PASSWORD = "Zq7-smtp-Secret-4417"
USER = "alerts-bot"
RECORDS = "text,time\n我要投诉你们的客服,2024-01-02 10:00\n物流很快很满意,2024-01-02 11:00\n"


class _Server:
    def __init__(self) -> None:
        self.logins: list[tuple[str, str]] = []
        self.messages: list[bytes] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope.original_content)
        return "250 OK"

    def authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        self.logins.append((data.login.decode(), data.password.decode()))
        return AuthResult(success=(data.login.decode(), data.password.decode()) == (USER, PASSWORD))


@pytest.fixture
def smtp_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[_Server, int]]:
    """A STARTTLS + AUTH server on 127.0.0.1 whose self-signed certificate the client trusts."""
    context, cert = localhost_tls(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    server = _Server()
    controller = Controller(server, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True,
                            authenticator=server.authenticate, auth_require_tls=True)
    controller.start()
    try:
        yield server, port
    finally:
        controller.stop()


@pytest.mark.parametrize("store", ["keyring", "file"])
def test_password_reaches_the_server_and_nothing_else(store: str, smtp_server: tuple[_Server, int], tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    server, port = smtp_server
    prefs, logs, work = tmp_path / "config" / "prefs.json", tmp_path / "logs", tmp_path / "work"
    monkeypatch.setenv("KESHENG_CONFIG", str(prefs))
    monkeypatch.setenv("KESHENG_LOG_DIR", str(logs))
    for name in ("KESHENG_SMTP_USER", "KESHENG_SMTP_PASSWORD", "KESHENG_MAIL_FROM"):
        monkeypatch.delenv(name, raising=False)
    secrets_file = tmp_path / "vault" / "secrets.json"
    save_preferences(Preferences(smtp_host="127.0.0.1", smtp_port=port, smtp_user=USER, mail_from="kesheng@corp.test",
                                 secrets_file=str(secrets_file)))
    work.mkdir()
    (work / "in.csv").write_text(RECORDS, encoding="utf-8")
    project = str(work / "p.kesheng")
    with keyring_backend(MemoryKeyring() if store == "keyring" else fail.Keyring()):
        set_secret("smtp", PASSWORD)
        assert main(["import", project, str(work / "in.csv")]) == 0
        assert main(["alerts", project, "--add-rule", "投诉", "--words", "投诉"]) == 0
        capsys.readouterr()
        assert main(["--debug", "alerts", project, "--run", "--smtp", f"127.0.0.1:{port}", "--mail-to",
                     "analyst@corp.test", "--json"]) == 0
    fired = json.loads(capsys.readouterr().out)["fired"]
    assert [(f["rule"], f["delivered"]) for f in fired] == [("投诉", "smtp")]
    assert server.logins == [(USER, PASSWORD)] and len(server.messages) == 1
    assert secrets_file.exists() is (store == "file")
    looked_at = _assert_absent([work, logs, prefs.parent], PASSWORD)
    assert work / "p.kesheng" in looked_at and logs / "kesheng.log" in looked_at and prefs in looked_at
    assert "command alerts finished" in (logs / "kesheng.log").read_text(encoding="utf-8")


def test_credentials_are_not_sent_to_another_server(smtp_server: tuple[_Server, int], tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The stored password belongs to the configured host; a different --smtp host gets no login."""
    from workbench.alerts.delivery import SmtpDelivery

    server, port = smtp_server
    monkeypatch.setenv("KESHENG_CONFIG", str(tmp_path / "prefs.json"))
    monkeypatch.delenv("KESHENG_SMTP_USER", raising=False)
    save_preferences(Preferences(smtp_host="mail.corp.test", smtp_user=USER))
    with keyring_backend(MemoryKeyring()):
        set_secret("smtp", PASSWORD)
        assert SmtpDelivery("127.0.0.1", port, "a@b.test").credentials() == (None, None)
        assert SmtpDelivery("MAIL.corp.test", port, "a@b.test").credentials() == (USER, PASSWORD)
    assert server.logins == []


def _assert_absent(folders: list[Path], secret: str) -> list[Path]:
    needles = [secret.encode(), secret.encode("utf-16-le"), base64.b64encode(f"\0{USER}\0{secret}".encode()),
               base64.b64encode(secret.encode())]
    seen = []
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            data = path.read_bytes()
            assert not any(n in data for n in needles), f"the password leaked into {path}"
            seen.append(path)
    return seen
