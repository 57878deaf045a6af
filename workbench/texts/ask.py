"""The ask texts in Chinese and English (keys under ``ask.`` in the one table)."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "ask": ("提问", "Ask"),
    "summarise": ("总结当前选择", "Summarise selection"),
    "cancel": ("取消", "Cancel"),
    "model": ("使用本地大模型措辞（较慢）", "Phrase with the local model (slower)"),
    "placeholder": (
        "例如：最近一个月退款相关的投诉有什么变化？",
        "e.g. Which product has the most battery complaints?",
    ),
    "evidence": ("依据（双击引文打开记录）", "Evidence (double-click a quote to open its record)"),
    "title": ("摘要与问答", "Summary & Ask"),
    "removed": ("已删除 {n} 句无法核实的模型输出。", "{n} unverifiable sentence(s) from the model were removed."),
    "query": ("查询：", "Query: "),
    "read": ("共 {total:,} 条，阅读 {read:,} 条", "{total:,} records, {read:,} read"),
    "example": ("电池发烫的问题是哪个月开始出现的？", "Which product has the most battery complaints?"),
}

SUMMARY: dict[str, tuple[str, str]] = {  # the template summary of a selection (keys under ``summary.``)
    "head": ("共 {total:,} 条反馈（已阅读 {read:,} 条）", "{total:,} records ({read:,} read)"),
    "previous": ("，上一等长周期 {n:,} 条", "; {n:,} in the previous period"),
    "negative": ("，负面占 {share:.1%}", "; {share:.1%} negative"),
    "end": ("。", "."),
    "view": ("· {gist}（约 {share:.0%}）", "· {gist} (about {share:.0%})"),
}
