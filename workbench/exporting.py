"""One row per record with its tags, to CSV or Excel (the `export` command and the GUI's Export).

Columns (CLI.md): record_id, external_id, channel, created_at, text, sentiment, dissatisfaction, intent,
tags, primary_tag, evidence, confidence, method, source, negative_about (the tags the record is negative
about: :func:`workbench.analysis.facts.is_negative_about`, the basis of every negative share), session,
customer, agent, rating, nps, effort (1–5), emotion, actionable (yes/no) — the rules of
:mod:`workbench.nlp.experience`, filled for any record without them before the export reads. Several
tags join with ``|`` in the same order in ``tags`` and ``evidence``.
Text cells that a spreadsheet could read as formulas are neutralised.
Written to a temporary file and renamed, so a failure or Cancel leaves nothing half-written.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import select

from workbench.analysis.facts import is_negative_about
from workbench.errors import InputError, Phrase
from workbench.progress import CancelToken, Progress, no_progress
from workbench.queries import records
from workbench.queries.record_where import where
from workbench.store import schema
from workbench.store.handle import Project
from workbench.tagging import experience_io
from workbench.textsafety import neutralise_csv
from workbench.types import RecordFilter

COLUMNS = ("record_id", "external_id", "channel", "created_at", "text", "sentiment", "dissatisfaction", "intent",
           "tags", "primary_tag", "evidence", "confidence", "method", "source", "negative_about",
           "session", "customer", "agent", "rating", "nps", "effort", "emotion", "actionable")
BATCH = 2000


def _rows(project: Project, flt: RecordFilter, cancel: CancelToken | None) -> Iterator[list[Any]]:
    r, t, a, s, x = schema.records, schema.tags, schema.assessments, schema.sources, schema.experience
    last = 0
    while True:
        with project.read() as conn:
            heads = conn.execute(
                select(r.c.id, r.c.external_id, r.c.channel, r.c.created_at, r.c.text, r.c.source_row, a.c.sentiment,
                       a.c.dissatisfaction, a.c.intent, a.c.confidence, a.c.method, s.c.path, s.c.sheet,
                       r.c.session_key, r.c.customer_key, r.c.agent, r.c.rating, r.c.extra,
                       x.c.effort, x.c.emotion, x.c.actionable)
                .join(s, s.c.id == r.c.source_id).outerjoin(a, a.c.record_id == r.c.id)
                .outerjoin(x, x.c.record_id == r.c.id)
                .where(where(conn, flt), r.c.id > last).order_by(r.c.id).limit(BATCH)).all()
            if not heads:
                return
            ids = [h.id for h in heads]
            tags: dict[int, list[Any]] = {}
            for row in conn.execute(select(t.c.record_id, t.c.path, t.c.evidence, t.c.confidence, t.c.sentiment)
                                    .where(t.c.record_id.in_(ids)).order_by(t.c.record_id, t.c.confidence.desc(),
                                                                             t.c.id)):
                tags.setdefault(row.record_id, []).append(row)
        for h in heads:
            mine = tags.get(h.id, [])
            source = f"{Path(h.path).name}{':' + h.sheet if h.sheet else ''}:{h.source_row}"
            yield [h.id, h.external_id or "", h.channel, h.created_at.isoformat(sep=" ") if h.created_at else "",
                   h.text, h.sentiment or "", h.dissatisfaction if h.dissatisfaction is not None else "",
                   h.intent or "", "|".join(x.path for x in mine), mine[0].path if mine else "",
                   "|".join((x.evidence or "").replace("|", "／") for x in mine),
                   h.confidence if h.confidence is not None else "", h.method or "", source,
                   "|".join(x.path for x in mine if is_negative_about(x.sentiment, h.sentiment)),
                   h.session_key or "", h.customer_key or "", h.agent or "", _num(h.rating), _nps(h.extra),
                   h.effort if h.effort is not None else "", h.emotion or "",
                   "" if h.actionable is None else "yes" if h.actionable else "no"]
        last = ids[-1]
        if cancel:
            cancel.check()


def _num(value: float | None) -> float | int | str:
    """A rating as a number cell: 4 rather than 4.0; empty when there is none."""
    if value is None:
        return ""
    return int(value) if float(value).is_integer() else float(value)


def _nps(extra: object) -> float | int | str:
    if isinstance(extra, dict) and isinstance(extra.get("nps"), int | float):
        return _num(float(extra["nps"]))
    return ""


def export_records(project: Project, out: str | Path, flt: RecordFilter | None = None,
                   progress: Progress = no_progress, cancel: CancelToken | None = None) -> int:
    """Write every selected record; returns the number of rows written.

    Raises:
        InputError: not a .csv/.xlsx name, a missing folder, or the file cannot be written there.
    """
    flt = flt or RecordFilter()
    experience_io.backfill(project)  # a project tagged before schema 4 (or by older rules): cheap, no model
    total = max(1, records.count(project, flt))
    return write_table(out, COLUMNS, lambda: _rows(project, flt, cancel), total, progress, "records")


Rows = Callable[[], Iterable[list[Any]]]


def write_table(out: str | Path, columns: tuple[str, ...], rows: Rows, total: int, progress: Progress,
                unit: str, sheet: str = "records") -> int:
    """Write ``columns`` and the rows to a .csv or .xlsx file through a temporary file; returns the row count.

    Raises:
        InputError: not a .csv/.xlsx name, a missing folder, or the file cannot be written there.
    """
    try:
        path = Path(out).expanduser().resolve()
    except (ValueError, OSError) as exc:  # a NUL character, a symlink loop
        raise InputError.of("errors.export.path", path=str(out), reason=exc) from exc
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("csv", "xlsx"):
        raise InputError.of("errors.export.kind", name=path.name)
    if not path.parent.is_dir():
        raise InputError.of("errors.bundle.no_folder", folder=path.parent)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=path.suffix)
    except OSError as exc:
        raise InputError.of("errors.export.folder", folder=path.parent, reason=exc.strerror or exc) from exc
    os.close(fd)
    try:
        if fmt == "csv":
            n = _write_csv(Path(tmp), columns, rows(), total, progress, unit)
        else:
            n = _write_xlsx(Path(tmp), columns, rows(), total, progress, unit, sheet)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except OSError as exc:  # disk full, or ``out`` is a folder
        Path(tmp).unlink(missing_ok=True)
        raise InputError.of("errors.export.write", path=path, reason=exc.strerror or exc) from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return n


def _write_csv(path: Path, columns: tuple[str, ...], rows: Iterable[list[Any]], total: int, progress: Progress,
               unit: str) -> int:
    n = 0
    with path.open("w", encoding="utf-8-sig", newline="") as fh:  # BOM: Excel opens Chinese CSV correctly
        writer = csv.writer(fh)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([neutralise_csv(v) if isinstance(v, str) else v for v in row])
            n += 1
            if n % 5000 == 0:
                progress(n / total, Phrase(f"progress.{unit}", n=n))
    return n


def _write_xlsx(path: Path, columns: tuple[str, ...], rows: Iterable[list[Any]], total: int, progress: Progress,
                unit: str, sheet: str) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet)
    ws.freeze_panes = "A2"
    ws.append(list(columns))
    n = 0
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(ws, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # typed text: never a formula
            cells.append(cell)
        ws.append(cells)
        n += 1
        if n % 5000 == 0:
            progress(n / total, Phrase(f"progress.{unit}", n=n))
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{n + 1}"
    wb.save(str(path))
    return n
