"""`kesheng copy`: a project moves SQLite → PostgreSQL → SQLite with every row, id and link intact."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.pg_server import PgServer
from tests.ui.sample_project import fill
from workbench.cli import main
from workbench.errors import Cancelled, ProjectError
from workbench.progress import CancelToken
from workbench.project import Project
from workbench.queries import records
from workbench.store import schema
from workbench.store.copy import copy_project, display_target
from workbench.types import RecordFilter


def _dump(target: str) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, sorted: what a faithful copy must reproduce exactly."""
    out: dict[str, list[tuple[object, ...]]] = {}
    with Project.open(target, create=False) as project, project.read() as conn:
        for table in schema.metadata.sorted_tables:
            if table.name == "schema_version":
                continue
            rows = conn.execute(select(table)).all()
            out[table.name] = sorted(tuple(json.dumps(v, sort_keys=True, default=str) for v in r) for r in rows)
    return out


@pytest.fixture
def source(tmp_path: Path) -> str:
    target = str(tmp_path / "source.kesheng")
    with Project.open(target) as project:
        fill(project, n=120)
    return target


def test_round_trip_sqlite_postgresql_sqlite(source: str, pg_url: str, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["copy", source, pg_url, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["rows"]["records"] == 120 and report["total"] > 120
    back = str(tmp_path / "back.kesheng")
    assert main(["copy", pg_url, back]) == 0
    assert "copied 120 records" in capsys.readouterr().out
    original = _dump(source)
    assert _dump(pg_url) == original
    assert _dump(back) == original
    with Project.open(source) as first:
        expected = first.stats(), records.count(first, RecordFilter(text="电池鼓包"))
    with Project.open(pg_url) as project:
        assert (project.stats(), records.count(project, RecordFilter(text="电池鼓包"))) == expected
        assert expected[1] > 0
        with project.write() as conn:  # the id sequences continue after the copied ids
            new = conn.execute(schema.sources.insert().values(
                kind="csv", path="more.csv", mapping={}, imported_at=project.stats().first, counts={},
                report={})).inserted_primary_key[0]  # type: ignore[index]
            top = conn.execute(select(func.max(schema.sources.c.id))).scalar_one()
        assert new == top


def test_refuses_non_empty_destination_and_same_project(source: str, tmp_path: Path) -> None:
    other = str(tmp_path / "other.kesheng")
    with Project.open(other) as project:
        fill(project, n=5)
    before = Path(other).read_bytes()
    with pytest.raises(ProjectError, match="already holds a project"):
        copy_project(source, other)
    assert Path(other).read_bytes() == before
    with pytest.raises(ProjectError, match="the same project"):
        copy_project(source, str(Path(source).parent / "." / "source.kesheng"))
    with pytest.raises(ProjectError, match="no project at"):
        copy_project(str(tmp_path / "missing.kesheng"), str(tmp_path / "new.kesheng"))


def test_cancel_leaves_destination_empty(source: str, pg_server: PgServer) -> None:
    url = pg_server.new_database()
    token = CancelToken()
    seen: list[float] = []

    def progress(fraction: float, message: str = "") -> None:
        seen.append(fraction)
        token.cancel()

    try:
        with pytest.raises(Cancelled):
            copy_project(source, url, progress, token)
        assert seen
        with Project.open(url) as project:
            assert project.stats().records == 0 and project.stats().sources == 0
        copy_project(source, url)  # and a second attempt succeeds
        with Project.open(url) as project:
            assert project.stats().records == 120
    finally:
        pg_server.drop_database(url)


def test_display_target_hides_passwords() -> None:
    assert display_target("postgresql+psycopg://ana:s3cret@db.local/voc") == "postgresql+psycopg://ana:***@db.local/voc"
    assert display_target("/home/ana/p.kesheng") == "/home/ana/p.kesheng"
