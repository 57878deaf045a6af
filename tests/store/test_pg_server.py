"""The test PostgreSQL cluster itself: fresh databases with pg_trgm, isolated from each other."""

from __future__ import annotations

import subprocess

import psycopg
import pytest

from tests.pg_server import OWNER_FILE, PgServer, PgServerError, find_bin_dir, sweep_orphans


def _scalar(url: str, sql: str) -> object:
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain) as conn:
        row = conn.execute(sql).fetchone()  # type: ignore[arg-type]
    assert row is not None
    return row[0]


def test_fresh_database_has_trigram_extension(pg_url: str) -> None:
    assert _scalar(pg_url, "SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'") == 1
    assert _scalar(pg_url, "SELECT current_setting('server_encoding')") == "UTF8"


def test_databases_are_isolated(pg_server: PgServer) -> None:
    a, b = pg_server.new_database(), pg_server.new_database()
    assert a != b
    plain = a.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute("CREATE TABLE only_in_a (x int)")
    assert _scalar(b, "SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_a'") == 0
    pg_server.drop_database(a)
    pg_server.drop_database(b)


def test_missing_binaries_name_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tests.pg_server.PG_BIN_DIRS", ("/nonexistent",))
    monkeypatch.setenv("KESHENG_PG_BIN", "/nonexistent")
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(PgServerError, match="postgresql-15"):
        find_bin_dir()


def test_cluster_of_a_killed_session_is_swept(pg_server: PgServer) -> None:
    orphan = PgServer()
    orphan.start()
    try:
        dead = subprocess.Popen(["true"])
        dead.wait()
        (orphan.base / OWNER_FILE).write_text(str(dead.pid), encoding="ascii")  # its session died
        sweep_orphans(orphan.bin_dir, orphan._cmd)
        assert not orphan.base.exists()
        with pytest.raises(psycopg.OperationalError):
            psycopg.connect(host="127.0.0.1", port=orphan.port, user="postgres", dbname="postgres", connect_timeout=5)
        assert pg_server.running and (pg_server.base / OWNER_FILE).exists()  # the live session's cluster stays
    finally:
        orphan.stop()
