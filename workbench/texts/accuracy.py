"""The accuracy banner's texts in Chinese and English (keys under ``accuracy.`` in the one table): the tree's
banner and the report's appendix say them (:class:`workbench.tagging.accuracy.Accuracy`)."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "warning": (
        "{share:.0%} 的记录只由规则和学生模型打标，人工复核仅 {labelled:,} 条："
        "各问题的数字和准确率都是估计。可{judge}，{basis}），或复核 {sample} 条记录。",
        "{share:.0%} of the records were tagged by rules and the student model only, with "
        "{labelled:,} reviewed by an analyst: the figures and their accuracy are estimates. "
        "{judge} {basis}) or review {sample} records.",
    ),
    "judge": (
        "让大模型判断 {n:,} 条记录（约 {minutes:,} 分钟）",
        "let the model judge {n:,} records (≈ {minutes:,} min)",
    ),
    "judge_lead": (  # the warning's way out: the judge label opening a sentence, its bracket closed by the basis
        "让大模型判断 {n:,} 条记录（约 {minutes:,} 分钟",
        "Let the model judge {n:,} records (≈ {minutes:,} min",
    ),
    "review": ("复核 {n} 条记录", "review {n} records"),
    "basis.project": ("按本项目实测速度", "at this project's measured speed"),
    "basis.machine": ("按本机实测速度", "at this machine's measured speed"),
    "basis.benchmark": ("按基准测试速度，本机尚未实测", "at the benchmark's speed, not yet measured here"),
}
