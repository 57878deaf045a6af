"""Opening a project database: SQLite file (WAL, foreign keys) or a SQLAlchemy URL."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError
from sqlalchemy.pool import NullPool

from workbench.errors import ProjectError
from workbench.store import migrations, postgres
from workbench.store.file_probe import check_before_open

SQLITE_MAGIC = b"SQLite format 3\x00"


def is_url(target: str) -> bool:
    return "://" in target


def _check_sqlite_file(path: Path) -> None:
    if path.is_dir():
        raise ProjectError.of("errors.project.folder", path=path)
    if path.exists() and path.stat().st_size > 0:
        with path.open("rb") as fh:
            head = fh.read(16)
        if head != SQLITE_MAGIC:
            raise ProjectError.of("errors.project.not_sqlite", name=path.name)


def _on_sqlite_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA cache_size=-65536")
    cur.execute("PRAGMA temp_store=MEMORY")
    cur.close()


def make_engine(target: str, create: bool = True) -> Engine:
    """An engine for a project file path or a database URL.

    Raises:
        ProjectError: the target is not a usable Kesheng project.
    """
    if is_url(target):
        try:
            url = make_url(target)
        except ArgumentError as exc:
            raise ProjectError.of("errors.project.bad_url", url=target, reason=exc) from exc
        if url.get_backend_name() == "sqlite":
            return make_engine(url.database or "", create)
        if postgres.is_postgres(url):
            return postgres.make_engine(url)
        raise ProjectError.of("errors.project.backend", backend=url.get_backend_name())
    path = Path(target).expanduser()
    check_before_open(path)  # read-only refusal of foreign/damaged/newer files; backup before a migration
    _check_sqlite_file(path)
    if not path.exists() and not create:
        raise ProjectError.of("errors.project.none_at", path=path)
    if not path.parent.exists():
        raise ProjectError.of("errors.project.no_folder", folder=path.parent)
    engine = create_engine(f"sqlite:///{path}", poolclass=NullPool)
    event.listen(engine, "connect", _on_sqlite_connect)
    return engine


def open_database(target: str, create: bool = True) -> Engine:
    """Open (and migrate) a project database, returning its engine."""
    engine = make_engine(target, create)
    try:
        with engine.begin() as conn:
            if engine.dialect.name != "sqlite":  # (a SQLite file was quick_checked by file_probe, read-only)
                # two analysts opening a new project at once: one migrates, the other waits and sees it done
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": postgres.PROJECT_LOCK})
            migrations.migrate(conn)
    except (DatabaseError, OperationalError) as exc:
        engine.dispose()
        if engine.dialect.name != "sqlite":
            raise postgres.connect_error(exc, engine.url) from exc
        reason = str(exc.orig) if getattr(exc, "orig", None) else str(exc)
        raise ProjectError.of("errors.project.cannot_open", reason=reason) from exc
    except ProjectError:
        engine.dispose()
        raise
    return engine
