"""The theme-by-example dialog's texts in Chinese and English (keys under ``theme.`` in the one table)."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "title": ("用示例定义主题", "Define a theme by example"),
    "intro": (
        "给新问题起名、写一句描述、给几条示例（每行一条，或在原文列表中选中记录），先预览它会归入哪些记录，取消勾选不对的，再应用。应用是一步可撤销的操作；学生模型下次学习时会学会这个主题。",
        "Name the new issue, describe it in a sentence and give a few examples (one per line, or records selected in "
        "the verbatim table); preview the records it would take, untick the wrong ones, then apply. Applying is one "
        "undoable action; the student model learns the theme at its next relearn.",
    ),
    "name": ("名称", "Name"),
    "parent": ("上级问题", "Parent issue"),
    "top": ("（一级问题）", "(top level)"),
    "description": ("描述", "Description"),
    "examples": ("示例文本（每行一条）", "Example texts (one per line)"),
    "records": ("示例记录", "Example records"),
    "no_records": ("（无）", "(none)"),
    "records_n": ("已选 {n:,} 条：{ids}", "{n:,} selected: {ids}"),
    "keywords": (
        "关键词（逗号分隔，留空则从示例中提取）",
        "Keywords (comma-separated; empty: taken from the examples)",
    ),
    "llm": ("让本地大模型判断边界记录，抽样条数：", "Let the local model judge borderline records, sample size:"),
    "by": ("标注人", "Labelled by"),
    "preview": ("预览", "Preview"),
    "previewing": ("正在预览主题", "Previewing the theme"),
    "apply": ("应用到 {n:,} 条记录", "Apply to {n:,} records"),
    "applying": ("正在应用主题", "Applying the theme"),
    "summary": (
        "“{node}”将归入 {n:,} / {total:,} 条记录（{by}）。关键词：{kw}",
        "“{node}” would take {n:,} of {total:,} records ({by}). Keywords: {kw}",
    ),
    "rule": ("规则 {n:,}", "{n:,} by rules"),
    "student": ("学生模型 {n:,}", "{n:,} by the student"),
    "llm_by": ("大模型 {n:,}", "{n:,} by the model"),
    "none_kw": ("（无）", "(none)"),
    "more": ("另有 {n:,} 条未列出，应用时一并归入。", "{n:,} more are not listed and are applied with them."),
    "stale": ("定义已改变，请重新预览。", "The definition changed: preview again."),
    "all": ("全选", "Select all"),
    "kept": ("已勾选 {n:,} 条", "{n:,} ticked"),
    "col_keep": ("归入", "Take"),
    "col_id": ("编号", "ID"),
    "col_by": ("依据", "By"),
    "col_score": ("得分", "Score"),
    "col_text": ("原文", "Text"),
    "by_rule": ("规则", "rule"),
    "by_student": ("学生模型", "student"),
    "by_llm": ("大模型", "model"),
}
