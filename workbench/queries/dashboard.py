"""Everything the meeting-room dashboard shows, computed in one call (runs on a worker thread)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from workbench.analysis import period_rise
from workbench.analysis.periods import Period
from workbench.analysis.top import TopItem
from workbench.queries import aggregates, insights, records, report_rows
from workbench.queries.analysis_rows import TopResult, top_list
from workbench.store import schema
from workbench.store.handle import Project
from workbench.types import RecordFilter


@dataclass(frozen=True)
class FiredAlert:
    """One fired alert as the wall shows it: the rule's name, when, and how many records are behind it."""

    rule: str
    fired_at: datetime
    records: int


@dataclass(frozen=True)
class ImpactBar:
    """An issue's impact on the mean rating in the current period, with its 95% interval (as the report)."""

    node: str
    impact: float
    low: float
    high: float
    count: int


@dataclass
class DashboardData:
    """``kpis`` covers the whole selection; ``current``/``previous`` the two periods the TOP lists compared
    (the same choice as `top`); ``heat`` maps (top-level issue, channel) to (negative about it, records)."""

    kpis: dict[str, float | None]
    period: tuple[date, date] | None
    frequent: list[TopItem] = field(default_factory=list)
    rising: list[TopItem] = field(default_factory=list)
    trend: list[tuple[date, int, int]] = field(default_factory=list)  # week, total, negative
    surge_weeks: list[date] = field(default_factory=list)  # weeks whose total rose like for like (see _rose)
    surge_days: list[date] = field(default_factory=list)  # unused since surges compare weeks; kept for callers
    rising_node: str | None = None  # the fastest-rising issue, drawn on the trend with its own surge weeks
    rising_trend: list[tuple[date, int]] = field(default_factory=list)
    rising_surge_weeks: list[date] = field(default_factory=list)
    channels: list[str] = field(default_factory=list)
    issues: list[str] = field(default_factory=list)
    heat: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    alerts: int = 0
    current: dict[str, float | None] = field(default_factory=dict)
    previous: dict[str, float | None] = field(default_factory=dict)
    alerts_current: int = 0
    alerts_previous: int = 0
    latest_alerts: list[FiredAlert] = field(default_factory=list)
    compared: TopResult | None = None  # the periods the TOP lists compared (items: the frequent list)
    impact: list[ImpactBar] = field(default_factory=list)  # issues that cost the most rating, this period
    english: dict[str, str] = field(default_factory=dict)  # node path → its English name (where it has one)

    def name(self, path: str, lang: str) -> str:
        """``path`` in ``lang``: each level's English name where the taxonomy has one (as the tree shows it)."""
        if lang == "zh" or not path:
            return path
        parts = path.split("/")
        return "/".join(self.english.get("/".join(parts[:i + 1]), part) for i, part in enumerate(parts))

    def heat_share(self, issue: str, channel: str) -> float | None:
        """The issue's negative share in the channel (the one definition: negative about it / about it)."""
        negative, count = self.heat.get((issue, channel), (0, 0))
        return negative / count if count else None


def dashboard_data(project: Project, flt: RecordFilter | None = None) -> DashboardData:
    """KPIs with their change, TOP and rising issues, the weekly trend with its surges, negative share by
    issue × channel and the latest fired alerts."""
    flt = flt or RecordFilter()
    span = aggregates.date_range(project)
    data = DashboardData(report_rows.record_kpis(project, flt), span)
    named = ((n.path, (n.name_en or "").strip()) for n in records.current_nodes(project))
    data.english = {path: english for path, english in named if english}
    fired = report_rows.fired_alerts(project, None, None)
    data.alerts = len(fired)
    data.latest_alerts = [FiredAlert(str(row.name), row.fired_at, _count(row.record_ids)) for row in fired[:6]]
    if span is None:
        return data
    data.compared = top_list(project, "frequent", level=2, limit=8, flt=flt)
    data.frequent = data.compared.items
    data.rising = [i for i in top_list(project, "rising", level=None, limit=6, flt=flt).items if i.count > i.previous]
    _compare(project, flt, data, data.compared, fired)
    data.impact = _impact(project, _within(flt, data.compared.period))
    _trend(project, flt, data)
    _heat(project, flt, data)
    return data


def _impact(project: Project, flt: RecordFilter, limit: int = 5) -> list[ImpactBar]:
    """Positive impacts (fixing it would lift the mean rating), a single-child chain once at its deepest node."""
    rows = insights.score_drivers(project, flt)
    bars = [ImpactBar(r.path, r.driver.impact, r.driver.share * -r.driver.diff.high,
                      r.driver.share * -r.driver.diff.low, r.driver.diff.n_with) for r in rows if r.driver.impact > 0]
    kept = [b for b in bars if not any(o.node.startswith(b.node + "/") and o.count == b.count for o in bars)]
    return kept[:limit]


def _within(flt: RecordFilter, period: Period) -> RecordFilter:
    start, end = period.as_datetimes()
    return flt.with_(date_from=max(start, flt.date_from or start), date_to=min(end, flt.date_to or end))


def _count(ids: Any) -> int:
    return len(ids) if isinstance(ids, (list, tuple)) else 0


def _compare(project: Project, flt: RecordFilter, data: DashboardData, compared: TopResult, fired: list[Any]) -> None:
    data.current = report_rows.record_kpis(project, _within(flt, compared.period))
    data.previous = report_rows.record_kpis(project, _within(flt, compared.previous))
    when = _alert_times(project, fired)
    for name, period in (("alerts_current", compared.period), ("alerts_previous", compared.previous)):
        start, end = period.as_datetimes()
        setattr(data, name, sum(1 for at in when if start <= at < end))


def _alert_times(project: Project, fired: list[Any]) -> list[datetime]:
    """When each alert's matter happened: its newest record's time (an alert fired today about October data
    counts in October, as the KPIs beside it do); its firing time when its records have none."""
    ids = {int(i) for row in fired if isinstance(row.record_ids, (list, tuple)) for i in row.record_ids}
    r = schema.records
    at: dict[int, datetime] = {}
    chunk = sorted(ids)
    with project.read() as conn:
        for k in range(0, len(chunk), 900):  # bound the IN list (SQLite's variable limit)
            stmt = select(r.c.id, r.c.created_at).where(r.c.id.in_(chunk[k:k + 900]))
            at.update({int(i): t for i, t in conn.execute(stmt) if t is not None})
    out = []
    for row in fired:
        times = [at[int(i)] for i in (row.record_ids or []) if int(i) in at]
        out.append(max(times) if times else row.fired_at)
    return out


def _trend(project: Project, flt: RecordFilter, data: DashboardData) -> None:
    total = insights.trend(project, None, flt, "week")
    negative = insights.trend(project, None, flt.with_(sentiments=("negative",)), "week")
    neg = dict(negative.points)
    first, last = data.period or (date.min, date.max)
    # whole weeks only: a week cut by the data's first or last day would read as a drop
    data.trend = [(d, n, neg.get(d, 0)) for d, n in total.points
                  if d >= first and d + timedelta(days=6) <= last]
    weeks = [d for d, _, _ in data.trend]
    if not weeks:
        return
    data.surge_weeks = _rose(aggregates.daily_counts(project, None, flt), weeks, first, last)
    if data.rising:
        top = data.rising[0]
        daily = aggregates.daily_counts(project, top.key, flt)
        data.rising_node = top.node
        data.rising_trend = [(w, sum(n for d, n in daily.items() if w <= d < w + timedelta(days=7))) for w in weeks]
        data.rising_surge_weeks = _rose(daily, weeks, first, last)


def _rose(daily: dict[date, int], weeks: list[date], first: date, last: date) -> list[date]:
    """The trend's weeks whose count rose against the week before like for like (the alert rules' test)."""
    found = []
    for comparison in period_rise.history(first, last, "week"):
        scored = period_rise.rise(daily, comparison, first, last)
        if scored is not None and scored.spike and comparison.current.start in weeks:
            found.append(comparison.current.start)
    return found


def _heat(project: Project, flt: RecordFilter, data: DashboardData) -> None:
    data.channels = [c for c, _ in records.channels(project)][:8]
    tree = aggregates.tree_aggregate(project, flt)
    top_level = sorted(tree.at_level(1), key=lambda n: -n.count)[:8]
    data.issues = [n.path for n in top_level]
    for channel in data.channels:
        per = aggregates.tree_aggregate(project, flt.with_(channels=(channel,)))
        for node in top_level:
            stats = per.nodes.get(node.key)
            data.heat[(node.path, channel)] = (stats.negative, stats.count) if stats else (0, 0)
