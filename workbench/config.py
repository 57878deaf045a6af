"""Typed application preferences: one versioned JSON file under the user config dir.

Per-project state lives in the project database (``Project.get_setting``); Qt layout state lives in
QSettings (``ui/state.py``). Secrets (SMTP and server passwords) are never stored here.
"""

from __future__ import annotations

import getpass
import json
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from workbench.paths import config_dir

VERSION = 1


@dataclass
class Preferences:
    """What the Settings dialog edits. Unknown keys in the file are ignored; missing keys take defaults."""

    language: str = "auto"  # auto (system locale), zh, en
    theme: str = "light"  # light, dark
    model: str = "default"  # registry name or a GGUF path
    threads: int = 0  # 0 = all cores
    server_url: str = ""  # OpenAI-compatible server; empty = local model
    server_concurrency: int = 2
    server_timeout: int = 120  # seconds per request, queueing on the server included
    llm_budget: int = 500
    timezone: str = "Asia/Shanghai"
    mask_pii: bool = True
    keep_pii_originals: bool = False
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_starttls: bool = True
    mail_from: str = ""
    mail_to: str = ""
    analyst: str = ""  # who labels on this machine (asked once by the GUI); empty: the OS user name
    secrets_file: str = ""  # chosen file for secrets when no OS keyring exists (workbench.secrets); the path only
    recent_projects: list[str] = field(default_factory=list)


def preferences_path() -> Path:
    override = os.environ.get("KESHENG_CONFIG")
    return Path(override) if override else config_dir() / "preferences.json"


def load_preferences(path: Path | None = None) -> Preferences:
    """Read the preferences; a missing, unreadable or foreign file gives the defaults (never an error)."""
    path = path or preferences_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Preferences()
    if not isinstance(data, dict) or not isinstance(data.get("values"), dict):
        return Preferences()
    values: dict[str, Any] = data["values"]
    prefs = Preferences()
    for f in fields(Preferences):
        if f.name in values and isinstance(values[f.name], type(getattr(prefs, f.name))):
            setattr(prefs, f.name, values[f.name])
    return prefs


def save_preferences(prefs: Preferences, path: Path | None = None) -> None:
    """Write atomically (temp file + rename) so a crash never leaves a half-written file."""
    path = path or preferences_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps({"version": VERSION, "values": asdict(prefs)}, ensure_ascii=False, indent=2)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".prefs-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(payload)
    os.replace(tmp, path)


def add_recent(prefs: Preferences, target: str, limit: int = 10) -> None:
    """Move ``target`` to the front of the recent-projects list."""
    prefs.recent_projects = [target, *[p for p in prefs.recent_projects if p != target]][:limit]


def default_labeller() -> str:
    """Who labels when nobody said: the analyst's name in the preferences (the GUI asks it once per machine),
    else the operating system's user name."""
    named = load_preferences().analyst.strip()
    if named:
        return named
    try:
        return getpass.getuser() or "analyst"
    except (KeyError, OSError):  # no user name in the environment nor the password database
        return "analyst"
