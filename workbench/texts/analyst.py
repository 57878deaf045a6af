"""The analyst-name question's texts in Chinese and English (keys under ``analyst.`` in the one table)."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "title": ("你的名字", "Your name"),
    "prompt": (
        "标注会记录是谁做的（一致性统计与导出的 REFI-QDA 项目都用到）。请输入你的名字：",
        "Labels record who made them (agreement and the REFI-QDA export use it). Your name:",
    ),
}
