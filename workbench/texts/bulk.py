"""The bulk texts in Chinese and English (keys under ``bulk.`` in the one table)."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "title": ("给全部结果打标", "Tag all results"),
    "intro": (
        "把当前筛选/搜索的全部结果标注为所选问题（替换这些记录的自动标签）。",
        "Label every result of the current filter or search with the chosen issue (it replaces the machine's tags of "
        "those records).",
    ),
    "tag": ("问题", "Issue"),
    "sentiment": ("情感", "Sentiment"),
    "by": ("标注人", "Labelled by"),
    "keep": ("保持不变", "Keep as is"),
    "positive": ("正面", "Positive"),
    "neutral": ("中性", "Neutral"),
    "negative": ("负面", "Negative"),
    "preview": ("预览变化", "Preview the change"),
    "confirm": ("全部打标 {n:,} 条", "Tag all {n:,} results"),
    "working": ("正在计算变化", "Working out the change"),
    "labelling": ("正在打标", "Labelling"),
    "plan": (
        "共 {records:,} 条结果，{changes:,} 条会改变：{gain:,} 条新增该问题，{already:,} 条已有该问题，{other:,} 条的"
        "其他标签会被替换，{untagged:,} 条原无标签，{relabelled:,} 条已有人工标注。",
        "{records:,} results, {changes:,} would change: {gain:,} get the issue, {already:,} already carry it, {other:"
        ",} lose other tags, {untagged:,} had no tag, {relabelled:,} had an analyst's label.",
    ),
    "sentiment_changes": ("{n:,} 条的情感会改为所选情感。", "{n:,} change sentiment."),
    "stale": ("选择已改变，请重新预览。", "The choice changed: preview again."),
}
