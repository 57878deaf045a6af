"""The assistant's template answers in Chinese and English (keys under ``answer.`` in the one table): one
always-true sentence per result of a question (:mod:`workbench.assistant.answer`)."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "count": (
        "{scope}共有 {n:,} 条相关反馈。",
        "{scope}there are {n:,} matching records.",
    ),
    "compare": (
        "{scope}{period}共 {now:,} 条，上一等长周期 {prev:,} 条，{direction} {diff:,} 条{pct}。",
        "{scope}{period}: {now:,} records against {prev:,} in the previous period of the same length, {direction} "
        "{diff:,}{pct}.",
    ),
    "by_month": (
        "{scope}按月看，最早明显出现在 {first}（{first_n:,} 条），峰值在 {peak}（{peak_n:,} 条）。",
        "{scope}by month it first appears clearly in {first} ({first_n:,} records) and peaks in {peak} ({peak_n:,}).",
    ),
    "by_week": (
        "{scope}按周看，最早明显出现在 {first} 这一周（{first_n:,} 条），峰值在 {peak} 这一周（{peak_n:,} 条）。",
        "{scope}by week it first appears clearly in the week of {first} ({first_n:,} records) and peaks in the week "
        "of {peak} ({peak_n:,}).",
    ),
    "by_product": (
        "{scope}最多的产品是“{top}”（{top_n:,} 条）{rest}。",
        "{scope}the product with the most is “{top}” ({top_n:,} records){rest}.",
    ),
    "by_channel": (
        "{scope}最多的渠道是 {top}（{top_n:,} 条）{rest}。",
        "{scope}the channel with the most is {top} ({top_n:,} records){rest}.",
    ),
    "top_frequent": (
        "{scope}最常见的问题依次是：{items}。",
        "{scope}the most common issues are: {items}.",
    ),
    "top_rising": (
        "{scope}上升最快的问题：{items}。",
        "{scope}the fastest-rising issues are: {items}.",
    ),
    "drivers": (
        "{scope}最拉低评分的问题是“{top}”：涉及它的 {n:,} 条记录平均 {with_:.2f} 分，其余 {without:.2f} 分。",
        "{scope}the issue that pulls scores down most is “{top}”: its {n:,} records average {with_:.2f} against "
        "{without:.2f} for the rest.",
    ),
    "none": (
        "数据中没有找到能回答这个问题的记录{scope_tail}。",
        "The data holds no records that answer this question{scope_tail}.",
    ),
    "rising_none": (
        "{scope}没有统计上显著上升的问题。",
        "{scope}no issue rose significantly.",
    ),
    "up": (
        "增加",
        "up",
    ),
    "down": (
        "减少",
        "down",
    ),
    "pct": (
        "（{pct:+.1f}%）",
        " ({pct:+.1f}%)",
    ),
    "then": (
        "，其次是",
        "; then ",
    ),
    "item": (
        "{name}（{n:,}）",
        "{name} ({n:,})",
    ),
    "sep": (
        "、",
        ", ",
    ),
    "sentence_sep": (
        "",
        " ",
    ),
    "scope_tail": (
        "（{scope}）",
        "",
    ),
}
