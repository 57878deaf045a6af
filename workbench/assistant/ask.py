"""Ask your data: question → entities → plan → typed operations → answer → grounding check."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import select

from workbench.assistant import ops
from workbench.assistant.answer import Answer, model_answer, template_answer
from workbench.assistant.entities import Catalogue, Entities, extract, product_groups
from workbench.assistant.plan import Plan, make_plan
from workbench.errors import InputError
from workbench.llm.backend import Backend, abort_on_cancel
from workbench.llm.grounding import allowed_numbers, check, covers
from workbench.progress import CancelToken
from workbench.queries import aggregates, records
from workbench.store import schema
from workbench.store.handle import Project
from workbench.texts import text as wording
from workbench.types import RecordFilter


def catalogue(project: Project) -> Catalogue:
    """The values a question may name: current taxonomy, products, channels, the data's date span."""
    span = aggregates.date_range(project)
    if span is None:
        raise InputError.of("errors.ask.no_dates")
    return Catalogue(tuple(records.current_nodes(project)), tuple(p for p, _ in records.products(project)),
                     tuple(c for c, _ in records.channels(project)), span[0], span[1])


def _scope(plan: Plan, ent: Entities, period: tuple[date, date] | None) -> str:
    zh = ent.lang == "zh"
    parts = []
    if plan.node is not None:
        parts.append(f"“{plan.node.path}”")
    if ent.products:
        parts.append(("产品 " if zh else "product ") + "、".join(ent.products))
    if ent.channels:
        parts.append(("渠道 " if zh else "channel ") + "、".join(ent.channels))
    if period:
        parts.append(f"{period[0]} {'至' if zh else 'to'} {period[1]}")
    if not parts:
        return ""
    return f"关于{'，'.join(parts)}，" if zh else f"For {', '.join(parts)}, "


def _filter(plan: Plan, ent: Entities, cat: Catalogue) -> RecordFilter:
    groups = product_groups(cat.products)
    products = tuple(v for p in ent.products for v in groups.get(p, [p]))
    return RecordFilter(products=products, channels=tuple(ent.channels), text=ent.search,
                        sentiments=(plan.sentiment,) if plan.sentiment else (),  # type: ignore[arg-type]
                        node_key=plan.node.key if plan.node else None)


def _run(project: Project, op: str, plan: Plan, ent: Entities, cat: Catalogue, flt: RecordFilter,
         question: str) -> ops.OpResult:
    period = ent.period
    path = plan.node.path if plan.node else None
    recent = (cat.last_day - timedelta(days=29), cat.last_day)
    if op == "count":
        return ops.count(project, ops.day_filter(flt, period), path)
    if op == "change":
        return ops.compare(project, ops.day_filter(flt, period or recent), path)
    if op == "when":
        grain = "week" if ("周" in question or "week" in question.lower()) else "month"
        return ops.by_period(project, flt, path, grain)
    if op == "by_product":
        return ops.by_product(project, ops.day_filter(flt.with_(products=()), period), path)
    if op == "by_channel":
        return ops.by_channel(project, ops.day_filter(flt.with_(channels=()), period), path)
    if op in ("top", "rising"):
        base = ops.day_filter(flt.with_(node_key=None), period or (recent if op == "rising" else None))
        level = plan.node.level + 1 if plan.node and plan.node.level < 3 else (None if op == "rising" else 2)
        result = ops.top(project, base, "frequent" if op == "top" else "rising", level, limit=15)
        if plan.node is not None:
            result.rows = [r for r in result.rows if r[0].startswith(plan.node.path + "/")][:5]
        else:
            result.rows = result.rows[:5]
        return result
    if op == "drivers":
        return ops.drivers(project, ops.day_filter(flt.with_(node_key=None), period))
    return ops.quotes(project, ops.day_filter(flt, period), plan.node.key if plan.node else None)


def _quote_exists(project: Project, labels: set[str]) -> Callable[[str], bool]:
    def exists(text: str) -> bool:
        if text in labels or any(text in label for label in labels):
            return True
        with project.read() as conn:
            return conn.execute(select(schema.records.c.id).where(schema.records.c.text.contains(text, autoescape=True))
                                .limit(1)).first() is not None
    return exists


def ask(project: Project, question: str, backend: Backend | None = None,
        on_text: Callable[[str], None] | None = None, cancel: CancelToken | None = None) -> Answer:
    """Answer ``question`` from the project's data. Runs on a worker thread in the GUI.

    Args:
        backend: a model to plan unclear questions and phrase the answer; None answers by rules and
            templates only (still grounded, just plainer).
        on_text: receives the answer text as it streams.
    """
    started = time.monotonic()
    question = question.strip()
    if not question:
        raise InputError.of("errors.ask.empty")
    cat = catalogue(project)
    ent = extract(question, cat)
    plan = make_plan(ent, question, backend)
    flt = _filter(plan, ent, cat)
    results = []
    for op in plan.ops:
        if cancel:
            cancel.check()
        results.append(_run(project, op, plan, ent, cat, flt, question))
    answer = Answer(question, "", results=results)
    answer.figures = [f for r in results for f in r.figures]
    answer.quotes = [q for r in results for q in r.quotes]
    answer.supported = (any(f.value for f in answer.figures) or bool(answer.quotes)
                        or any(r.op == "top_rising" for r in results))
    scope = _scope(plan, ent, ent.period)
    if not answer.supported:
        tail = wording("answer.scope_tail", ent.lang).format(scope=scope.rstrip("，")) if scope else ""
        answer.text = wording("answer.none", ent.lang).format(scope_tail=tail)
    else:
        answer.text = template_answer(results, scope, ent.period_text, ent.lang)
        if backend is not None:
            with abort_on_cancel(backend, cancel):
                _phrase(project, answer, backend, ent, cat, on_text, cancel)
    if on_text is not None and answer.written_by == "template":
        on_text(answer.text)
    answer.seconds = round(time.monotonic() - started, 2)
    return answer


def _phrase(project: Project, answer: Answer, backend: Backend, ent: Entities, cat: Catalogue,
            on_text: Callable[[str], None] | None, cancel: CancelToken | None) -> None:
    """Let the model reword the template answer; keep only grounded sentences."""
    facts = answer.text + "\n" + "\n".join(f"- {f.label}: {f.value:g}" for f in answer.figures[:30])

    def stream(system: str, user: str, max_tokens: int) -> str:
        chunks = []
        for chunk in backend.stream(system, user, max_tokens):
            if cancel:
                cancel.check()
            chunks.append(chunk)
            if on_text is not None:
                on_text(chunk)
        return "".join(chunks)

    text = model_answer(stream, answer.question, facts, ent.lang)
    labels = {n.path for n in cat.nodes} | {n.name for n in cat.nodes} | set(cat.products) | set(cat.channels)
    allowed = allowed_numbers([f.value for f in answer.figures], [answer.question, facts])
    grounded = check(text, allowed, _quote_exists(project, labels))
    if grounded.text and covers(grounded.text, answer.text):
        answer.text, answer.removed, answer.written_by = grounded.text, grounded.removed, "model"
    else:  # the model dropped or changed a figure: the template answer stands
        answer.removed = grounded.removed or [text.strip()]
