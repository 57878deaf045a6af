"""The taxonomy texts in Chinese and English (keys under ``taxonomy.`` in the one table)."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "title": ("分类体系", "Taxonomy"),
    "template": ("行业模板", "Industry template"),
    "apply": ("使用此模板", "Use this template"),
    "file": ("导入客户编码表…", "Import a codebook…"),
    "export": ("导出当前分类体系…", "Export the current taxonomy…"),
    "current": ("当前：版本 {v}，{n} 个节点。", "Current: version {v}, {n} nodes."),
    "none": ("项目还没有分类体系。", "The project has no taxonomy yet."),
    "hint": ("更换分类体系后，请在“打标任务”中重新打标。", "After changing the taxonomy, re-tag in the Tagging panel."),
    "file_filter": ("分类体系文件 (*.xlsx *.csv *.json)", "Codebook (*.xlsx *.csv *.json)"),
    "export_filter": (
        "Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv);;JSON 文件 (*.json)",
        "Excel (*.xlsx);;CSV (*.csv);;JSON (*.json)",
    ),
}
