"""TOP lists: most frequent, most negative, fastest rising and newly appeared issues.

Each item carries the numbers behind its rank (``score`` plus the test statistics), so a reader can
see why 200→400 outranks 2→6.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from workbench.analysis.facts import NodeStats, TreeAggregate
from workbench.analysis.stats import rate_test, wilson_lower

TopBy = Literal["frequent", "rising", "negative", "new"]
TOP_BY: tuple[TopBy, ...] = ("frequent", "rising", "negative", "new")


@dataclass(frozen=True)
class TopItem:
    """One ranked node. ``score`` is what the list is sorted by; ``basis`` names it."""

    key: str
    node: str
    level: int
    count: int
    previous: int
    share: float
    negative_share: float
    score: float
    basis: str
    p_value: float | None = None
    expected: float | None = None
    first_seen: date | None = None


def _item(stats: NodeStats, cur: TreeAggregate, prev: TreeAggregate, score: float, basis: str,
          **more: object) -> TopItem:
    before = prev.nodes.get(stats.key)
    return TopItem(key=stats.key, node=stats.path, level=stats.level, count=stats.count,
                   previous=before.count if before else 0, share=cur.share(stats.key),
                   negative_share=stats.negative_share, score=score, basis=basis, **more)  # type: ignore[arg-type]


def rank(by: TopBy, current: TreeAggregate, previous: TreeAggregate, *, level: int | None = None,
         limit: int = 10, min_support: int = 5, alpha: float = 0.05,
         first_seen: dict[str, date] | None = None, period_start: date | None = None) -> list[TopItem]:
    """Rank the nodes of ``current`` (at ``level``, all levels when None).

    Args:
        by: ``frequent`` (count), ``negative`` (Wilson lower bound of the negative share, so 1 of 1
            does not beat 90 of 100), ``rising`` (z of a conditional binomial test against the previous
            period, volume-adjusted; only counts >= ``min_support`` with p < ``alpha``), ``new``
            (first seen on or after ``period_start``, by count).
        first_seen: each node's first day with a record (needed for ``new``).
    """
    nodes = [n for n in current.at_level(level) if n.count > 0]
    if level is None:
        nodes = collapse_chains(nodes)
    items = [_score(by, n, current, previous, min_support, alpha, first_seen or {}, period_start) for n in nodes]
    ranked = sorted((i for i in items if i is not None), key=lambda i: (-i.score, -i.count, i.node))
    return ranked[:limit]


def collapse_chains(nodes: list[NodeStats]) -> list[NodeStats]:
    """Drop each node whose records are all one child's (same count): 订单与发票 / 订单 / 修改订单 with 95
    each is one finding, shown once at its deepest node, whose path names the rest."""
    by_parent: dict[str | None, list[NodeStats]] = {}
    for n in nodes:
        by_parent.setdefault(n.parent_key, []).append(n)
    return [n for n in nodes if not any(c.count == n.count for c in by_parent.get(n.key, ()))]


def _score(by: TopBy, n: NodeStats, cur: TreeAggregate, prev: TreeAggregate, min_support: int, alpha: float,
           first_seen: dict[str, date], period_start: date | None) -> TopItem | None:
    if by == "frequent":
        return _item(n, cur, prev, float(n.count), "count")
    if by == "negative":
        if n.negative == 0:
            return None
        return _item(n, cur, prev, wilson_lower(n.negative, n.count), "wilson_lower_negative_share")
    if by == "new":
        seen = first_seen.get(n.key)
        if seen is None or period_start is None or seen < period_start:
            return None
        return _item(n, cur, prev, float(n.count), "count_new", first_seen=seen)
    before = prev.nodes.get(n.key)
    test = rate_test(n.count, before.count if before else 0, max(cur.total, 1), max(prev.total, 1))
    if n.count < min_support or test.p_value >= alpha:
        return None
    return _item(n, cur, prev, test.z, "z_rate_test", p_value=test.p_value, expected=test.expected)
