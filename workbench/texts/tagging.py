"""The tagging texts in Chinese and English (keys under ``tagging.`` in the one table)."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "model": ("模型", "Model"),
    "budget": ("大模型预算（条）", "LLM budget (records)"),
    "minutes": ("大模型时间上限", "LLM time limit"),
    "no_limit": ("不限", "no limit"),
    "minute_suffix": (" 分钟", " min"),
    "retag": ("重新打标全部记录", "Re-tag every record"),
    "start": ("开始打标", "Start tagging"),
    "cancel": ("取消", "Cancel"),
    "title": ("打标", "Tagging"),
    "estimate": (
        "待打标 {n:,} 条；大模型最多处理 {b:,} 条（约 {m:.0f} 分钟），其余由规则和学生模型完成；预计共约 {t:.0f} 分钟"
        "。",
        "{n:,} records to tag; the LLM takes at most {b:,} (about {m:.0f} min); rules and the student model do the re"
        "st; about {t:.0f} min in all.",
    ),
    "checks": (
        "其中含至多 {c:,} 次大模型快速情感复核（约 {m:.0f} 分钟，只复核学生模型拿不准情感的记录）。",
        " That includes at most {c:,} quick LLM sentiment checks (about {m:.0f} min; only records whose sentiment the"
        " student doubts).",
    ),
    "done": (
        "完成：{tagged:,} 条（{methods}），{tags:,} 个标签，用时 {s:.0f} 秒。",
        "Done: {tagged:,} records ({methods}), {tags:,} tags in {s:.0f} s.",
    ),
    "resume": (
        "已取消：已完成的批次已保存，再次开始会从中断处继续。",
        "Cancelled: finished batches are saved; starting again resumes where it stopped.",
    ),
    "crashed": (
        "本地模型意外停止（{reason}）；标注在 {n} 条记录后停止，这些记录已保存，再次开始即可继续。",
        "The local model stopped unexpectedly ({reason}); tagging stopped after {n} records, which are kept: start ag"
        "ain to resume.",
    ),
    "rate": (
        "{done:.0%} · {rate:.1f} 条/秒 · 剩余约 {eta:.0f} 秒",
        "{done:.0%} · {rate:.1f} rec/s · ~{eta:.0f} s left",
    ),
}
