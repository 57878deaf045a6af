"""workbench.secrets: the OS keyring when a real one exists, else only an explicitly chosen 0600 file."""

from __future__ import annotations

import io
import json
import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from tests.offline.helpers import MemoryKeyring
from workbench import secrets
from workbench.cli import main
from workbench.config import Preferences, load_preferences, save_preferences
from workbench.errors import UsageError
from workbench.secrets import SecretStoreError, delete_secret, get_secret, set_secret

VALUE = "Pa55-wörd-7781-kesheng"


class PlaintextKeyring(MemoryKeyring):
    """Named like keyrings.alt's plain-text backend: must not count as a keyring."""


class LockedKeyring(MemoryKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked(f"locked while storing {password}")


@pytest.fixture(autouse=True)
def prefs_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "prefs.json"
    monkeypatch.setenv("KESHENG_CONFIG", str(path))
    monkeypatch.setenv("KESHENG_LOG_DIR", str(tmp_path / "log"))
    for name in ("KESHENG_SMTP_PASSWORD", "KESHENG_SERVER_API_KEY", "KESHENG_SECRET_OTHER"):
        monkeypatch.delenv(name, raising=False)
    return path


@pytest.fixture
def use_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def _choose_file(path: Path) -> None:
    save_preferences(Preferences(secrets_file=str(path)))


def test_the_keyring_is_used_when_present(use_keyring: MemoryKeyring, tmp_path: Path) -> None:
    _choose_file(tmp_path / "secrets.json")
    assert secrets.keyring_available() and secrets.storage_target() == secrets.KEYRING
    assert set_secret("smtp", VALUE) == secrets.KEYRING
    assert use_keyring.store == {("kesheng", "smtp"): VALUE}
    assert get_secret("smtp") == VALUE and get_secret("server") is None
    assert secrets.secret_location("smtp") == secrets.KEYRING
    assert not (tmp_path / "secrets.json").exists()  # the file is only the fallback
    delete_secret("smtp")
    assert get_secret("smtp") is None and use_keyring.store == {}
    delete_secret("smtp")  # absent is fine


def test_without_keyring_or_chosen_file_nothing_is_stored(no_keyring: None, prefs_path: Path, tmp_path: Path) -> None:
    assert not secrets.keyring_available() and secrets.storage_target() is None
    with pytest.raises(SecretStoreError, match="choose a secrets file"):
        set_secret("smtp", VALUE)
    assert get_secret("smtp") is None
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_the_chosen_file_is_private_json(no_keyring: None, tmp_path: Path, prefs_path: Path) -> None:
    path = tmp_path / "sub" / "secrets.json"
    _choose_file(path)
    assert set_secret("smtp", VALUE) == str(path)
    assert set_secret("server", "sk-local-123") == str(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text(encoding="utf-8")) == {"version": 1,
                                                            "secrets": {"smtp": VALUE, "server": "sk-local-123"}}
    assert (get_secret("smtp"), get_secret("server")) == (VALUE, "sk-local-123")
    assert secrets.secret_location("server") == str(path)
    delete_secret("server")
    assert get_secret("server") is None and get_secret("smtp") == VALUE
    assert VALUE not in prefs_path.read_text(encoding="utf-8")
    assert [p.name for p in path.parent.iterdir()] == ["secrets.json"]  # no temp file left behind


def test_a_loose_file_is_tightened_and_a_foreign_one_refused(no_keyring: None, tmp_path: Path) -> None:
    path = tmp_path / "secrets.json"
    path.write_text(json.dumps({"version": 1, "secrets": {"smtp": VALUE}}), encoding="utf-8")
    path.chmod(0o644)
    _choose_file(path)
    assert get_secret("smtp") == VALUE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.write_text("[1, 2", encoding="utf-8")
    with pytest.raises(SecretStoreError, match="not valid JSON"):
        get_secret("smtp")
    path.write_text('{"hello": 1}', encoding="utf-8")
    with pytest.raises(SecretStoreError, match="not a Kesheng secrets file"):
        set_secret("smtp", VALUE)
    assert path.read_text(encoding="utf-8") == '{"hello": 1}'


def test_a_plain_text_keyring_does_not_count(tmp_path: Path) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(PlaintextKeyring())
    try:
        assert not secrets.keyring_available()
        with pytest.raises(SecretStoreError):
            set_secret("smtp", VALUE)
    finally:
        keyring.set_keyring(previous)


def test_a_locked_keyring_gives_one_sentence_without_the_value() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(LockedKeyring())
    try:
        with pytest.raises(SecretStoreError) as info:
            set_secret("server", VALUE)
    finally:
        keyring.set_keyring(previous)
    assert "unlock" in str(info.value) and VALUE not in str(info.value)
    assert info.value.__cause__ is None and info.value.__suppress_context__


def test_the_environment_wins_for_scripts(use_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch) -> None:
    set_secret("smtp", VALUE)
    monkeypatch.setenv("KESHENG_SMTP_PASSWORD", "from-env")
    monkeypatch.setenv("KESHENG_SECRET_OTHER", "x")
    assert get_secret("smtp") == "from-env" and secrets.secret_location("smtp") == "environment"
    assert get_secret("other") == "x"


@pytest.mark.parametrize("name", ["", "SMTP", "a b", "../x", "x" * 80])
def test_bad_names_and_empty_values_are_usage_errors(name: str) -> None:
    with pytest.raises(UsageError):
        get_secret(name)
    with pytest.raises(UsageError, match="empty"):
        set_secret("smtp", "")


def test_cli_reads_the_value_from_stdin_never_argv(no_keyring: None, tmp_path: Path, prefs_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "s.json"
    monkeypatch.setattr("sys.stdin", io.StringIO(VALUE + "\n"))
    assert main(["secret", "set", "smtp", "--file", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"name": "smtp", "stored": str(path)}
    assert load_preferences(prefs_path).secrets_file == str(path) and get_secret("smtp") == VALUE
    assert main(["secret", "where", "smtp"]) == 0
    assert str(path) in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["secret", "set", "server"]) == 2
    assert "no value on stdin" in capsys.readouterr().err
    assert main(["secret", "delete", "smtp"]) == 0 and get_secret("smtp") is None
    assert main(["secret", "set", "smtp", VALUE]) == 2  # a value on the command line is refused
    assert VALUE not in (tmp_path / "log" / "kesheng.log").read_text(encoding="utf-8")
