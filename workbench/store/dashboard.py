"""Everything the meeting-room dashboard shows, computed in one call (runs on a worker thread)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from workbench.analysis.top import TopItem
from workbench.project import Project
from workbench.store import aggregates, insights, records, report_rows
from workbench.store.analysis_rows import TopResult, top_list
from workbench.types import RecordFilter


@dataclass
class DashboardData:
    kpis: dict[str, float | None]
    period: tuple[date, date] | None
    frequent: list[TopItem] = field(default_factory=list)
    rising: list[TopItem] = field(default_factory=list)
    trend: list[tuple[date, int, int]] = field(default_factory=list)  # day, total, negative
    channels: list[str] = field(default_factory=list)
    issues: list[str] = field(default_factory=list)
    heat: dict[tuple[str, str], int] = field(default_factory=dict)  # (issue path, channel) → records
    alerts: int = 0
    compared: TopResult | None = None  # the periods the TOP lists compared (items: the frequent list)


def dashboard_data(project: Project, flt: RecordFilter | None = None) -> DashboardData:
    """KPIs, this month's TOP and rising issues, the weekly trend, and issues × channels."""
    flt = flt or RecordFilter()
    span = aggregates.date_range(project)
    data = DashboardData(report_rows.record_kpis(project, flt), span)
    if span is None:
        return data
    data.compared = top_list(project, "frequent", level=2, limit=8, flt=flt)
    data.frequent = data.compared.items
    data.rising = top_list(project, "rising", level=None, limit=8, flt=flt).items
    total = insights.trend(project, None, flt, "week")
    negative = insights.trend(project, None, flt.with_(sentiments=("negative",)), "week")
    neg = dict(negative.points)
    data.trend = [(d, n, neg.get(d, 0)) for d, n in total.points]
    data.channels = [c for c, _ in records.channels(project)][:8]
    tree = aggregates.tree_aggregate(project, flt)
    top_level = sorted(tree.at_level(1), key=lambda n: -n.count)[:10]
    data.issues = [n.path for n in top_level]
    for channel in data.channels:
        per = aggregates.tree_aggregate(project, flt.with_(channels=(channel,)))
        for node in top_level:
            stats = per.nodes.get(node.key)
            data.heat[(node.path, channel)] = stats.count if stats else 0
    data.alerts = len(report_rows.fired_alerts(project, None, None))
    return data
