"""Impact of each issue on a score: how much the overall score would change if the issue's records scored
like the rest, with a bootstrap 95 % interval.

For node k with n_k of the N scored records, mean m_k, and the rest's mean r_k, the overall mean would move by
``impact = n_k / N · (r_k − m_k)`` (positive: fixing it raises the score). NPS and CSAT are means too, of
per-record values (NPS: promoter +100, passive 0, detractor −100 on 0–10; CSAT: 100 for 4–5 on 1–5, else 0).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

SCORES = ("rating", "nps", "csat")


@dataclass(frozen=True)
class Impact:
    key: str
    impact: float
    low: float
    high: float
    count: int


def per_record(ratings: Sequence[float], score: str) -> NDArray[np.float64]:
    """Each record's contribution to ``score``, so the score is their mean."""
    r = np.asarray(ratings, dtype=np.float64)
    if score == "nps":
        return np.where(r >= 9, 100.0, np.where(r <= 6, -100.0, 0.0))
    if score == "csat":
        return np.where(r >= 4, 100.0, 0.0)
    return r


def _impacts(weights: NDArray[np.float64], values: NDArray[np.float64],
             member: NDArray[np.float64]) -> NDArray[np.float64]:
    """Impact per node (columns of ``member``) for each row of record ``weights`` (bootstrap replicates)."""
    n_all = weights.sum(axis=1, keepdims=True)
    s_all = (weights * values).sum(axis=1, keepdims=True)
    n_k = weights @ member
    s_k = (weights * values) @ member
    with np.errstate(invalid="ignore", divide="ignore"):
        rest = (s_all - s_k) / (n_all - n_k)
        mean_k = s_k / n_k
        out: NDArray[np.float64] = n_k / n_all * (rest - mean_k)
    return out


def impacts(values: Sequence[float] | NDArray[np.float64], memberships: Sequence[frozenset[str]], min_count: int = 10,
            replicates: int = 1000, seed: int = 0) -> list[Impact]:
    """Impacts of the nodes with at least ``min_count`` records, largest first.

    Args:
        values: per scored record, its value (see :func:`per_record`).
        memberships: per record, the node keys it is about (same order as ``values``).
        replicates: Poisson bootstrap replicates (records resampled; seeded, so results repeat).
    """
    keys = sorted({k for m in memberships for k in m})
    v = np.asarray(values, dtype=np.float64)
    member = np.zeros((len(v), len(keys)), dtype=np.float64)
    col = {k: i for i, k in enumerate(keys)}
    for row, m in enumerate(memberships):
        member[row, [col[k] for k in m]] = 1.0
    counts = member.sum(axis=0)
    point = _impacts(np.ones((1, len(v))), v, member)[0]
    rng = np.random.default_rng(seed)
    draws = [_impacts(rng.poisson(1.0, (min(100, replicates - b), len(v))).astype(np.float64), v, member)
             for b in range(0, replicates, 100)]
    boot = np.vstack(draws) if draws else np.empty((0, len(keys)))
    with warnings.catch_warnings():  # a node in every record has no "rest": all-NaN, and is left out below
        warnings.simplefilter("ignore", RuntimeWarning)
        low, high = np.nanpercentile(boot, [2.5, 97.5], axis=0) if len(boot) else (point, point)
    out = [Impact(k, float(point[i]), float(low[i]), float(high[i]), int(counts[i]))
           for i, k in enumerate(keys) if counts[i] >= min_count and counts[i] < len(v)]
    return sorted(out, key=lambda x: -x.impact)
