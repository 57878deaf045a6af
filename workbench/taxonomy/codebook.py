"""Codebook files: read and write a taxonomy as Excel (.xlsx/.xls), CSV or JSON, and import one into a project.

Table layout: see :mod:`workbench.taxonomy.codebook_table`; JSON: :mod:`workbench.taxonomy.codebook_json`.
Every problem with a file is an :class:`InputError` with one sentence; nothing is written on error.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from workbench.errors import InputError
from workbench.store.handle import Project
from workbench.taxonomy.codebook_json import json_to_taxonomy, taxonomy_to_json
from workbench.taxonomy.codebook_table import find_layout, rows_to_taxonomy, taxonomy_to_rows
from workbench.taxonomy.model import Taxonomy
from workbench.taxonomy.refi_qda import read_qdc, write_qdc
from workbench.textsafety import neutralise_csv

SHEETS = {".xlsx", ".xlsm", ".xls", ".ods"}
TEXTS = {".csv", ".tsv", ".txt"}
QDA = {".qdc"}


def read_codebook(path: str | Path, known: Taxonomy | None = None) -> Taxonomy:
    """Read a codebook file into an unsaved taxonomy (keys from the file or fresh).

    ``known`` (the project's current taxonomy) lets a REFI-QDA codebook exported from it keep its keys.

    Raises:
        InputError: the file is missing, not a spreadsheet / CSV / JSON, or not a valid codebook.
    """
    file = Path(path)
    if not file.is_file():
        raise InputError.of("errors.taxonomy.no_codebook", path=file)
    suffix = file.suffix.lower()
    if suffix == ".json":
        return json_to_taxonomy(_load_json(file), file.name)
    if suffix in QDA:
        return read_qdc(file, known)
    if suffix in SHEETS:
        return rows_to_taxonomy(_sheet_rows(file), file.name)
    if suffix in TEXTS:
        return rows_to_taxonomy(_csv_rows(file), file.name)
    raise InputError.of("errors.taxonomy.not_codebook", name=file.name)


def write_codebook(taxonomy: Taxonomy, path: str | Path) -> None:
    """Write a taxonomy as .xlsx, .csv (UTF-8 with BOM, opens in Excel), .json or .qdc (a REFI-QDA codebook),
    chosen by the suffix.

    Raises:
        InputError: an unsupported suffix, or the file cannot be written.
    """
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix not in {".xlsx", ".csv", ".json", ".qdc"}:
        raise InputError.of("errors.taxonomy.export_kind", name=file.name)
    tmp = file.with_name(file.name + ".part")
    try:
        if suffix == ".qdc":
            write_qdc(taxonomy, tmp)
        elif suffix == ".json":
            tmp.write_text(json.dumps(taxonomy_to_json(taxonomy), ensure_ascii=False, indent=2), encoding="utf-8")
        elif suffix == ".csv":
            with tmp.open("w", encoding="utf-8-sig", newline="") as fh:  # no cell may open as a formula
                csv.writer(fh).writerows([neutralise_csv(c) for c in row] for row in taxonomy_to_rows(taxonomy))
        else:
            _write_xlsx(taxonomy_to_rows(taxonomy), tmp)
        tmp.replace(file)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError.of("errors.taxonomy.write", path=file, reason=exc.strerror or exc) from exc


def import_codebook(project: Project, path: str | Path, note: str | None = None) -> int:
    """Read a codebook and save it as the project's new current taxonomy version; returns its id."""
    from workbench.taxonomy.repository import load_current, save_version

    known = load_current(project) if Path(path).suffix.lower() in QDA else None
    taxonomy = read_codebook(path, known)
    return save_version(project, taxonomy, note or f"codebook {Path(path).name}")


def _load_json(file: Path) -> Any:
    try:
        return json.loads(file.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InputError.of("errors.taxonomy.json_not_utf8", name=file.name) from exc
    except json.JSONDecodeError as exc:
        raise InputError.of("errors.ingest.json_invalid", name=file.name, line=exc.lineno, reason=exc.msg) from exc
    except (ValueError, RecursionError) as exc:  # a 5000-digit number; lists nested hundreds deep
        raise InputError.of("errors.taxonomy.json_odd", name=file.name) from exc


def _sheet_rows(file: Path) -> list[list[Any]]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(file))
        sheets = [book.get_sheet_by_index(i).to_python(skip_empty_area=False) for i in range(len(book.sheet_names))]
    except Exception as exc:  # calamine raises several unrelated types for a file that is not a workbook
        raise InputError.of("errors.taxonomy.sheet_unreadable", name=file.name) from exc
    for rows in sheets:  # the first sheet with a level1 column is the codebook
        try:
            find_layout(rows, file.name)
            return rows
        except InputError:
            continue
    return sheets[0] if sheets else []


def _csv_rows(file: Path) -> list[list[str]]:
    raw = file.read_bytes()
    if b"\x00" in raw[:4096]:
        raise InputError.of("errors.taxonomy.csv_binary", name=file.name)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InputError.of("errors.taxonomy.csv_encoding", name=file.name)
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    try:  # newline="": a bare CR ends a row, as Excel and the csv module expect
        return [row for row in csv.reader(io.StringIO(text, newline=""), dialect)]
    except csv.Error as exc:
        raise InputError.of("errors.taxonomy.csv_malformed", name=file.name, reason=exc) from exc


def _write_xlsx(rows: list[list[str]], file: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "codebook"
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # typed text: a node named "=..." never becomes a formula
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(10, width * 1.6), 60)
    book.save(file)
