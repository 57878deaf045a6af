"""Reading a table or a read-only query from a SQLite file or any SQLAlchemy database URL."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from workbench.errors import InputError, Phrase
from workbench.ingest.table import RawTable

_SELECT = re.compile(r"^\s*(?:select|with)\b", re.IGNORECASE)
_WRITE = re.compile(r"\b(?:insert|update|delete|drop|alter|create|replace|attach|pragma|vacuum)\b", re.IGNORECASE)
_BATCH = 5000


def check_query(query: str) -> None:
    """Only a single read-only SELECT/WITH statement is allowed.

    Raises:
        InputError: the query could change data.
    """
    body = query.strip().rstrip(";")
    if not _SELECT.match(body) or ";" in body or _WRITE.search(re.sub(r"'[^']*'", "", body)):
        raise InputError.of("errors.ingest.select_only")


def sqlite_tables(path: Path) -> list[str]:
    """The user tables of a SQLite file."""
    conn = _connect(path)
    try:
        return _tables(conn)
    finally:
        conn.close()


def _connect(path: Path) -> sqlite3.Connection:
    try:
        return sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise InputError.of("errors.ingest.sqlite_open", name=path.name, reason=exc) from exc


def _tables(conn: sqlite3.Connection) -> list[str]:
    try:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table','view') "
                            "AND name NOT LIKE 'sqlite_%' ORDER BY name").fetchall()
    except sqlite3.DatabaseError as exc:
        raise InputError.of("errors.ingest.sqlite_damaged", reason=exc) from exc
    return [str(r[0]) for r in rows]


def _pick_table(tables: list[str], table: str | None, where: str) -> str:
    if table is not None:
        if table not in tables:
            raise InputError.of("errors.ingest.no_table", where=where, table=table,
                                tables=", ".join(tables) or Phrase("errors.none"))
        return table
    if len(tables) == 1:
        return tables[0]
    if not tables:
        raise InputError.of("errors.ingest.no_tables", where=where)
    raise InputError.of("errors.ingest.several_tables", where=where, tables=", ".join(tables))


def open_sqlite(path: Path, table: str | None, query: str | None) -> RawTable:
    """Open a table (or the result of a SELECT) of a SQLite file, read-only.

    Raises:
        InputError: no such table, a writing query, or an SQL error.
    """
    conn = _connect(path)
    tables = _tables(conn)
    quoted = ""
    if query:
        check_query(query)
        sql, name, total = query, None, None
    else:
        name = _pick_table(tables, table, path.name)
        quoted = '"' + name.replace('"', '""') + '"'  # a table name may itself hold quotes
        sql, total = f"SELECT * FROM {quoted}", None
    try:
        if total is None and name is not None:
            total = int(conn.execute(f"SELECT count(*) FROM {quoted}").fetchone()[0])
        cur = conn.execute(sql)
    except sqlite3.Error as exc:
        conn.close()
        raise InputError.of("errors.ingest.query_failed_on", name=path.name, reason=exc) from exc
    header = [str(d[0]) for d in cur.description or ()]
    return RawTable(kind="sqlite", name=name, rows=_cursor_rows(header, cur, path.name, (sqlite3.Error,)),
                    total=total, header_known=True, names=tables, close=conn.close)


def _cursor_rows(header: list[str], cur: Any, where: str,
                 errors: tuple[type[Exception], ...]) -> Iterator[tuple[int, list[object]]]:
    """Header, then the rows; a database that fails part way (a damaged page) raises InputError."""
    yield 0, list(header)
    n = 0
    while True:
        try:
            batch = cur.fetchmany(_BATCH)
        except errors as exc:
            raise InputError.of("errors.ingest.read_past_row", where=where, n=n, reason=exc) from exc
        if not batch:
            return
        for row in batch:
            n += 1
            yield n, list(row)


def open_url(url: str, table: str | None, query: str | None) -> RawTable:
    """Open a table or query of a database given by SQLAlchemy URL, read-only (the transaction is rolled back).

    Raises:
        InputError: unreachable database, missing driver, no such table or a failed query.
    """
    from sqlalchemy import MetaData, Table, create_engine, func, inspect, select, text
    from sqlalchemy.exc import SQLAlchemyError

    try:
        engine = create_engine(url)
        conn = engine.connect()
    except (SQLAlchemyError, ImportError) as exc:
        raise InputError.of("errors.ingest.db_connect", reason=exc) from exc
    try:
        tables = sorted(inspect(conn).get_table_names())
        if query:
            check_query(query)
            stmt: Any = text(query)
            name, total = None, None
        else:
            name = _pick_table(tables, table, "the database")
            tbl = Table(name, MetaData(), autoload_with=conn)
            stmt = select(tbl)
            total = int(conn.execute(select(func.count()).select_from(tbl)).scalar_one())
        result = conn.execution_options(stream_results=True).execute(stmt)
    except SQLAlchemyError as exc:
        conn.close()
        engine.dispose()
        raise InputError.of("errors.ingest.db_query", kind=exc.__class__.__name__, reason=exc) from exc

    def close() -> None:
        conn.rollback()
        conn.close()
        engine.dispose()

    return RawTable(kind="dburl", name=name, rows=_cursor_rows(list(result.keys()), result, "the database",
                                                               (SQLAlchemyError,)),
                    total=total, header_known=True, names=tables, close=close)
