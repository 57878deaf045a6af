"""Tree aggregates and series from the store, fast enough for a million records.

A small derived cube, ``agg_node_day`` (day × node × channel × record sentiment, rolled up the current
taxonomy with distinct records per node), answers the common selections (time range, channel,
sentiment) in milliseconds. It is rebuilt automatically when records, tags, assessments or the
taxonomy changed (about a minute per million records). Any other filter (product, source, extra
fields, text search, customer, node) takes the exact path: the same roll-up computed directly on the
selected records. Both paths give the same numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Connection, String, Table, and_, cast, func, literal, select, true

from workbench.analysis.facts import NodeStats, TreeAggregate
from workbench.queries import record_where
from workbench.queries.aggregate_cube import (
    MEASURES,
    agg_day,
    agg_month,
    agg_node_day,
    agg_node_day_all,
    agg_node_day_ch,
    agg_node_month,
    current_nodes,
    ensure_cube,
    load_ancestors,
    measure_select,
    rolled,
)
from workbench.store import schema
from workbench.taxonomy.model import Node
from workbench.types import RecordFilter

if TYPE_CHECKING:
    from workbench.store.handle import Project

ALL = RecordFilter()


def _day(dt: datetime | date) -> str:
    return dt.isoformat()[:10]


def filter_clause(conn: Connection, flt: RecordFilter) -> ColumnElement[bool]:
    """A WHERE clause on ``records`` for every field of the filter (``date_to`` exclusive)."""
    return record_where.where(conn, flt)


def _is_midnight(value: datetime | None) -> bool:
    return value is None or value.time() == time(0)


def cube_can_answer(flt: RecordFilter) -> bool:
    """Whether the cube answers this filter (only whole-day ranges, channels and sentiments)."""
    rest = flt.with_(date_from=None, date_to=None, channels=(), sentiments=())
    return rest.is_empty and _is_midnight(flt.date_from) and _is_midnight(flt.date_to)


def _month_start(day: date, up: bool) -> date:
    first = day.replace(day=1)
    if not up or first == day:
        return first
    return date(first.year + (first.month == 12), first.month % 12 + 1, 1)


def cube_parts(flt: RecordFilter) -> list[tuple[bool, str | None, str | None]]:
    """(use month rows, from, to) pieces covering the filter's range: whole months plus day edges.

    Records without a time only count when the filter has no date bound, as on the exact path.
    """
    lo = flt.date_from.date() if flt.date_from else None
    hi = flt.date_to.date() if flt.date_to else None
    m_lo = _month_start(lo, up=True) if lo else None
    m_hi = _month_start(hi, up=False) if hi else None
    if m_lo is not None and m_hi is not None and m_lo >= m_hi:
        return [(False, _day(lo) if lo else None, _day(hi) if hi else None)]
    parts: list[tuple[bool, str | None, str | None]] = [
        (True, _day(m_lo) if m_lo else None, _day(m_hi) if m_hi else None)]
    if lo and m_lo and lo < m_lo:
        parts.append((False, _day(lo), _day(m_lo)))
    if hi and m_hi and m_hi < hi:
        parts.append((False, _day(m_hi), _day(hi)))
    if lo is None and hi is None:
        parts.append((False, "", "\x01"))
    return parts


def cube_where(tbl: Table, flt: RecordFilter, lo: str | None, hi: str | None) -> ColumnElement[bool]:
    parts: list[ColumnElement[bool]] = []
    if lo is not None:
        parts.append(tbl.c.day >= lo)
    if hi is not None:
        parts.append(tbl.c.day < hi)
    if flt.channels:
        parts.append(tbl.c.channel.in_(flt.channels))
    if flt.sentiments:
        parts.append(tbl.c.sentiment.in_(flt.sentiments))
    return and_(true(), *parts)


def _day_table(flt: RecordFilter) -> Table:
    """The smallest day-level cube that still has the dimensions the filter restricts."""
    if flt.sentiments:
        return agg_node_day
    return agg_node_day_ch if flt.channels else agg_node_day_all


def _from_cube(conn: Connection, flt: RecordFilter) -> tuple[list[Any], int]:
    sums: dict[str, list[float]] = {}
    total = 0
    for monthly, lo, hi in cube_parts(flt):
        c, t = (agg_node_month, agg_month) if monthly else (_day_table(flt), agg_day)
        stmt = select(c.c.node_key, *(func.sum(c.c[m]) for m in MEASURES)).where(cube_where(c, flt, lo, hi))
        for key, *values in conn.execute(stmt.group_by(c.c.node_key)):
            acc = sums.setdefault(key, [0.0] * len(MEASURES))
            for i, v in enumerate(values):
                acc[i] += v or 0
        total += int(conn.execute(select(func.coalesce(func.sum(t.c.n), 0))
                                  .where(cube_where(t, flt, lo, hi))).scalar_one())
    return [(key, *values) for key, values in sums.items()], total


def _stats(nodes: list[Node], rows: Iterable[Any]) -> dict[str, NodeStats]:
    measured = {row[0]: row[1:] for row in rows}
    out = {}
    for n in nodes:
        m = measured.get(n.key, (0, 0, 0.0, 0, 0.0, 0, 0.0))
        out[n.key] = NodeStats(key=n.key, path=n.path, level=n.level, parent_key=n.parent_key, count=int(m[0]),
                               negative=int(m[1] or 0), dis_sum=float(m[2] or 0.0), dis_n=int(m[3] or 0),
                               rating_sum=float(m[4] or 0.0), rating_n=int(m[5] or 0), rating_sq=float(m[6] or 0.0))
    return out


def tree_aggregate(project: Project, flt: RecordFilter = ALL, use_cube: bool = True) -> TreeAggregate:
    """Every node of the current taxonomy rolled up over the records the filter selects.

    Args:
        project: an open Project.
        flt: the selection; ``use_cube=False`` forces the exact path (for checks and benchmarks).
    """
    fast = use_cube and cube_can_answer(flt)
    if fast:
        ensure_cube(project)
    with project.read() as conn:
        nodes = current_nodes(conn)
        if fast:
            rows, total = _from_cube(conn, flt)
        else:
            where = filter_clause(conn, flt)
            load_ancestors(conn, nodes)
            x = rolled(where)
            rows = list(conn.execute(measure_select(x, x.c.node).group_by(x.c.node)))
            total = conn.execute(select(func.count()).select_from(schema.records).where(where)).scalar_one()
    return TreeAggregate(total=int(total), nodes=_stats(nodes, rows))


def daily_counts(project: Project, node_key: str | None, flt: RecordFilter = ALL,
                 negative: bool = False) -> dict[date, int]:
    """Records per day about a node (all records when ``node_key`` is None).

    ``negative``: only records negative about the node (see :data:`NEGATIVE_SHARE`); without a node,
    records whose overall sentiment is negative.
    """
    return daily_counts_by(project, None, node_key, flt, negative).get("", {})


def daily_counts_by(project: Project, split: str | None, node_key: str | None, flt: RecordFilter = ALL,
                    negative: bool = False) -> dict[str, dict[date, int]]:
    """As :func:`daily_counts`, one series per ``channel`` or record ``sentiment`` (``split``; None: one, key "").

    Split by sentiment about a node, the ``negative`` series is the records negative about the node (the
    same figure as the tree's negative share) and the rest keep their record's sentiment, except that a
    negative record whose tags on the node are all positive counts as ``positive`` (it praises this node).
    """
    if split not in (None, "channel", "sentiment"):
        raise ValueError(f"cannot split by {split!r}")
    if split == "sentiment" and node_key and not negative:
        return _sentiment_about(project, node_key, flt)
    if cube_can_answer(flt):
        ensure_cube(project)
        with project.read() as conn:
            c = agg_node_day if node_key else agg_day
            measure = c.c.neg if negative and node_key else c.c.n
            lo, hi = (_day(flt.date_from) if flt.date_from else None), (_day(flt.date_to) if flt.date_to else None)
            key: Any = c.c[split] if split else literal("")
            stmt = select(key, c.c.day, func.sum(measure)).where(cube_where(c, flt, lo, hi)).group_by(key, c.c.day)
            if node_key:
                stmt = stmt.where(c.c.node_key == node_key)
            if negative and not node_key:
                stmt = stmt.where(c.c.sentiment == "negative")
            rows = list(conn.execute(stmt))
    else:
        rows = _daily_exact(project, split, node_key, flt, negative)
    out: dict[str, dict[date, int]] = {}
    for k, d, n in rows:
        if d and n:
            out.setdefault(str(k), {})[date.fromisoformat(d)] = int(n)
    return out


def _sentiment_about(project: Project, node_key: str, flt: RecordFilter) -> dict[str, dict[date, int]]:
    if cube_can_answer(flt):
        ensure_cube(project)
        with project.read() as conn:
            c = agg_node_day
            lo, hi = (_day(flt.date_from) if flt.date_from else None), (_day(flt.date_to) if flt.date_to else None)
            rows = list(conn.execute(select(c.c.sentiment, c.c.day, func.sum(c.c.n), func.sum(c.c.neg))
                                     .where(cube_where(c, flt, lo, hi), c.c.node_key == node_key)
                                     .group_by(c.c.sentiment, c.c.day)))
    else:
        r, a = schema.records, schema.assessments.alias("a_split")
        day = func.substr(cast(r.c.created_at, String), 1, 10)
        sent = func.coalesce(a.c.sentiment, "none")
        with project.read() as conn:
            load_ancestors(conn, current_nodes(conn))
            x = rolled(filter_clause(conn, flt))
            rows = list(conn.execute(select(sent, day, func.count(), func.sum(x.c.neg)).select_from(x)
                                     .join(r, r.c.id == x.c.rid).outerjoin(a, a.c.record_id == r.c.id)
                                     .where(x.c.node == node_key).group_by(sent, day)))
    out: dict[str, dict[date, int]] = {}
    for sentiment, d, n, neg in rows:
        if not d:
            continue
        day_ = date.fromisoformat(d)
        rest = int(n or 0) - int(neg or 0)
        for bucket, value in (("negative", int(neg or 0)),
                              ("positive" if sentiment == "negative" else str(sentiment), rest)):
            if value:
                series = out.setdefault(bucket, {})
                series[day_] = series.get(day_, 0) + value
    return out


def _daily_exact(project: Project, split: str | None, node_key: str | None, flt: RecordFilter,
                 negative: bool) -> list[Any]:
    r, a = schema.records, schema.assessments.alias("a_split")  # an alias: the filter's EXISTS must not correlate
    day = func.substr(cast(r.c.created_at, String), 1, 10)
    key: Any = {None: literal(""), "channel": r.c.channel, "sentiment": func.coalesce(a.c.sentiment, "none")}[split]
    with project.read() as conn:
        if node_key:
            load_ancestors(conn, current_nodes(conn))
            x = rolled(filter_clause(conn, flt))
            stmt = (select(key, day, func.count()).select_from(x).join(r, r.c.id == x.c.rid)
                    .outerjoin(a, a.c.record_id == r.c.id).where(x.c.node == node_key))
            if negative:
                stmt = stmt.where(x.c.neg == 1)
        else:
            where = filter_clause(conn, flt.with_(sentiments=("negative",)) if negative else flt)
            stmt = select(key, day, func.count()).select_from(r).outerjoin(a, a.c.record_id == r.c.id).where(where)
        return list(conn.execute(stmt.group_by(key, day)))


def first_seen(project: Project) -> dict[str, date]:
    """The first day each node had a record (from the cube)."""
    ensure_cube(project)
    with project.read() as conn:
        c = agg_node_day
        rows = conn.execute(select(c.c.node_key, func.min(c.c.day)).where(c.c.day > "")
                            .group_by(c.c.node_key))
        return {k: date.fromisoformat(d) for k, d in rows if d}


def _as_date(value: Any) -> date:
    return value.date() if isinstance(value, datetime) else date.fromisoformat(str(value)[:10])


def date_range(project: Project) -> tuple[date, date] | None:
    """The first and last record day, or None when no record has a time."""
    r = schema.records
    with project.read() as conn:
        lo, hi = conn.execute(select(func.min(r.c.created_at), func.max(r.c.created_at))).one()
    return None if lo is None else (_as_date(lo), _as_date(hi))
