"""Schema migrations: a schema_version table and ordered steps.

Each step takes a connection inside a transaction and moves the schema from version ``n - 1`` to
``n``. A project made by a newer version of Kesheng is refused, never touched.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Connection, inspect, select

from workbench import __version__
from workbench.errors import ProjectError
from workbench.store import schema


def _step_1_initial(conn: Connection) -> None:
    schema.metadata.create_all(conn)


STEPS: list[Callable[[Connection], None]] = [_step_1_initial]
CURRENT = len(STEPS)


def current_version(conn: Connection) -> int:
    """The project's schema version; 0 for an empty database."""
    names = set(inspect(conn).get_table_names())
    if "schema_version" not in names:
        if names - {"sqlite_sequence"}:
            raise ProjectError("this database is not a Kesheng project (it holds other tables); "
                               "choose another file or an empty database")
        return 0
    row = conn.execute(select(schema.schema_version.c.version)
                       .order_by(schema.schema_version.c.version.desc()).limit(1)).first()
    return int(row[0]) if row else 0


def migrate(conn: Connection) -> int:
    """Bring the schema up to date; returns the number of steps applied."""
    version = current_version(conn)
    if version > CURRENT:
        raise ProjectError(f"this project was made by a newer Kesheng (schema {version}, this one "
                           f"knows {CURRENT}); update Kesheng to open it — the file was not changed")
    for number in range(version + 1, CURRENT + 1):
        STEPS[number - 1](conn)
        conn.execute(schema.schema_version.insert().values(
            version=number, app_version=__version__, migrated_at=datetime.now(UTC).replace(tzinfo=None)))
    return CURRENT - version
