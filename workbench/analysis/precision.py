"""How sure each node's figure is: its precision (the share of its machine tags that are right), with an interval.

Two sources, best first:

- **audited**: the analyst's labels of records the machine had tagged. Of the audited records the machine put
  on a node (or under it), the share the analyst kept on it (or under it); a Wilson 95 % interval. Used once
  a node has ``MIN_AUDITED`` such records.
- **calibration**: otherwise the mean calibrated confidence of the node's machine tags (rules and the student
  are Platt-calibrated; the LLM states its own). An estimate, not a measurement: its interval is the Wilson
  interval of that mean as if it rested on only ``CALIBRATION_WEIGHT`` audits, so it stays wide however many
  tags the node has. The student's calibration is fit on weak (rule) labels until analysts label, so it says
  how sure the machine is, not how often it is right.

The review queue picks uncertain records, so audited precision leans pessimistic. Pure: no store.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

MIN_AUDITED = 10  # audited records on a node before its precision is measured rather than estimated
CALIBRATION_WEIGHT = 4.0  # a calibration estimate is as sure as this many audits
TRUSTED_LABELS = 50  # analyst labels below which a project's figures are called a guess
GUESS_SHARE = 0.5  # … when at least this share of tagged records were tagged by rules and the student only
REVIEW_SAMPLE = 50  # the review the banner proposes
Z95 = 1.959964

Basis = Literal["audited", "calibration"]


@dataclass(frozen=True)
class Precision:
    """A node's precision: ``value`` in [0, 1], a 95 % interval, and what it rests on (``n`` records or tags)."""

    value: float
    low: float
    high: float
    basis: Basis
    n: int

    @property
    def estimated(self) -> bool:
        return self.basis == "calibration"

    def as_json(self) -> dict[str, object]:
        return {"value": round(self.value, 4), "low": round(self.low, 4), "high": round(self.high, 4),
                "basis": self.basis, "n": self.n}

    def text(self) -> str:
        """``82% (74–88%)``, or ``≈64% (27–91%)`` for an estimate."""
        mark = "≈" if self.estimated else ""
        return f"{mark}{self.value:.0%} ({100 * self.low:.0f}–{100 * self.high:.0f}%)"


@dataclass(frozen=True)
class TrustState:
    """Where the project's tags come from: enough to say whether its figures are a guess."""

    tagged: int  # records with a tag or an assessment
    guessed: int  # of them, tagged by rules and the student only (no LLM, no analyst)
    labelled: int  # records an analyst labelled

    @property
    def guess(self) -> bool:
        """Most of what the analyst sees comes from rules and the student, and few records were labelled."""
        return self.tagged > 0 and self.guessed >= GUESS_SHARE * self.tagged and self.labelled < TRUSTED_LABELS


def wilson(successes: float, n: float, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of ``successes`` out of ``n`` (either may be fractional); (0, 1) when n is 0."""
    if n <= 0:
        return 0.0, 1.0
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def _prefixes(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]


def _covered(paths: Iterable[str]) -> set[str]:
    """Every node a set of tag paths puts a record on or under (the paths and their ancestors)."""
    return {p for path in paths for p in _prefixes(path)}


def node_precision(audits: Sequence[tuple[Collection[str], Collection[str]]],
                   confidence: Mapping[str, tuple[int, float]]) -> dict[str, Precision]:
    """Precision per node path, for every node the machine tagged (or the analyst audited a machine tag on).

    Args:
        audits: per labelled record, (the machine's tag paths before the analyst's first label, the analyst's
            latest paths).
        confidence: per tag path, (the machine tags on it now, the sum of their calibrated confidences).
    """
    audited: dict[str, int] = defaultdict(int)
    kept: dict[str, int] = defaultdict(int)
    for machine, human in audits:
        on, agreed = _covered(machine), _covered(human)
        for node in on:
            audited[node] += 1
            kept[node] += node in agreed
    tags: dict[str, int] = defaultdict(int)
    total: dict[str, float] = defaultdict(float)
    for path, (n, conf) in confidence.items():
        for node in _prefixes(path):
            tags[node] += n
            total[node] += conf
    out: dict[str, Precision] = {}
    for node in sorted(set(audited) | {p for p, n in tags.items() if n}):
        n = audited.get(node, 0)
        if n >= MIN_AUDITED:
            low, high = wilson(kept[node], n)
            out[node] = Precision(kept[node] / n, low, high, "audited", n)
        elif tags.get(node):
            mean = min(max(total[node] / tags[node], 0.0), 1.0)
            low, high = wilson(mean * CALIBRATION_WEIGHT, CALIBRATION_WEIGHT)
            out[node] = Precision(mean, low, high, "calibration", tags[node])
    return out
