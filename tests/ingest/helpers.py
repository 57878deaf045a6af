"""Builders of real input files for the ingest tests."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
from sqlalchemy import func, select

from workbench.project import Project
from workbench.store import schema


def xlsx(path: Path, rows: list[list[object]], sheet: str = "Sheet1", extra_sheets: dict[str, list[list[object]]]
         | None = None) -> Path:
    """Write a workbook with one sheet of rows (plus optional more sheets)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    for name, more in (extra_sheets or {}).items():
        other = wb.create_sheet(name)
        for row in more:
            other.append(row)
    wb.save(path)
    return path


def set_cached_values(path: Path, values: dict[str, str]) -> None:
    """Give formula cells cached values, as Excel would have saved them (openpyxl writes none)."""
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    for ref, value in values.items():
        sheet = re.sub(rf'(<c r="{ref}"[^>]*>)<f>([^<]*)</f><v\s*/?>(?:</v>)?',
                       rf'\1<f>\2</f><v>{value}</v>', sheet)
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def count(project: Project, table: str = "records") -> int:
    """Rows in a table."""
    with project.read() as conn:
        return int(conn.execute(select(func.count()).select_from(schema.metadata.tables[table])).scalar_one())


def records(project: Project) -> list[dict[str, object]]:
    """All records as dicts, by id."""
    with project.read() as conn:
        rows = conn.execute(select(schema.records).order_by(schema.records.c.id)).mappings().all()
    return [dict(r) for r in rows]


def snapshot(project: Project) -> dict[str, int]:
    """Row counts of every table (to show a failed import changed nothing)."""
    return {name: count(project, name) for name in schema.metadata.tables}
