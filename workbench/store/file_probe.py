"""A read-only look at an existing project file before anything may write to it.

Opening a project sets WAL mode and runs migrations, and both write to the file. So an existing file
is first inspected through a read-only SQLite connection: a file that is not SQLite, damaged, another
program's database or made by a newer Kesheng is refused with one clear sentence and its bytes are left
exactly as they were. The sentence names the latest backup, if any, and how to restore it. A file whose
schema is older than this build is backed up before it is migrated.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import NoReturn

from workbench.errors import Phrase, ProjectError
from workbench.store import backup, migrations

SQLITE_MAGIC = b"SQLite format 3\x00"
CORE_TABLES = frozenset({"schema_version", "settings", "sources", "records"})


def check_before_open(path: Path) -> int | None:
    """Probe ``path`` (see :func:`probe_project_file`) and back it up if a migration is about to change it.

    Returns the schema version found (None for a missing or empty file: a new project).

    Raises:
        ProjectError: the file must not be opened; it was not changed.
    """
    version = probe_project_file(path)
    if version is not None and 0 < version < migrations.CURRENT:
        backup.backup_project(path, f"before-migration-{version}-to-{migrations.CURRENT}")
    return version


def probe_project_file(path: Path) -> int | None:
    """The schema version of the project file at ``path``, read without writing anything.

    Returns None when there is no file or it is empty, 0 for a SQLite database without any table.

    Raises:
        ProjectError: not a SQLite file, damaged, another program's database, or from a newer Kesheng.
    """
    if not path.is_file() or path.stat().st_size == 0:
        return None
    with path.open("rb") as fh:
        head = fh.read(16)
    if head != SQLITE_MAGIC:
        _refuse(path, Phrase("errors.project.not_sqlite_kept", name=path.name))
    try:
        tables, version = _read(path)
    except sqlite3.OperationalError as exc:  # not the bytes: permissions, locks, a vanished folder
        raise ProjectError.of("errors.project.unreadable", name=path.name, reason=exc) from exc
    except sqlite3.Error as exc:
        _refuse(path, Phrase("errors.project.damaged", name=path.name, reason=exc))
    if version is None:
        if tables:
            shown = ", ".join(sorted(tables)[:3]) + (", …" if len(tables) > 3 else "")
            _refuse(path, Phrase("errors.project.foreign", name=path.name, tables=shown))
        return 0
    if version > migrations.CURRENT:
        raise migrations.newer_error(version)
    missing = CORE_TABLES - tables
    if version > 0 and missing:
        _refuse(path, Phrase("errors.project.tables_missing", name=path.name, tables=", ".join(sorted(missing))))
    return version


def _read(path: Path) -> tuple[set[str], int | None]:
    """(table names, schema version or None without a Kesheng marker) through a read-only connection."""
    # Without a -wal file the main file is the whole database: open it immutable so that SQLite creates
    # no -wal/-shm beside it. With one, committed transactions may live in it: a plain read-only open.
    wal = Path(f"{path}-wal")
    flags = "mode=ro" if wal.exists() else "mode=ro&immutable=1"
    con = sqlite3.connect(f"{path.resolve().as_uri()}?{flags}", uri=True)
    try:
        ok = con.execute("PRAGMA quick_check").fetchone()[0]
        if ok != "ok":
            raise sqlite3.DatabaseError(str(ok))
        tables = {str(r[0]) for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")
                  if not str(r[0]).startswith("sqlite_")}
        if "schema_version" not in tables or not _is_marker(con):
            return tables, None
        row = con.execute("SELECT MAX(version) FROM schema_version").fetchone()
        return tables, int(row[0]) if row and row[0] is not None else 0
    finally:
        con.close()


def _is_marker(con: sqlite3.Connection) -> bool:
    """Our schema_version table has these columns (another tool's table of that name would not)."""
    columns = {str(r[1]) for r in con.execute("PRAGMA table_info(schema_version)")}
    return {"version", "app_version", "migrated_at"} <= columns


def _refuse(path: Path, sentence: Phrase) -> NoReturn:
    hint = backup.restore_hint(path)
    if hint is None:
        raise ProjectError.of("errors.project.refused", sentence=sentence)
    raise ProjectError.of("errors.project.refused_hint", sentence=sentence, hint=hint)


def needs_restore(path: Path) -> bool:
    """Whether the file at ``path`` is damaged or not a Kesheng project, so that a backup should replace it.

    False for a readable project (older, current or newer), a missing or empty file, and a file that
    cannot be read right now (locked, no permission): restoring would not help those.
    """
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return False
        with path.open("rb") as fh:
            if fh.read(16) != SQLITE_MAGIC:
                return True
        return _read(path)[1] is None
    except sqlite3.OperationalError:
        return False
    except sqlite3.Error:
        return True
    except OSError:
        return False
