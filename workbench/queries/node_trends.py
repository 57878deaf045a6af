"""Per-node recent history for the issue tree: a weekly sparkline and the change against the previous period.

The window ends at the selection's end (``date_to``, else its latest record). The *period* is the
selection's date range when it has both ends, else the last 28 days; the *previous period* is the
same length just before it. Counts are distinct records rolled up the tree, as in
:func:`workbench.queries.records.node_counts` (a record has one date, so daily distinct counts add up
exactly to weekly ones). The "all issues" row is under the key ``""``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import String, column, distinct, func, select, values

from workbench.queries.record_where import where
from workbench.queries.records import _ancestor_pairs, _as_date, _day_expr, current_nodes
from workbench.store import schema
from workbench.store.handle import Project
from workbench.types import RecordFilter

ALL = ""
WEEKS = 8
DEFAULT_DAYS = 28
r, t = schema.records, schema.tags


@dataclass(frozen=True)
class NodeHistory:
    """Weekly counts (oldest first, ``WEEKS`` of them) and period-over-period change per node key."""

    week_starts: list[date]
    weekly: dict[str, list[int]]
    current: dict[str, int]
    previous: dict[str, int]
    period: tuple[date, date]  # inclusive

    def delta(self, key: str) -> float | None:
        """Relative change of the period against the previous one; None when the previous had none."""
        before = self.previous.get(key, 0)
        return None if before == 0 else (self.current.get(key, 0) - before) / before


def node_history(project: Project, flt: RecordFilter, weeks: int = WEEKS) -> NodeHistory:
    """The recent history of every node of the current taxonomy under ``flt`` (node filter ignored)."""
    flt = flt.with_(node_key=None)
    end = _end_day(project, flt)
    if end is None:
        return NodeHistory([], {}, {}, {}, (date.today(), date.today()))
    if flt.date_from is not None and flt.date_to is not None:
        start = flt.date_from.date()
    else:
        start = end - timedelta(days=DEFAULT_DAYS - 1)
    length = (end - start).days + 1
    prev_start = start - timedelta(days=length)
    last_week = end - timedelta(days=end.weekday())
    week_starts = [last_week - timedelta(weeks=i) for i in range(weeks - 1, -1, -1)]
    first = min(prev_start, week_starts[0])
    daily = _daily(project, flt.with_(date_from=datetime.combine(first, time.min),  # date_to is exclusive
                                      date_to=datetime.combine(end + timedelta(days=1), time.min)))
    weekly: dict[str, list[int]] = {}
    current: dict[str, int] = {}
    previous: dict[str, int] = {}
    index = {w: i for i, w in enumerate(week_starts)}
    for (key, day), n in daily.items():
        slot = index.get(day - timedelta(days=day.weekday()))
        if slot is not None:
            weekly.setdefault(key, [0] * weeks)[slot] += n
        if start <= day <= end:
            current[key] = current.get(key, 0) + n
        elif prev_start <= day < start:
            previous[key] = previous.get(key, 0) + n
    return NodeHistory(week_starts, weekly, current, previous, (start, end))


def _end_day(project: Project, flt: RecordFilter) -> date | None:
    if flt.date_to is not None:  # exclusive: a midnight bound ends the day before
        return (flt.date_to - timedelta(microseconds=1)).date()
    with project.read() as conn:
        last = conn.execute(select(func.max(r.c.created_at)).where(where(conn, flt))).scalar()
    return None if last is None else _as_date(last)


def _daily(project: Project, flt: RecordFilter) -> dict[tuple[str, date], int]:
    from workbench.queries import aggregates

    if aggregates.cube_can_answer(flt):
        return _daily_from_cube(project, flt)
    out: dict[tuple[str, date], int] = {}
    nodes = current_nodes(project)
    with project.read() as conn:
        day = _day_expr(conn)
        clause = where(conn, flt)
        for d, n in conn.execute(select(day, func.count()).where(clause, r.c.created_at.is_not(None)).group_by(day)):
            out[(ALL, _as_date(d))] = int(n)
        if not nodes:
            return out
        rollup = values(column("leaf", String), column("anc", String), name="rollup").data(
            _ancestor_pairs(nodes)).cte("rollup")
        stmt = (select(rollup.c.anc, day, func.count(distinct(t.c.record_id)))
                .select_from(t.join(rollup, rollup.c.leaf == t.c.node_key).join(r, r.c.id == t.c.record_id))
                .where(clause, r.c.created_at.is_not(None)).group_by(rollup.c.anc, day))
        for key, d, n in conn.execute(stmt):
            out[(str(key), _as_date(d))] = int(n)
    return out


def _daily_from_cube(project: Project, flt: RecordFilter) -> dict[tuple[str, date], int]:
    """The same numbers from the aggregate cube (milliseconds at a million records)."""
    from workbench.queries.aggregate_cube import agg_day, ensure_cube
    from workbench.queries.aggregates import _day, _day_table, cube_where

    ensure_cube(project)
    lo = _day(flt.date_from) if flt.date_from else None
    hi = _day(flt.date_to) if flt.date_to else None
    out: dict[tuple[str, date], int] = {}
    nodes = _day_table(flt)
    with project.read() as conn:
        for d, n in conn.execute(select(agg_day.c.day, func.sum(agg_day.c.n))
                                 .where(cube_where(agg_day, flt, lo, hi), agg_day.c.day > "").group_by(agg_day.c.day)):
            out[(ALL, date.fromisoformat(d))] = int(n)
        stmt = (select(nodes.c.node_key, nodes.c.day, func.sum(nodes.c.n))
                .where(cube_where(nodes, flt, lo, hi), nodes.c.day > "").group_by(nodes.c.node_key, nodes.c.day))
        for key, d, n in conn.execute(stmt):
            if n:
                out[(str(key), date.fromisoformat(d))] = int(n)
    return out
