"""The records whose sentiment the student was least sure of, kept for the review queue (issue 25).

A record's stored confidence is the lower of its topic's and its sentiment's, and on most taxonomies the topic's
is the lower one, so a queue ranked by it asks about doubtful topics and hardly ever about doubtful sentiments
(waimai dev: the 300 records it asked were judged as well as the rest, 0.887 vs 0.883 right). The cascade's
student phase therefore keeps the ``CAP`` records with the least sure sentiment probability (:class:`DoubtKeeper`,
a bounded heap: nothing grows with the project), and :func:`remember` stores them in the project's settings
(merged with earlier runs, so tagging newly imported records keeps the doubts about the old ones);
:mod:`workbench.tagging.review_queue` spends a share of its asks on them.
"""

from __future__ import annotations

import heapq
from collections.abc import Container, Sequence

from workbench.store.handle import Project

SETTING = "tagging.sentiment_doubt"
CAP = 5000  # the review queue's own candidate pool is at least this many records


class DoubtKeeper:
    """The ``cap`` lowest (probability, record id) pairs seen, in O(log cap) per pair."""

    def __init__(self, cap: int = CAP) -> None:
        self.cap = cap
        self._heap: list[tuple[float, int]] = []  # (−probability, −id): the surest (then highest id) on top

    def add(self, probability: float, record_id: int) -> None:
        item = (-probability, -record_id)
        if len(self._heap) < self.cap:
            heapq.heappush(self._heap, item)
        elif item > self._heap[0]:
            heapq.heapreplace(self._heap, item)

    def add_many(self, probabilities: Sequence[float], record_ids: Sequence[int]) -> None:
        """:meth:`add` for a batch; once the keeper is full, only pairs below its surest are looked at."""
        bar = -self._heap[0][0] if len(self._heap) >= self.cap else float("inf")
        for p, rid in zip(probabilities, record_ids, strict=True):
            if p <= bar:
                self.add(p, rid)

    def pairs(self) -> dict[int, float]:
        """Record id → sentiment probability, for the kept records."""
        return {-rid: -p for p, rid in self._heap}


def remember(project: Project, keeper: DoubtKeeper, judged: Container[int] = ()) -> None:
    """Store ``keeper``'s records with the doubts kept earlier, minus any record this run judged again
    (``judged``: its new probability, if low, is in ``keeper``), the ``CAP`` least sure of them."""
    fresh, saved = keeper.pairs(), load(project)
    if not fresh and not saved:
        return
    old = {rid: p for rid, p in saved.items() if rid not in judged and rid not in fresh}
    merged = heapq.nsmallest(CAP, ({**old, **fresh}).items(), key=lambda kv: (kv[1], kv[0]))
    project.set_setting(SETTING, {"records": [[rid, round(p, 4)] for rid, p in merged]})


def load(project: Project) -> dict[int, float]:
    """Record id → the student's sentiment probability, for the least sure records of the last runs."""
    saved = project.get_setting(SETTING) or {}
    return {int(rid): float(p) for rid, p in saved.get("records", [])}
