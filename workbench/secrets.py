"""Credentials (the SMTP password, the inference server's API key): the OS keyring, or a file the user chose.

Contract:

- Names are short identifiers: ``"smtp"`` is the password of the SMTP user in the preferences,
  ``"server"`` the API key of the configured inference server.
- :func:`set_secret` stores in the OS keyring (service ``"kesheng"``) when a real backend is present;
  otherwise only in the file the user explicitly chose (``Preferences.secrets_file``), a JSON file
  created with mode 0600 and replaced atomically. With neither, it refuses: a secret is never written
  silently in plain text, and never into the project file, the preferences or QSettings.
- :func:`get_secret` reads, in order: the environment (``KESHENG_SMTP_PASSWORD``,
  ``KESHENG_SERVER_API_KEY``, ``KESHENG_SECRET_<NAME>`` — for scripts and CI), the keyring, the file.
- Values are never logged; errors name the secret, never its value.
"""

from __future__ import annotations

import json
import logging
import os
import re
import stat
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.errors import KeshengError, UsageError

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

SERVICE = "kesheng"
KEYRING = "system keyring"
FILE_VERSION = 1
ENV_NAMES = {"smtp": "KESHENG_SMTP_PASSWORD", "server": "KESHENG_SERVER_API_KEY"}
_NAME = re.compile(r"^[a-z][a-z0-9_.-]{0,63}$")
_PLAINTEXT_BACKENDS = {"PlaintextKeyring", "UncryptedFileKeyring"}
log = logging.getLogger(__name__)


class SecretStoreError(KeshengError):
    """A secret cannot be stored or read (no keyring and no secrets file, or the store failed)."""


def get_secret(name: str) -> str | None:
    """The secret called ``name``, or None when it is set nowhere.

    Raises:
        UsageError: ``name`` is not a valid secret name.
        SecretStoreError: the chosen secrets file exists but cannot be read.
    """
    _check_name(name)
    env = os.environ.get(_env_name(name))
    if env:
        return env
    backend = _keyring()
    if backend is not None:
        value = _keyring_get(backend, name)
        if value is not None:
            return value
    path = secrets_file()
    return _read_file(path).get(name) if path is not None else None


def set_secret(name: str, value: str) -> str:
    """Store ``value`` under ``name``; returns where: :data:`KEYRING` or the secrets file's path.

    Raises:
        UsageError: the name is invalid or the value empty.
        SecretStoreError: no keyring and no secrets file was chosen, or writing failed.
    """
    _check_name(name)
    if not value:
        raise UsageError.of("errors.secret.empty", name=name)
    backend = _keyring()
    if backend is not None:
        try:
            backend.set_password(SERVICE, name, value)
        except Exception as exc:  # keyring backends raise many kinds (KeyringError, DBus, OS errors)
            raise SecretStoreError.of("errors.secret.keyring_store", name=name, kind=type(exc).__name__) from None
        log.info("secret %s stored in the system keyring", name)
        return KEYRING
    path = secrets_file()
    if path is None:
        raise SecretStoreError.of("errors.secret.no_keyring")
    data = _read_file(path)
    data[name] = value
    _write_file(path, data)
    log.info("secret %s stored in the secrets file", name)
    return str(path)


def delete_secret(name: str) -> None:
    """Remove ``name`` from the keyring and the secrets file (absent is fine).

    Raises:
        UsageError: ``name`` is not a valid secret name.
        SecretStoreError: the secrets file cannot be rewritten.
    """
    _check_name(name)
    backend = _keyring()
    if backend is not None and _keyring_get(backend, name) is not None:
        try:
            backend.delete_password(SERVICE, name)
        except Exception as exc:  # as in set_secret
            raise SecretStoreError.of("errors.secret.keyring_delete", name=name, kind=type(exc).__name__) from None
    path = secrets_file()
    if path is not None and path.exists():
        data = _read_file(path)
        if data.pop(name, None) is not None:
            _write_file(path, data)


def secret_location(name: str) -> str | None:
    """Where ``name`` is set now: ``"environment"``, :data:`KEYRING`, the file's path, or None."""
    _check_name(name)
    if os.environ.get(_env_name(name)):
        return "environment"
    backend = _keyring()
    if backend is not None and _keyring_get(backend, name) is not None:
        return KEYRING
    path = secrets_file()
    if path is not None and name in _read_file(path):
        return str(path)
    return None


def storage_target() -> str | None:
    """Where :func:`set_secret` would store now: :data:`KEYRING`, the file's path, or None (nowhere)."""
    if _keyring() is not None:
        return KEYRING
    path = secrets_file()
    return str(path) if path is not None else None


def keyring_available() -> bool:
    """Whether a real (not failing, not plain-text) OS keyring backend is present."""
    return _keyring() is not None


def secrets_file() -> Path | None:
    """The secrets file chosen in the preferences, or None."""
    from workbench.config import load_preferences

    chosen = load_preferences().secrets_file.strip()
    return Path(chosen).expanduser() if chosen else None


def _check_name(name: str) -> None:
    if not isinstance(name, str) or not _NAME.match(name):
        raise UsageError.of("errors.secret.bad_name", name=name)


def _env_name(name: str) -> str:
    return ENV_NAMES.get(name, "KESHENG_SECRET_" + re.sub(r"[^A-Z0-9]", "_", name.upper()))


def _keyring() -> KeyringBackend | None:
    try:
        import keyring
        from keyring.backends import chainer, fail
    except ImportError:
        return None
    backend = keyring.get_keyring()
    if isinstance(backend, chainer.ChainerBackend):
        real = [b for b in backend.backends if _is_real(b)]
        return backend if real else None
    return backend if _is_real(backend) and not isinstance(backend, fail.Keyring) else None


def _is_real(backend: KeyringBackend) -> bool:
    return float(backend.priority) > 0 and type(backend).__name__ not in _PLAINTEXT_BACKENDS


def _keyring_get(backend: KeyringBackend, name: str) -> str | None:
    try:
        value = backend.get_password(SERVICE, name)
    except Exception as exc:  # a locked or broken keyring must not stop the rest of the app
        log.warning("the system keyring could not be read (%s)", type(exc).__name__)
        return None
    return value if isinstance(value, str) else None


def _read_file(path: Path) -> dict[str, str]:
    try:
        mode = path.stat().st_mode
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise SecretStoreError.of("errors.secret.read", path=path, reason=exc.strerror) from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        log.warning("secrets file %s was readable by others; restricting it to the owner", path)
        _restrict(path)
    try:
        data: Any = json.loads(raw)
    except ValueError:
        raise SecretStoreError.of("errors.secret.json", path=path) from None
    values = data.get("secrets") if isinstance(data, dict) else None
    if not isinstance(values, dict):
        raise SecretStoreError.of("errors.secret.foreign", path=path)
    return {str(k): v for k, v in values.items() if isinstance(v, str)}


def _write_file(path: Path, data: dict[str, str]) -> None:
    payload = json.dumps({"version": FILE_VERSION, "secrets": data}, ensure_ascii=False, indent=2)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".secrets-", suffix=".json")  # mode 0600
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(payload)
            _restrict(Path(tmp))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise SecretStoreError.of("errors.secret.write", path=path, reason=exc.strerror) from None


def _restrict(path: Path) -> None:
    try:
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    except OSError:
        log.warning("could not restrict the permissions of %s", path)
