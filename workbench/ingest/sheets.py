"""Every sheet of a workbook: which sheets to import, and the report of a sheet that was skipped."""

from __future__ import annotations

from pathlib import Path

from workbench.errors import InputError
from workbench.ingest.options import ImportOptions, ImportReport
from workbench.ingest.readers import is_db_url, source_names
from workbench.ingest.safety import sniff_kind


class EmptySheet(InputError):
    """A sheet (or file) without a header and data rows."""


def data_sheets(path: str, options: ImportOptions) -> list[str | None]:
    """The sheets to import: the one asked for, else every sheet of a workbook ([None] for other sources).

    Sheets that turn out to hold no records (summaries, empty sheets) are skipped by the pipeline, with a
    report that says so.
    """
    if options.sheet is not None or is_db_url(path):
        return [options.sheet]
    if sniff_kind(Path(path).expanduser()) not in ("xlsx", "xls"):
        return [None]
    names = source_names(path)
    return list(names) if len(names) > 1 else [None]


def skipped_sheet(path: str, sheet: str | None, reason: str) -> ImportReport:
    """The report of a sheet that holds nothing to import, stating why."""
    return ImportReport(source_id=None, path=path, sheet=sheet, read=0, imported=0, duplicates=0, near_duplicates=0,
                        masked=0, rejected=0, conversations=0, messages=0, problems=[], mapping={}, kind="xlsx",
                        warnings=[f"sheet {sheet!r} skipped: {reason.split(' (columns')[0]} (a summary or empty "
                                  "sheet)"], shape="skipped",
                        notices=[{"code": "sheet_skipped", "sheet": str(sheet)}])
