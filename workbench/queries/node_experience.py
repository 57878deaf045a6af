"""Per node of the current taxonomy: how its customers fare — mean effort, emotions, actionable share — and
its impact on the mean score, for the issue tree's columns and the report.

Records roll up the tree as the tree's counts do (a record counts once at each node it is about). Impact is
:attr:`workbench.analysis.drivers.Driver.impact`, the same figure as ``main.py impact`` (rating score) and
the report's drivers: how much the mean rating would rise if the node's records scored like the rest.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Integer, cast, func, select

from workbench.analysis.drivers import drivers_from_moments
from workbench.queries import aggregate_cube as cube
from workbench.queries import aggregates, analysis_rows
from workbench.store import schema
from workbench.store.handle import Project
from workbench.types import RecordFilter

NEGATIVE_EMOTIONS = ("愤怒", "失望", "焦虑")


@dataclass(frozen=True)
class NodeImpact:
    """Impact on the mean rating with a 95% interval (the effect's Welch interval times the node's share)."""

    impact: float
    low: float
    high: float
    mean_with: float
    mean_without: float
    n: int


@dataclass
class NodeExperience:
    """Records with an experience row at the node, their effort sum, emotion counts and actionable count."""

    n: int = 0
    effort_sum: int = 0
    actionable: int = 0
    emotions: dict[str, int] = field(default_factory=dict)
    impact: NodeImpact | None = None

    @property
    def mean_effort(self) -> float | None:
        return self.effort_sum / self.n if self.n else None

    @property
    def actionable_share(self) -> float | None:
        return self.actionable / self.n if self.n else None

    def dominant_emotion(self) -> tuple[str, float] | None:
        """The most frequent emotion other than 中性 (neutral) and its share of the node's records."""
        felt = {e: c for e, c in self.emotions.items() if e != "中性" and c}
        if not felt or not self.n:
            return None
        emotion = max(sorted(felt), key=lambda e: felt[e])
        return emotion, felt[emotion] / self.n

    @property
    def angry_share(self) -> float | None:
        return self.emotions.get("愤怒", 0) / self.n if self.n else None


def node_experience(project: Project, flt: RecordFilter = aggregates.ALL, min_scored: int = 10
                    ) -> dict[str, NodeExperience]:
    """Per node key (nodes with records): effort, emotions, actionability, and impact on the mean rating
    (nodes with at least ``min_scored`` rated records, when the project has ratings)."""
    x_t = schema.experience
    out: dict[str, NodeExperience] = defaultdict(NodeExperience)
    with project.read() as conn:
        nodes = cube.current_nodes(conn)
        cube.load_ancestors(conn, nodes)
        x = cube.rolled(aggregates.filter_clause(conn, flt))
        stmt = (select(x.c.node, x_t.c.emotion, func.count(), func.sum(x_t.c.effort),
                       func.sum(cast(x_t.c.actionable, Integer)))
                .select_from(x).join(x_t, x_t.c.record_id == x.c.rid).group_by(x.c.node, x_t.c.emotion))
        for node, emotion, n, effort, actionable in conn.execute(stmt):
            e = out[str(node)]
            e.n += int(n)
            e.effort_sum += int(effort or 0)
            e.actionable += int(actionable or 0)
            e.emotions[str(emotion)] = e.emotions.get(str(emotion), 0) + int(n)
    per, total, _paths = analysis_rows.score_moments(project, flt)
    for d in drivers_from_moments(per, total, min_n=min_scored):
        diff = d.diff
        out[d.key].impact = NodeImpact(d.impact, d.share * -diff.high, d.share * -diff.low, diff.mean_with,
                                       diff.mean_without, diff.n_with)
    return dict(out)


def overall_experience(project: Project, flt: RecordFilter = aggregates.ALL) -> NodeExperience:
    """The same figures over every selected record with an experience row (tagged or not)."""
    x_t, r = schema.experience, schema.records
    out = NodeExperience()
    with project.read() as conn:
        stmt = (select(x_t.c.emotion, func.count(), func.sum(x_t.c.effort), func.sum(cast(x_t.c.actionable, Integer)))
                .join(r, r.c.id == x_t.c.record_id).where(aggregates.filter_clause(conn, flt))
                .group_by(x_t.c.emotion))
        for emotion, n, effort, actionable in conn.execute(stmt):
            out.n += int(n)
            out.effort_sum += int(effort or 0)
            out.actionable += int(actionable or 0)
            out.emotions[str(emotion)] = int(n)
    return out
