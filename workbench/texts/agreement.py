"""The agreement texts in Chinese and English (keys under ``agreement.`` in the one table)."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "title": (
        "一致性（科恩 κ 系数）：人工与机器、人工与人工；双击一行列出分歧记录",
        "Agreement (Cohen's κ): analyst vs machine, analyst vs analyst; double-click a row for the records where they"
        " disagree",
    ),
    "overall": ("人工与机器 κ {k}（{n:,} 条已标注记录）", "Analyst vs machine κ {k} on {n:,} labelled records"),
    "analysts": (
        "；人工与人工 κ {k}，克里彭多夫 α {a}（{n:,} 条）",
        "; analyst vs analyst κ {k}, Krippendorff's α {a} on {n:,} records",
    ),
    "none": ("尚无人工标注。", "No analyst labels yet."),
    "analyst-machine": ("人工–机器", "analyst–machine"),
    "analyst-analyst": ("人工–人工", "analyst–analyst"),
    "records": ("分歧记录：{node}（{n:,} 条）", "Records where they disagree: {node} ({n:,})"),
    "col.pairs": ("比较", "Pairs"),
    "col.issue": ("问题", "Issue"),
    "col.kappa": ("κ", "κ"),
    "col.agreement": ("一致率", "Agreement"),
    "col.differ": ("分歧", "Differ"),
    "col.records": ("记录数", "Records"),
}
