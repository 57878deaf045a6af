"""Themes by example: a new node defined by a name, a description and a few example texts (or records).

:func:`preview_theme` says which records the node would take, and why:

- **rule**: the record contains an anchor keyword (one every example has, or any the analyst gives) or two
  keywords. Unless the analyst gives them, the keywords are the examples' jieba words (the project's
  tokenizer, :mod:`workbench.nlp.tokenize`) that recur in the examples and are rare in the project (at most
  :data:`MAX_DF` of a sample of the records carry them), and words of the theme's name.
- **student**: a one-vs-rest score of the project's student classifier (:mod:`workbench.nlp.student`) trained
  for this node alone, the examples as positives against a sample of the other records; a record scoring at
  least :data:`THRESHOLD` is taken.
- **llm** (only when asked, ``llm_sample`` > 0): the local model judges the ``llm_sample`` borderline records
  neither took (the student's next best), with the one-choice schema of the tagger.

:func:`apply_theme` adds the node through the versioned taxonomy edit (:func:`workbench.taxonomy.edits.add_node`,
with the description, keywords and examples) and tags the records the analyst kept with method ``rule`` (the
schema's methods are rule, student, llm and human; the student trains on ``rule`` tags with their weak weight
at the next relearn), in one entry of the project's undo history (kind ``theme``): undoing it removes the
tags and the node, redoing puts both back.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select

from workbench.changes import Changes
from workbench.errors import InputError, Phrase
from workbench.history import Recorder
from workbench.llm.backend import Backend
from workbench.llm.schemas import OTHER, choice_schema
from workbench.progress import CancelToken, Progress, no_progress
from workbench.store import schema
from workbench.store.handle import Project
from workbench.taxonomy import edits
from workbench.taxonomy.repository import load_current
from workbench.taxonomy.tree import SEP, clean_name

R, T, A = schema.records, schema.tags, schema.assessments
THRESHOLD = 0.5  # the student's calibrated probability from which a record is taken
MAX_DF = 0.15  # a keyword found in more than this share of the records says too little about the theme
MAX_KEYWORDS = 6
NEGATIVES = 2000  # records sampled as the student's negatives
CHUNK = 5000
SHOWN = 50  # example matches a preview keeps for display (all matched ids are kept)
SYSTEM = ("你是客户反馈分析师。判断下面这条客户反馈是否属于给出的问题分类。属于就选这个分类，不属于就选“其他”。"
          "只输出 JSON。")


@dataclass(frozen=True)
class ThemeSpec:
    """What the analyst defines: the node and its examples (texts, record ids, or both)."""

    name: str
    description: str = ""
    examples: tuple[str, ...] = ()
    example_records: tuple[int, ...] = ()
    parent: str | None = None  # a path (or key) of the current taxonomy; None: top level
    keywords: tuple[str, ...] = ()  # the analyst's own; empty: taken from the examples


@dataclass(frozen=True)
class ThemeMatch:
    record_id: int
    text: str
    score: float  # the student's probability (1.0 for a rule match the student did not score)
    by: str  # rule | student | llm


@dataclass
class ThemePreview:
    """The records the theme would take, how each was found, and the examples' words used as rules."""

    node: str  # the path the node would have
    keywords: tuple[str, ...]
    examples: tuple[str, ...]  # the example texts (records' texts included)
    record_ids: list[int] = field(default_factory=list)  # every match, best first
    by: dict[str, int] = field(default_factory=lambda: {"rule": 0, "student": 0})
    matches: list[ThemeMatch] = field(default_factory=list)  # the best :data:`SHOWN` (or all, see preview_theme)
    scanned: int = 0

    def as_dict(self) -> dict[str, object]:
        return {"node": self.node, "matches": len(self.record_ids), "by": dict(self.by),
                "keywords": list(self.keywords),
                "examples": [{"record_id": m.record_id, "text": m.text, "score": round(m.score, 3), "by": m.by}
                             for m in self.matches]}


@dataclass(frozen=True)
class ThemeResult:
    node: str
    node_key: str
    version_id: int
    tagged: int
    changes: Changes


def preview_theme(project: Project, spec: ThemeSpec, llm_sample: int = 0, backend: Backend | None = None,
                  shown: int = SHOWN, progress: Progress = no_progress,
                  cancel: CancelToken | None = None) -> ThemePreview:
    """The records ``spec`` would take (rules, student, and the model on ``llm_sample`` records); writes nothing.

    ``backend`` (a :class:`~workbench.llm.backend.Backend`) is opened with the default model when
    ``llm_sample`` > 0 and none is given. Runs on a worker thread in the GUI.

    Raises:
        InputError: no taxonomy, no name, no example, an unknown parent, a name the parent already has,
            or an example record that does not exist.
        Cancelled: cancelled.
    """
    node_path = _check(project, spec)
    progress(0.0, Phrase("progress.theme.reading"))
    with project.read() as conn:
        total = int(conn.execute(select(func.count()).select_from(R)).scalar_one())
        example_texts = list(spec.examples)
        if spec.example_records:
            found = dict(conn.execute(select(R.c.id, R.c.text).where(R.c.id.in_(spec.example_records))).all())
            missing = [i for i in spec.example_records if i not in found]
            if missing:
                raise InputError.of("errors.theme.no_record", id=missing[0])
            example_texts += [str(found[i]) for i in spec.example_records]
        ids = [int(i) for i in conn.execute(select(R.c.id).order_by(R.c.id)).scalars()]
    examples = tuple(t.strip() for t in example_texts if t.strip())
    keywords, anchors = (spec.keywords, spec.keywords) if spec.keywords else \
        _keywords(project, examples, spec.name, ids, cancel)
    scores: dict[int, float] = {}
    texts: dict[int, str] = {}
    rule_hits: set[int] = set()
    student = _train(project, examples, ids, set(spec.example_records), keywords, cancel)
    for start in range(0, len(ids), CHUNK):
        if cancel is not None:
            cancel.check()
        chunk = ids[start:start + CHUNK]
        with project.read() as conn:
            rows = [(int(i), str(t)) for i, t in conn.execute(select(R.c.id, R.c.text).where(R.c.id.in_(chunk)))]
        probs = _score(student, [t for _, t in rows])
        for (rid, text), p in zip(rows, probs, strict=True):
            scores[rid] = p
            if _rule_match(text, keywords, anchors):
                rule_hits.add(rid)
            if rid in rule_hits or p >= THRESHOLD:
                texts[rid] = text
        scored = start + len(chunk)
        progress(min(0.9, scored / max(len(ids), 1) * 0.9), Phrase("progress.theme.scored", n=scored))
    taken = rule_hits | {rid for rid, p in scores.items() if p >= THRESHOLD} | set(spec.example_records)
    by = {rid: ("rule" if rid in rule_hits else "student") for rid in taken}
    counts = {"rule": sum(v == "rule" for v in by.values()), "student": sum(v == "student" for v in by.values())}
    if llm_sample > 0:
        counts["llm"] = 0
        for rid in _ask_model(project, spec, node_path, scores, taken, llm_sample, backend, cancel):
            taken.add(rid)
            by[rid] = "llm"
            counts["llm"] += 1
    order = sorted(taken, key=lambda r: (-(r in rule_hits) - scores.get(r, 0.0), r))
    if len(texts) < len(taken):  # example records and model matches below the shown cut
        with project.read() as conn:
            want = [r for r in order[:shown] if r not in texts]
            texts.update((int(i), str(t)) for i, t in conn.execute(select(R.c.id, R.c.text).where(R.c.id.in_(want))))
    progress(1.0, Phrase("progress.theme.match", n=len(taken)))
    return ThemePreview(node=node_path, keywords=tuple(keywords), examples=examples, record_ids=order, by=counts,
                        matches=[ThemeMatch(r, texts.get(r, ""), scores.get(r, 1.0), by[r]) for r in order[:shown]],
                        scanned=total)


def apply_theme(project: Project, spec: ThemeSpec, record_ids: Sequence[int], keywords: Sequence[str] = (),
                by: str | None = None, progress: Progress = no_progress,
                cancel: CancelToken | None = None) -> ThemeResult:
    """Add the node and tag ``record_ids`` with it (method ``rule``), as one undoable history entry.

    ``keywords`` (a preview's, possibly edited) become the node's keywords, so later tagging runs find the
    theme by rule too. Nothing is written when the node cannot be added.

    Raises:
        InputError: no taxonomy, no name, an unknown parent, a name the parent already has.
        ConflictError: the taxonomy changed while the analyst looked (another analyst's edit).
        Cancelled: cancelled; nothing is tagged and the node is taken back (by a new taxonomy version equal
            to the one before).
    """
    from workbench.tagging.labels import default_labeller

    _check(project, spec)
    if cancel is not None:
        cancel.check()
    who = by or default_labeller()
    progress(0.0, Phrase("progress.theme.adding"))
    node_spec = edits.NodeSpec(spec.name, description=spec.description, keywords=tuple(keywords or spec.keywords),
                               examples=tuple(spec.examples)[:10])
    ids = sorted(set(int(i) for i in record_ids))
    edit = edits.add_node(project, spec.parent, node_spec, note=f"theme: {spec.name}", history=False)
    taxonomy = load_current(project)
    assert taxonomy is not None
    node = next(n for n in taxonomy.nodes if n.name == clean_name(spec.name)
                and (n.parent_key == (edits.resolve(taxonomy, spec.parent).key if spec.parent else None)))
    try:
        with project.write() as conn:
            recorder = Recorder(conn, ids)
            sentiments: dict[int, str] = {}
            for start in range(0, len(ids), 900):
                sentiments.update((int(r), str(s)) for r, s in conn.execute(
                    select(A.c.record_id, A.c.sentiment).where(A.c.record_id.in_(ids[start:start + 900]))))
            rows = [dict(record_id=rid, node_key=node.key, path=node.path, taxonomy_version_id=edit.version_id,
                         sentiment=sentiments.get(rid, "neutral"), method="rule", confidence=0.9,
                         reason=f"theme: {node.path}", labelled_by=who) for rid in ids]
            for start in range(0, len(rows), 900):
                if cancel is not None:
                    cancel.check()
                conn.execute(T.insert(), rows[start:start + 900])
                progress(0.1 + 0.9 * (start + 900) / max(len(rows), 1),
                         Phrase("progress.theme.tagged", n=min(start + 900, len(rows))))
            recorder.finish("theme", f"{len(ids):,} → {node.path} (+)", who, taxonomy_version=edit.version_id,
                            marked=sorted(edit.retag_record_ids))
            if cancel is not None:
                cancel.check()  # the last moment: the tags and the entry roll back
    except BaseException:
        _take_back_node(project, edit.version_id)  # a cancelled or failed apply leaves the tree as it was
        raise
    progress(1.0, Phrase("progress.theme.done", path=node.path, n=len(ids)))
    return ThemeResult(node.path, node.key, edit.version_id, len(ids),
                       Changes(taxonomy=True, tags=True, record_ids=frozenset(ids) | edit.retag_record_ids))


# ---- internals -----------------------------------------------------------------------------------


def _take_back_node(project: Project, version_id: int) -> None:
    """Undo the node's taxonomy version (its tags were rolled back): the tree is as before the apply, with one
    more version in its history."""
    from workbench.taxonomy import repository as repo
    from workbench.taxonomy.undo import undo_in

    with project.write() as conn:
        repo.lock_taxonomy(conn)
        if repo.current_id(conn) == version_id:
            undo_in(conn, version_id)


def _check(project: Project, spec: ThemeSpec) -> str:
    taxonomy = load_current(project)
    if taxonomy is None:
        raise InputError.of("errors.taxonomy.none_yet")
    name = clean_name(spec.name)
    if not name:
        raise InputError.of("errors.theme.name")
    if not any(t.strip() for t in spec.examples) and not spec.example_records:
        raise InputError.of("errors.theme.examples")
    up = edits.resolve(taxonomy, spec.parent) if spec.parent else None
    if any(n.name == name for n in taxonomy.children(up.key if up else None)):
        where = up.path if up else Phrase("errors.taxonomy.top_level")
        raise InputError.of("errors.theme.name_taken", where=where, name=name)
    return name if up is None else up.path + SEP + name


def _rule_match(text: str, keywords: Sequence[str], anchors: Sequence[str]) -> bool:
    """A record matches on an anchor (a keyword every example has, or the analyst's) or on two keywords."""
    return any(k in text for k in anchors) or sum(k in text for k in keywords) >= 2


def _keywords(project: Project, examples: Sequence[str], name: str, ids: list[int],
              cancel: CancelToken | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The examples' words that recur in them and are rare in the project (sampled document frequency), and
    among them the anchors: those every example has."""
    from workbench.nlp.tokenize import Tokenizer

    taxonomy = load_current(project)
    extra = [n.name for n in taxonomy.nodes] if taxonomy else []
    tok = Tokenizer([*extra, clean_name(name)])
    per_example = [tok.content_words(t) for t in examples]
    freq = Counter(w for words in per_example for w in words)
    need = 2 if len(examples) >= 3 else 1
    candidates = [w for w, n in freq.most_common() if n >= need]
    if not candidates:
        return (), ()
    sample = random.Random(7).sample(ids, min(len(ids), NEGATIVES))
    with project.read() as conn:
        texts = [str(t) for t in conn.execute(select(R.c.text).where(R.c.id.in_(sample))).scalars()]
    if cancel is not None:
        cancel.check()
    df = {w: sum(w in t for t in texts) / max(len(texts), 1) for w in candidates}
    rare = [w for w in candidates if df[w] <= MAX_DF or w in name]  # the theme's own name is always a keyword
    chosen = tuple(sorted(rare, key=lambda w: (-freq[w], df[w], w))[:MAX_KEYWORDS])
    return chosen, tuple(w for w in chosen if freq[w] == len(examples))


def _train(project: Project, examples: Sequence[str], ids: list[int], example_ids: set[int],
           keywords: Sequence[str], cancel: CancelToken | None) -> object:
    """The student for this node alone: the examples (weight 3) against a sample of the other records."""
    from workbench.nlp.student import Student, StudentExample

    pool = [i for i in ids if i not in example_ids]
    sample = random.Random(11).sample(pool, min(len(pool), NEGATIVES))
    with project.read() as conn:
        others = [str(t) for t in conn.execute(select(R.c.text).where(R.c.id.in_(sample))).scalars()]
    known = {t.strip() for t in examples}
    others = [t for t in others if t.strip() not in known and not any(k in t for k in keywords)]  # no members
    student = Student()
    student.fit([*(StudentExample(t, ("theme",), weight=3.0) for t in examples),
                 *(StudentExample(t, (OTHER,)) for t in others)], cancel=cancel)
    return student


def _score(student: object, texts: list[str]) -> list[float]:
    from workbench.nlp.student import Student

    assert isinstance(student, Student)
    classes, probs = student.node_probabilities(texts)
    if "theme" not in classes:
        return [0.0] * len(texts)
    j = classes.index("theme")
    return [float(p) for p in probs[:, j]]


def _ask_model(project: Project, spec: ThemeSpec, node_path: str, scores: dict[int, float], taken: set[int],
               n: int, backend: Backend | None, cancel: CancelToken | None) -> list[int]:
    """The model's yes among the ``n`` best-scoring records neither rules nor the student took."""
    from workbench.llm.factory import open_backend

    borderline = sorted((r for r in scores if r not in taken), key=lambda r: (-scores[r], r))[:n]
    if not borderline:
        return []
    with project.read() as conn:
        texts = dict(conn.execute(select(R.c.id, R.c.text).where(R.c.id.in_(borderline))).all())
    model = backend if backend is not None else open_backend()
    label = node_path.rsplit(SEP, 1)[-1]
    system = f"{SYSTEM}\n分类：{label}——{spec.description or label}"
    yes = []
    for rid in borderline:
        if cancel is not None:
            cancel.check()
        answer = model.complete_json(system, f"<<<\n{texts[rid]}\n>>>", choice_schema([label]), 24)
        if str(answer.get("c", "")) == label:
            yes.append(rid)
    return yes
