"""Row feeds for the pure analysis functions: per-record node sets, scores, contacts and texts.

These read the selected records once and hand plain Python values to ``workbench.analysis``
(drivers, co-occurrence, repeat contacts, hot words), which never touches the store.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from workbench.analysis.periods import Grain, Period, compare_latest
from workbench.analysis.top import TopBy, TopItem, rank
from workbench.errors import InputError
from workbench.queries import aggregate_cube as cube
from workbench.queries import aggregates, cube_totals
from workbench.store import schema
from workbench.types import RecordFilter

if TYPE_CHECKING:
    from workbench.store.handle import Project


def node_sets(project: Project, flt: RecordFilter, level: int | None = None
              ) -> tuple[list[tuple[int, float | None, frozenset[str]]], dict[str, str]]:
    """Per selected record with a tag: (record id, rating, node keys at ``level`` — all levels when None).

    Returns:
        The rows and a key → path map for the nodes of the current taxonomy.
    """
    r = schema.records
    with project.read() as conn:
        nodes = cube.current_nodes(conn)
        cube.load_ancestors(conn, nodes)
        x = cube.rolled(aggregates.filter_clause(conn, flt))
        rows = conn.execute(select(x.c.rid, x.c.node, r.c.rating).join(r, r.c.id == x.c.rid)).all()
    levels = {n.key: n.level for n in nodes}
    keys: dict[int, set[str]] = defaultdict(set)
    ratings: dict[int, float | None] = {}
    for rid, node, rating in rows:
        ratings[rid] = rating
        if level is None or levels.get(node) == level:
            keys[rid].add(node)
    out = [(rid, ratings[rid], frozenset(keys.get(rid, ()))) for rid in sorted(ratings)]
    return out, {n.key: n.path for n in nodes}


def scored_sets(project: Project, flt: RecordFilter, level: int | None = None) -> list[tuple[float, frozenset[str]]]:
    """(score, node keys) for selected records that carry a score (``records.rating``), untagged ones included."""
    r = schema.records
    tagged, _paths = node_sets(project, flt, level)
    sets = {rid: keys for rid, _rating, keys in tagged}
    with project.read() as conn:
        stmt = select(r.c.id, r.c.rating).where(aggregates.filter_clause(conn, flt), r.c.rating.is_not(None))
        return [(float(rating), sets.get(rid, frozenset())) for rid, rating in conn.execute(stmt)]


def nps_sets(project: Project, flt: RecordFilter, level: int | None = None) -> list[tuple[float, frozenset[str]]]:
    """(NPS answer 0–10, node keys) for selected records with an NPS answer (``records.extra["nps"]``, where
    the importer keeps a 0–10 column; ``records.rating`` holds 1–5 ratings only), untagged ones included."""
    r = schema.records
    tagged, _paths = node_sets(project, flt, level)
    sets = {rid: keys for rid, _rating, keys in tagged}
    out = []
    with project.read() as conn:
        stmt = select(r.c.id, r.c.extra).where(aggregates.filter_clause(conn, flt), r.c.extra.is_not(None))
        for rid, extra in conn.execution_options(yield_per=5000).execute(stmt):
            value = extra.get("nps") if isinstance(extra, dict) else None
            if isinstance(value, int | float) and 0 <= value <= 10:
                out.append((float(value), sets.get(rid, frozenset())))
    return out


def contacts(project: Project, flt: RecordFilter) -> list[tuple[str, str, datetime]]:
    """(node key, customer, time) for selected records about a node with a known customer and time."""
    r = schema.records
    with project.read() as conn:
        cube.load_ancestors(conn, cube.current_nodes(conn))
        x = cube.rolled(aggregates.filter_clause(conn, flt))
        stmt = (select(x.c.node, r.c.customer_key, r.c.created_at).join(r, r.c.id == x.c.rid)
                .where(r.c.customer_key.is_not(None), r.c.created_at.is_not(None)))
        return [(str(n), str(c), at) for n, c, at in conn.execute(stmt)]


def texts(project: Project, flt: RecordFilter, limit: int = 20000) -> list[tuple[int, str]]:
    """(id, text) of up to ``limit`` selected records, newest first."""
    r = schema.records
    with project.read() as conn:
        stmt = (select(r.c.id, r.c.text).where(aggregates.filter_clause(conn, flt))
                .order_by(r.c.created_at.desc(), r.c.id.desc()).limit(limit))
        return [(int(i), str(t)) for i, t in conn.execute(stmt)]


@dataclass(frozen=True)
class TopResult:
    """A ranked TOP list for one period, next to the period it was compared with."""

    period: Period
    previous: Period
    items: list[TopItem]
    grain: Grain = "month"
    partial: bool = False  # ``period`` stops at the data's last day; ``previous`` is the same days before

    def as_json(self) -> dict[str, object]:
        """The CLI.md shape (``to`` is the period's last day, inclusive), with the rank statistics added."""
        return {"period": {"from": self.period.start.isoformat(), "to": self.period.last_day.isoformat()},
                "previous_period": {"from": self.previous.start.isoformat(), "to": self.previous.last_day.isoformat()},
                "grain": self.grain, "partial": self.partial,
                "items": [_item_json(i) for i in self.items]}


def _item_json(item: TopItem) -> dict[str, object]:
    return {"node": item.node, "count": item.count, "previous": item.previous, "share": round(item.share, 6),
            "negative_share": round(item.negative_share, 6), "score": round(item.score, 6), "basis": item.basis,
            "level": item.level, "p_value": item.p_value, "expected": item.expected,
            "first_seen": item.first_seen.isoformat() if item.first_seen else None}


def top_list(project: Project, by: TopBy = "frequent", *, level: int | None = None, grain: Grain | None = None,
             at: date | None = None, limit: int = 10, flt: RecordFilter = aggregates.ALL) -> TopResult:
    """The TOP list for the period of ``grain`` containing ``at``, against the period before it.

    Without ``at``: the latest complete period (see :func:`workbench.analysis.periods.compare_latest`);
    ``grain`` None: chosen from the data's span. A partial period is compared with the same days before it.

    Raises:
        InputError: the project has no dated records.
    """
    span = aggregates.date_range(project)
    if span is None:
        raise InputError.of("errors.queries.no_times")
    first, last = span
    if flt.date_from is not None:
        first = max(first, flt.date_from.date())
    if flt.date_to is not None:
        last = max(first, min(last, (flt.date_to - timedelta(microseconds=1)).date()))
    comparison = compare_latest(first, last, grain, at)
    period, before = comparison.current, comparison.previous
    cur = aggregates.tree_aggregate(project, _within(flt, period))
    prev = aggregates.tree_aggregate(project, _within(flt, before))
    seen = aggregates.first_seen(project) if by == "new" else None
    items = rank(by, cur, prev, level=level, limit=limit, first_seen=seen, period_start=period.start)
    return TopResult(period, before, items, comparison.grain, comparison.partial)


def _within(flt: RecordFilter, period: Period) -> RecordFilter:
    start, end = period.as_datetimes()
    return flt.with_(date_from=max(start, flt.date_from or start), date_to=min(end, flt.date_to or end))


def score_moments(project: Project, flt: RecordFilter, level: int | None = None
                  ) -> tuple[dict[str, tuple[int, float, float]], tuple[int, float, float], dict[str, str]]:
    """(n, Σscore, Σscore²) per node (records rolled up, each counted once per node) and over all scored
    selected records — from the aggregate cube where it can answer, else in SQL over the records."""
    if aggregates.cube_can_answer(flt):
        return _cube_moments(project, flt, level)
    r = schema.records
    with project.read() as conn:
        nodes = cube.current_nodes(conn)
        cube.load_ancestors(conn, nodes)
        where = aggregates.filter_clause(conn, flt)
        x = cube.rolled(where)
        stmt = (select(x.c.node, func.count(), func.sum(r.c.rating), func.sum(r.c.rating * r.c.rating))
                .select_from(x).join(r, r.c.id == x.c.rid).where(r.c.rating.is_not(None)).group_by(x.c.node))
        levels = {n.key: n.level for n in nodes}
        per = {str(k): (int(n), float(s or 0), float(q or 0)) for k, n, s, q in conn.execute(stmt)
               if level is None or levels.get(k) == level}
        n, s, q = conn.execute(select(func.count(), func.sum(r.c.rating), func.sum(r.c.rating * r.c.rating))
                               .where(where, r.c.rating.is_not(None))).one()
    return per, (int(n), float(s or 0), float(q or 0)), {nd.key: nd.path for nd in nodes}


def _cube_moments(project: Project, flt: RecordFilter, level: int | None
                  ) -> tuple[dict[str, tuple[int, float, float]], tuple[int, float, float], dict[str, str]]:
    tree = aggregates.tree_aggregate(project, flt)  # rating_sq rides along in the cube's node rows
    per = {k: (s.rating_n, s.rating_sum, s.rating_sq) for k, s in tree.nodes.items()
           if s.rating_n and (level is None or s.level == level)}
    total = cube_totals.totals(project, flt) or {}
    return (per, (int(total.get("rating_n", 0)), float(total.get("rating_sum", 0.0)),
                  float(total.get("rating_sq", 0.0))), {k: s.path for k, s in tree.nodes.items()})
