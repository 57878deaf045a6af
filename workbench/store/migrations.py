"""Schema migrations: a schema_version table and ordered steps.

Each step takes a connection inside a transaction and moves the schema from version ``n - 1`` to
``n``. A project made by a newer version of Kesheng is refused, never touched. Before an existing SQLite
file is migrated, :mod:`workbench.store.file_probe` backs it up (:mod:`workbench.store.backup`); a
PostgreSQL database gets a warning in the log instead (``pg_dump`` is the administrator's tool).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Connection, inspect, select, text

from workbench import __version__
from workbench.errors import ProjectError
from workbench.store import schema

log = logging.getLogger(__name__)


def _step_1_initial(conn: Connection) -> None:
    schema.metadata.create_all(conn)


def _step_2_labellers(conn: Connection) -> None:
    """Who labelled: ``tags.labelled_by`` and the ``label_events`` history; the label audit setting moves in.

    Idempotent, because step 1 creates the current schema: a new project already has both.
    """
    if "labelled_by" not in {c["name"] for c in inspect(conn).get_columns("tags")}:
        conn.execute(text("ALTER TABLE tags ADD COLUMN labelled_by VARCHAR(128)"))
    schema.label_events.create(conn, checkfirst=True)
    for index in schema.label_events.indexes:
        index.create(conn, checkfirst=True)
    s, r = schema.settings, schema.records
    audit = conn.execute(select(s.c.value).where(s.c.key == "tagging.label_audit")).scalar() or {}
    ids = [int(k) for k in audit if str(k).isdigit()]
    known: set[int] = set()
    for start in range(0, len(ids), 900):
        known |= set(conn.execute(select(r.c.id).where(r.c.id.in_(ids[start:start + 900]))).scalars())
    now = datetime.now(UTC).replace(tzinfo=None)
    rows = [dict(record_id=rid, labelled_by="", paths=list(audit[str(rid)].get("human", [])),
                 machine=list(audit[str(rid)].get("machine", [])), sentiment=None, action="before schema 2",
                 created_at=now) for rid in sorted(known)]
    if rows:
        conn.execute(schema.label_events.insert(), rows)


def _step_3_history(conn: Connection) -> None:
    """The undo history (``history``). Idempotent: a project made by step 1 of this build already has it."""
    schema.history.create(conn, checkfirst=True)


def _step_4_experience(conn: Connection) -> None:
    """Effort, emotion and actionability per record (``experience``). Idempotent. The rows are not computed
    here (a migration must stay quick at a million records): the next ``tag`` run or ``export`` fills them from
    the rules, without the model (:mod:`workbench.tagging.experience_io`)."""
    schema.experience.create(conn, checkfirst=True)
    for index in schema.experience.indexes:
        index.create(conn, checkfirst=True)


STEPS: list[Callable[[Connection], None]] = [_step_1_initial, _step_2_labellers, _step_3_history,
                                             _step_4_experience]
CURRENT = len(STEPS)


def current_version(conn: Connection) -> int:
    """The project's schema version; 0 for an empty database."""
    names = set(inspect(conn).get_table_names())
    if "schema_version" not in names:
        if names - {"sqlite_sequence"}:
            raise ProjectError.of("errors.project.foreign_db")
        return 0
    row = conn.execute(select(schema.schema_version.c.version)
                       .order_by(schema.schema_version.c.version.desc()).limit(1)).first()
    return int(row[0]) if row else 0


def newer_error(version: int) -> ProjectError:
    """The error refusing a project whose schema ``version`` is newer than this build knows."""
    return ProjectError.of("errors.project.newer", version=version, current=CURRENT)


def _begin_sqlite(conn: Connection) -> bool:
    """Open the SQLite transaction by hand, so the migration's DDL is part of it: Python's sqlite3 begins one
    only before a data change and runs CREATE/ALTER TABLE outside any, so a process killed while it created a
    new project left a file with some of the tables and no schema_version, refused from then on as another
    program's database. IMMEDIATE takes the write lock first: two processes creating one project take turns.
    False where a transaction was open already."""
    dbapi = conn.connection.dbapi_connection
    if dbapi is None or getattr(dbapi, "in_transaction", True):
        return False
    conn.exec_driver_sql("BEGIN IMMEDIATE")
    return True


def migrate(conn: Connection) -> int:
    """Bring the schema up to date; returns the number of steps applied.

    Raises:
        ProjectError: the project is from a newer Kesheng (nothing is written) or not a Kesheng database.
    """
    version = current_version(conn)
    if version < CURRENT and conn.dialect.name == "sqlite" and _begin_sqlite(conn):
        version = current_version(conn)  # another process may have migrated it while this one waited for the lock
    if version > CURRENT:
        raise newer_error(version)
    if 0 < version < CURRENT and conn.dialect.name != "sqlite":  # SQLite files were backed up (file_probe)
        log.warning("migrating a %s project from schema %d to %d without a file backup: back the database up "
                    "with pg_dump beforehand", conn.dialect.name, version, CURRENT)
    for number in range(version + 1, CURRENT + 1):
        STEPS[number - 1](conn)
        conn.execute(schema.schema_version.insert().values(
            version=number, app_version=__version__, migrated_at=datetime.now(UTC).replace(tzinfo=None)))
    return CURRENT - version
