"""Summaries of any selection: what customers say, why, how much (real counts), what changed, quotes.

Large selections are read up to ``max_records`` and sampled by cluster (hashed char n-grams + k-means)
so minority views get a voice; the model summarises each cluster (map), then writes the whole (reduce).
Counts always come from the store, and the model's text passes the same grounding check as answers.
Results are cached per selection and data version.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import func, select

from workbench.errors import InputError
from workbench.llm.backend import Backend, abort_on_cancel
from workbench.llm.grounding import allowed_numbers, check
from workbench.progress import CancelToken
from workbench.queries import records
from workbench.reports.narrative import quote_text
from workbench.store import schema
from workbench.store.handle import Project
from workbench.texts import text as wording
from workbench.types import RecordFilter

CACHE_KEY = "assistant.summary_cache"
CACHE_SIZE = 50


@dataclass
class Cluster:
    size: int
    examples: list[str]
    record_ids: list[int]
    gist: str = ""


@dataclass
class Summary:
    """A selection's summary and the evidence behind it."""

    text: str
    total: int
    read: int
    previous: int | None
    negative_share: float | None
    clusters: list[Cluster] = field(default_factory=list)
    quotes: list[tuple[int, str]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    written_by: str = "template"
    cached: bool = False


def data_version(project: Project) -> str:
    """Changes whenever records, tags or assessments change (ids only grow; counts catch deletes)."""
    with project.read() as conn:
        parts = [conn.execute(select(func.count(), func.max(t.c[pk]))).one()
                 for t, pk in ((schema.records, "id"), (schema.tags, "id"), (schema.assessments, "record_id"))]
    return json.dumps([list(p) for p in parts])


def _cache_key(flt: RecordFilter, lang: str, mode: str, version: str) -> str:
    return hashlib.sha1(f"{flt!r}|{lang}|{mode}|{version}".encode()).hexdigest()


def _clusters(texts: list[str], ids: list[int], k: int) -> list[Cluster]:
    """k-means on hashed char n-grams; each cluster keeps the three texts nearest its centre."""
    import numpy as np
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer

    hasher = HashingVectorizer(analyzer="char_wb", ngram_range=(2, 3), n_features=2**18, alternate_sign=False)
    x = TfidfTransformer(sublinear_tf=True).fit_transform(hasher.transform(texts))
    k = max(1, min(k, len(set(texts))))
    model = KMeans(n_clusters=k, n_init=3, random_state=0).fit(x)
    dist = model.transform(x)
    out = []
    for c in range(k):
        members = np.flatnonzero(model.labels_ == c)
        if len(members) == 0:
            continue
        nearest = members[np.argsort(dist[members, c])[:3]]
        out.append(Cluster(len(members), [texts[i] for i in nearest], [ids[i] for i in nearest]))
    return sorted(out, key=lambda c: -c.size)


def _facts(s: Summary, lang: str) -> str:
    zh = lang == "zh"
    lines = [f"{'选中反馈' if zh else 'records selected'}: {s.total}", f"{'已阅读' if zh else 'read'}: {s.read}"]
    if s.previous is not None:
        lines.append(f"{'上一等长周期' if zh else 'previous period'}: {s.previous}")
    if s.negative_share is not None:
        lines.append(f"{'负面占比' if zh else 'negative share'}: {s.negative_share:.1%}")
    for i, c in enumerate(s.clusters, 1):
        lines.append(f"{'观点' if zh else 'view'} {i} ({c.size}): {c.gist or ' / '.join(e[:60] for e in c.examples)}")
    return "\n".join(lines)


def _template(s: Summary, lang: str) -> str:
    head = wording("summary.head", lang, total=s.total, read=s.read)
    if s.previous is not None:
        head += wording("summary.previous", lang, n=s.previous)
    if s.negative_share is not None:
        head += wording("summary.negative", lang, share=s.negative_share)
    lines = [head + wording("summary.end", lang)]
    for c in s.clusters[:5]:
        lines.append(wording("summary.view", lang, gist=c.gist or c.examples[0][:60], share=c.size / max(s.read, 1)))
    return "\n".join(lines)


def summarize(project: Project, flt: RecordFilter, backend: Backend | None = None, lang: str = "zh",
              on_text: Callable[[str], None] | None = None, cancel: CancelToken | None = None,
              max_records: int = 2000, use_cache: bool = True) -> Summary:
    """Summarise the records ``flt`` selects; runs on a worker thread in the GUI."""
    mode = backend.name if backend is not None else "template"
    key = _cache_key(flt, lang, mode, data_version(project))
    cache: dict[str, Any] = project.get_setting(CACHE_KEY, {}) or {}
    if use_cache and key in cache:
        hit = Summary(**{**cache[key], "clusters": [Cluster(**c) for c in cache[key]["clusters"]], "cached": True})
        if on_text:
            on_text(hit.text)
        return hit
    summary = _read(project, flt, max_records, cancel)
    if backend is not None and summary.read:
        with abort_on_cancel(backend, cancel):
            _with_model(summary, backend, lang, on_text, cancel)
    else:
        summary.text = _template(summary, lang)
        if on_text:
            on_text(summary.text)
    cache[key] = asdict(summary)
    project.set_setting(CACHE_KEY, dict(list(cache.items())[-CACHE_SIZE:]))
    return summary


def _read(project: Project, flt: RecordFilter, max_records: int, cancel: CancelToken | None) -> Summary:
    total = records.count(project, flt)
    if total == 0:
        raise InputError.of("errors.ask.nothing_to_summarise")
    previous = None
    if flt.date_from and flt.date_to:
        length = flt.date_to - flt.date_from
        previous = records.count(project, flt.with_(date_from=flt.date_from - length, date_to=flt.date_from))
    negative = records.count(project, flt.with_(sentiments=("negative",)))
    assessed = records.count(project, flt.with_(sentiments=("negative", "neutral", "positive")))
    step = max(1, total // max_records)
    ids = records.page_ids(project, flt, "id", False, 0, total)[::step][:max_records]
    rows = records.fetch_rows(project, ids, ("text",))
    texts = [quote_text(rows[i]["text"], None, None) for i in ids if i in rows]
    if cancel:
        cancel.check()
    clusters = _clusters(texts, [i for i in ids if i in rows], k=6 if len(texts) >= 30 else 2)
    quotes = [(c.record_ids[0], c.examples[0]) for c in clusters[:3]]
    return Summary("", total, len(texts), previous, negative / assessed if assessed else None, clusters, quotes)


def _with_model(s: Summary, backend: Backend, lang: str, on_text: Callable[[str], None] | None,
                cancel: CancelToken | None) -> None:
    zh = lang == "zh"
    for c in s.clusters:  # map: one short gist per cluster
        if cancel:
            cancel.check()
        prompt = "\n".join(f"- {e[:120]}" for e in c.examples)
        gist = backend.complete_json("用不超过20个字概括这些客户反馈的共同点。" if zh else
                                     "Summarise what these customer comments share in at most 12 words.",
                                     prompt, {"type": "object", "properties": {"g": {"type": "string"}},
                                              "required": ["g"]}, 60).get("g", "")
        c.gist = str(gist).strip()[:80]
    facts = _facts(s, lang)
    system = ("你是客户之声分析师。根据数据事实写一段摘要：客户在说什么、为什么、有多少（用给出的真实数字）、"
              "与上期相比的变化。不要编造数字。" if zh else
              "You are a voice-of-customer analyst. From the facts, write a short summary: what customers say, "
              "why, how many (use the real numbers given), and the change on the previous period. Invent no numbers.")
    chunks = []
    for chunk in backend.stream(system, facts, 300):  # reduce
        if cancel:
            cancel.check()
        chunks.append(chunk)
        if on_text:
            on_text(chunk)
    values: list[float] = [s.total, s.read, *(c.size for c in s.clusters)]
    values += [s.previous] if s.previous is not None else []
    if s.negative_share is not None:
        values.append(s.negative_share)
    grounded = check("".join(chunks), allowed_numbers(values, [facts]), lambda q: True)
    s.removed = grounded.removed
    s.text, s.written_by = (grounded.text, "model") if grounded.text else (_template(s, lang), "template")
