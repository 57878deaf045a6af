"""A date axis's tick labels in Chinese and English (keys under ``axis.`` in the one table): years, month names,
days and weekdays, as the trend's time axis shows them at each zoom level."""

from __future__ import annotations

MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = (("周一", "Mon"), ("周二", "Tue"), ("周三", "Wed"), ("周四", "Thu"), ("周五", "Fri"), ("周六", "Sat"),
            ("周日", "Sun"))

TEXT: dict[str, tuple[str, str]] = {
    "year": ("{y}年", "{y}"),
    "day": ("{m:02d}-{d:02d}", "{d:02d}"),
    "weekday_day": ("{m:02d}-{d:02d} {weekday}", "{weekday} {d:02d}"),
    **{f"month.{i}": (f"{i}月", name) for i, name in enumerate(MONTHS_EN, start=1)},
    **{f"weekday.{i}": pair for i, pair in enumerate(WEEKDAYS)},
}
