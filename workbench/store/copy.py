"""Copy a whole project between stores: SQLite file ⇄ PostgreSQL URL (or file → file, URL → URL).

Every table of the schema is copied row by row in dependency order, keeping ids, so tags, runs,
taxonomy versions and alert history stay linked. The destination must be new or empty and is
written in one transaction: a failed or cancelled copy leaves it as it was. Derived data (the
full-text index, the aggregate cube) is rebuilt by the destination itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Connection, Table, func, select, text
from sqlalchemy.engine import make_url

from workbench.errors import Phrase, ProjectError
from workbench.progress import CancelToken, Progress, no_progress
from workbench.store import fts, schema
from workbench.store.db import is_url
from workbench.store.handle import Project

CHUNK = 5000
SKIPPED = {"schema_version"}  # the destination records its own migrations
CONTENT = ("sources", "records", "taxonomy_versions", "runs", "alert_rules")


@dataclass(frozen=True)
class CopyResult:
    """Rows copied per table."""

    rows: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def display_target(target: str) -> str:
    """A project path or URL as it may be shown or logged: never with its password."""
    if not is_url(target):
        return target
    try:
        return make_url(target).render_as_string(hide_password=True)
    except Exception:  # a malformed URL is shown as its scheme only
        return target.split("://", 1)[0] + "://…"


def copy_project(source: str, destination: str, progress: Progress = no_progress,
                 cancel: CancelToken | None = None) -> CopyResult:
    """Copy the project at ``source`` into the new or empty project ``destination``.

    Raises:
        ProjectError: the source does not exist or can't be opened, the destination is the source,
            or the destination already holds data.
        Cancelled: ``cancel`` was triggered; the destination is unchanged.
    """
    if _same(source, destination):
        raise ProjectError.of("errors.project.copy_same")
    with Project.open(source, create=False) as src, Project.open(destination) as dst:
        with dst.read() as conn:
            _require_empty(conn, display_target(destination))
        tables = [t for t in schema.metadata.sorted_tables if t.name not in SKIPPED]
        with src.read() as read:
            sizes = {t.name: int(read.execute(select(func.count()).select_from(t)).scalar_one()) for t in tables}
            total = max(1, sum(sizes.values()))
            done, copied = 0, {}
            with dst.write() as write:
                for table in tables:
                    copied[table.name] = 0
                    for batch in _batches(read, table):
                        if cancel is not None:
                            cancel.check()
                        write.execute(table.insert(), batch)
                        copied[table.name] += len(batch)
                        done += len(batch)
                        progress(done / total, Phrase("progress.copy.table", table=table.name, done=copied[table.name],
                                                                  total=sizes[table.name]))
                _finish(write)
    progress(1.0, Phrase("progress.copy.done"))
    return CopyResult(rows=copied)


def _same(source: str, destination: str) -> bool:
    if is_url(source) or is_url(destination):
        return source.strip() == destination.strip()
    from pathlib import Path

    return Path(source).expanduser().resolve() == Path(destination).expanduser().resolve()


def _require_empty(conn: Connection, shown: str) -> None:
    for name in CONTENT:
        table = schema.metadata.tables[name]
        if conn.execute(select(table.c.id).limit(1)).first() is not None:
            raise ProjectError.of("errors.project.copy_not_empty", target=shown, table=name)


def _batches(conn: Connection, table: Table) -> Iterator[list[dict[str, object]]]:
    order = list(table.primary_key.columns)
    result = conn.execution_options(stream_results=True, yield_per=CHUNK).execute(select(table).order_by(*order))
    for part in result.mappings().partitions(CHUNK):
        yield [dict(row) for row in part]


def _finish(conn: Connection) -> None:
    """Make the destination consistent: id sequences past the copied ids, the search index built."""
    if conn.dialect.name == "postgresql":
        for table in schema.metadata.sorted_tables:
            if "id" in table.c and table.c.id.primary_key and table.c.id.autoincrement is not False:
                conn.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"))
    fts.ensure_fts(conn)
