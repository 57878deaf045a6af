"""PostgreSQL projects: clear connection errors, pg_trgm search for Chinese, cube freshness, parity with SQLite."""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.engine import make_url

from tests.analysis.builders import Rec, add_records, setup_taxonomy
from tests.ingest.helpers import records, xlsx
from tests.pg_server import PgServer
from workbench.errors import ProjectError
from workbench.ingest.pipeline import import_files
from workbench.project import Project
from workbench.queries import aggregates
from workbench.store import fts, migrations, schema
from workbench.types import RecordFilter


def _with(url: str, **parts: object) -> str:
    return make_url(url).set(**parts).render_as_string(hide_password=False)  # type: ignore[arg-type]


def test_unreachable_server_is_one_sentence(pg_url: str) -> None:
    with pytest.raises(ProjectError, match=r"^cannot connect to the PostgreSQL server at 127\.0\.0\.1:1/") as info:
        Project.open(_with(pg_url, port=1))
    assert "\n" not in str(info.value)


def test_missing_database_names_it_and_how_to_create_it(pg_url: str) -> None:
    with pytest.raises(ProjectError, match=r"the database 'no_such_db' does not exist .*createdb no_such_db"):
        Project.open(_with(pg_url, database="no_such_db"))


def test_unknown_user_is_a_login_error_without_the_password(pg_url: str) -> None:
    with pytest.raises(ProjectError, match="refused the login for user 'nobody'") as info:
        Project.open(_with(pg_url, username="nobody", password="s3cret-pw"))
    assert "s3cret-pw" not in str(info.value)


def test_other_database_kinds_are_refused_clearly() -> None:
    with pytest.raises(ProjectError, match="mysql databases are not supported"):
        Project.open("mysql://u@localhost/db")


def test_plain_postgresql_url_uses_psycopg(pg_url: str) -> None:
    with Project.open(pg_url.replace("postgresql+psycopg://", "postgresql://")) as project:
        assert project.engine.dialect.driver == "psycopg"
        assert project.stats().records == 0


def test_foreign_database_is_refused_untouched(pg_server: PgServer) -> None:
    url = pg_server.new_database()
    with Project.open(url) as project, project.write() as conn:  # a database already used by something else
        conn.execute(text("DROP TABLE schema_version"))
    with pytest.raises(ProjectError, match="not a Kesheng project"):
        Project.open(url)
    pg_server.drop_database(url)


def test_analysts_opening_a_new_project_at_once_migrate_it_once(pg_url: str) -> None:
    opened: list[Project] = []
    errors: list[Exception] = []
    start = threading.Barrier(4)

    def open_() -> None:
        try:
            start.wait()
            opened.append(Project.open(pg_url))
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and len(opened) == 4
    with opened[0].read() as conn:
        versions = conn.execute(select(schema.schema_version.c.version)).scalars().all()
    assert sorted(versions) == list(range(1, migrations.CURRENT + 1))  # every step applied exactly once
    for project in opened:
        project.close()


@pytest.fixture
def searchable(pg_url: str) -> Project:
    project = Project.open(pg_url)
    setup_taxonomy(project)
    add_records(project, [
        Rec("快递太慢了而且包装破损", datetime(2024, 3, 1), [("log.speed", "negative")]),
        Rec("退款一直没到账", datetime(2024, 3, 2), [("ref.refund", "negative")]),
        Rec("iPhone 电池鼓包", datetime(2024, 3, 3), [("prod.battery", "negative")]),
        Rec("折扣100%_真的吗", datetime(2024, 3, 4)),
    ])
    return project


def test_trigram_index_serves_chinese_search(searchable: Project) -> None:
    with searchable.write() as conn:
        assert fts.ensure_fts(conn) and fts.ensure_fts(conn)  # idempotent
    with searchable.read() as conn:
        assert fts.has_fts(conn)
        assert conn.execute(text("SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'")).scalar_one() == 1
        conn.execute(text("SET LOCAL enable_seqscan = off"))  # tiny table: make the planner show it can use the index
        plan = "\n".join(conn.execute(text("EXPLAIN SELECT id FROM records WHERE text ILIKE '%包装破损%'")).scalars())
        assert fts.PG_INDEX in plan
        assert len(fts.search_ids(conn, "包装破损")) == 1
        assert len(fts.search_ids(conn, "鼓包")) == 1  # two characters: no trigram, still found
        assert len(fts.search_ids(conn, "IPHONE")) == 1  # Latin letters ignore case
        assert len(fts.search_ids(conn, "快递 破损")) == 1
        assert fts.search_ids(conn, "包装破损 退款") == []
        assert len(fts.search_ids(conn, "100%_")) == 1 and fts.search_ids(conn, "1_0") == []  # literal % and _
        assert len(fts.search_ids(conn, '"退款')) == 0
    add_records(searchable, [Rec("包装破损严重", datetime(2024, 3, 6))])
    with searchable.read() as conn:
        assert len(fts.search_ids(conn, "包装破损")) == 2
    assert aggregates.tree_aggregate(searchable, RecordFilter(text="退款")).nodes["ref"].count == 1
    searchable.close()


def test_cube_sees_updates_through_triggers(searchable: Project) -> None:
    assert aggregates.tree_aggregate(searchable).nodes["log"].negative == 1
    with searchable.write() as conn:  # an analyst relabels: same counts and ids, different sentiment
        conn.execute(update(schema.tags).values(sentiment="positive").where(schema.tags.c.node_key == "log.speed"))
    assert aggregates.tree_aggregate(searchable).nodes["log"].negative == 0
    assert aggregates.tree_aggregate(searchable) == aggregates.tree_aggregate(searchable, use_cube=False)
    searchable.close()


def test_long_values_behave_alike_on_both_backends(backend_project: Project, tmp_path: Path) -> None:
    long_product, long_channel = "超长的产品名称" * 60, "渠道" * 50
    path = xlsx(tmp_path / "long.xlsx", [["时间", "内容", "产品", "渠道"],
                                         ["2024-03-01 10:00", "东西很好但是物流太慢", long_product, long_channel]])
    (report,) = import_files(backend_project, [str(path)])
    assert report.imported == 1
    (rec,) = records(backend_project)
    assert rec["product"] == long_product[:255] and rec["channel"] == long_channel[:64]  # clipped alike
    long_model = "m" * 400  # lengths in the schema are not enforced on SQLite, so not on PostgreSQL either
    with backend_project.write() as conn:
        conn.execute(schema.runs.insert().values(kind="tag", status="complete", model=long_model,
                                                 started_at=datetime(2024, 1, 1), params={}))
    with backend_project.read() as conn:
        assert conn.execute(select(schema.runs.c.model)).scalar_one() == long_model
