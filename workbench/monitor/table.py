"""A watched database table or query: rows past a high-water mark (on an id or a time column) are imported.

The mark lives in the project's settings and moves only after the rows up to it were imported, so a
restart re-reads at most one window, whose rows the importer then drops as duplicates.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError

from workbench.errors import InputError
from workbench.ingest.options import ImportOptions
from workbench.monitor.importing import SourceUnavailable, import_one
from workbench.monitor.state import CycleReport, mark_setting, source_key
from workbench.store.db import is_url
from workbench.store.handle import Project


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(value: Any) -> str:
    """A mark as an SQL literal (marks come from the source itself: numbers, text or times)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "'" + str(value).replace("'", "''") + "'"
    return repr(value)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    return value


class TableSource:
    """New rows of ``table`` (or of the rows ``query`` returns) in a SQLite file or a database URL."""

    def __init__(self, target: str, table: str | None, query: str | None, column: str,
                 options: ImportOptions) -> None:
        if not (table or query):
            raise InputError.of("errors.monitor.source")
        self.target, self.table, self.query, self.column, self.options = target, table, query, column, options
        self.key = source_key(target, table, query, column)

    @property
    def description(self) -> str:
        what = f"table {self.table}" if self.table else "query"
        where = self.target.split("@")[-1] if is_url(self.target) else self.target  # no user name in the log
        return f"{what} of {where} (mark on {self.column})"

    def _base(self) -> str:
        return f"SELECT * FROM {_ident(self.table)}" if self.table else str(self.query).strip().rstrip(";")

    def _window(self, low: Any, high: Any | None = None) -> str:
        col = _ident(self.column)
        cond = [] if low is None else [f"{col} > {_literal(low)}"]
        cond += [] if high is None else [f"{col} <= {_literal(high)}"]
        where = f" WHERE {' AND '.join(cond)}" if cond else ""
        return f"SELECT * FROM ({self._base()}) AS kesheng_src{where}"

    def _scalar(self, sql: str) -> Any:
        """One value from the source, read-only.

        Raises:
            SourceUnavailable: the database cannot be reached or the query fails.
        """
        try:
            return self._url_scalar(sql) if is_url(self.target) else self._file_scalar(sql)
        except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
            raise SourceUnavailable(f"the source {self.description} cannot be read ({exc})") from exc

    def _url_scalar(self, sql: str) -> Any:
        engine = create_engine(self.target, pool_pre_ping=True)
        try:
            with engine.connect() as conn:
                return conn.execute(text(sql)).scalar()
        finally:
            engine.dispose()

    def _file_scalar(self, sql: str) -> Any:
        path = Path(self.target).expanduser().resolve()
        if not path.is_file():
            raise SourceUnavailable(f"the source file {path} does not exist")
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute(sql).fetchone()[0]
        finally:
            conn.close()

    def collect(self, project: Project, report: CycleReport, stop: Callable[[], bool]) -> None:
        """Import the rows past the mark, then move the mark to the newest one imported.

        Raises:
            SourceUnavailable: the source cannot be read now.
            InputError: the new rows cannot be imported (the mark stays, so they are tried again).
        """
        setting = mark_setting(self.key)
        low = project.get_setting(setting)
        high = self._scalar(f"SELECT MAX({_ident(self.column)}) FROM ({self._window(low)}) AS kesheng_new")
        if high is None or stop():
            return
        report.files += 1
        import_one(project, self.target, replace(self.options, table=None, query=self._window(low, high)), report)
        project.set_setting(setting, _jsonable(high))
