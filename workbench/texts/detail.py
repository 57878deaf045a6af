"""The detail texts in Chinese and English (keys under ``detail.`` in the one table)."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "confirm": ("确认标签", "Confirm tags"),
    "fix": ("改为", "Fix to"),
    "add": ("添加", "Add"),
    "llm": ("请大模型判断", "Ask the LLM"),
}
