"""Choosing and opening the right reader for a path or database URL."""

from __future__ import annotations

from pathlib import Path

from workbench.errors import InputError
from workbench.ingest import database, excel, textfile
from workbench.ingest.safety import sniff_kind
from workbench.ingest.table import RawTable


def is_db_url(target: str) -> bool:
    """True for a SQLAlchemy URL such as ``postgresql+psycopg://host/db`` (not a Windows path)."""
    return "://" in target and len(target.split("://", 1)[0]) > 1


def open_source(target: str, sheet: str | None = None, table: str | None = None,
                query: str | None = None) -> RawTable:
    """Open a file or database URL as a :class:`RawTable`; the caller must call ``close()``.

    Raises:
        InputError: the source cannot be read (one sentence).
    """
    if is_db_url(target):
        return database.open_url(target, table, query)
    path = Path(target).expanduser()
    kind = sniff_kind(path)
    if (table or query) and kind != "sqlite":
        raise InputError.of("errors.ingest.table_query_not_db", name=path.name)
    if kind == "sqlite":
        return database.open_sqlite(path, table, query)
    if kind in ("xlsx", "xls"):
        return excel.open_excel(path, sheet, is_zip=kind == "xlsx")
    if kind in ("json", "jsonl"):
        return textfile.open_json(path, lines=kind == "jsonl")
    return textfile.open_csv(path)


def source_names(target: str) -> list[str]:
    """The sheets (workbook) or tables (database) a source offers; [] for flat files."""
    if is_db_url(target):
        table = database.open_url(target, None, "SELECT 1")
        table.close()
        return table.names
    path = Path(target).expanduser()
    kind = sniff_kind(path)
    if kind == "sqlite":
        return database.sqlite_tables(path)
    if kind in ("xlsx", "xls"):
        return excel.sheet_names(path)
    return []
