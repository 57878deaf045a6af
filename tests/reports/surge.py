"""A ten-week project with a planted surge, built through the real CLI (CSV import, template, rule tagging).

发烫过热 (a charger overheating) runs at 1–3 records a week for eight weeks and 11 a week in the last two;
everything else is flat. The data ends on ``end`` (a Sunday).
"""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta
from pathlib import Path

from workbench.cli import main

BACKGROUND = [
    "快递太慢了，等了一周才到", "物流慢，好几天了还在路上", "续航短，用一会就没电", "退款到账慢，钱还没退",
    "音质很好，低音很足", "蓝牙断连，老是断", "盒子压扁了，外箱破损", "客服态度好，很耐心", "性价比高，物超所值",
]
SURGE = ["充电器插上十分钟就发烫，过热保护断电了，垃圾", "充电的时候发烫很严重，烫手不敢用",
         "用了两天充电头发烫过热，太吓人了", "充电宝一充电就烫得厉害", "充电头过热自动断电，不敢再用"]
OPENERS = ["", "买了两周，", "第二次买了，", "说实话，", "给家里人买的，", "刚收到，"]
CLOSERS = ["", "。", "！", "，唉", "，希望改进", "，就这样吧"]
SURGE_NODE = "发烫过热"
BEFORE = (1, 3, 2, 1, 2, 3, 1, 2)  # weeks 1–8
AFTER = 11  # weeks 9 and 10


def write_csv(path: Path, end: date) -> int:
    """The ten weeks ending on ``end``; returns the number of rows."""
    start = end - timedelta(days=69)
    rows, n = [], 0
    for week in range(10):
        monday = datetime.combine(start + timedelta(days=7 * week), datetime.min.time())
        for i, base in enumerate(BACKGROUND * 3):
            text = OPENERS[(n // 7) % len(OPENERS)] + base + CLOSERS[n % len(CLOSERS)]
            rows.append((f"B{n}", monday + timedelta(days=i % 7, hours=9 + i % 8), 5 if "好" in base else 2, text))
            n += 1
        for i in range(BEFORE[week] if week < 8 else AFTER):
            text = OPENERS[(n // 5) % len(OPENERS)] + SURGE[n % len(SURGE)] + CLOSERS[(n // 3) % len(CLOSERS)]
            rows.append((f"S{n}", monday + timedelta(days=i % 7, hours=10 + i % 9), 1, text))
            n += 1
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["评论ID", "评论时间", "评分", "渠道", "评论内容"])
        for rid, when, rating, text in rows:
            writer.writerow([rid, when.strftime("%Y-%m-%d %H:%M"), rating, "review", text])
    return len(rows)


def build(folder: Path, end: date) -> str:
    """Import, apply the consumer-electronics template and tag by rules and the student (no model)."""
    export = folder / "feedback.csv"
    write_csv(export, end)
    project = str(folder / "surge.kesheng")
    assert main(["import", project, str(export)]) == 0
    assert main(["taxonomy", project, "--template", "consumer_electronics"]) == 0
    assert main(["tag", project, "--llm-budget", "0"]) == 0
    return project
