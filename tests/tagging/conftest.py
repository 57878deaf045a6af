"""Shared helpers for the tagging tests: a small food-delivery taxonomy, records, and tag listings."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.reports.conftest import tagged_project  # noqa: F401 (fixture)
from workbench.project import Project
from workbench.store import schema
from workbench.taxonomy.model import Node, Taxonomy
from workbench.taxonomy.repository import save_version


def small_taxonomy() -> Taxonomy:
    """Two levels, a handful of leaves with descriptions and keywords."""
    return Taxonomy([
        Node("k1_0", None, "产品", "产品", 1),
        Node("k2_0", "k1_0", "产品/口味", "口味", 2, description="饭菜的味道好坏", keywords=("好吃", "难吃", "味道")),
        Node("k2_1", "k1_0", "产品/温度", "温度", 2, description="送到时饭菜凉了或不够热", keywords=("凉了", "冰的")),
        Node("k2_2", "k1_0", "产品/包装", "包装", 2, description="包装破损、汤汁洒漏",
             keywords=("包装", "洒了", "撒了")),
        Node("k1_1", None, "物流", "物流", 1),
        Node("k2_3", "k1_1", "物流/配送时效", "配送时效", 2, description="送达太慢、超时、等待时间长",
             keywords=("慢", "超时", "等了")),
        Node("k1_2", None, "服务", "服务", 1),
        Node("k2_4", "k1_2", "服务/客服态度", "客服态度", 2, description="客服的服务态度", keywords=("客服", "态度差")),
    ])


def add_records(project: Project, texts: list[str],
                conversations: list[list[tuple[str, str]]] | None = None) -> list[int]:
    """Insert ``texts`` (and ``conversations``: lists of (role, text) turns) as records of one source.

    A conversation's record text is its customer turns joined by newlines. Returns the ids in order.
    """
    with project.write() as conn:
        source = conn.execute(schema.sources.insert().values(
            kind="csv", path="test.csv", mapping={}, imported_at=datetime(2026, 1, 1), status="complete",
            counts={}, report={})).inserted_primary_key[0]
        ids = []
        for i, text in enumerate(texts):
            rid = conn.execute(schema.records.insert().values(
                source_id=source, source_row=i + 2, channel="review", text=text,
                created_at=datetime(2026, 1, 1 + i % 28), content_hash=hashlib.sha1(f"{i}{text}".encode()).hexdigest(),
            )).inserted_primary_key[0]
            ids.append(int(rid))
        for j, turns in enumerate(conversations or []):
            text = "\n".join(t for role, t in turns if role == "customer")
            rid = conn.execute(schema.records.insert().values(
                source_id=source, source_row=len(texts) + j + 2, channel="chat", text=text, is_conversation=True,
                created_at=datetime(2026, 1, 1), content_hash=hashlib.sha1(f"c{j}{text}".encode()).hexdigest(),
            )).inserted_primary_key[0]
            conn.execute(schema.messages.insert(), [dict(record_id=rid, turn=k, role=role, text=t)
                                                    for k, (role, t) in enumerate(turns, 1)])
            ids.append(int(rid))
    return ids


def all_tags(project: Project) -> list[tuple[int, str, str, str | None]]:
    """Every tag as (record id, path, method, evidence), sorted."""
    t = schema.tags
    with project.read() as conn:
        rows = conn.execute(select(t.c.record_id, t.c.path, t.c.method, t.c.evidence)).all()
    return sorted(((int(r), str(p), str(m), e) for r, p, m, e in rows), key=lambda x: (x[0], x[1], x[2], x[3] or ""))


@pytest.fixture
def project(backend_project: Project) -> Project:
    """A new, empty project on SQLite and on PostgreSQL (the test runs once on each)."""
    return backend_project


@pytest.fixture
def tax_project(backend_target: str) -> Iterator[Project]:
    """A new project with :func:`small_taxonomy` as its current taxonomy, on SQLite and on PostgreSQL."""
    project = Project.open(backend_target)
    save_version(project, small_taxonomy(), "test")
    yield project
    project.close()


@pytest.fixture
def tagged_project_copy(tagged_project: str, tmp_path: Path) -> str:  # noqa: F811
    """A writable copy of the reports' tagged project."""
    target = tmp_path / "copy.kesheng"
    shutil.copyfile(tagged_project, target)
    return str(target)


def rule_tagged(project: Project, texts: list[str]) -> list[int]:
    """``project`` with the small taxonomy, ``texts`` as records, tagged by the rules and the student (no model)."""
    from workbench.tagging.run import TagOptions, tag_project

    save_version(project, small_taxonomy(), "t")
    ids = add_records(project, texts)
    tag_project(project, TagOptions(llm_budget=0))
    return ids
