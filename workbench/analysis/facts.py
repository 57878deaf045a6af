"""Per-node aggregate values and their period-over-period comparison (plain values, no store).

The store fills :class:`NodeStats` for every taxonomy node, already rolled up the tree: a record
counts once at a node if it carries a tag on that node or on any node below it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def is_negative_about(tag_sentiment: str | None, record_sentiment: str | None) -> bool:
    """Whether a record is negative about the node of one of its tags: the tag's own sentiment when it
    has one (positive / negative), the record's overall sentiment when the tag is neutral (the clause
    around the evidence had no polar word, as in "插上十分钟就过热保护断电,垃圾").

    A node's negative share is the share of its records negative about it (through any tag on the node
    or below). The store computes the same in SQL (``aggregate_cube.negative_about``).
    """
    if tag_sentiment == "negative":
        return True
    return tag_sentiment == "neutral" and record_sentiment == "negative"


@dataclass(frozen=True)
class NodeStats:
    """What a selection of records says about one node.

    ``count`` is distinct records; ``negative`` those negative about the node (:func:`is_negative_about`);
    ``dis_*`` and ``rating_*`` are sums and counts so means (and variances) stay exact when combined.
    """

    key: str
    path: str
    level: int
    parent_key: str | None
    count: int = 0
    negative: int = 0
    dis_sum: float = 0.0
    dis_n: int = 0
    rating_sum: float = 0.0
    rating_n: int = 0
    rating_sq: float = 0.0  # Σ rating², for the drivers' variances

    @property
    def negative_share(self) -> float:
        return self.negative / self.count if self.count else 0.0

    @property
    def mean_dissatisfaction(self) -> float | None:
        return self.dis_sum / self.dis_n if self.dis_n else None

    @property
    def mean_rating(self) -> float | None:
        return self.rating_sum / self.rating_n if self.rating_n else None


@dataclass(frozen=True)
class TreeAggregate:
    """Every node's stats for one selection; ``total`` is the number of records selected."""

    total: int
    nodes: dict[str, NodeStats] = field(default_factory=dict)

    def share(self, key: str) -> float:
        """The node's count as a share of all selected records (0 when none)."""
        node = self.nodes.get(key)
        return node.count / self.total if node and self.total else 0.0

    def children(self, key: str | None) -> list[NodeStats]:
        """The node's children, most frequent first."""
        return sorted((n for n in self.nodes.values() if n.parent_key == key), key=lambda n: (-n.count, n.path))

    def at_level(self, level: int | None) -> list[NodeStats]:
        """Nodes at one level (all levels when None)."""
        return [n for n in self.nodes.values() if level is None or n.level == level]


@dataclass(frozen=True)
class NodeComparison:
    """A node in the current period next to the previous period of the same length."""

    stats: NodeStats
    share: float
    previous: int
    previous_share: float
    repeat_rate: float | None = None

    @property
    def delta(self) -> int:
        return self.stats.count - self.previous

    @property
    def delta_pct(self) -> float | None:
        """Relative change in percent; None when the previous period had none."""
        return 100.0 * self.delta / self.previous if self.previous else None


def compare(current: TreeAggregate, previous: TreeAggregate,
            repeat_rates: dict[str, float] | None = None) -> list[NodeComparison]:
    """Pair each node of ``current`` with its count in ``previous``, in tree order (path)."""
    rates = repeat_rates or {}
    rows = []
    for key, stats in current.nodes.items():
        before = previous.nodes.get(key)
        rows.append(NodeComparison(stats=stats, share=current.share(key),
                                   previous=before.count if before else 0,
                                   previous_share=previous.share(key), repeat_rate=rates.get(key)))
    return sorted(rows, key=lambda row: row.stats.path)
