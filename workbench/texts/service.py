"""The service texts in Chinese and English (keys under ``service.`` in the one table)."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "run": ("分析服务质量", "Analyse service"),
    "by": ("分组", "Group by"),
    "agent": ("客服", "Agent"),
    "team": ("小组", "Team"),
    "day": ("日期", "Day"),
    "sop": ("SOP 执行热力图", "SOP heat map"),
    "worst": ("最差会话（双击打开）", "Worst conversations (double-click to open)"),
    "empty": ("尚未分析：点击“分析服务质量”。", "Not analysed yet: click “Analyse service”."),
    "none": (
        "项目中没有会话记录：请先导入客服聊天记录。",
        "No conversations in this project: import a chat export first.",
    ),
    "title": ("服务质量分析", "Service analysis"),
    "item.greeting": ("问候", "greeting"),
    "item.identity_check": ("核实身份", "identity check"),
    "item.empathy": ("安抚共情", "empathy"),
    "item.solution": ("给出方案", "solution"),
    "item.confirmation": ("确认是否解决", "confirmation"),
    "item.closing": ("结束语", "closing"),
    "outcome.resolved": ("已解决", "resolved"),
    "outcome.unresolved": ("未解决", "unresolved"),
    "outcome.escalated": ("已升级", "escalated"),
    "col.id": ("编号", "ID"),
    "col.agent": ("客服", "Agent"),
    "col.outcome": ("结果", "Outcome"),
    "col.dissatisfaction": ("不满度", "Dissatisfaction"),
}
