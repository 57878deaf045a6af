"""Small statistics used to rank and flag: rate tests, Wilson bounds, robust z-scores, mean differences.

Implemented on the standard library so that ranking needs no heavy import; every function is exact
enough for ranking (normal approximations only where counts are large).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

Z95 = 1.959963984540054


def binom_sf(k: int, n: int, p: float) -> float:
    """P(X >= k) for X ~ Binomial(n, p), exact for n <= 2000 and normal-approximated beyond."""
    if k <= 0:
        return 1.0
    if k > n:
        return 0.0
    if p <= 0.0:
        return 0.0
    if p >= 1.0:
        return 1.0
    if n > 2000:
        mean, sd = n * p, math.sqrt(n * p * (1 - p))
        return 0.5 * math.erfc((k - 0.5 - mean) / (sd * math.sqrt(2)))
    log_p, log_q = math.log(p), math.log1p(-p)
    terms = [math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * log_p + (n - i) * log_q
             for i in range(k, n + 1)]
    top = max(terms)
    return min(1.0, math.exp(top) * sum(math.exp(t - top) for t in terms))


@dataclass(frozen=True)
class RateTest:
    """Conditional binomial test of a count rising against its previous period.

    ``expected`` is what the current count would be if the node kept its share of volume;
    ``z`` the standardized excess (the ranking score); ``p_value`` one-sided.
    """

    current: int
    previous: int
    expected: float
    z: float
    p_value: float


def rate_test(current: int, previous: int, exposure_current: float = 1.0, exposure_previous: float = 1.0) -> RateTest:
    """Test whether ``current`` is higher than ``previous`` allows, given the exposures of both periods.

    Conditional on the total ``n = current + previous``, under "no change in rate" the current count is
    Binomial(n, e_c / (e_c + e_p)). Exposures are period lengths or total record volumes. A jump from
    2 to 6 gives z ≈ 1.4 while 200 to 400 gives z ≈ 8.2, so well-supported rises rank first.
    """
    n = current + previous
    share = exposure_current / (exposure_current + exposure_previous) if exposure_current + exposure_previous else 0.5
    expected = n * share
    sd = math.sqrt(n * share * (1 - share)) if n else 0.0
    z = (current - expected) / sd if sd else 0.0
    return RateTest(current, previous, expected, z, binom_sf(current, n, share) if n else 1.0)


def wilson_lower(successes: int, n: int, z: float = Z95) -> float:
    """Lower bound of the Wilson score interval for a proportion (0 when n is 0)."""
    if n == 0:
        return 0.0
    phat = successes / n
    centre = phat + z * z / (2 * n)
    margin = z * math.sqrt(phat * (1 - phat) / n + z * z / (4 * n * n))
    return (centre - margin) / (1 + z * z / n)


def robust_z(value: float, baseline: Sequence[float], floor: float = 1.0) -> tuple[float, float, float]:
    """(z, median, scale): how far ``value`` sits above the baseline in robust units (median / 1.4826·MAD).

    The scale never drops below ``floor`` nor below sqrt(median) (Poisson noise), so flat or sparse
    baselines don't turn one extra record into a huge z.
    """
    med = statistics.median(baseline)
    mad = statistics.median(abs(b - med) for b in baseline)
    scale = max(1.4826 * mad, math.sqrt(max(med, 0.0)), floor)
    return (value - med) / scale, med, scale


@dataclass(frozen=True)
class MeanDiff:
    """Mean with minus mean without, with a 95% confidence interval (Welch) and both counts."""

    mean_with: float
    mean_without: float
    n_with: int
    n_without: int
    effect: float
    low: float
    high: float


def mean_diff(with_: Sequence[float], without: Sequence[float]) -> MeanDiff | None:
    """Welch difference of means; None when either group has fewer than two values."""
    if len(with_) < 2 or len(without) < 2:
        return None
    return mean_diff_from_moments((len(with_), math.fsum(with_), math.fsum(x * x for x in with_)),
                                  (len(without), math.fsum(without), math.fsum(x * x for x in without)))


def mean_diff_from_moments(with_: tuple[int, float, float], without: tuple[int, float, float]) -> MeanDiff | None:
    """As :func:`mean_diff` from (n, sum, sum of squares) of each group; None when a group has < 2."""
    (n1, s1, q1), (n0, s0, q0) = with_, without
    if n1 < 2 or n0 < 2:
        return None
    m1, m0 = s1 / n1, s0 / n0
    v1, v0 = max((q1 - s1 * m1) / (n1 - 1), 0.0), max((q0 - s0 * m0) / (n0 - 1), 0.0)
    se = math.sqrt(v1 / n1 + v0 / n0)
    effect = m1 - m0
    return MeanDiff(m1, m0, n1, n0, effect, effect - Z95 * se, effect + Z95 * se)
