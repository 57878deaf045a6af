"""The alerts texts in Chinese and English (keys under ``alerts.`` in the one table)."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "bt": (
        "“{rule}”在历史数据上会触发 {days} 次（分布在 {weeks} 周），涉及 {records} 条记录。",
        "“{rule}” would have fired {days} times (in {weeks} weeks), over {records} records.",
    ),
    "name": ("规则名", "Name"),
    "kind": ("类型", "Kind"),
    "words": ("敏感词 / 正则", "Words / regex"),
    "surge": ("激增（问题路径）", "Surge (issue path)"),
    "dissatisfaction": ("不满度激增", "Dissatisfaction spike"),
    "pattern": ("正则或问题路径", "Regex or issue path"),
    "exclude": ("排除（正则，可空）", "Exclude (regex, optional)"),
    "channel": ("渠道（可空）", "Channel (optional)"),
    "z": ("阈值 z", "Threshold z"),
    "add": ("添加规则", "Add rule"),
    "run": ("立即运行", "Run now"),
    "backtest": ("回测所选规则", "Back-test selected"),
    "toggle": ("启用/停用", "Enable/disable"),
    "delete": ("删除", "Delete"),
    "title": ("预警", "Alerts"),
    "rules": ("规则", "Rules"),
    "fired": ("已触发（双击打开记录）", "Fired (double-click to open a record)"),
    "ran": ("触发 {n} 条预警。", "{n} alert(s) fired."),
    "on": ("启用", "on"),
    "off": ("停用", "off"),
    "params": ("参数", "Parameters"),
    "time": ("时间", "Time"),
    "count": ("条数", "Records"),
    "period": ("对比周期", "Compare by"),
    "period.auto": ("自动（按数据跨度）", "Auto (from the data's span)"),
    "period.day": ("日", "Day"),
    "period.week": ("周", "Week"),
    "period.month": ("月", "Month"),
    "what": ("内容", "What rose"),
}
