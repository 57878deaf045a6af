"""The discovery texts in Chinese and English (keys under ``discovery.`` in the one table)."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "find": ("发现新问题", "Find new issues"),
    "model": ("用本地模型命名", "Name with the local model"),
    "hint": (
        "对当前筛选中没有任何标签的记录聚类（默认不含正面评价），提出新的问题节点。",
        "Clusters the records of the current selection that no issue covers (praise left out) and proposes new issue "
        "nodes.",
    ),
    "none": (
        "没有发现新问题：未覆盖的记录太少、太分散，或已被忽略。",
        "No new issues: too few uncovered records, too scattered, or dismissed.",
    ),
    "item": ("{name} · {n} 条 · 内聚度 {c:.2f}", "{name} · {n} records · cohesion {c:.2f}"),
    "words": ("高频词", "Top words"),
    "examples": ("例句", "Examples"),
    "name": ("名称", "Name"),
    "parent": ("上级", "Parent"),
    "top": ("（一级）", "(top level)"),
    "accept": ("接受为新问题", "Accept as a new issue"),
    "dismiss": ("忽略", "Dismiss"),
    "title": ("发现新问题", "Discovering new issues"),
    "accepted": (
        "已添加“{name}”（分类体系版本 {v}）；{n} 条记录将在下次打标时重新打标。",
        "Added “{name}” (taxonomy version {v}); {n} records will be re-tagged at the next tagging run.",
    ),
}
