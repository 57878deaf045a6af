"""The customer texts in Chinese and English (keys under ``customer.`` in the one table)."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "empty": (
        "在记录详情中点击客户编号，查看该客户的全部联系记录。",
        "Click a customer id in the record detail to see all of that customer's contacts.",
    ),
    "summary": (
        "客户 <b>{who}</b>：{n} 次联系（{channels}），负面 {neg} 次，{rep} 次重复联系（{days} 天内同一问题）",
        "Customer <b>{who}</b>: {n} contacts ({channels}), {neg} negative, {rep} repeat contacts (same issue within {"
        "days} days)",
    ),
    "more": ("（仅显示最早的 {shown} 条，共 {total} 条）", " (the first {shown} of {total} shown)"),
    "time": ("时间", "Time"),
    "channel": ("渠道", "Channel"),
    "sentiment": ("情感", "Sentiment"),
    "issues": ("问题", "Issues"),
    "text": ("原文", "Text"),
    "repeat": ("重复", "Repeat"),
    "yes": ("重复", "repeat"),
    "sep": ("、", ", "),
}
