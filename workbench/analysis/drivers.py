"""Which issues drive scores down, which issues come together, and who comes back about them.

Inputs are plain rows the store hands over: per record its score and the set of node keys it is
about (rolled up to the level of interest).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import combinations, pairwise

from workbench.analysis.stats import MeanDiff, mean_diff_from_moments


@dataclass(frozen=True)
class Driver:
    """An issue's effect on the score: ``diff.effect`` = mean with − mean without (95% CI in diff).

    ``impact`` = share × −effect: roughly how much the overall mean score would rise if the issue's
    records scored like the rest ("fixing X would move the mean by about +impact").
    """

    key: str
    share: float
    diff: MeanDiff

    @property
    def impact(self) -> float:
        return self.share * -self.diff.effect


def drivers_from_moments(per_key: dict[str, tuple[int, float, float]], total: tuple[int, float, float],
                         min_n: int = 10) -> list[Driver]:
    """As :func:`drivers`, from (n, sum, sum of squares) of the scores per issue and over all scored records."""
    out = []
    n_all, s_all, q_all = total
    for key, (n, s, q) in per_key.items():
        if n < min_n:
            continue
        diff = mean_diff_from_moments((int(n), s, q), (int(n_all - n), s_all - s, q_all - q))
        if diff is not None:
            out.append(Driver(key, n / n_all if n_all else 0.0, diff))
    return sorted(out, key=lambda d: (-d.impact, d.key))


def drivers(rows: Sequence[tuple[float, frozenset[str]]], min_n: int = 10) -> list[Driver]:
    """Rank issues by how much they pull the mean score down (largest impact first).

    Args:
        rows: (score, node keys) for every record that has a score.
        min_n: issues with fewer scored records are skipped (too little evidence).
    """
    moments: dict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0.0])
    total = [0, 0.0, 0.0]
    for score, keys in rows:
        for acc in (total, *(moments[k] for k in keys)):
            acc[0] += 1
            acc[1] += score
            acc[2] += score * score
    out = []
    for key, (n, s, q) in moments.items():
        if n < min_n:
            continue
        diff = mean_diff_from_moments((int(n), s, q), (int(total[0] - n), total[1] - s, total[2] - q))
        if diff is not None:
            out.append(Driver(key, n / len(rows), diff))
    return sorted(out, key=lambda d: (-d.impact, d.key))


@dataclass(frozen=True)
class Pair:
    """Two issues raised in the same record: ``count`` records, ``lift`` = P(a,b) / (P(a)·P(b))."""

    a: str
    b: str
    count: int
    lift: float


def cooccurrence(sets: Iterable[frozenset[str]], min_count: int = 3) -> list[Pair]:
    """Pairs of issues that occur together at least ``min_count`` times, by lift then count."""
    singles: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    n = 0
    for keys in sets:
        n += 1
        singles.update(keys)
        pairs.update(combinations(sorted(keys), 2))
    out = [Pair(a, b, c, c * n / (singles[a] * singles[b])) for (a, b), c in pairs.items() if c >= min_count]
    return sorted(out, key=lambda p: (-p.lift, -p.count, p.a, p.b))


def repeat_rates(contacts: Iterable[tuple[str, str, datetime]], days: int = 7) -> dict[str, float]:
    """Per node, the share of customers who came back about it within ``days`` of a contact.

    Args:
        contacts: (node key, customer key, time) for every record about a node with a known customer.
    """
    times: dict[str, dict[str, list[datetime]]] = defaultdict(lambda: defaultdict(list))
    for node, customer, at in contacts:
        times[node][customer].append(at)
    window = timedelta(days=days)
    rates = {}
    for node, customers in times.items():
        repeat = sum(1 for ts in customers.values() if _came_back(sorted(ts), window))
        rates[node] = repeat / len(customers)
    return rates


def _came_back(times: list[datetime], window: timedelta) -> bool:
    return any(later - earlier <= window for earlier, later in pairwise(times))
