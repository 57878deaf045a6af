"""A small tagged project built through the real CLI: a CSV import, a template, rule tagging."""

from __future__ import annotations

import csv
import random
from datetime import datetime, timedelta

import pytest

from workbench.cli import main

TEXTS = [
    "快递太慢了，等了一周才到", "物流一周没动，客服也不回", "耳机续航太短了，半天就没电", "充电的时候发烫很严重",
    "退款一直不到账，流程太复杂", "音质很好，低音很足，推荐", "蓝牙经常断连，体验很差", "包装破损，盒子都压扁了",
    "客服态度很好，耐心解答", "价格便宜，性价比高",
]
HOSTILE = "=HYPERLINK(\"http://evil.example\",\"点我\") 快递太慢了"


@pytest.fixture(scope="package")
def tagged_project(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("reports")
    rng = random.Random(7)
    export = folder / "feedback.csv"
    start = datetime(2026, 5, 1)
    with export.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["评论ID", "评论时间", "评分", "渠道", "评论内容"])
        for i in range(400):
            text = rng.choice(TEXTS) + rng.choice(["", "。", "！", "，唉", "，希望改进"])
            when = start + timedelta(days=rng.randrange(61), minutes=i)
            rating = 1 if any(w in text for w in ("慢", "发烫", "退款", "断连", "破损")) else 5
            writer.writerow([f"R{i}", when.strftime("%Y-%m-%d %H:%M"), rating, "review", text])
        writer.writerow(["R999", "2026-06-15 10:00", 1, "review", HOSTILE])
    project = str(folder / "p.kesheng")
    assert main(["import", project, str(export)]) == 0
    assert main(["taxonomy", project, "--template", "consumer_electronics"]) == 0
    assert main(["tag", project, "--llm-budget", "0"]) == 0
    return project
