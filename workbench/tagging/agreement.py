"""How far the analysts agree with the machine, and with each other, per node and overall.

Read from the label history (``label_events``): each analyst label keeps the analyst's tag paths and the
machine's tag paths before the record's first label.

- analyst-machine: on every labelled record (its latest label), for each node, present/absent by the analyst
  vs by the machine; Cohen's κ per node, and overall on all (record, node) decisions pooled.
- analyst-analyst: on records two people labelled (each person's latest label; the first two people to label
  the record), Cohen's κ per node and overall, and Krippendorff's α (nominal) over every analyst.

A node is its exact path (a label on 物流/配送时效 is not a label on 物流). κ is None where it is undefined
(both sides constant, e.g. neither ever used the node); ``agreement`` is the plain share of equal decisions.
The statistics come from scikit-learn and ``krippendorff``, imported when needed (slow imports stay lazy).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select

from workbench.store import schema
from workbench.store.handle import Project

Pairs = Literal["analyst-machine", "analyst-analyst"]


@dataclass(frozen=True)
class Coding:
    """What two coders said about one record: tag paths each."""

    record_id: int
    first: frozenset[str]  # the analyst (analyst-machine) or the first analyst (analyst-analyst)
    second: frozenset[str]  # the machine, or the second analyst
    coders: tuple[str, str]


@dataclass(frozen=True)
class NodeAgreement:
    node: str
    pairs: Pairs
    kappa: float | None
    n: int  # records compared
    agreement: float  # share of records where both sides agree on the node
    disagreements: int


@dataclass(frozen=True)
class Agreement:
    kappa: float | None  # analyst-machine, all (record, node) decisions pooled
    n: int  # records an analyst labelled
    analyst_kappa: float | None  # analyst-analyst, pooled
    analyst_alpha: float | None  # Krippendorff's α (nominal) over every analyst
    analyst_n: int  # records two analysts labelled
    per_node: list[NodeAgreement]

    def as_dict(self) -> dict[str, object]:
        return {"overall": {"kappa": self.kappa, "n": self.n},
                "analyst_analyst": {"kappa": self.analyst_kappa, "alpha": self.analyst_alpha, "n": self.analyst_n},
                "per_node": [{"node": q.node, "kappa": q.kappa, "n": q.n, "pairs": q.pairs,
                              "agreement": q.agreement, "disagreements": q.disagreements} for q in self.per_node]}


def load_codings(project: Project) -> tuple[list[Coding], list[Coding], dict[str, dict[int, frozenset[str]]]]:
    """(analyst-machine codings, analyst-analyst codings, each analyst's latest label per record)."""
    e = schema.label_events
    latest: dict[int, tuple[str, frozenset[str], frozenset[str]]] = {}
    by_coder: dict[str, dict[int, frozenset[str]]] = defaultdict(dict)
    order: dict[int, list[str]] = defaultdict(list)
    with project.read() as conn:
        rows = conn.execute(select(e.c.record_id, e.c.labelled_by, e.c.paths, e.c.machine).order_by(e.c.id)).all()
    for rid, by, paths, machine in rows:
        rid, by = int(rid), str(by or "")
        label = frozenset(str(p) for p in paths or [])
        first_machine = latest[rid][2] if rid in latest else frozenset(str(p) for p in machine or [])
        latest[rid] = (by, label, first_machine)
        by_coder[by][rid] = label
        if by not in order[rid]:
            order[rid].append(by)
    machine_codings = [Coding(rid, label, m, (by, "machine")) for rid, (by, label, m) in sorted(latest.items())]
    analyst_codings = [Coding(rid, by_coder[a][rid], by_coder[b][rid], (a, b))
                       for rid, coders in sorted(order.items()) if len(coders) >= 2 for a, b in [coders[:2]]]
    return machine_codings, analyst_codings, dict(by_coder)


def agreement(project: Project) -> Agreement:
    """Per node and overall agreement of the project's labels (see the module's docstring)."""
    machine, analysts, by_coder = load_codings(project)
    per_node = _per_node(machine, "analyst-machine") + _per_node(analysts, "analyst-analyst")
    return Agreement(kappa=_pooled_kappa(machine), n=len(machine), analyst_kappa=_pooled_kappa(analysts),
                     analyst_alpha=_alpha(by_coder), analyst_n=len(analysts),
                     per_node=sorted(per_node, key=lambda q: (q.pairs, q.node)))


def disagreements(project: Project, node: str, pairs: Pairs) -> list[int]:
    """The records where the two sides disagree on ``node`` (one is on it, the other not)."""
    machine, analysts, _ = load_codings(project)
    codings = machine if pairs == "analyst-machine" else analysts
    return [c.record_id for c in codings if (node in c.first) != (node in c.second)]


def cohen_kappa(first: list[int], second: list[int]) -> float | None:
    """Cohen's κ of two binary codings (scikit-learn); None where it is undefined."""
    if not first or (len(set(first)) == 1 and set(first) == set(second)):
        return None  # both constant and equal: κ is 0/0
    from sklearn.metrics import cohen_kappa_score

    value = float(cohen_kappa_score(first, second))
    return None if math.isnan(value) else value


def _per_node(codings: list[Coding], pairs: Pairs) -> list[NodeAgreement]:
    nodes = sorted({p for c in codings for p in (*c.first, *c.second)})
    out = []
    for node in nodes:
        first = [int(node in c.first) for c in codings]
        second = [int(node in c.second) for c in codings]
        same = sum(a == b for a, b in zip(first, second, strict=True))
        out.append(NodeAgreement(node, pairs, cohen_kappa(first, second), len(codings), same / len(codings),
                                 len(codings) - same))
    return out


def _pooled_kappa(codings: list[Coding]) -> float | None:
    nodes = sorted({p for c in codings for p in (*c.first, *c.second)})
    first = [int(n in c.first) for c in codings for n in nodes]
    second = [int(n in c.second) for c in codings for n in nodes]
    return cohen_kappa(first, second)


def _alpha(by_coder: dict[str, dict[int, frozenset[str]]]) -> float | None:
    """Krippendorff's α (nominal) over every analyst, units = (record, node) on records two or more labelled."""
    seen: dict[int, int] = defaultdict(int)
    for labels in by_coder.values():
        for rid in labels:
            seen[rid] += 1
    shared = sorted(rid for rid, k in seen.items() if k >= 2)
    if not shared:
        return None
    nodes = sorted({p for labels in by_coder.values() for rid in shared if rid in labels for p in labels[rid]})
    if not nodes:
        return None
    coders = sorted(by_coder)
    data = [[float(node in by_coder[c][rid]) if rid in by_coder[c] else math.nan for rid in shared for node in nodes]
            for c in coders]
    if len({v for row in data for v in row if not math.isnan(v)}) < 2:
        return None  # one value only: α is undefined
    import krippendorff

    value = float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
    return None if math.isnan(value) else value
