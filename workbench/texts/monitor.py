"""The monitor texts in Chinese and English (keys under ``monitor.`` in the one table)."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "folder": ("监控文件夹", "Folder to watch"),
    "outbox": ("预警发件箱（可空：用项目的邮件设置）", "Alert outbox (empty: the project's e-mail settings)"),
    "interval": ("间隔（秒）", "Interval (seconds)"),
    "browse": ("浏览…", "Browse…"),
    "start": ("开始监控", "Start"),
    "stop": ("停止监控", "Stop"),
    "watching": ("正在监控：{what}", "Watching: {what}"),
    "idle": ("未在监控", "Not watching"),
    "last": (
        "上一轮：{at}，导入 {imported} 条，触发 {fired} 条预警，送达 {delivered} 条",
        "Last cycle: {at}, {imported} records imported, {fired} alerts fired, {delivered} delivered",
    ),
    "never": ("尚未运行", "No cycle yet"),
    "today": ("今日：{records} 条新记录，{alerts} 条预警", "Today: {records} new records, {alerts} alerts"),
    "no_folder": ("请选择一个存在的文件夹。", "Choose a folder that exists."),
    "task": ("实时监控", "Live monitoring"),
    "notify": ("客声预警：{n} 条新预警", "Kesheng: {n} new alert(s)"),
}
