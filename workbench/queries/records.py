"""The read API behind the record table, the record detail, the issue tree and the trend plot.

Every function takes a :class:`RecordFilter` (or ids) and runs parameterised SQLAlchemy Core queries;
the UI never builds SQL. All functions are read-only and safe to call on a worker thread.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from sqlalchemy import ColumnElement, Connection, Date, String, case, cast, column, distinct, func, select, values

from workbench.errors import InputError
from workbench.queries.record_where import current_version_id, where
from workbench.store import schema
from workbench.store.handle import Project
from workbench.taxonomy.model import Node
from workbench.types import RecordFilter

Period = Literal["day", "week", "month"]
r, t, a, m, s = schema.records, schema.tags, schema.assessments, schema.messages, schema.sources

RECORD_COLUMNS: dict[str, Any] = {
    "id": r.c.id, "created_at": r.c.created_at, "channel": r.c.channel, "external_id": r.c.external_id,
    "text": r.c.text, "rating": r.c.rating, "product": r.c.product, "customer_key": r.c.customer_key,
    "agent": r.c.agent, "source_id": r.c.source_id, "source_row": r.c.source_row,
    "is_conversation": r.c.is_conversation,
}
ASSESSMENT_COLUMNS: dict[str, Any] = {
    "sentiment": a.c.sentiment, "intent": a.c.intent, "dissatisfaction": a.c.dissatisfaction,
    "confidence": a.c.confidence, "method": a.c.method,
}
COLUMNS: tuple[str, ...] = (*RECORD_COLUMNS, *ASSESSMENT_COLUMNS, "tags")
"""Every column :func:`fetch_rows` can return; ``tags`` joins the record's tag paths with ' | '."""
SORTABLE: tuple[str, ...] = (*RECORD_COLUMNS, *ASSESSMENT_COLUMNS)


@dataclass(frozen=True)
class NodeCount:
    """Distinct records tagged on a node or below it, and how many of them carry a negative tag there."""

    count: int
    negative: int
    share: float

    @property
    def negative_share(self) -> float:
        return self.negative / self.count if self.count else 0.0


@dataclass(frozen=True)
class TagInfo:
    node_key: str
    path: str
    sentiment: str
    method: str
    confidence: float
    evidence: str | None
    span_start: int | None
    span_end: int | None
    reason: str | None
    run_id: int | None


@dataclass(frozen=True)
class MessageInfo:
    turn: int
    role: str
    sent_at: datetime | None
    agent: str | None
    text: str
    is_noise: bool


@dataclass(frozen=True)
class SourceInfo:
    id: int
    kind: str
    path: str
    sheet: str | None
    table_name: str | None
    row: int | None
    imported_at: datetime | None


@dataclass(frozen=True)
class RecordDetail:
    """Everything the detail panel shows about one record."""

    record: dict[str, Any]
    assessment: dict[str, Any] | None
    messages: list[MessageInfo]
    tags: list[TagInfo]
    source: SourceInfo | None


@dataclass(frozen=True)
class TrendSeries:
    """Record counts per period start, split by record sentiment ('none' = not assessed yet)."""

    period: Period
    starts: list[date]
    by_sentiment: dict[str, list[int]]

    @property
    def totals(self) -> list[int]:
        return [sum(col) for col in zip(*self.by_sentiment.values(), strict=True)] if self.by_sentiment else []


def count(project: Project, flt: RecordFilter) -> int:
    """How many records ``flt`` selects (from the aggregate cube when it can answer: milliseconds at 1M)."""
    from workbench.queries import aggregates

    if aggregates.cube_can_answer(flt.with_(node_key=None)):
        tree = aggregates.tree_aggregate(project, flt.with_(node_key=None))
        if flt.node_key is None:
            return tree.total
        if flt.node_key in tree.nodes:
            return tree.nodes[flt.node_key].count
    with project.read() as conn:
        clause = where(conn, flt, probe=_few_text_matches(conn, flt))
        return int(conn.execute(select(func.count()).select_from(r).where(clause)).scalar_one())


def page_ids(project: Project, flt: RecordFilter, order_by: str = "id", descending: bool = False,
             offset: int = 0, limit: int = 1000) -> list[int]:
    """One page of record ids in a stable order (ties broken by id).

    Raises:
        InputError: ``order_by`` is not one of :data:`SORTABLE`.
    """
    if order_by not in SORTABLE:
        raise InputError.of("errors.queries.sort", by=order_by, choices=", ".join(SORTABLE))
    col = RECORD_COLUMNS.get(order_by)
    stmt = select(r.c.id)
    if col is None:
        col = ASSESSMENT_COLUMNS[order_by]
        stmt = stmt.outerjoin(a, a.c.record_id == r.c.id)
    keys = (col.desc(), r.c.id.desc()) if descending else (col.asc(), r.c.id.asc())
    with project.read() as conn:
        probe = _few_text_matches(conn, flt) or _walk_in_order(project, flt, order_by, offset + limit)
        stmt = (stmt.where(where(conn, flt, probe=probe)).order_by(*keys)
                .offset(max(offset, 0)).limit(max(limit, 0)))
        return [int(i) for i in conn.execute(stmt).scalars()]


FEW_MATCHES = 20_000  # a text search matching at most this many records drives any query it is part of


def _few_text_matches(conn: Connection, flt: RecordFilter) -> bool:
    """Whether ``flt`` searches a text that matches few records (counted no further than that), so that testing
    its node and sentiment per match beats collecting all their records (0.5 s at 1M) first."""
    if not (flt.text and flt.text.strip()) or not (flt.node_key or flt.sentiments):
        return False
    matches = select(r.c.id).where(where(conn, RecordFilter(text=flt.text))).limit(FEW_MATCHES + 1).subquery()
    return int(conn.execute(select(func.count()).select_from(matches)).scalar_one()) <= FEW_MATCHES


PROBE_ROWS = 5000  # pages this deep walk the time index and probe each record's node and sentiment
PROBE_SHARE = 0.005  # ... when at least this share of the walked records match (else collect the matches first)


def _walk_in_order(project: Project, flt: RecordFilter, order_by: str, depth: int) -> bool:
    """Whether a page down to row ``depth`` is found fastest by testing node and sentiment per record.

    Only for a shallow page in an indexed order (time, id): with a text search (its few matches drive, or it is
    common and so is the page), or when the node and sentiments keep enough of the records walked (the cube
    says how many). Otherwise their records are collected first (one index scan each): deep pages and other
    orders test too many records one by one.
    """
    if not (flt.node_key or flt.sentiments) or order_by not in ("created_at", "id") or depth > PROBE_ROWS:
        return False
    if flt.text and flt.text.strip():
        return True
    from workbench.queries import aggregates

    if not aggregates.cube_can_answer(flt.with_(node_key=None)):
        return False
    tree = aggregates.tree_aggregate(project, flt.with_(node_key=None))
    walked = aggregates.tree_aggregate(project, flt.with_(node_key=None, sentiments=())).total if flt.sentiments \
        else tree.total
    stats = tree.nodes.get(flt.node_key) if flt.node_key else None
    hits = tree.total if not flt.node_key else stats.count if stats else 0
    return bool(walked and hits / walked >= PROBE_SHARE)


def fetch_rows(project: Project, ids: Sequence[int], columns: Iterable[str] = COLUMNS) -> dict[int, dict[str, Any]]:
    """The requested columns of the given records, keyed by id (ids that do not exist are absent)."""
    wanted = [c for c in columns if c in COLUMNS]
    if not ids:
        return {}
    cols = [r.c.id, *(RECORD_COLUMNS[c] for c in wanted if c in RECORD_COLUMNS and c != "id"),
            *(ASSESSMENT_COLUMNS[c].label(c) for c in wanted if c in ASSESSMENT_COLUMNS)]
    stmt = select(*cols).outerjoin(a, a.c.record_id == r.c.id).where(r.c.id.in_(list(ids)))
    with project.read() as conn:
        rows = {int(row.id): dict(row._mapping) for row in conn.execute(stmt)}
        if "tags" in wanted:
            for row in rows.values():
                row["tags"] = []
            tag_stmt = select(t.c.record_id, t.c.path).where(t.c.record_id.in_(list(rows))).order_by(
                t.c.record_id, t.c.confidence.desc(), t.c.id)
            for rid, path in conn.execute(tag_stmt):
                rows[int(rid)]["tags"].append(str(path))
            for row in rows.values():
                row["tags"] = " | ".join(dict.fromkeys(row["tags"]))
    return rows


def record_detail(project: Project, record_id: int) -> RecordDetail:
    """The record, its assessment, messages (by turn), tags (most confident first) and source.

    Raises:
        InputError: there is no record with that id.
    """
    with project.read() as conn:
        row = conn.execute(select(r).where(r.c.id == record_id)).first()
        if row is None:
            raise InputError.of("errors.queries.no_record", id=record_id)
        record = dict(row._mapping)
        assessment = conn.execute(select(a).where(a.c.record_id == record_id)).first()
        msgs = conn.execute(select(m).where(m.c.record_id == record_id).order_by(m.c.turn, m.c.id)).all()
        tags = conn.execute(select(t).where(t.c.record_id == record_id).order_by(t.c.confidence.desc(), t.c.id)).all()
        src = conn.execute(select(s).where(s.c.id == record["source_id"])).first()
    return RecordDetail(
        record=record,
        assessment=None if assessment is None else dict(assessment._mapping),
        messages=[MessageInfo(x.turn, x.role, x.sent_at, x.agent, x.text, bool(x.is_noise)) for x in msgs],
        tags=[TagInfo(x.node_key, x.path, x.sentiment, x.method, float(x.confidence), x.evidence, x.span_start,
                      x.span_end, x.reason, x.run_id) for x in tags],
        source=None if src is None else SourceInfo(src.id, src.kind, src.path, src.sheet, src.table_name,
                                                   record["source_row"], src.imported_at),
    )


def current_nodes(project: Project) -> list[Node]:
    """The nodes of the current taxonomy version (empty before a taxonomy is set)."""
    n = schema.taxonomy_nodes
    with project.read() as conn:
        version = current_version_id(conn)
        if version is None:
            return []
        rows = conn.execute(select(n).where(n.c.version_id == version).order_by(n.c.level, n.c.sort, n.c.name))
        return [Node(key=x.key, parent_key=x.parent_key, path=x.path, name=x.name, level=x.level,
                     name_en=x.name_en, description=x.description or "", keywords=tuple(x.keywords or ()),
                     examples=tuple(x.examples or ()), sort=x.sort) for x in rows]


def node_counts(project: Project, flt: RecordFilter) -> dict[str, NodeCount]:
    """Per node of the current taxonomy: distinct records of ``flt`` tagged on it or below it.

    Counts roll up the tree without double counting (a record with two tags under one parent counts once
    there). ``share`` is relative to every record ``flt`` selects. Nodes with no records are absent.
    The aggregate cube answers the common filters (time, channel, sentiment) in milliseconds.
    """
    from workbench.queries import aggregates

    if aggregates.cube_can_answer(flt.with_(node_key=None)):
        tree = aggregates.tree_aggregate(project, flt.with_(node_key=None))
        return {k: NodeCount(s.count, s.negative, s.count / tree.total if tree.total else 0.0)
                for k, s in tree.nodes.items() if s.count}
    nodes = current_nodes(project)
    if not nodes:
        return {}
    pairs = _ancestor_pairs(nodes)
    rollup = values(column("leaf", String), column("anc", String), name="rollup").data(pairs).cte("rollup")
    neg_a = schema.assessments.alias("a_neg")
    negative = func.count(distinct(case(
        (t.c.sentiment == "negative", t.c.record_id),
        ((t.c.sentiment == "neutral") & (neg_a.c.sentiment == "negative"), t.c.record_id))))
    with project.read() as conn:
        clause = where(conn, flt.with_(node_key=None))
        total = conn.execute(select(func.count()).select_from(r).where(clause)).scalar_one()
        stmt = (select(rollup.c.anc, func.count(distinct(t.c.record_id)), negative)
                .select_from(t.join(rollup, rollup.c.leaf == t.c.node_key).join(r, r.c.id == t.c.record_id)
                             .outerjoin(neg_a, neg_a.c.record_id == t.c.record_id))
                .where(clause).group_by(rollup.c.anc))
        rows = conn.execute(stmt).all()
    return {str(k): NodeCount(int(c), int(neg), int(c) / total if total else 0.0) for k, c, neg in rows}


def _ancestor_pairs(nodes: list[Node]) -> list[tuple[str, str]]:
    parent = {x.key: x.parent_key for x in nodes}
    pairs: list[tuple[str, str]] = []
    for x in nodes:
        key: str | None = x.key
        while key is not None and key in parent:
            pairs.append((x.key, key))
            key = parent[key]
    return pairs


def daily_counts(project: Project, flt: RecordFilter, period: Period = "day") -> TrendSeries:
    """Records of ``flt`` per day, ISO week (Monday) or month, by assessed sentiment; empty periods are 0."""
    from workbench.queries import aggregates

    if aggregates.cube_can_answer(flt.with_(node_key=None)):
        split = aggregates.daily_counts_by(project, "sentiment", flt.node_key, flt.with_(node_key=None))
        return _series([(d, sent, n) for sent, days in split.items() for d, n in days.items()], period)
    with project.read() as conn:
        day = _day_expr(conn)
        sentiment = func.coalesce(a.c.sentiment, "none")
        clause = where(conn, flt, probe=_few_text_matches(conn, flt))
        stmt = (select(day, sentiment, func.count()).select_from(r.outerjoin(a, a.c.record_id == r.c.id))
                .where(clause, r.c.created_at.is_not(None)).group_by(day, sentiment))
        return _series(conn.execute(stmt).all(), period)


def _series(rows: Iterable[Any], period: Period) -> TrendSeries:
    buckets: dict[date, dict[str, int]] = {}
    for d, sent, n in rows:
        start = _bucket(_as_date(d), period)
        per = buckets.setdefault(start, {})
        per[str(sent)] = per.get(str(sent), 0) + int(n)
    starts = _all_starts(sorted(buckets), period)
    kinds = [k for k in ("negative", "neutral", "positive", "none") if any(k in b for b in buckets.values())]
    return TrendSeries(period, starts, {k: [buckets.get(d, {}).get(k, 0) for d in starts] for k in kinds})


def _day_expr(conn: Connection) -> ColumnElement[Any]:
    if conn.dialect.name == "sqlite":
        return func.date(r.c.created_at)
    return cast(r.c.created_at, Date)


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _bucket(d: date, period: Period) -> date:
    if period == "week":
        return date.fromordinal(d.toordinal() - d.weekday())
    if period == "month":
        return d.replace(day=1)
    return d


def _all_starts(present: list[date], period: Period) -> list[date]:
    if not present:
        return []
    out, cur = [], present[0]
    while cur <= present[-1]:
        out.append(cur)
        if period == "month":
            cur = date(cur.year + cur.month // 12, cur.month % 12 + 1, 1)
        else:
            cur = date.fromordinal(cur.toordinal() + (7 if period == "week" else 1))
    return out


def channels(project: Project) -> list[tuple[str, int]]:
    """Channels with their record counts, most records first."""
    return _distinct_counts(project, r.c.channel)


def products(project: Project) -> list[tuple[str, int]]:
    """Products with their record counts, most records first (records without a product are left out)."""
    return _distinct_counts(project, r.c.product)


def _distinct_counts(project: Project, col: Any) -> list[tuple[str, int]]:
    with project.read() as conn:
        stmt = select(col, func.count()).where(col.is_not(None)).group_by(col).order_by(func.count().desc(), col)
        return [(str(k), int(c)) for k, c in conn.execute(stmt)]
