"""What a rule matches in the data: word hits per record, and periods in which a node's count rose.

Shared by evaluation (recent data, new records) and back-testing (all history).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import String, cast, func, select

from workbench.alerts.rules import AlertRule
from workbench.analysis import period_rise
from workbench.analysis.period_rise import PeriodRise
from workbench.analysis.periods import GRAINS, Grain, grain_for_span
from workbench.progress import CancelToken
from workbench.queries import aggregates, record_where
from workbench.store import schema
from workbench.types import RecordFilter

if TYPE_CHECKING:
    from workbench.store.handle import Project


@dataclass(frozen=True)
class Hit:
    """A record a words rule matched."""

    record_id: int
    created_at: datetime | None


def word_hits(project: Project, rule: AlertRule, after_id: int = 0,
              cancel: CancelToken | None = None) -> Iterator[Hit]:
    """Records with id > ``after_id`` that a words rule matches, in id order."""
    r = schema.records
    pattern = re.compile(rule.params["regex"], re.IGNORECASE)
    exclude = re.compile(rule.params["exclude"], re.IGNORECASE) if rule.params.get("exclude") else None
    stmt = select(r.c.id, r.c.text, r.c.created_at).where(r.c.id > after_id).order_by(r.c.id)
    if rule.params.get("channel"):
        stmt = stmt.where(r.c.channel == rule.params["channel"])
    with project.read() as conn:
        for i, (rid, text, at) in enumerate(conn.execution_options(yield_per=5000).execute(stmt)):
            if cancel is not None and i % 5000 == 0:
                cancel.check()
            if pattern.search(text) and not (exclude and exclude.search(text)):
                yield Hit(int(rid), at)


def _high_dissatisfaction_daily(project: Project, rule: AlertRule) -> dict[date, int]:
    r, a = schema.records, schema.assessments
    day = func.substr(cast(r.c.created_at, String), 1, 10)
    with project.read() as conn:
        where = record_where.where(conn, RecordFilter(node_key=rule.params.get("node_key")))
        stmt = (select(day, func.count()).join_from(r, a, a.c.record_id == r.c.id)
                .where(where, a.c.dissatisfaction >= float(rule.params["level"])).group_by(day))
        return {date.fromisoformat(d): int(n) for d, n in conn.execute(stmt) if d}


def daily_series(project: Project, rule: AlertRule) -> dict[date, int]:
    """The daily counts a surge or dissatisfaction rule watches."""
    if rule.kind == "surge":
        return aggregates.daily_counts(project, str(rule.params["node_key"]))
    return _high_dissatisfaction_daily(project, rule)


def _grain(rule: AlertRule, first: date, last: date) -> Grain:
    wanted = rule.params.get("period") or "auto"
    return wanted if wanted in GRAINS else grain_for_span(first, last)  # type: ignore[no-any-return]


def rises(project: Project, rule: AlertRule, everything: bool = False) -> list[PeriodRise]:
    """The periods in which a surge or dissatisfaction rule's count rose enough to fire.

    By default the latest complete period (against the one before) and the partial period after it (against
    the same number of days before it); with ``everything``, every period of the data (back-testing).
    The grain is the rule's ``period`` param, or chosen from the data's span as reports and ``top`` do.
    """
    daily = daily_series(project, rule)
    span = aggregates.date_range(project)
    if not daily or span is None:
        return []
    first, last = span
    grain = _grain(rule, first, last)
    comparisons = (period_rise.history if everything else period_rise.latest)(first, last, grain)
    scored = [period_rise.rise(daily, c, first, last, z=float(rule.params["z"]),
                               min_count=int(rule.params["min_count"])) for c in comparisons]
    return [s for s in scored if s is not None and s.spike]


def period_records(project: Project, rule: AlertRule, start: date, end: date) -> list[int]:
    """Ids of the records a surge or dissatisfaction rule counts in [start, end)."""
    flt = RecordFilter(date_from=datetime.combine(start, datetime.min.time()),
                       date_to=datetime.combine(end, datetime.min.time()), node_key=rule.params.get("node_key"))
    r, a = schema.records, schema.assessments
    with project.read() as conn:
        stmt: Any = select(r.c.id).where(record_where.where(conn, flt)).order_by(r.c.id)
        if rule.kind == "dissatisfaction":
            stmt = stmt.join(a, a.c.record_id == r.c.id).where(a.c.dissatisfaction >= float(rule.params["level"]))
        return [int(i) for i in conn.execute(stmt).scalars()]
