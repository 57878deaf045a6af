"""Batched inserts of records, messages and PII originals inside the import's one transaction.

Record rows are tuples in :data:`RECORD_COLUMNS` order. On SQLite and PostgreSQL the inserts run on a
helper thread (the drivers release the GIL while the database works, so parsing and storing overlap);
only one batch is ever in flight, and the main thread does not touch the connection until
:meth:`BatchWriter.wait`. PostgreSQL loads records and messages with COPY.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from typing import ClassVar, cast

from sqlalchemy import Connection, func, select, text

from workbench.store import schema

BATCH = 10000
RECORD_COLUMNS: tuple[str, ...] = tuple(c.name for c in schema.records.columns)
COL = {name: i for i, name in enumerate(RECORD_COLUMNS)}
_RECORDS_SQL = (f"INSERT INTO records ({', '.join(RECORD_COLUMNS)}) "
                f"VALUES ({', '.join('?' for _ in RECORD_COLUMNS)})")
Row = tuple[object, ...]
MESSAGE_COLUMNS = ("record_id", "turn", "role", "sent_at", "agent", "text", "is_noise")


def record_row(values: dict[str, object], sqlite: bool) -> Row:
    """A record dict → row tuple (SQLite rows carry SQLAlchemy's storage format for datetimes and JSON)."""
    row = [values.get(name) for name in RECORD_COLUMNS]
    if sqlite:
        created, extra = row[COL["created_at"]], row[COL["extra"]]
        if isinstance(created, datetime):
            row[COL["created_at"]] = sqlite_time(created)
        if extra is not None:
            row[COL["extra"]] = json.dumps(extra)
    return tuple(row)


def sqlite_time(value: datetime) -> str:
    """A datetime exactly as SQLAlchemy stores it in SQLite."""
    return value.isoformat(" ", "microseconds")


class BatchWriter:
    """Buffers rows and inserts them with executemany (COPY on PostgreSQL) in batches of :data:`BATCH`."""

    use_copy: ClassVar[bool] = True  # PostgreSQL: COPY; bench/pg_store.py turns it off for its baseline

    def __init__(self, conn: Connection, keep_pii: bool) -> None:
        self.conn = conn
        self.sqlite = conn.dialect.name == "sqlite"
        self.postgres = conn.dialect.name == "postgresql" and self.use_copy
        self.keep_pii = keep_pii
        self.records: list[Row] = []
        self.messages: list[dict[str, object]] = []
        self.pii: list[dict[str, object]] = []
        self.message_count = 0
        threaded = self.sqlite or self.postgres  # both drivers release the GIL while the database works
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="ingest-writer") if threaded else None
        self._pending: Future[None] | None = None

    def add(self, record: Row, pii: list[tuple[str, str]], messages: list[dict[str, object]] | None = None) -> None:
        """Queue one record row (with its messages and, when kept, its PII originals)."""
        self.records.append(record)
        if messages:
            self.messages.extend(messages)
            self.message_count += len(messages)
        if pii and self.keep_pii:
            rid = record[0]
            self.pii.extend({"record_id": rid, "kind": kind, "original": original} for kind, original in pii)
        if len(self.records) >= BATCH or len(self.messages) >= BATCH:
            self.flush()

    def flush(self) -> None:
        """Hand everything queued to the writer (records first: messages and originals refer to them)."""
        records, messages, pii = self.records, self.messages, self.pii
        self.records, self.messages, self.pii = [], [], []
        if not (records or messages or pii):
            return
        self.wait()
        if self._pool is None:
            self._insert(records, messages, pii)
        else:
            self._pending = self._pool.submit(self._insert, records, messages, pii)

    def wait(self) -> None:
        """Block until the batch in flight is stored; re-raises its error."""
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.result()

    def close(self) -> None:
        """Wait for the batch in flight (errors swallowed: the caller is already failing) and stop the thread."""
        try:
            if self._pending is not None:
                self._pending.exception()
        finally:
            self._pending = None
            if self._pool is not None:
                self._pool.shutdown(wait=True)

    def _insert(self, records: list[Row], messages: list[dict[str, object]], pii: list[dict[str, object]]) -> None:
        if records:
            if self.sqlite:
                self.conn.exec_driver_sql(_RECORDS_SQL, records)
            elif self.postgres:
                _copy_records(self.conn, records)
            else:
                self.conn.execute(schema.records.insert(), [dict(zip(RECORD_COLUMNS, r, strict=True))
                                                            for r in records])
                _advance_sequence(self.conn, max(cast(int, r[0]) for r in records))
        if messages and self.postgres:
            copy_rows(self.conn, "messages", MESSAGE_COLUMNS, ([m[c] for c in MESSAGE_COLUMNS] for m in messages))
        elif messages:
            self.conn.execute(schema.messages.insert(), messages)
        if pii:
            self.conn.execute(schema.pii_originals.insert(), pii)


def _copy_records(conn: Connection, records: list[Row]) -> None:
    extra = COL["extra"]
    copy_rows(conn, "records", RECORD_COLUMNS,
              (r if r[extra] is None else (*r[:extra], json.dumps(r[extra]), *r[extra + 1:]) for r in records))
    _advance_sequence(conn, max(cast(int, r[0]) for r in records))


def copy_rows(conn: Connection, table: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """PostgreSQL ``COPY table (columns) FROM STDIN`` inside ``conn``'s transaction (many times executemany's speed).

    Values are Python objects psycopg can adapt (JSON columns take their text); None is SQL NULL.
    """
    driver = conn.connection.driver_connection  # the psycopg connection behind ``conn``, same transaction
    assert driver is not None
    with driver.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _advance_sequence(conn: Connection, last_id: int) -> None:
    """PostgreSQL: move the records id sequence past explicitly assigned ids so plain inserts never collide."""
    if conn.dialect.name == "postgresql":
        # ids above the table's max(id) were never committed (the import holds the records lock), so no clash
        conn.execute(text("SELECT setval(pg_get_serial_sequence('records', 'id'), :last)"), {"last": last_id})


def lock_records(conn: Connection) -> None:
    """Take the import's lock first thing in its transaction (PostgreSQL; SQLite has one writer anyway).

    The records table is locked against other writers until the transaction ends, so two analysts
    importing at once queue instead of colliding on record ids or missing each other's duplicates.
    Readers, and tagging (which only reads records), go on meanwhile.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("LOCK TABLE records IN SHARE ROW EXCLUSIVE MODE"))


def next_record_id(conn: Connection) -> int:
    """The first free record id (ids are assigned up front so near-duplicates and messages can refer to them)."""
    return int(conn.execute(select(func.coalesce(func.max(schema.records.c.id), 0))).scalar_one()) + 1


def existing_hashes(conn: Connection) -> list[str]:
    """Content hashes already in the project (re-imports add only new rows)."""
    return list(conn.execute(select(schema.records.c.content_hash)).scalars())


class BulkIndexes:
    """Drops the records indexes for a large load into a small project and rebuilds them at the end.

    Building an index once over sorted data is far cheaper than updating six B-trees row by row. Both
    steps run inside the import transaction, so a failed import restores the indexes with everything else.
    """

    MIN_ROWS = 20_000

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.dropped = False

    def maybe_drop(self, incoming: int | None) -> None:
        """Drop the indexes when ``incoming`` rows outnumber the records already stored (SQLite only)."""
        if self.dropped or self.conn.dialect.name != "sqlite" or (incoming or 0) < self.MIN_ROWS:
            return
        existing = int(self.conn.execute(select(func.count()).select_from(schema.records)).scalar_one())
        if existing > incoming:  # type: ignore[operator]
            return
        for index in schema.records.indexes:
            index.drop(self.conn)
        self.dropped = True

    def restore(self) -> None:
        """Rebuild what was dropped."""
        if self.dropped:
            for index in schema.records.indexes:
                index.create(self.conn)
            self.dropped = False
