"""Writing the answer: a template sentence per result (always available, always true), optionally
rephrased by the model — whose text is kept only where the grounding check passes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from workbench.assistant.ops import Figure, OpResult, QuoteRef
from workbench.texts import text as wording


@dataclass
class Answer:
    """What the user sees: the text, the figures and quotes behind it, and what was checked."""

    question: str
    text: str
    figures: list[Figure] = field(default_factory=list)
    quotes: list[QuoteRef] = field(default_factory=list)
    results: list[OpResult] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    supported: bool = True
    written_by: str = "template"
    seconds: float = 0.0

    def to_json(self) -> dict[str, object]:
        return {"answer": self.text, "supported": self.supported, "written_by": self.written_by,
                "figures": [{"value": f.value, "label": f.label, "query": f.query} for f in self.figures],
                "quotes": [{"record_id": q.record_id, "text": q.text} for q in self.quotes],
                "removed": self.removed}


def template_sentence(result: OpResult, scope: str, period: str, lang: str) -> str:
    """The always-true sentence for one result ('' when the result has nothing to say)."""
    fig = {f.label: f.value for f in result.figures}

    def say(key: str, **values: object) -> str:
        return wording(f"answer.{key}", lang).format(**values)

    def items(rows: list[tuple[str, int]]) -> str:
        return say("sep").join(say("item", name=name, n=n) for name, n in rows)

    if result.op == "count":
        return say("count", scope=scope, n=int(fig["records"]))
    if result.op == "compare":
        now, prev = int(fig["this period"]), int(fig["previous period"])
        diff = now - prev
        pct = say("pct", pct=fig["change %"]) if "change %" in fig else ""
        direction = say("up" if diff >= 0 else "down")
        return say("compare", scope=scope, period=period, now=now, prev=prev, direction=direction, diff=abs(diff),
                   pct=pct)
    if result.op in ("by_month", "by_week") and "peak" in result.facts:
        rows = dict(result.rows)
        return say(result.op, scope=scope, first=result.facts["first"], first_n=rows[result.facts["first"]],
                   peak=result.facts["peak"], peak_n=rows[result.facts["peak"]])
    if result.op in ("by_product", "by_channel") and result.rows:
        (top, top_n), rest_rows = result.rows[0], result.rows[1:3]
        rest = say("then") + items(rest_rows) if rest_rows else ""
        return say(result.op, scope=scope, top=top, top_n=top_n, rest=rest)
    if result.op == "drivers" and result.rows:
        top = result.rows[0][0]
        return say("drivers", scope=scope, top=top, n=int(fig[f"{top} scored records"]),
                   with_=fig[f"{top} mean score with"], without=fig[f"{top} mean score without"])
    if result.op == "top_rising" and not result.rows:
        return say("rising_none", scope=scope)
    if result.op.startswith("top_") and result.rows:
        return say(result.op, scope=scope, items=items(result.rows))
    return ""


def template_answer(results: list[OpResult], scope: str, period: str, lang: str) -> str:
    sentences = [template_sentence(r, scope, period, lang) for r in results]
    joined = wording("answer.sentence_sep", lang).join(s for s in sentences if s)
    return joined[:1].upper() + joined[1:]  # an English answer opens with a capital (no-op on Chinese)


def model_answer(stream: Callable[[str, str, int], object], question: str, facts: str, lang: str) -> str:
    """Ask the model to phrase the answer from the facts only (streamed by the caller)."""
    system = ("你是客户之声分析助手。把数据事实第一段的答案改写成通顺的 1-3 句中文，直接回答问题。"
              "第一段中的每个数字和日期都必须原样保留，不得省略或改动；不要编造任何数字或引文。"
              if lang == "zh" else
              "You are a customer-feedback analyst. Rewrite the answer in the first paragraph of the facts as 1-3 "
              "fluent English sentences that answer the question directly. Keep every number and date of that "
              "paragraph exactly as written; drop none; never invent numbers or quotations.")
    user = f"问题：{question}\n数据事实：\n{facts}" if lang == "zh" else f"Question: {question}\nFacts:\n{facts}"
    return str(stream(system, user, 160))
