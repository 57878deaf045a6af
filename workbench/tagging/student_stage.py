"""The student stage of the cascade: train on teacher (LLM) and analyst labels, tag what it is sure of.

Training examples per record: LLM judgements weigh 1, analyst labels 3, rule hits 0.5 (only for records
no one else judged — weak supervision so the student can start with zero labels); the sentiment an LLM
check gave weighs 0.5 like a rule hit (sentiment head only) and fades with the rule hits. A rule hit's sentiment
weighs 0.5 where the lexicon is sure of it, 0.1 on one lone hit, and fades later than its topic. The trained model is
kept in the project (pickle-free ``.npz`` bytes, base64 in the settings table) with the taxonomy
version it knows; a taxonomy edit makes the next run retrain.
"""

from __future__ import annotations

import base64
import re
from collections import defaultdict
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import select

from workbench.llm.prompts import SENTIMENT_CHECK_VERSION
from workbench.nlp.polarity import polarity_of
from workbench.nlp.student import Student, StudentExample, StudentPrediction
from workbench.progress import CancelToken
from workbench.store import schema
from workbench.store.handle import Project
from workbench.tagging.results import OpinionTag, RecordInput, RecordResult
from workbench.tagging.rule_tagger import guess_intent
from workbench.taxonomy.model import Taxonomy
from workbench.types import Sentiment

STUDENT_SETTING = "tagging.student"
MIN_EXAMPLES = 30  # below this (or with one class) a student would only echo its few examples
REAL_ENOUGH = 50  # beyond this many LLM/analyst labels, weak (rule) labels weigh REAL_ENOUGH / labels of 0.5
SENTIMENT_REAL_ENOUGH = 200  # … their sentiment labels fade later (dev, 300 reviewed: waimai and hotel +0.01–0.02)
WEIGHTS = {"human": 3.0, "llm": 1.0, "rule": 0.5}
UNSURE_RULE_SENTIMENT = 0.1  # a weak sentiment label from one lone lexicon hit (polarity.is_sure): waimai dev +0.01
CLAUSE = re.compile(r"[^，,。！？!?；;\n]+")
PRIOR_SHARPEN = 2.0  # no labels, the student's positive/negative threshold (prior_shift). Hotel dev, with the head,
# 0 → 2: 0.864 → 0.881 (3: 0.890, but the balanced online-shopping set loses 0.001 at 3, nothing at 2)
SHIFT_BOUND = 0.25  # the threshold goes no lower than 0.5 − this
DISSATISFACTION = {"negative": 0.7, "neutral": 0.3, "positive": 0.1}


@dataclass(frozen=True)
class Thresholds:
    """Accept the student's top node at ``accept``; also tag further nodes above ``extra``. When no LLM
    budget is left, an unsure record still gets the student's top node if it reaches ``guess`` (below
    that it stays without an issue rather than inflate some node's count with noise). The student's
    sentiment replaces the lexicon's from ``sentiment`` on; below ``sentiment_sure`` the record is still
    written, but it also competes for the LLM budget (a sure topic with a doubtful sentiment), as does a
    record where the rules and the student disagree (its confidence capped at ``disagree``; 1 = off).
    ``sentiment_labelled`` replaces ``sentiment`` once the student learned from SENTIMENT_REAL_ENOUGH real
    sentiment labels (:func:`for_student`): its sentiment then rests on them, not on the lexicon's guesses."""

    accept: float = 0.45
    extra: float = 0.5
    sentiment: float = 0.55
    sentiment_labelled: float = 0.5  # dev, 300 reviewed, mean of 3 seeds: waimai +0.002 / +0.003, hotel −0.001 / +0.006
    guess: float = 0.3
    sentiment_sure: float = 0.7
    disagree: float = 0.5  # the rules hit nodes and the student's top is none of them: confidence capped here


def for_student(th: Thresholds, student: Student | None) -> Thresholds:
    """``th`` for this student: with SENTIMENT_REAL_ENOUGH real (LLM or analyst) sentiment labels behind it, its
    sentiment is taken from ``th.sentiment_labelled`` on (e.g. after a 300-record review round)."""
    if student is None or student.real_sentiment_labels < SENTIMENT_REAL_ENOUGH:
        return th
    return replace(th, sentiment=th.sentiment_labelled)


def training_examples(project: Project, taxonomy: Taxonomy) -> list[StudentExample]:
    """One example per judged record, from the best source available for it (human > LLM > rules)."""
    leaves = {n.key for n in taxonomy.leaves()}
    t, a, r = schema.tags, schema.assessments, schema.records
    labels: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    with project.read() as conn:
        for rid, key, method in conn.execute(select(t.c.record_id, t.c.node_key, t.c.method)):
            if key in leaves and method in WEIGHTS:
                labels[rid][method].add(key)
        judged = dict(conn.execute(select(a.c.record_id, a.c.method)).all())
        sentiments = dict(conn.execute(select(a.c.record_id, a.c.sentiment)
                                       .where(a.c.method.in_(("human", "llm")))).all())
        checked = dict(conn.execute(select(a.c.record_id, a.c.sentiment).where(
            a.c.method.in_(("student", "rule")), a.c.prompt_version == SENTIMENT_CHECK_VERSION)).all())
        ids = sorted(set(labels) | set(sentiments) | set(checked))
        texts: dict[int, str] = {}
        for start in range(0, len(ids), 900):
            texts.update(dict(conn.execute(select(r.c.id, r.c.text).where(r.c.id.in_(ids[start:start + 900]))).all()))
    out = []
    for rid in ids:
        method = next((m for m in ("human", "llm") if judged.get(rid) == m or m in labels[rid]), "rule")
        keys = labels[rid].get(method, set())
        if rid in checked:  # the LLM's sentiment check: a weak teacher (noisier than a full judgement), sentiment only
            out.append(StudentExample(texts.get(rid, ""), (), checked[rid], WEIGHTS["rule"]))
        if method == "rule" and not keys:
            continue
        out.append(StudentExample(texts.get(rid, ""), tuple(sorted(keys)), sentiments.get(rid), WEIGHTS[method]))
    return [e for e in out if e.text]


def train(project: Project, taxonomy: Taxonomy, corpus: list[str],
          extra: list[StudentExample] | None = None, embedding: bool = False,
          threads: int | None = None, cancel: CancelToken | None = None) -> Student | None:
    """Train on the project's labels plus ``extra`` (rule hits of the records being tagged, as weak labels);
    None when there is too little to learn from. With ``embedding``, on sentence embeddings next to the
    n-grams (the caller planned it: :mod:`workbench.tagging.embedding_plan`). The model is kept in the project."""
    examples = training_examples(project, taxonomy) + list(extra or [])
    examples = _faded(examples)
    classes = {label for e in examples for label in e.labels}
    if len(examples) < MIN_EXAMPLES or len(classes) < 2:
        return None
    student = Student()
    student.embed_threads = threads
    student.fit(examples, corpus, cancel, embedding=embedding)
    student.real_sentiment_labels = sum(e.sentiment is not None and e.sentiment_weighs >= WEIGHTS["llm"]
                                        for e in examples)
    if student.real_sentiment_labels < SENTIMENT_REAL_ENOUGH:
        student.sentiment_shift = prior_shift(student.sentiment_prior)
    data = base64.b64encode(student.to_bytes()).decode("ascii")
    project.set_setting(STUDENT_SETTING, {"taxonomy_version": taxonomy.version_id, "examples": len(examples),
                                          "model": data})
    return student


def prior_shift(prior: float) -> float:
    """The log-odds to add to positive (against negative) for a student that learned its sentiment from the
    lexicon and calls ``prior`` of its training texts positive: where that is the majority, the threshold moves
    PRIOR_SHARPEN times the distance of ``prior`` from one half further toward positive (at most SHIFT_BOUND).

    Why: the lexicon reads the gripes a good review lists as complaints, so where most reviews are positive (hotel:
    68 %) the weak labels, and the student, call too few positive (58 %). The cascade applies it only to records
    in which the lexicon saw an opinion. Not the other way round: where most texts are negative (waimai, service
    chats) the records near the threshold are mostly courteous questions ("安装师傅什么时候联系我？好的谢谢"),
    and calling them negative would inflate a node's negative share (client exports: 9 such chats; waimai dev
    gained only +0.001).
    """
    if prior <= 0.5:
        return 0.0
    t = max(0.5 - PRIOR_SHARPEN * (prior - 0.5), 0.5 - SHIFT_BOUND)
    return float(np.log((1 - t) / t))


def _faded(examples: list[StudentExample]) -> list[StudentExample]:
    """The more teacher/analyst labels, the less the noisy weak ones count: beyond REAL_ENOUGH of them a weak
    node label weighs REAL_ENOUGH / labels of its weight, a weak sentiment label SENTIMENT_REAL_ENOUGH / labels (the
    lexicon's sentiment is a better teacher than its keyword topics)."""
    real = sum(e.weight >= WEIGHTS["llm"] for e in examples)
    if real <= REAL_ENOUGH:
        return examples
    scale, sentiment_scale = REAL_ENOUGH / real, min(SENTIMENT_REAL_ENOUGH / real, 1.0)
    return [e if e.weight >= WEIGHTS["llm"] else
            replace(e, weight=e.weight * scale, sentiment_weight=e.sentiment_weighs * sentiment_scale)
            for e in examples]


def load(project: Project, taxonomy: Taxonomy) -> Student | None:
    """The saved student, if it was trained for this taxonomy version."""
    saved = project.get_setting(STUDENT_SETTING)
    if not saved or saved.get("taxonomy_version") != taxonomy.version_id:
        return None
    return Student.from_bytes(base64.b64decode(saved["model"]))


Clause = tuple[str, int, int, dict[str, float]]  # text, start, end, the student's probabilities by node key


class _Row(dict[str, float]):
    """A clause's probabilities by node key, read lazily from a row of the batch's matrix."""

    def __init__(self, row: NDArray[np.float64], index: dict[str, int]) -> None:
        super().__init__()
        self.row, self.index = row, index

    def get(self, key: str, default: float = 0.0) -> float:  # type: ignore[override]
        j = self.index.get(key)
        return default if j is None else float(self.row[j])


def clause_scores(texts: list[str], student: Student) -> list[list[Clause]]:
    """Each text's clauses with the student's probabilities, predicted in one batch for all texts."""
    spans = [[(m.group(0), m.start(), m.end()) for m in CLAUSE.finditer(t) if m.group(0).strip()] or [(t, 0, len(t))]
             for t in texts]
    flat = [c for per in spans for c, _, _ in per if len(per) > 1]
    classes, matrix = student.node_probabilities(flat)
    index = {c: j for j, c in enumerate(classes)}
    rows = iter(range(len(flat)))
    return [[(c, a, b, _Row(matrix[next(rows)], index) if len(per) > 1 else {}) for c, a, b in per] for per in spans]


def _evidence(clauses: list[Clause], key: str) -> tuple[str, int, int]:
    """The clause the student finds most about ``key`` (an exact substring of the record's text)."""
    best = max(clauses, key=lambda c: c[3].get(key, 0.0))
    return best[0], best[1], best[2]


def student_result(record: RecordInput, pred: StudentPrediction, rule: RecordResult, student: Student,
                   taxonomy: Taxonomy, th: Thresholds, clauses: list[Clause] | None = None) -> RecordResult | None:
    """The student's judgement of ``record`` when it is sure enough (None: unsure, ask the teacher).

    ``clauses`` (from :func:`clause_scores`, batched by the caller) locate the evidence; computed here if absent.
    """
    if pred.top is None or pred.top[1] < th.accept:
        return None
    keys = [pred.top[0]] + [k for k, p in pred.labels[1:] if p >= th.extra]
    rule_keys = {tag.node_key for tag in rule.tags}
    probs = dict(pred.labels)
    floor = min(probs.values(), default=0.0)  # a hit the student ranks below its shown labels
    tags = [replace(t, confidence=round(max(probs.get(t.node_key, floor), 0.05), 3))
            for t in rule.tags]  # the student ranks the rules' hits too
    for key in keys:
        if key in rule_keys or not taxonomy.has_key(key):
            continue
        node = taxonomy.by_key(key)
        if clauses is None:
            clauses = clause_scores([record.text], student)[0]
        evidence, start, end = _evidence(clauses, key)
        tags.append(OpinionTag(key, node.path, polarity_of(evidence), evidence, start, end, "", "student",
                               round(probs[key], 3)))
    tags.sort(key=lambda t: -t.confidence)
    sentiment: Sentiment = rule.sentiment
    if pred.sentiment in ("positive", "neutral", "negative") and pred.sentiment_confidence >= th.sentiment:
        sentiment = pred.sentiment  # type: ignore[assignment]
    confidence = min(pred.top[1], pred.sentiment_confidence) if pred.sentiment else pred.top[1]
    return RecordResult(record.id, tags, sentiment, guess_intent(record.text, sentiment),
                        DISSATISFACTION[sentiment], round(confidence, 3), "student")
