"""Backups of SQLite project files: taken automatically before risky changes, restorable by hand.

Where: a folder ``<project file>.backups/`` next to the project (``sales.kesheng`` →
``sales.kesheng.backups/``). Next to the file, because a backup must travel with the project when the
analyst moves or archives it, lives on the same disk (so a restore is one atomic rename) and is easy to
find without knowing about hidden user folders.

Names: ``<project name>.<UTC yyyymmdd-hhmmss-micro>.<reason>.kesheng`` — sorting by name sorts by time.
The newest :data:`KEEP` backups are kept; older ones are deleted after each new backup.

Copies are taken with SQLite's online backup API, so they are consistent even while the project is
open (WAL) and include transactions not yet checkpointed. A copy is written under a ``.partial-`` name
and renamed when complete, so a crash never leaves a truncated backup that looks real.

PostgreSQL projects get no file backup (a log line says so): ``pg_dump`` is the administrator's tool.
"""

from __future__ import annotations

import logging
import os
import re
import shlex
import shutil
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from workbench.errors import Phrase, ProjectError

log = logging.getLogger(__name__)

KEEP = 10
PARTIAL = ".partial-"
_STAMP = "%Y%m%d-%H%M%S-%f"
_NAME = re.compile(r"^(?P<stem>.+)\.(?P<stamp>\d{8}-\d{6}-\d{6})\.(?P<reason>[a-z0-9-]+)\.kesheng$")
_SIDECARS = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class BackupInfo:
    """One backup file: where it is, when (UTC) and why it was taken, and its size in bytes."""

    path: Path
    created: datetime
    reason: str
    size: int


def project_file(target: str | Path) -> Path | None:
    """The SQLite file behind ``target`` (a path or a ``sqlite:///`` URL); None for a server database."""
    text = str(target)
    if "://" not in text:
        return Path(text).expanduser()
    if not text.startswith("sqlite"):
        return None
    from sqlalchemy.engine import make_url

    database = make_url(text).database
    return Path(database).expanduser() if database else None


def backup_folder(path: Path) -> Path:
    """The folder holding the backups of the project file ``path``."""
    return path.with_name(path.name + ".backups")


def list_backups(target: str | Path) -> list[BackupInfo]:
    """The project's backups, newest first (empty for a server database or when there are none)."""
    path = project_file(target)
    if path is None or not backup_folder(path).is_dir():
        return []
    found = []
    for item in backup_folder(path).iterdir():
        match = _NAME.match(item.name)
        if match and match["stem"] == path.name and item.is_file():
            created = datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)
            found.append(BackupInfo(item, created, match["reason"], item.stat().st_size))
    return sorted(found, key=lambda b: b.path.name, reverse=True)


def backup_project(target: str | Path, reason: str, keep: int = KEEP) -> Path | None:
    """Copy the project file into its backup folder and prune old backups; returns the new backup.

    Returns None when there is nothing to copy: a server database (logged), a missing or empty file.

    Raises:
        ProjectError: the copy could not be written (disk full, read-only folder); nothing was changed.
    """
    path = project_file(target)
    if path is None:
        log.info("no file backup (%s) for a server database project: back it up with pg_dump", reason)
        return None
    if not path.is_file() or path.stat().st_size == 0:
        return None
    final = backup_folder(path) / f"{path.name}.{datetime.now(UTC).strftime(_STAMP)}.{_slug(reason)}.kesheng"
    try:
        final.parent.mkdir(exist_ok=True)
        _publish(final, lambda tmp: _copy_online(path, tmp))
    except (sqlite3.Error, OSError) as exc:
        raise ProjectError.of("errors.project.backup_failed", name=path.name, before=reason, reason=exc) from exc
    prune_backups(path, keep)
    log.info("backed up %s (%s) to %s", path.name, reason, final.name)
    return final


def prune_backups(target: str | Path, keep: int = KEEP) -> list[Path]:
    """Delete all but the newest ``keep`` backups (and stale partial copies); returns what was deleted."""
    path = project_file(target)
    if path is None:
        return []
    gone = [b.path for b in list_backups(path)[max(keep, 1):]]
    folder = backup_folder(path)
    if folder.is_dir():
        gone += [p for p in folder.iterdir() if p.name.startswith(PARTIAL + path.name + ".") and _stale(p)]
    for item in gone:
        item.unlink(missing_ok=True)
        Path(f"{item}-wal").unlink(missing_ok=True)
    return gone


def restore_backup(target: str | Path, backup: str | Path) -> Path | None:
    """Replace the project file by ``backup``, after backing up the current file (even a damaged one).

    The project must not be open in any program while it is restored. Returns the backup taken of the
    file that was replaced (None if there was no file).

    Raises:
        ProjectError: a server database, or ``backup`` is missing, damaged or not a Kesheng project;
            the project file is then left as it was.
    """
    path = project_file(target)
    if path is None:
        raise ProjectError.of("errors.project.restore_pg")
    source = Path(backup).expanduser()
    _verify(source)
    saved = _save_current(path)
    try:
        for suffix in _SIDECARS:  # a stale WAL or journal would be replayed onto the restored file
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        _publish(path, lambda tmp: shutil.copyfile(source, tmp))
    except OSError as exc:
        raise ProjectError.of("errors.project.restore_failed", name=source.name, reason=exc,
                                  saved=saved.name if saved else Phrase("errors.nothing"),
                                  folder=backup_folder(path).name) from exc
    prune_backups(path)
    log.info("restored %s from %s", path.name, source.name)
    return saved


def restore_hint(target: str | Path) -> Phrase | None:
    """A sentence naming the latest backup and how to restore it; None when there is none."""
    found = list_backups(target)
    if not found:
        return None
    latest = found[0]
    when = latest.created.astimezone().strftime("%Y-%m-%d %H:%M")
    return Phrase("errors.project.restore_hint", name=latest.path.name, when=when, why=latest.reason,
                  target=shlex.quote(str(target)))


# ---- internals -----------------------------------------------------------------------------------


def _slug(reason: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", reason.lower()).strip("-")[:40] or "backup"


def _stale(path: Path) -> bool:
    """A partial copy untouched for ten minutes belongs to a process that died."""
    return time.time() - path.stat().st_mtime > 600


def _publish(final: Path, write: Callable[[Path], object]) -> None:
    """Write ``final`` through a partial file in the same folder, renamed only once complete."""
    tmp = final.with_name(PARTIAL + final.name)
    try:
        write(tmp)
        with tmp.open("rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, final)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _copy_online(source: Path, dest: Path) -> None:
    src = sqlite3.connect(source)
    try:
        dst = sqlite3.connect(dest)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # a self-contained file, no -wal beside it
        finally:
            dst.close()
    finally:
        src.close()


def _save_current(path: Path) -> Path | None:
    """Back up the file about to be replaced; a file SQLite cannot read is copied byte for byte."""
    if not path.is_file() or path.stat().st_size == 0:
        return None
    try:
        return backup_project(path, "before-restore")
    except ProjectError:
        pass
    final = backup_folder(path) / f"{path.name}.{datetime.now(UTC).strftime(_STAMP)}.before-restore-raw.kesheng"
    try:
        final.parent.mkdir(exist_ok=True)
        wal = Path(f"{path}-wal")
        if wal.is_file():
            shutil.copyfile(wal, f"{final}-wal")
        _publish(final, lambda tmp: shutil.copyfile(path, tmp))
    except OSError as exc:
        raise ProjectError.of("errors.project.save_before_restore", name=path.name, reason=exc) from exc
    return final


def _verify(backup: Path) -> None:
    if not backup.is_file():
        raise ProjectError.of("errors.project.no_backup_file", path=backup)
    try:
        con = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            ok = con.execute("PRAGMA quick_check").fetchone()[0]
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise ProjectError.of("errors.project.backup_unreadable", name=backup.name, reason=exc) from exc
    if ok != "ok" or "schema_version" not in tables:
        raise ProjectError.of("errors.project.backup_damaged", name=backup.name)
