"""The picker texts in Chinese and English (keys under ``picker.`` in the one table)."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "search": ("搜索问题（名称或路径）", "Search issues (name or path)"),
    "recent": ("最近使用", "Recent"),
    "none": ("选择问题…", "Choose an issue…"),
}
