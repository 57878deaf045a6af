"""The open project's database handle: the engine and the single writer lock.

It owns the database engine and the single writer lock (ARCHITECTURE rule 4: one writer; reads may
run alongside thanks to SQLite WAL). Subsystems (ingest, taxonomy, tagging, queries, reports) take a
Project and use :meth:`Project.read` / :meth:`Project.write` for their transactions. The CLI and the UI
reach it through the application seam, :mod:`workbench.project`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Integer, func, select

from workbench.store import schema
from workbench.store.db import is_url, open_database


@dataclass(frozen=True)
class ProjectStats:
    """Headline numbers of a project."""

    records: int
    conversations: int
    sources: int
    tagged: int
    tags: int
    taxonomy_nodes: int
    first: datetime | None
    last: datetime | None
    channels: dict[str, int]
    turns: dict[str, int] = field(default_factory=dict)


class Project:
    """An open Kesheng project (a SQLite file or a database URL)."""

    def __init__(self, target: str, engine: Engine) -> None:
        self.target = target
        self.engine = engine
        self._write_lock = threading.RLock()

    @classmethod
    def open(cls, target: str | Path, create: bool = True) -> Project:
        """Open a project, creating and migrating it as needed.

        Raises:
            ProjectError: the target is not a usable project (one clear sentence).
        """
        target_s = str(target)
        return cls(target_s, open_database(target_s, create=create))

    @property
    def name(self) -> str:
        if is_url(self.target):
            return self.target.rsplit("/", 1)[-1] or self.target
        return Path(self.target).stem

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read connection; may run alongside the writer.

        On PostgreSQL it reads one snapshot (REPEATABLE READ): every query in the block sees the same
        committed state, never half of another analyst's import or tagging batch.
        """
        with self.engine.connect() as conn:
            if not self.is_sqlite:
                conn.execution_options(isolation_level="REPEATABLE READ")
            yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """The one write transaction at a time; commits on success, rolls back on any error."""
        with self._write_lock, self.engine.begin() as conn:
            yield conn

    def get_setting(self, key: str, default: Any = None) -> Any:
        with self.read() as conn:
            value = conn.execute(select(schema.settings.c.value).where(schema.settings.c.key == key)).scalar()
        return default if value is None else value

    def set_setting(self, key: str, value: Any) -> None:
        table = schema.settings
        with self.write() as conn:
            conn.execute(table.delete().where(table.c.key == key))
            conn.execute(table.insert().values(key=key, value=value))

    def stats(self) -> ProjectStats:
        r, t = schema.records, schema.tags
        with self.read() as conn:
            n, convs, first, last = conn.execute(select(
                func.count(), func.coalesce(func.sum(r.c.is_conversation.cast(Integer)), 0),
                func.min(r.c.created_at), func.max(r.c.created_at))).one()
            channels: dict[str, int] = dict(conn.execute(select(r.c.channel, func.count()).group_by(r.c.channel)).all())
            sources = conn.execute(select(func.count()).select_from(schema.sources)).scalar_one()
            tags = conn.execute(select(func.count()).select_from(t)).scalar_one()
            m = schema.messages
            turns: dict[str, int] = dict(conn.execute(select(m.c.role, func.count()).group_by(m.c.role)).all())
            tagged = conn.execute(select(func.count()).select_from(schema.assessments)).scalar_one()
            current = conn.execute(select(schema.taxonomy_versions.c.id)
                                   .where(schema.taxonomy_versions.c.is_current)).scalar()
            nodes = 0 if current is None else conn.execute(
                select(func.count()).where(schema.taxonomy_nodes.c.version_id == current)).scalar_one()
        return ProjectStats(records=int(n), conversations=int(convs), sources=int(sources),
                            tagged=int(tagged), tags=int(tags), taxonomy_nodes=int(nodes),
                            first=first, last=last, channels={str(k): int(v) for k, v in channels.items()},
                            turns={str(k): int(v) for k, v in turns.items()})
