"""Reading Excel workbooks (.xlsx/.xlsm/.xls) with python-calamine: cached formula values, every sheet."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from workbench.errors import InputError
from workbench.ingest.safety import check_workbook
from workbench.ingest.table import RawTable


def sheet_names(path: Path) -> list[str]:
    """The workbook's sheet names, in order."""
    wb = _load(path, Path(path).suffix.lower() != ".xls")
    try:
        return list(wb.sheet_names)
    finally:
        wb.close()


def open_excel(path: Path, sheet: str | None, is_zip: bool = True) -> RawTable:
    """Open one sheet (name or 1-based number; default: the first sheet with data).

    Raises:
        InputError: not a workbook, encrypted, damaged, or no such sheet.
    """
    wb = _load(path, is_zip)
    names = list(wb.sheet_names)
    try:
        name, sh = _pick_sheet(wb, names, sheet, path)
    except InputError:
        wb.close()
        raise
    except Exception as exc:
        wb.close()
        raise InputError.of("errors.ingest.sheet_unreadable", name=path.name, reason=exc) from exc
    start = int(sh.start[0]) + 1 if sh.start else 1
    return RawTable(kind="xlsx" if is_zip else "xls", name=name, rows=_rows(sh, start), total=int(sh.height),
                    names=names, close=wb.close)


def _load(path: Path, is_zip: bool) -> Any:
    import python_calamine as pc

    if is_zip:
        check_workbook(path)
    try:
        return pc.load_workbook(str(path))
    except pc.PasswordError as exc:
        raise InputError.of("errors.ingest.password", name=path.name) from exc
    except Exception as exc:  # calamine raises several types for damaged files
        text = str(exc).lower()
        if "password" in text or "encrypt" in text:
            raise InputError.of("errors.ingest.password", name=path.name) from exc
        raise InputError.of("errors.ingest.unreadable_workbook", name=path.name, reason=exc) from exc


def _pick_sheet(wb: Any, names: list[str], sheet: str | None, path: Path) -> tuple[str, Any]:
    """The chosen sheet, loaded once (loading is the expensive part)."""
    if not names:
        raise InputError.of("errors.ingest.no_sheets", name=path.name)
    if sheet is None:
        for name in names:
            sh = wb.get_sheet_by_name(name)
            if sh.height > 0:
                return name, sh
        raise InputError.of("errors.ingest.sheets_empty", name=path.name)
    if sheet in names:
        return sheet, wb.get_sheet_by_name(sheet)
    if sheet.isdigit() and 1 <= int(sheet) <= len(names):
        return names[int(sheet) - 1], wb.get_sheet_by_name(names[int(sheet) - 1])
    raise InputError.of("errors.ingest.no_sheet", name=path.name, sheet=sheet, sheets=", ".join(names))


def _rows(sh: Any, start: int) -> Iterator[tuple[int, list[object]]]:
    return enumerate(sh.iter_rows(), start)
