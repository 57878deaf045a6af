"""The review texts in Chinese and English (keys under ``review.`` in the one table)."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "load": ("取下一批", "Load next batch"),
    "confirm": ("确认 (Enter)", "Confirm (Enter)"),
    "fix": ("改为所选问题 (Ctrl+Enter)", "Fix to chosen issue (Ctrl+Enter)"),
    "skip": ("跳过 (空格)", "Skip (Space)"),
    "title": ("复核队列", "Review queue"),
    "empty": ("点击“取下一批”开始复核。", "Click “Load next batch” to start."),
    "done": (
        "本批完成：已标注 {n} 条。点“应用到其余记录”让学生模型马上学会它们。",
        "Batch done: {n} labelled. Click “Apply to the rest” so the student model learns from them now.",
    ),
    "apply": ("应用到其余记录", "Apply to the rest"),
    "applying": ("重新训练学生模型并更新其余记录", "Retraining the student and updating the rest"),
    "applied": (
        "已更新 {n:,} 条记录（学生模型 {s:,} 条，规则 {r:,} 条），用时 {sec:.0f} 秒。",
        "Updated {n:,} records ({s:,} by the student model, {r:,} by rules) in {sec:.0f} s.",
    ),
    "item": ("{i}/{n} · #{rid} · {reason}", "{i}/{n} · #{rid} · {reason}"),
    "why.no_tag": ("未找到问题", "no issue found"),
    "why.low": ("置信度低 {p:.2f}", "low confidence {p:.2f}"),
    "why.rare": ("少见问题：人工标注太少", "rare node: few human labels"),
    "why.confidence": ("置信度 {p:.2f}", "confidence {p:.2f}"),
    "why.sentiment": ("情感拿不准 {p:.2f}", "unsure sentiment {p:.2f}"),
    "sentiment": ("情感", "Sentiment"),
    "tags": ("当前标签：{tags}", "Current tags: {tags}"),
    "none": ("（无）", "(none)"),
    "quality": (
        "标签质量（在已复核的记录上：自动标签与人工标注的一致程度）",
        "Label quality (on reviewed records: how the automatic tags agree with your labels)",
    ),
    "col.issue": ("问题", "Issue"),
    "col.human": ("人工标注", "Human labels"),
    "col.machine": ("自动标签", "Machine tags"),
    "col.precision": ("精确率", "Precision"),
    "col.recall": ("召回率", "Recall"),
    "col.agreement": ("一致率", "Agreement"),
    "col.note": ("提示", "Note"),
}

FLAG: dict[str, tuple[str, str]] = {
    "few human labels": ("人工标注太少", "few human labels"),
    "low precision": ("精确率低", "low precision"),
    "low recall": ("召回率低", "low recall"),
}
