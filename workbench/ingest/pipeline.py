"""The import pipeline: source → header → mapping → clean + mask → dedupe → store, as one transaction.

``import_files`` is a plain long-running function (ARCHITECTURE rule 3): progress and cancel are plain
Python; a failure or a cancel rolls everything back, leaving the project exactly as it was.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime, tzinfo
from pathlib import Path

from sqlalchemy import Connection

from workbench.config import load_preferences
from workbench.errors import InputError, Phrase
from workbench.ingest.builder import Columns, Context, Tally, make_builder, where_fn
from workbench.ingest.channels import guess_channel
from workbench.ingest.conversations import ConversationCollector
from workbench.ingest.dates import DateParser, get_zone
from workbench.ingest.dedup import Deduper
from workbench.ingest.layouts import load_mapping, save_mapping
from workbench.ingest.mapping import layout_key
from workbench.ingest.options import ImportOptions, ImportReport, Preview
from workbench.ingest.parse_preview import mapped_ratings, parsed_sessions
from workbench.ingest.pii import PiiMasker
from workbench.ingest.ratings import RatingReader
from workbench.ingest.readers import is_db_url, open_source, source_names
from workbench.ingest.resolve import NoTextColumn, resolve_mapping, to_columns
from workbench.ingest.rows import HeadedTable, with_header
from workbench.ingest.safety import sniff_kind
from workbench.ingest.sheets import EmptySheet, data_sheets, skipped_sheet
from workbench.ingest.transcript import looks_like_transcripts
from workbench.ingest.transcript_rows import TranscriptRows, roles_from_sample
from workbench.ingest.warnings import finish_report
from workbench.ingest.writer import BatchWriter, BulkIndexes, existing_hashes, lock_records, next_record_id
from workbench.progress import CancelToken, Progress, Scaled, no_progress
from workbench.store import schema
from workbench.store.handle import Project

__all__ = ["ImportOptions", "ImportReport", "Preview", "import_files", "preview"]
_TICK = 5000


def preview(path: str, options: ImportOptions | None = None, rows: int = 50,
            project: Project | None = None) -> Preview:
    """Read the head of a source for the wizard: sheets, header, sample rows and the mapping it would use.

    Raises:
        InputError: the source cannot be read.
    """
    options = options or ImportOptions()
    table = options.table
    if table is None and options.query is None:
        kind = "db" if is_db_url(path) else sniff_kind(Path(path).expanduser())
        names = source_names(path) if kind in ("db", "sqlite") else []
        if names:
            table = names[0]  # preview the first table; the wizard offers the others
    raw = open_source(path, options.sheet, table, options.query)
    try:
        headed = with_header(raw, max(rows, 50))
    finally:
        raw.close()
    saved: dict[str, str] = {}
    if project is not None and headed.header:
        with project.read() as conn:
            saved = load_mapping(conn, layout_key(headed.header))
    mapping = resolve_mapping(headed.header, headed.sample, saved, options.mapping) if headed.header else {}
    zone = get_zone((project.get_setting("timezone") if project is not None else None)
                    or load_preferences().timezone)
    sessions, speakers = parsed_sessions(headed, mapping, options.roles, zone)
    ratings, scale = mapped_ratings(headed, mapping, rows)
    return Preview(path=_display(path), kind=raw.kind, names=raw.names, sheet=raw.name, header=headed.header,
                   rows=[[_show(c) for c in r[:len(headed.header)]] for r in headed.sample[:rows]],
                   mapping=mapping, encoding=raw.encoding, delimiter=raw.delimiter, header_row=headed.header_row,
                   total=raw.total, saved=bool(saved) and mapping == saved, sessions=sessions, speakers=speakers,
                   ratings=ratings, rating_scale=scale)


def import_files(project: Project, paths: Sequence[str], options: ImportOptions | None = None,
                 progress: Progress = no_progress, cancel: CancelToken | None = None,
                 per_source: Mapping[str, ImportOptions] | None = None, commit: bool = True) -> list[ImportReport]:
    """Import every source into the project, all in one transaction.

    With ``commit=False`` the whole import runs and its reports (warnings included) are returned, but the
    transaction is rolled back: the wizard's check before importing, the same code path as the import.

    ``per_source`` gives a path its own options (the wizard maps each file separately); other paths use
    ``options``. Runs on any thread; it only touches the project through ``project.write()``.
    Project settings read: ``timezone`` (IANA name or ``UTC+8``; else the app preference, else Asia/Shanghai)
    for naive and Unix times, and ``pii.keep_originals`` (keep PII originals in ``pii_originals``).
    Masking itself cannot be turned off: records only ever hold masked text.

    Raises:
        InputError: a source is unreadable or unusable (nothing is stored).
        Cancelled: ``cancel`` was triggered (nothing is stored).
    """
    options = options or ImportOptions()
    cancel = cancel or CancelToken()
    zone = get_zone(project.get_setting("timezone") or load_preferences().timezone)
    keep = options.keep_pii_originals or bool(project.get_setting("pii.keep_originals", False))
    reports: list[ImportReport] = []
    with contextlib.suppress(_RolledBack):  # a check (commit=False) ends by rolling its transaction back
        _import_all(project, paths, options, progress, cancel, per_source, zone, keep, reports, commit)
    progress(1.0, Phrase("progress.done"))
    return reports


class _RolledBack(Exception):
    """Raised inside the write transaction of a check (``commit=False``) so that it rolls back."""


def _import_all(project: Project, paths: Sequence[str], options: ImportOptions, progress: Progress,
                cancel: CancelToken, per_source: Mapping[str, ImportOptions] | None, zone: tzinfo, keep: bool,
                reports: list[ImportReport], commit: bool) -> None:
    with project.write() as conn:
        lock_records(conn)  # PostgreSQL: imports by other analysts queue here, before duplicates are read
        deduper = Deduper(existing_hashes(conn))
        indexes = BulkIndexes(conn)
        for i, path in enumerate(paths):
            step = Scaled(progress, i / len(paths), (i + 1) / len(paths))
            opts = (per_source or {}).get(path, options)
            keep_one = keep or opts.keep_pii_originals
            sheets = data_sheets(path, opts)
            for j, sheet in enumerate(sheets):
                one = replace(opts, sheet=sheet) if sheet is not None else opts
                sub = Scaled(step, j / len(sheets), (j + 1) / len(sheets))
                try:
                    reports.append(_import_one(conn, path, one, DateParser(zone), deduper, keep_one, sub, cancel,
                                               indexes))
                except (NoTextColumn, EmptySheet) as exc:
                    if len(sheets) == 1:
                        raise
                    reports.append(skipped_sheet(_display(path), sheet, str(exc)))
            if sheets and all(r.shape == "skipped" for r in reports[-len(sheets):]):
                raise InputError.of("errors.ingest.no_sheet_records", name=Path(path).name,
                                     why="; ".join(r.warnings[0] for r in reports[-len(sheets):]))
        progress(0.99, Phrase("progress.indexing"))
        indexes.restore()
        if not commit:
            raise _RolledBack


def _import_one(conn: Connection, path: str, options: ImportOptions, parse: DateParser, deduper: Deduper,
                keep: bool, progress: Progress, cancel: CancelToken, indexes: BulkIndexes) -> ImportReport:
    progress(0.0, Phrase("progress.reading", name=_display(path)))
    raw = open_source(path, options.sheet, options.table, options.query)
    try:
        headed = with_header(raw)
        if options.limit is not None:
            headed = replace(headed, rows=itertools.islice(headed.rows, options.limit))
        where_src = f"sheet {raw.name!r}" if raw.kind in ("xlsx", "xls") else Path(path).name
        if not headed.header:
            raise EmptySheet.of("errors.ingest.no_data_rows", where=where_src)
        key = layout_key(headed.header)
        mapping = resolve_mapping(headed.header, headed.sample, load_mapping(conn, key), options.mapping)
        cols = to_columns(headed.header, mapping, where_src)
        if options.channel is None and "channel" not in mapping:
            sheet = raw.name if raw.kind in ("xlsx", "xls") else None
            options = replace(options, channel=guess_channel(sheet, _display(path), headed.header))
        source_id = _insert_source(conn, path, raw.kind, raw.name, options, key, mapping)
        ctx = Context(source_id=source_id, channel=options.channel, parse_date=parse,
                      masker=PiiMasker(keep), deduper=deduper, tally=Tally(), where=where_fn(raw.kind, raw.name),
                      next_id=next_record_id(conn), sqlite=conn.dialect.name == "sqlite", clean=options.clean,
                      drop_noise=options.drop_noise, ratings=rating_reader(headed, mapping))
        indexes.maybe_drop(raw.total)
        writer = BatchWriter(conn, keep)
        try:
            conversations = _run_rows(ctx, cols, headed, writer, progress, cancel,
                                      lambda: _check_dates(ctx.tally, mapping, where_src, final=False),
                                      options.roles)
            if ctx.tally.read == 0:
                raise InputError.of("errors.ingest.header_only", where=where_src)
            _check_dates(ctx.tally, mapping, where_src)
            writer.flush()
            writer.wait()
        finally:
            writer.close()
        save_mapping(conn, key, mapping)
        report = _report(ctx.tally, source_id, path, headed, mapping, conversations, writer.message_count,
                         {"clean": options.clean, "drop_noise": options.drop_noise}, options.channel)
        ti = headed.header.index(mapping["text"])
        finish_report(report, headed.header, mapping, ctx, [r[ti] if ti < len(r) else None for r in headed.sample])
        if options.strict and report.warnings:
            raise InputError.of("errors.ingest.strict", where=where_src, warnings="; ".join(report.warnings))
        conn.execute(schema.sources.update().where(schema.sources.c.id == source_id)
                     .values(counts=report.counts(), report=report.to_dict()))
        return report
    finally:
        raw.close()


def _run_rows(ctx: Context, cols: Columns, headed: HeadedTable, writer: BatchWriter, progress: Progress,
              cancel: CancelToken, check: Callable[[], None], roles: dict[str, str]) -> int:
    """Stream the data rows; returns the number of conversations stored."""
    total = headed.raw.total or 0
    width = len(headed.header)
    if is_transcript_column(headed, cols):
        return _run_transcripts(ctx, cols, headed, writer, progress, cancel, check, roles)
    if "session" in cols.index:
        return _run_conversations(ctx, cols, headed, writer, progress, cancel, check, roles)
    tally = ctx.tally
    build, add = make_builder(ctx, cols, width), writer.add
    imported = read = 0
    for read, (rownum, row) in enumerate(headed.rows, 1):
        if read % _TICK == 0:
            tally.read, tally.imported = read - 1, imported
            cancel.check()
            progress(min(read / total, 0.95) * 0.95 if total else -1, Phrase("progress.rows", n=read))
            check()
        built = build(rownum, row)
        if built is not None:
            add(built[0], built[1])
            imported += 1
    tally.read, tally.imported = read, imported
    cancel.check()
    return 0


def _run_transcripts(ctx: Context, cols: Columns, headed: HeadedTable, writer: BatchWriter, progress: Progress,
                     cancel: CancelToken, check: Callable[[], None], roles: dict[str, str]) -> int:
    """One session per row, the transcript in the text column: one conversation record per row."""
    total = headed.raw.total or 0
    tally = ctx.tally
    rows = TranscriptRows(ctx, cols, roles_from_sample(headed.sample, cols, roles), ctx.ratings)
    for rownum, row in headed.rows:
        tally.read += 1
        if tally.read % _TICK == 0:
            cancel.check()
            progress(min(tally.read / total, 0.95) * 0.95 if total else -1, Phrase("progress.sessions", n=tally.read))
            check()
        built = rows.build(rownum, row)
        if built is not None:
            writer.add(built[0], built[2], built[1])
            tally.imported += 1
    cancel.check()
    return tally.imported


def _run_conversations(ctx: Context, cols: Columns, headed: HeadedTable, writer: BatchWriter, progress: Progress,
                       cancel: CancelToken, check: Callable[[], None], roles: dict[str, str]) -> int:
    """Gather message rows by session, then store one conversation record per session."""
    total = headed.raw.total or 0
    tally = ctx.tally
    collector = ConversationCollector(ctx, cols, roles_from_sample(headed.sample, cols, roles))
    for rownum, row in headed.rows:
        tally.read += 1
        if tally.read % _TICK == 0:
            cancel.check()
            progress(min(tally.read / total, 0.95) * 0.9 if total else -1, Phrase("progress.messages", n=tally.read))
            check()
        collector.add(rownum, row)
    cancel.check()
    progress(0.9, Phrase("progress.building_conversations"))
    built = collector.records()
    for record, messages, pii in built:
        writer.add(record, pii, messages)
        tally.imported += 1
    return len(built)


def is_transcript_column(headed: HeadedTable, cols: Columns) -> bool:
    """True when the text column's sample values are whole sessions (one session per row)."""
    i = cols.index["text"]
    return looks_like_transcripts([r[i] if i < len(r) else None for r in headed.sample])


def rating_reader(headed: HeadedTable, mapping: dict[str, str]) -> RatingReader:
    """The rating column's reader, its scale decided from the sample."""
    column = mapping.get("rating")
    if column is None or column not in headed.header:
        return RatingReader()
    i = headed.header.index(column)
    return RatingReader(column, [r[i] if i < len(r) else None for r in headed.sample])


def _check_dates(tally: Tally, mapping: dict[str, str], where: str, final: bool = True) -> None:
    """Refuse a time column that mostly cannot be read (checked every few thousand rows and at the end)."""
    bad, good = tally.bad_dates, tally.dated
    if (final or bad >= 200) and bad > 0 and bad > good:
        column = mapping.get("time", "time")
        raise InputError.of("errors.ingest.bad_dates", where=where, bad=bad, total=bad + good, column=column)


def _insert_source(conn: Connection, path: str, kind: str, name: str | None, options: ImportOptions, key: str,
                   mapping: dict[str, str]) -> int:
    values = dict(kind=kind, path=_display(path), sheet=name if kind in ("xlsx", "xls") else None,
                  table_name=name if kind in ("sqlite", "dburl") else None, query=options.query,
                  sha256=_sha256(path), layout_key=key, mapping=mapping, channel=options.channel,
                  imported_at=datetime.now(), status="complete", counts={}, report={})
    result = conn.execute(schema.sources.insert().values(**values))
    key_row = result.inserted_primary_key
    assert key_row is not None
    return int(key_row[0])


def _report(tally: Tally, source_id: int, path: str, headed: HeadedTable, mapping: dict[str, str],
            conversations: int, messages: int, cleaning: dict[str, bool] | None = None,
            channel: str | None = None) -> ImportReport:
    problems = list(tally.problems)
    if tally.more_problems:
        problems.append(f"… and {tally.more_problems} more problems")
    table = headed.raw
    cleaning = cleaning or {}
    return ImportReport(source_id=source_id, path=_display(path), sheet=table.name, read=tally.read,
                        imported=tally.imported, duplicates=tally.duplicates, near_duplicates=tally.near_duplicates,
                        masked=tally.masked, rejected=tally.rejected, conversations=conversations, messages=messages,
                        problems=problems, mapping=dict(mapping), kind=table.kind, encoding=table.encoding,
                        header_row=headed.header_row, masked_by_kind=dict(tally.masked_by_kind),
                        masked_in_columns=dict(tally.masked_in_columns),
                        cleaning=cleaning, turns=dict(tally.turns), dropped=dict(tally.dropped),
                        fillers=tally.fillers, channel=channel)


def _sha256(path: str) -> str | None:
    if is_db_url(path):
        return None
    digest = hashlib.sha256()
    with Path(path).expanduser().open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _display(path: str) -> str:
    if is_db_url(path):
        from sqlalchemy.engine import make_url

        return make_url(path).render_as_string(hide_password=True)
    return str(Path(path).expanduser().resolve())


def _show(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    return str(value)[:200]
