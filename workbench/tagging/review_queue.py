"""The review queue: the records whose human labels would help the model most (active learning).

Score = uncertainty (1 − confidence of the record's assessment and best tag) + a bonus for records the
cascade left without any issue tag + a bonus for tags on rare nodes (few human labels behind them).
Among the most uncertain 4N records, N are picked to cover the text space (clustering), since pure
uncertainty sampling piles up odd records; duplicates by content and analyst-labelled records are skipped.
A record's confidence is the lower of its topic's and its sentiment's, and the topic's is usually the lower, so
``SENTIMENT_SHARE`` of the N are picked the same way among the records whose sentiment the student was least sure
of (:mod:`workbench.tagging.sentiment_doubt`; dev, 300 asked, mean of 3 seeds: waimai sentiment 0.901 → 0.912,
hotel 0.916 → 0.919, car top-1 0.883 → 0.889; test: DEVELOPERS.md). The other asks then rank by the topic's
confidence alone (car dev top-1, 6 seeds: 0.896 → 0.902; hotel 0.923 → 0.925; waimai unchanged).
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import func, select

from workbench.errors import InputError, Phrase
from workbench.store import schema
from workbench.store.handle import Project
from workbench.tagging import sentiment_doubt
from workbench.tagging.bootstrap import diverse_sample

R, T, A = schema.records, schema.tags, schema.assessments
POOL = 4  # the clustering picks n of the POOL·n most uncertain records (8: no better on dev, DEVELOPERS.md)
NO_TAG_BONUS, RARE_BONUS = 0.2, 0.3
SENTIMENT_SHARE = 0.5  # of the asks, for the least sure sentiments (DEVELOPERS.md, issue 25 fourth pass)
FIELDS = ("record_id", "external_id", "channel", "text", "tags", "sentiment", "confidence", "method", "reason")


@dataclass(frozen=True)
class ReviewItem:
    record_id: int
    external_id: str | None
    channel: str
    text: str
    tags: tuple[str, ...]
    sentiment: str | None
    confidence: float
    method: str
    reason: str  # English, as the review file writes it
    score: float
    why: Phrase | None = None  # the reason, worded per language (the review panel shows it)


def _candidates(project: Project, limit: int, among: list[int] | None = None,
                topic_only: bool = False) -> list[ReviewItem]:
    """The ``limit`` least sure records not labelled by the analyst (only those ``among`` these ids, if given),
    least sure first, one per content. Their score's uncertainty is that of the record's assessment and its best
    tag, the lower; with ``topic_only``, the best tag's alone (where the sentiments have asks of their own)."""
    with project.read() as conn:
        human = select(T.c.path, func.count()).where(T.c.method == "human").group_by(T.c.path)
        human_per_node: Counter[str] = Counter(dict(conn.execute(human).all()))
        query = (select(R.c.id, R.c.external_id, R.c.channel, R.c.text, R.c.content_hash, A.c.sentiment,
                        A.c.confidence, A.c.method).join(A, A.c.record_id == R.c.id).where(A.c.method != "human"))
        if among is None:
            rows = conn.execute(query.order_by(A.c.confidence.asc(), R.c.id).limit(limit)).all()
        else:
            rows = [row for start in range(0, len(among), 900)
                    for row in conn.execute(query.where(R.c.id.in_(among[start:start + 900])))]
        ids = [r.id for r in rows]
        tags: dict[int, list[tuple[str, float]]] = defaultdict(list)
        for start in range(0, len(ids), 900):
            for rid, path, conf in conn.execute(select(T.c.record_id, T.c.path, T.c.confidence)
                                                .where(T.c.record_id.in_(ids[start:start + 900]))
                                                .order_by(T.c.record_id, T.c.confidence.desc())):
                tags[rid].append((path, conf))
    seen_hash: set[str] = set()
    out = []
    for r in rows:
        if r.content_hash in seen_hash:
            continue
        seen_hash.add(r.content_hash)
        mine = tags.get(r.id, [])
        best = mine[0][1] if mine else 0.0
        sure = min(float(r.confidence or 0.0), best if mine else 1.0)
        uncertainty = 1.0 - (best if topic_only and mine else sure)
        rare = min((human_per_node[p] for p, _ in mine), default=0)
        score = uncertainty + (NO_TAG_BONUS if not mine else 0.0) + (RARE_BONUS if mine and rare < 3 else 0.0)
        why = (Phrase("review.why.no_tag") if not mine else Phrase("review.why.low", p=best) if best < 0.6 else
               Phrase("review.why.rare") if rare < 3 else Phrase("review.why.confidence", p=best))
        out.append(ReviewItem(r.id, r.external_id, r.channel, r.text, tuple(p for p, _ in mine), r.sentiment,
                              round(sure, 3), r.method, str(why), round(score, 3), why))
    return out


def next_for_review(project: Project, n: int, seed: int = 0) -> list[ReviewItem]:
    """The ``n`` records to check next, highest value first, spread across primary nodes (the same for a
    ``seed``: it seeds the clustering that spreads them)."""
    if n < 1:
        raise InputError.of("errors.tagging.review_n")
    n = min(n, 10_000_000)  # more than any project holds; keeps SQL LIMIT within 64 bits
    picked = _sentiment_picks(project, round(n * SENTIMENT_SHARE), seed)
    taken = {i.record_id for i in picked} | {i.text for i in picked}
    rest = [i for i in _candidates(project, max(5000, n * 20), topic_only=bool(picked))
            if i.record_id not in taken and i.text not in taken]
    picked += _spread(rest, n - len(picked), seed)
    return sorted(picked, key=lambda i: (-i.score, i.record_id))[:n]


def _spread(items: list[ReviewItem], n: int, seed: int, key: dict[int, float] | None = None) -> list[ReviewItem]:
    """``n`` of the POOL·n most useful ``items`` (highest score, or lowest ``key`` value where given), spread
    over the text space: pure uncertainty sampling piles up odd records, so each cluster gives its most
    useful record."""
    if n < 1:
        return []
    def rank(i: ReviewItem) -> tuple[float, int]:
        return (key[i.record_id], i.record_id) if key is not None else (-i.score, i.record_id)

    pool = sorted(items, key=rank)[: n * POOL]
    priority = [-key[i.record_id] for i in pool] if key is not None else [i.score for i in pool]
    chosen = set(diverse_sample([i.text for i in pool], [i.record_id for i in pool], n, seed=seed, priority=priority))
    return [i for i in pool if i.record_id in chosen]


def _sentiment_picks(project: Project, n: int, seed: int) -> list[ReviewItem]:
    """Up to ``n`` records among those whose sentiment the student was least sure of (none without a student)."""
    doubts = sentiment_doubt.load(project) if n > 0 else {}
    if not doubts:
        return []
    ids = sorted(doubts)  # at most sentiment_doubt.CAP; those labelled or judged by the LLM since drop out here
    items = [i for i in _candidates(project, len(ids), ids) if i.method in ("student", "rule")]
    picked = _spread(items, n, seed, doubts)  # an untagged one keeps "no issue found", the more useful reason
    return [replace(i, reason=str(why), why=why) if i.tags else i
            for i in picked for why in [Phrase("review.why.sentiment", p=doubts[i.record_id])]]


def write_review_file(items: list[ReviewItem], out: str | Path) -> Path:
    """A CSV the analyst edits (tags and sentiment pre-filled) and loads back with `main.py label`."""
    path = Path(out)
    if path.suffix.lower() != ".csv":
        raise InputError.of("errors.tagging.review_csv", name=path.name)
    if not path.parent.is_dir():
        raise InputError.of("errors.tagging.no_folder", folder=path.parent)
    from workbench.textsafety import neutralise_csv

    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(FIELDS)
        for i in items:
            writer.writerow([i.record_id, neutralise_csv(i.external_id or ""), neutralise_csv(i.channel),
                             neutralise_csv(i.text), neutralise_csv("|".join(i.tags)), i.sentiment or "", i.confidence,
                             i.method, neutralise_csv(i.reason)])
    return path
