"""The taxedit texts in Chinese and English (keys under ``taxedit.`` in the one table)."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "add": ("新增子节点…", "Add a child…"),
    "rename": ("重命名…", "Rename…"),
    "move": ("移动到…", "Move to…"),
    "merge": ("合并到…", "Merge into…"),
    "split": ("拆分…", "Split…"),
    "delete": ("删除…", "Delete…"),
    "add_top": ("新增一级节点…", "Add a top-level node…"),
    "name": ("名称：", "Name:"),
    "target": ("目标节点：", "Target node:"),
    "top": ("（一级）", "(top level)"),
    "parts": ("拆分为（用 | 分隔，至少两个）：", "Split into (separate with |, at least two):"),
    "confirm_delete": (
        "删除“{path}”及其所有子节点？其 {n} 条标签将移到上一级节点。",
        "Delete “{path}” and everything below it? Its {n} tags move up to the parent.",
    ),
    "confirm_merge": (
        "把“{a}”合并到“{b}”？标签、子节点和关键词都将并入“{b}”。",
        "Merge “{a}” into “{b}”? Its tags, children and keywords all move to “{b}”.",
    ),
    "done": ("分类体系版本 {v}：{note}", "Taxonomy version {v}: {note}"),
    "retag": ("；{n} 条记录需要重新打标", "; {n} records need re-tagging"),
    "title": ("修改分类体系", "Editing the taxonomy"),
    "undo": ("撤销：{note}", "Undo: {note}"),
    "undo_none": ("没有可撤销的修改", "Nothing to undo"),
    "undone": ("分类体系版本 {v}：已撤销上一次修改", "Taxonomy version {v}: the last edit was undone"),
}
