"""Writing the answer: a template sentence per result (always available, always true), optionally
rephrased by the model — whose text is kept only where the grounding check passes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from workbench.assistant.ops import Figure, OpResult, QuoteRef

ZH = {
    "count": "{scope}共有 {n:,} 条相关反馈。",
    "compare": "{scope}{period}共 {now:,} 条，上一等长周期 {prev:,} 条，{direction} {diff:,} 条{pct}。",
    "by_month": "{scope}按月看，最早明显出现在 {first}（{first_n:,} 条），峰值在 {peak}（{peak_n:,} 条）。",
    "by_week": "{scope}按周看，最早明显出现在 {first} 这一周（{first_n:,} 条），"
               "峰值在 {peak} 这一周（{peak_n:,} 条）。",
    "by_product": "{scope}最多的产品是“{top}”（{top_n:,} 条）{rest}。",
    "by_channel": "{scope}最多的渠道是 {top}（{top_n:,} 条）{rest}。",
    "top_frequent": "{scope}最常见的问题依次是：{items}。",
    "top_rising": "{scope}上升最快的问题：{items}。",
    "drivers": "{scope}最拉低评分的问题是“{top}”：涉及它的 {n:,} 条记录平均 {with_:.2f} 分，其余 {without:.2f} 分。",
    "none": "数据中没有找到能回答这个问题的记录{scope_tail}。",
}
EN = {
    "count": "{scope}there are {n:,} matching records.",
    "compare": "{scope}{period}: {now:,} records against {prev:,} in the previous period of the same length, "
               "{direction} {diff:,}{pct}.",
    "by_month": "{scope}by month it first appears clearly in {first} ({first_n:,} records) and peaks in {peak} "
                "({peak_n:,}).",
    "by_week": "{scope}by week it first appears clearly in the week of {first} ({first_n:,} records) and peaks in "
               "the week of {peak} ({peak_n:,}).",
    "by_product": "{scope}the product with the most is “{top}” ({top_n:,} records){rest}.",
    "by_channel": "{scope}the channel with the most is {top} ({top_n:,} records){rest}.",
    "top_frequent": "{scope}the most common issues are: {items}.",
    "top_rising": "{scope}the fastest-rising issues are: {items}.",
    "drivers": "{scope}the issue that pulls scores down most is “{top}”: its {n:,} records average {with_:.2f} "
               "against {without:.2f} for the rest.",
    "none": "The data holds no records that answer this question{scope_tail}.",
}


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
    table = ZH if lang == "zh" else EN
    fig = {f.label: f.value for f in result.figures}
    sep = "、" if lang == "zh" else ", "
    if result.op == "count":
        return table["count"].format(scope=scope, n=int(fig["records"]))
    if result.op == "compare":
        now, prev = int(fig["this period"]), int(fig["previous period"])
        diff = now - prev
        direction = ("增加" if diff >= 0 else "减少") if lang == "zh" else ("up" if diff >= 0 else "down")
        pct = f"（{fig['change %']:+.1f}%）" if "change %" in fig and lang == "zh" else (
            f" ({fig['change %']:+.1f}%)" if "change %" in fig else "")
        return table["compare"].format(scope=scope, period=period, now=now, prev=prev, direction=direction,
                                       diff=abs(diff), pct=pct)
    if result.op in ("by_month", "by_week") and "peak" in result.facts:
        rows = dict(result.rows)
        return table[result.op].format(scope=scope, first=result.facts["first"], first_n=rows[result.facts["first"]],
                                       peak=result.facts["peak"], peak_n=rows[result.facts["peak"]])
    if result.op in ("by_product", "by_channel") and result.rows:
        (top, top_n), rest_rows = result.rows[0], result.rows[1:3]
        rest = ("，其次是" if lang == "zh" else "; then ") + sep.join(
            f"{name}（{n:,}）" if lang == "zh" else f"{name} ({n:,})" for name, n in rest_rows) if rest_rows else ""
        return table[result.op].format(scope=scope, top=top, top_n=top_n, rest=rest)
    if result.op == "drivers" and result.rows:
        top = result.rows[0][0]
        return table["drivers"].format(scope=scope, top=top, n=int(fig[f"{top} scored records"]),
                                       with_=fig[f"{top} mean score with"], without=fig[f"{top} mean score without"])
    if result.op == "top_rising" and not result.rows:
        return ("{scope}没有统计上显著上升的问题。" if lang == "zh" else
                "{scope}no issue rose significantly.").format(scope=scope)
    if result.op.startswith("top_") and result.rows:
        items = sep.join(f"{name}（{n:,}）" if lang == "zh" else f"{name} ({n:,})" for name, n in result.rows)
        return table[result.op].format(scope=scope, items=items)
    return ""


def template_answer(results: list[OpResult], scope: str, period: str, lang: str) -> str:
    sentences = [template_sentence(r, scope, period, lang) for r in results]
    text = "".join(s for s in sentences if s) if lang == "zh" else " ".join(s for s in sentences if s)
    return text[:1].upper() + text[1:] if lang != "zh" else text


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
