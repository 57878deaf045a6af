"""Build constructed projects directly in the store: a taxonomy, records, tags and assessments."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from workbench.project import Project
from workbench.store import schema

TREE = [  # key, parent, path, level
    ("log", None, "物流", 1),
    ("log.speed", "log", "物流/配送时效", 2),
    ("log.damage", "log", "物流/包装破损", 2),
    ("ref", None, "售后", 1),
    ("ref.refund", "ref", "售后/退款", 2),
    ("ref.return", "ref", "售后/退货", 2),
    ("prod", None, "产品", 1),
    ("prod.battery", "prod", "产品/电池", 2),
]


@dataclass
class Rec:
    """One record to insert, with its tags as (node_key, sentiment)."""

    text: str
    at: datetime
    tags: Sequence[tuple[str, str]] = ()
    channel: str = "chat"
    product: str | None = None
    rating: float | None = None
    customer: str | None = None
    sentiment: str | None = None
    dissatisfaction: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)


def setup_taxonomy(project: Project, tree: Sequence[tuple[str, str | None, str, int]] = TREE) -> int:
    """Write a current taxonomy version with ``tree``; returns its id."""
    with project.write() as conn:
        version = conn.execute(schema.taxonomy_versions.insert().values(
            created_at=datetime(2024, 1, 1), note="test", is_current=True)
            .returning(schema.taxonomy_versions.c.id)).scalar_one()
        conn.execute(schema.taxonomy_nodes.insert(), [
            {"version_id": version, "key": k, "parent_key": p, "path": path, "name": path.rsplit("/", 1)[-1],
             "level": level, "keywords": [path.rsplit("/", 1)[-1]]} for k, p, path, level in tree])
    return int(version)


def add_records(project: Project, recs: Sequence[Rec], source_id: int | None = None) -> list[int]:
    """Insert records with their tags and assessments; returns the new record ids in order."""
    paths = {k: path for k, _p, path, _l in TREE}
    ids = []
    with project.write() as conn:
        if source_id is None:
            source_id = conn.execute(schema.sources.insert().values(
                kind="csv", path="t.csv", imported_at=datetime(2024, 1, 1)).returning(schema.sources.c.id)).scalar_one()
        for rec in recs:
            rid = conn.execute(schema.records.insert().values(
                source_id=source_id, channel=rec.channel, created_at=rec.at, text=rec.text, rating=rec.rating,
                product=rec.product, customer_key=rec.customer, extra=rec.extra or None,
                content_hash=hashlib.sha1(rec.text.encode()).hexdigest()).returning(schema.records.c.id)).scalar_one()
            ids.append(int(rid))
            for key, sentiment in rec.tags:
                conn.execute(schema.tags.insert().values(record_id=rid, node_key=key, path=paths.get(key, key),
                                                         sentiment=sentiment, method="rule"))
            if rec.sentiment:
                conn.execute(schema.assessments.insert().values(
                    record_id=rid, sentiment=rec.sentiment, dissatisfaction=rec.dissatisfaction, method="rule"))
    return ids
