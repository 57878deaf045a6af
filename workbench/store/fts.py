"""Full-text search over record texts that works for Chinese.

SQLite: an external-content FTS5 table with the ``trigram`` tokenizer (SQLite >= 3.34), kept in sync
with ``records`` by triggers. Trigrams cannot match terms shorter than three characters, so such
terms (common in Chinese: 退款, 慢) fall back to ``LIKE`` on the record text.

PostgreSQL: the ``pg_trgm`` extension and a GIN trigram index on ``records.text``; every term is an
``ILIKE '%term%'`` parameter, which the index serves for terms of three or more characters (Chinese
included: pg_trgm treats CJK characters as word characters under UTF-8 locales). Other databases use
``LIKE`` throughout.

A query is split on whitespace; every term must match (AND). Terms are matched as literal
substrings (case-insensitive for Latin letters), never as FTS syntax.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import ColumnElement, Connection, and_, column, select, table, text, true
from sqlalchemy.exc import DBAPIError

from workbench.store import schema

FTS_TABLE = "records_fts"
PG_INDEX = "records_text_trgm"
MIN_TRIGRAM = 3

_TRIGGERS = (
    f"CREATE TRIGGER IF NOT EXISTS records_fts_ai AFTER INSERT ON records BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, text) VALUES (new.id, new.text); END",
    f"CREATE TRIGGER IF NOT EXISTS records_fts_ad AFTER DELETE ON records BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text) VALUES ('delete', old.id, old.text); END",
    f"CREATE TRIGGER IF NOT EXISTS records_fts_au AFTER UPDATE OF text ON records BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text) VALUES ('delete', old.id, old.text); "
    f"INSERT INTO {FTS_TABLE}(rowid, text) VALUES (new.id, new.text); END",
)


def trigram_supported() -> bool:
    """Whether the linked SQLite has the FTS5 trigram tokenizer (3.34+)."""
    return sqlite3.sqlite_version_info >= (3, 34, 0)


def has_fts(conn: Connection) -> bool:
    """Whether the project already has the full-text index."""
    if conn.dialect.name == "postgresql":
        return conn.execute(text("SELECT 1 FROM pg_indexes WHERE indexname = :n AND schemaname = current_schema()"),
                            {"n": PG_INDEX}).first() is not None
    if conn.dialect.name != "sqlite":
        return False
    row = conn.execute(text("SELECT 1 FROM sqlite_master WHERE type='table' AND name=:n"), {"n": FTS_TABLE}).first()
    return row is not None


def ensure_fts(conn: Connection) -> bool:
    """Create (and fill) the full-text index if missing. Call inside a write transaction.

    Idempotent and cheap when the index exists; the first call indexes every record (about a
    second per 100,000 records). Import and tagging may call it after writing records.

    Returns:
        True if the index exists afterwards (False on other databases, old SQLite, or a PostgreSQL
        server where the ``pg_trgm`` extension cannot be created; search then uses plain ILIKE).
    """
    if conn.dialect.name == "postgresql":
        return _ensure_pg_trigram(conn)
    if conn.dialect.name != "sqlite" or not trigram_supported():
        return False
    if has_fts(conn):
        return True
    conn.execute(text(f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(text, content='records', "
                      "content_rowid='id', tokenize='trigram')"))
    for trigger in _TRIGGERS:
        conn.execute(text(trigger))
    conn.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"))
    return True


def _ensure_pg_trigram(conn: Connection) -> bool:
    if has_fts(conn):
        return True
    try:
        with conn.begin_nested():  # a refused CREATE EXTENSION must not abort the caller's transaction
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except DBAPIError:
        return False
    conn.execute(text(f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON records USING gin (text gin_trgm_ops)"))
    return True


def terms(query: str) -> list[str]:
    """The whitespace-separated terms of a search query, empty ones dropped (NUL characters never match)."""
    return [t for t in query.replace("\x00", " ").split() if t]


def _phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _like(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _contains(term: str) -> ColumnElement[bool]:
    """``records.text`` contains ``term`` (literal, case-insensitive): ILIKE, served by pg_trgm on PostgreSQL."""
    return schema.records.c.text.ilike(_like(term), escape="\\")


def text_clause(query: str, use_fts: bool, dialect: str = "sqlite") -> ColumnElement[bool]:
    """A WHERE clause on ``records`` selecting records whose text contains every term.

    Args:
        query: the user's search text; terms split on whitespace, all must match.
        use_fts: whether the FTS5 index exists (see :func:`has_fts`); otherwise LIKE only.
        dialect: the connection's dialect name; on PostgreSQL every term is an ILIKE (trigram index).
    """
    r = schema.records
    if dialect == "postgresql":
        return and_(true(), *(_contains(t) for t in terms(query)))
    parts: list[ColumnElement[bool]] = []
    long_terms = [t for t in terms(query) if len(t) >= MIN_TRIGRAM]
    if use_fts and long_terms:
        match = " AND ".join(_phrase(t) for t in long_terms)
        fts = table(FTS_TABLE, column("rowid"), column(FTS_TABLE))
        parts.append(r.c.id.in_(select(fts.c.rowid).where(fts.c[FTS_TABLE].op("MATCH")(match))))
    for term in terms(query):
        if not (use_fts and len(term) >= MIN_TRIGRAM):
            parts.append(r.c.text.like(_like(term), escape="\\"))
    return and_(true(), *parts)


def search_ids(conn: Connection, query: str, limit: int = 50, offset: int = 0) -> list[int]:
    """Ids of records matching ``query``, newest id first, one page at a time.

    With the index, the page is read straight from FTS5 in rowid order, so a page costs the same
    whether the term matches ten records or half a million.
    """
    r = schema.records
    if conn.dialect.name == "postgresql":
        stmt = select(r.c.id).where(text_clause(query, True, "postgresql")).order_by(r.c.id.desc())
        return [int(i) for i in conn.execute(stmt.limit(limit).offset(offset)).scalars()]
    long_terms = [t for t in terms(query) if len(t) >= MIN_TRIGRAM]
    if not (long_terms and has_fts(conn)):
        stmt = select(r.c.id).where(text_clause(query, False)).order_by(r.c.id.desc())
        return [int(i) for i in conn.execute(stmt.limit(limit).offset(offset)).scalars()]
    fts = table(FTS_TABLE, column("rowid"), column(FTS_TABLE))
    stmt = (select(fts.c.rowid).where(fts.c[FTS_TABLE].op("MATCH")(" AND ".join(_phrase(t) for t in long_terms)))
            .order_by(fts.c.rowid.desc()))
    short = [t for t in terms(query) if len(t) < MIN_TRIGRAM]
    if short:
        stmt = stmt.join(r, r.c.id == fts.c.rowid).where(*(r.c.text.like(_like(t), escape="\\") for t in short))
    return [int(i) for i in conn.execute(stmt.limit(limit).offset(offset)).scalars()]
