"""A throwaway PostgreSQL 15 cluster for the test suite.

One cluster is started per test session (``initdb -A trust`` into a temporary folder, listening on
127.0.0.1 on a free port, its socket in the same folder, fsync off) and stopped at session end by the
``pg_server`` fixture's finalizer and, as a safety net, by :mod:`atexit`; a cluster left by a session
that was killed outright is swept away by the next session. Each test gets a fresh
database cloned from a template that already has the ``pg_trgm`` extension, which costs a few tens
of milliseconds.

When the process runs as root the cluster runs as the ``postgres`` user (PostgreSQL refuses root).
Missing binaries are an error with one sentence naming the package to install, never a skip.

Usage from tests::

    def test_something(pg_url: str) -> None:       # a fresh, empty database URL
        project = Project.open(pg_url)

    def test_two(pg_server: PgServer) -> None:      # more databases in one test
        url_a, url_b = pg_server.new_database(), pg_server.new_database()
"""

from __future__ import annotations

import atexit
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

PG_BIN_DIRS = ("/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/17/bin")
TEMPLATE = "kesheng_template"
PREFIX = "kesheng-pg-"
OWNER_FILE = "owner.pid"
USER = "postgres"


class PgServerError(RuntimeError):
    """The test PostgreSQL cluster could not be started."""


def find_bin_dir() -> Path:
    """The folder holding ``initdb`` and ``pg_ctl``; env ``KESHENG_PG_BIN`` overrides.

    Raises:
        PgServerError: no PostgreSQL server binaries are installed.
    """
    candidates = [os.environ.get("KESHENG_PG_BIN", ""), *PG_BIN_DIRS]
    for folder in candidates:
        if folder and (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).parent
    raise PgServerError("PostgreSQL server binaries (initdb, pg_ctl) were not found; install the Debian package "
                        "postgresql-15 (apt-get install postgresql-15 postgresql-contrib) or set KESHENG_PG_BIN")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_orphans(bin_dir: Path, cmd: Callable[..., list[str]]) -> None:
    """Stop and delete clusters left by test sessions that died without cleaning up (SIGKILL, power loss)."""
    for owner in Path(tempfile.gettempdir()).glob(f"{PREFIX}*/{OWNER_FILE}"):
        try:
            pid = int(owner.read_text(encoding="ascii"))
        except (OSError, ValueError):
            continue
        if pid == os.getpid() or _alive(pid):
            continue
        data = owner.parent / "data"
        if (data / "postmaster.pid").exists():
            subprocess.run(cmd(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"),
                           capture_output=True, timeout=60, check=False)
        shutil.rmtree(owner.parent, ignore_errors=True)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PgServer:
    """A PostgreSQL cluster in a temporary folder; :meth:`start` it, :meth:`stop` it (idempotent)."""

    def __init__(self) -> None:
        self.bin_dir = find_bin_dir()
        self.base = Path(tempfile.mkdtemp(prefix=PREFIX))
        self.data = self.base / "data"
        self.port = 0
        self.running = False
        self._counter = itertools.count(1)
        self._as_root = hasattr(os, "geteuid") and os.geteuid() == 0

    def _cmd(self, *args: str) -> list[str]:
        return ["runuser", "-u", USER, "--", *args] if self._as_root else list(args)

    def _run(self, *args: str) -> None:
        proc = subprocess.run(self._cmd(*args), capture_output=True, text=True, timeout=120, check=False)
        if proc.returncode != 0:
            raise PgServerError(f"{Path(args[0]).name} failed: {(proc.stderr or proc.stdout).strip()[-800:]}")

    def start(self) -> None:
        """initdb, start on a free port and prepare the template database."""
        sweep_orphans(self.bin_dir, self._cmd)
        (self.base / OWNER_FILE).write_text(str(os.getpid()), encoding="ascii")
        if self._as_root:
            shutil.chown(self.base, user=USER)
        self._run(str(self.bin_dir / "initdb"), "-D", str(self.data), "-A", "trust", "-U", USER,
                  "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        for attempt in range(3):
            self.port = _free_port()
            opts = (f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c fsync=off "
                    "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
            try:
                self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-l", str(self.base / "server.log"),
                          "-o", opts, "-w", "-t", "60", "start")
                break
            except PgServerError:
                if attempt == 2:
                    raise PgServerError(f"PostgreSQL did not start: {self.log_tail()}") from None
        self.running = True
        atexit.register(self.stop)
        self._admin(f"CREATE DATABASE {TEMPLATE} TEMPLATE template0 ENCODING 'UTF8'")
        self._admin("CREATE EXTENSION IF NOT EXISTS pg_trgm", database=TEMPLATE)

    def log_tail(self) -> str:
        log = self.base / "server.log"
        return log.read_text(errors="replace")[-800:] if log.exists() else "(no server log)"

    def url(self, database: str) -> str:
        """The SQLAlchemy URL of ``database`` on this cluster."""
        return f"postgresql+psycopg://{USER}@127.0.0.1:{self.port}/{database}"

    def _admin(self, sql: str, database: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=USER, dbname=database, autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def new_database(self) -> str:
        """Create a fresh database (with pg_trgm) and return its URL."""
        name = f"kt_{os.getpid()}_{next(self._counter)}"
        self._admin(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """Drop the database of ``url`` (made by :meth:`new_database`), closing its connections."""
        if self.running:
            self._admin(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[-1]} WITH (FORCE)")

    def stop(self) -> None:
        """Stop the cluster and delete its folder; safe to call twice."""
        if self.running:
            self.running = False
            subprocess.run(self._cmd(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "immediate",
                                     "-w", "stop"), capture_output=True, timeout=60, check=False)
        shutil.rmtree(self.base, ignore_errors=True)


_SERVER: PgServer | None = None


def get_server() -> PgServer:
    """The session's running cluster, started on first use."""
    global _SERVER
    if _SERVER is None or not _SERVER.running:
        server = PgServer()
        try:
            server.start()
        except BaseException:
            server.stop()
            raise
        _SERVER = server
    return _SERVER


def stop_server() -> None:
    """Stop the session's cluster if one was started."""
    global _SERVER
    if _SERVER is not None:
        _SERVER.stop()
        _SERVER = None
