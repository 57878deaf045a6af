"""Fixtures for taxonomy tests: a small tree saved in a project, records and tags inserted directly."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from workbench.project import Project
from workbench.store import schema
from workbench.taxonomy.model import Taxonomy
from workbench.taxonomy.repository import save_version
from workbench.taxonomy.tree import Draft, from_drafts

PATHS = [
    ("物流", "配送时效", "发货慢"), ("物流", "配送时效", "配送慢"), ("物流", "包装", "破损"),
    ("产品", "质量", "续航"), ("产品", "质量", "发烫"), ("售后", "退款"),
]


def small_tree() -> Taxonomy:
    return from_drafts(Draft(names=p, keywords=(p[-1],)) for p in PATHS)


@pytest.fixture
def saved(project: Project) -> Project:
    """The project with the small tree saved as version 1."""
    save_version(project, small_tree(), "first")
    return project


def add_records(project: Project, n: int) -> list[int]:
    with project.write() as conn:
        source = conn.execute(schema.sources.insert().values(kind="csv", path="x.csv", mapping={},
                                                             imported_at=datetime(2024, 1, 1), counts={},
                                                             report={})).inserted_primary_key[0]  # type: ignore[index]
        ids = []
        for i in range(n):
            ids.append(int(conn.execute(schema.records.insert().values(
                source_id=source, source_row=i, text=f"记录{i}", content_hash=f"h{i}",
                channel="review")).inserted_primary_key[0]))  # type: ignore[index]
    return ids


def tag(project: Project, record_id: int, path: str) -> None:
    with project.read() as conn:
        vid, key = conn.execute(select(schema.taxonomy_nodes.c.version_id, schema.taxonomy_nodes.c.key).join(
            schema.taxonomy_versions, schema.taxonomy_versions.c.id == schema.taxonomy_nodes.c.version_id).where(
            schema.taxonomy_versions.c.is_current, schema.taxonomy_nodes.c.path == path)).one()
    with project.write() as conn:
        conn.execute(schema.tags.insert().values(record_id=record_id, node_key=key, path=path,
                                                 taxonomy_version_id=vid, method="llm", evidence="x"))


def tags_of(project: Project) -> list[tuple[int, str, str, int]]:
    """(record_id, node_key, path, taxonomy_version_id) of every tag, sorted."""
    t = schema.tags
    with project.read() as conn:
        rows = conn.execute(select(t.c.record_id, t.c.node_key, t.c.path, t.c.taxonomy_version_id)).all()
    return sorted((int(a), str(b), str(c), int(d)) for a, b, c, d in rows)
