"""Building record rows from data rows: clean, mask, date, dedupe — the per-row hot path.

Runs inside the import transaction; knows nothing about SQL (the writer inserts what it returns).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter

from workbench.ingest.clean import prepare, tidy_text
from workbench.ingest.dates import DateParser
from workbench.ingest.dedup import Deduper, content_hash
from workbench.ingest.pii import PiiMasker, may_hold_pii
from workbench.ingest.ratings import RatingReader
from workbench.ingest.safety import MAX_CELL_CHARS, check_cell
from workbench.ingest.values import as_extra, as_key, lang_of
from workbench.ingest.writer import RECORD_COLUMNS, Row, sqlite_time


@dataclass
class Columns:
    """Column indices of the mapped fields (None: not mapped) and the extra columns (name, index)."""

    index: dict[str, int]
    extras: list[tuple[str, int]]

    def get(self, name: str) -> int | None:
        return self.index.get(name)


@dataclass
class Tally:
    """Running counts of one import, and its row-level problems."""

    read: int = 0
    imported: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    masked: int = 0
    rejected: int = 0
    bad_dates: int = 0
    dated: int = 0
    masked_by_kind: dict[str, int] = field(default_factory=dict)  # in free text of the records kept
    masked_in_columns: dict[str, int] = field(default_factory=dict)  # in unmapped columns of the records kept
    problems: list[str] = field(default_factory=list)
    more_problems: int = 0
    turns: dict[str, int] = field(default_factory=dict)
    dropped: dict[str, int] = field(default_factory=dict)
    fillers: int = 0
    speaker_roles: dict[str, set[str]] = field(default_factory=dict)  # named speaker → customer/agent seen

    def saw_speaker(self, name: str, role: str) -> None:
        """Note that a named speaker (not a bare role word) spoke as the customer or as an agent."""
        if role in ("customer", "agent"):
            self.speaker_roles.setdefault(name, set()).add(role)

    def both_roles(self) -> list[str]:
        """Named speakers seen both as an agent and as the customer (a role column or label is probably wrong)."""
        return sorted(n for n, roles in self.speaker_roles.items() if len(roles) == 2)

    def count_masked(self, text_pii: Sequence[tuple[str, str]], column_pii: Sequence[tuple[str, str]] = ()) -> None:
        """Count the personal data of one record that is kept (after de-duplication), by kind and place."""
        for counts, found in ((self.masked_by_kind, text_pii), (self.masked_in_columns, column_pii)):
            for kind, _ in found:
                counts[kind] = counts.get(kind, 0) + 1

    def drop(self, reason: str, problem: str) -> None:
        """Count one row dropped for ``reason`` (rejected) and note its problem."""
        self.rejected += 1
        self.dropped[reason] = self.dropped.get(reason, 0) + 1
        self.problem(problem)

    def problem(self, message: str) -> None:
        if len(self.problems) < 200:
            self.problems.append(message)
        else:
            self.more_problems += 1


@dataclass
class Context:
    """What every row of one import shares."""

    source_id: int
    channel: str | None
    parse_date: DateParser
    masker: PiiMasker
    deduper: Deduper
    tally: Tally
    where: Callable[[int], str]
    next_id: int
    sqlite: bool = True
    clean: bool = True
    drop_noise: bool = True
    ratings: RatingReader = field(default_factory=RatingReader)


def where_fn(kind: str, name: str | None) -> Callable[[int], str]:
    """How a row is named in problems: ``sheet S row N``, ``line N`` (text files) or ``row N``."""
    if kind in ("xlsx", "xls"):
        return lambda n: f"sheet {name} row {n}"
    if kind == "csv":
        return lambda n: f"line {n}"
    return lambda n: f"row {n}"


_TOTALS = frozenset({"合计", "总计", "小计", "总合计", "total", "totals", "sum", "grand total"})
_NOTE = ("注", "备注", "说明", "note", "*")


def row_kind(row: list[object]) -> str | None:
    """'total row' (合计/total in its first cells), 'note row' (a lone 注：… cell) or None."""
    filled = [c for c in row if c is not None and c != ""]
    if any(isinstance(c, str) and c.strip().lower() in _TOTALS for c in row[:3]):
        return "total row"
    if len(filled) == 1 and isinstance(filled[0], str) and filled[0].strip().lower().startswith(_NOTE):
        return "note row"
    return None


def cell(row: list[object], i: int | None) -> object:
    """The cell at ``i`` or None when unmapped or the row is short."""
    if i is None or i >= len(row):
        return None
    return row[i]


def mask_text(ctx: Context, text: str, pii: list[tuple[str, str]]) -> str:
    """Mask personal data in ``text``, collecting (kind, original) into ``pii`` (counted once the record is kept)."""
    result = ctx.masker.mask(text)
    if result.found:
        pii.extend(result.found)
    return result.text


def parse_time(ctx: Context, value: object, rownum: int) -> datetime | None:
    """The row's time; an unreadable one is a row-level problem (and counted toward the file-level check)."""
    if value is None or value == "":
        return None
    dt = ctx.parse_date(value)
    if dt is None:
        ctx.tally.bad_dates += 1
        ctx.tally.problem(f"{ctx.where(rownum)}: cannot read the date {str(value)[:40]!r}; the record has no time")
    else:
        ctx.tally.dated += 1
    return dt


def extras(ctx: Context, cols: Columns, row: list[object], pii: list[tuple[str, str]],
           in_columns: list[tuple[str, str]] | None = None) -> dict[str, object] | None:
    """The unmapped columns' non-empty values, masked.

    Personal data inside free text (a 处理记录 that quotes a phone number) goes to ``pii``; a cell that is nothing
    but the personal data (a 联系电话 column) goes to ``in_columns`` when given, so reports count them apart.
    """
    out: dict[str, object] = {}
    for name, i in cols.extras:
        value = cell(row, i)
        if value is None or value == "":
            continue
        if isinstance(value, str):
            found: list[tuple[str, str]] = []
            value = mask_text(ctx, tidy_text(value), found)
            whole = in_columns is not None and bool(found) and _ONLY_PLACEHOLDERS.fullmatch(value) is not None
            (in_columns if whole and in_columns is not None else pii).extend(found)
        out[name] = as_extra(value)
    return out or None


_ONLY_PLACEHOLDERS = re.compile(r"(?:\s*\[[^\[\]]{1,12}\]\s*)+")


def customer_key(ctx: Context, value: object) -> str | None:
    """The customer key, pseudonymised when it is itself personal data (a phone number, an e-mail …)."""
    key = as_key(value)
    if key is None:
        return None
    masked = ctx.masker.mask(key)
    if masked.found:
        return "cust_" + hashlib.sha1(key.encode()).hexdigest()[:12]
    return key


_ROW_FIELDS = ("text", "time", "customer", "channel", "id", "session", "agent", "rating", "product")


def make_builder(ctx: Context, cols: Columns, width: int) -> Callable[[int, list[object]],
                                                                     tuple[Row, list[tuple[str, str]]] | None]:
    """A function: one flat row → (record row in :data:`RECORD_COLUMNS` order, PII found), or None.

    None means the row was rejected (counted, with its problem) or is a duplicate (counted). This is the
    per-row hot path, so everything is resolved once here: each row is padded to the header width plus one
    empty cell (where unmapped fields point) and read with a single ``itemgetter``; optional work is skipped
    for unmapped fields.
    """
    pad = [None] * (width + 1)
    getter = itemgetter(*(cols.index.get(f, width) for f in _ROW_FIELDS))
    has_extras = bool(cols.extras)
    tally, where, dedupe, near_of = ctx.tally, ctx.where, ctx.deduper.is_duplicate, ctx.deduper.near_of
    sqlite, source_id, fixed_channel, key, might_hold_pii = ctx.sqlite, ctx.source_id, ctx.channel, as_key, may_hold_pii
    clean, drop_noise, read_rating = ctx.clean, ctx.drop_noise, ctx.ratings.read

    def build(rownum: int, row: list[object]) -> tuple[Row, list[tuple[str, str]]] | None:
        if len(row) != width:
            row = (row + pad)[:width]
        row.append(None)
        raw, when_raw, cust_raw, chan_raw, id_raw, sess_raw, agent_raw, rating_raw, product_raw = getter(row)
        if raw.__class__ is str and len(raw) > MAX_CELL_CHARS:  # type: ignore[arg-type]
            check_cell(raw, where(rownum))  # type: ignore[arg-type]
        text = prepare(raw, clean, drop_noise)
        filler = False
        if not text:
            kept = "" if raw is None else tidy_text(raw)
            if rating_raw is None or rating_raw == "":
                reason = row_kind(row) or "empty text (or only system noise)"
                tally.drop(reason, f"{where(rownum)}: {reason}; skipped")
                return None
            filler, text = True, kept  # a rating with filler text or no words (系统默认好评): still a record
            tally.fillers += 1
        pii: list[tuple[str, str]] = []
        if might_hold_pii(text):
            text = mask_text(ctx, text, pii)
        created = parse_time(ctx, when_raw, rownum) if when_raw is not None and when_raw != "" else None
        customer = customer_key(ctx, cust_raw) if cust_raw is not None and cust_raw != "" else None
        digest = content_hash(text if not filler else f"{text}\x1f{id_raw}\x1f{rating_raw}", customer,
                              created.date().isoformat() if created else "")
        if dedupe(digest):
            tally.duplicates += 1
            return None
        record_id = ctx.next_id
        ctx.next_id = record_id + 1
        near = near_of(text, record_id)
        if near is not None:
            tally.near_duplicates += 1
        in_columns: list[tuple[str, str]] = []
        extra = extras(ctx, cols, row, pii, in_columns) if has_extras else None
        tally.count_masked(pii, in_columns)
        pii.extend(in_columns)
        rating, nps = (None, None) if rating_raw is None else read_rating(rating_raw)
        if nps is not None:
            extra = {**(extra or {}), "nps": nps}
        if pii:
            tally.masked += 1
        if sqlite:
            when: object = sqlite_time(created) if created is not None else None
            extra_v: object = json.dumps(extra) if extra is not None else None
        else:
            when, extra_v = created, extra
        return (record_id, source_id, rownum, (fixed_channel or key(chan_raw) or "unknown")[:64],
                None if id_raw is None else key(id_raw), when, customer,
                None if sess_raw is None else key(sess_raw), None if agent_raw is None else key(agent_raw), text,
                rating,
                None if product_raw is None else key(product_raw), extra_v, digest, near, False, lang_of(text)), pii

    return build


assert RECORD_COLUMNS == ("id", "source_id", "source_row", "channel", "external_id", "created_at", "customer_key",
                          "session_key", "agent", "text", "rating", "product", "extra", "content_hash", "near_dup_of",
                          "is_conversation", "lang"), "records columns changed: update make_preparer"
