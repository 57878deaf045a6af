"""Fills a project with a small, deterministic data set straight through the schema tables (no Qt)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from workbench.project import Project
from workbench.store import schema

NODES: list[tuple[str, str | None, str, int]] = [
    ("logistics", None, "物流", 1),
    ("logistics.delay", "logistics", "物流/配送时效", 2),
    ("logistics.damage", "logistics", "物流/包装破损", 2),
    ("aftersales", None, "售后", 1),
    ("aftersales.refund", "aftersales", "售后/退款流程", 2),
    ("quality", None, "产品质量", 1),
    ("quality.battery", "quality", "产品质量/电池", 2),
    ("quality.battery.swell", "quality.battery", "产品质量/电池/鼓包", 3),
]
LEAVES = ["logistics.delay", "logistics.damage", "aftersales.refund", "quality.battery.swell"]
TEXTS = {
    "logistics.delay": "快递太慢了，等了一周还没到",
    "logistics.damage": "包装破损，盒子都压扁了",
    "aftersales.refund": "退款流程太复杂，客服一直推脱",
    "quality.battery.swell": "用了两个月电池鼓包，很担心安全",
}
CHANNELS = ["客服会话", "商品评价", "工单"]
START = datetime(2025, 1, 1, 9, 0)


def fill(project: Project, n: int = 300, seed: int = 7) -> dict[str, Any]:
    """Insert ``n`` records (every third a conversation), tags and assessments; return what was planted."""
    rng = random.Random(seed)
    truth: dict[str, Any] = {"leaf": {}, "negative": set(), "channel": {}, "days": {}}
    with project.write() as conn:
        src = conn.execute(schema.sources.insert().values(
            kind="xlsx", path="/data/客户反馈.xlsx", sheet="Sheet1", mapping={}, imported_at=START,
            counts={})).inserted_primary_key[0]
        ver = conn.execute(schema.taxonomy_versions.insert().values(
            created_at=START, note="test", is_current=True)).inserted_primary_key[0]
        conn.execute(schema.taxonomy_nodes.insert(), [
            {"version_id": ver, "key": k, "parent_key": p, "path": path, "name": path.rsplit("/", 1)[-1],
             "level": lvl, "sort": i} for i, (k, p, path, lvl) in enumerate(NODES)])
        for i in range(1, n + 1):
            _insert_record(conn, rng, i, src, ver, truth)
    return truth


def _insert_record(conn: Any, rng: random.Random, i: int, src: int, ver: int, truth: dict[str, Any]) -> None:
    leaf = LEAVES[i % len(LEAVES)]
    channel = CHANNELS[i % len(CHANNELS)]
    created = START + timedelta(days=i % 60, minutes=i)
    negative = i % 5 != 0
    text = f"{TEXTS[leaf]}（编号{i}）"
    conv = i % 3 == 0
    conn.execute(schema.records.insert().values(
        id=i, source_id=src, source_row=i + 1, channel=channel, external_id=f"EXT-{i:05d}", created_at=created,
        customer_key=f"C{i % 40:03d}", text=text, rating=float(rng.randint(1, 5)), product="X1" if i % 2 else "X2",
        content_hash=f"{i:040d}", is_conversation=conv))
    if conv:
        conn.execute(schema.messages.insert(), [
            {"record_id": i, "turn": 0, "role": "customer", "sent_at": created, "text": text},
            {"record_id": i, "turn": 1, "role": "agent", "sent_at": created + timedelta(minutes=2),
             "agent": "小王", "text": "非常抱歉给您带来不便，我马上为您处理。"}])
    sentiment = "negative" if negative else "neutral"
    start = text.index(TEXTS[leaf][:4])
    conn.execute(schema.tags.insert().values(
        record_id=i, node_key=leaf, path=dict((k, p) for k, _, p, _ in NODES)[leaf], taxonomy_version_id=ver,
        sentiment=sentiment, evidence=TEXTS[leaf][:4], span_start=start, span_end=start + 4, method="rule",
        confidence=0.9))
    conn.execute(schema.assessments.insert().values(record_id=i, sentiment=sentiment, intent="complaint",
                                                    dissatisfaction=0.8 if negative else 0.1, confidence=0.9,
                                                    method="rule"))
    truth["leaf"][leaf] = truth["leaf"].get(leaf, 0) + 1
    truth["channel"][channel] = truth["channel"].get(channel, 0) + 1
    if negative:
        truth["negative"].add(i)
