"""PostgreSQL projects: the engine (psycopg 3, a small pool) and one-sentence connection errors.

A project URL is ``postgresql+psycopg://user[:password]@host[:port]/database``; a plain
``postgresql://`` or ``postgres://`` URL is read as psycopg 3 too. The engine is pooled (an analyst's
GUI reads on a few threads while one writer imports or tags) and pings connections before use, so a
restarted server costs one reconnect, not an error. Error messages never show the password.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import URL
from sqlalchemy.exc import NoSuchModuleError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.types import String

from workbench.errors import ProjectError

POOL_SIZE = 5
MAX_OVERFLOW = 10
CONNECT_TIMEOUT_S = 10
APPLICATION_NAME = "kesheng"
# day buckets read the text of a timestamp (substr(CAST(created_at AS VARCHAR), 1, 10)): make it ISO
# whatever the server's default DateStyle is
SESSION_OPTIONS = "-c DateStyle=ISO,YMD -c IntervalStyle=postgres"
PROJECT_LOCK = 0x4B5301  # pg_advisory_xact_lock key held while a project is migrated


@compiles(String, "postgresql")
def _unbounded_varchar(type_: String, compiler: Any, **kw: Any) -> str:
    """``String(n)`` is VARCHAR without a limit on PostgreSQL, as on SQLite.

    The lengths in the schema document intent; SQLite never enforces them, so a 300-character product
    name imports there. Enforcing them on PostgreSQL alone would make the same file fail to import.
    """
    return "VARCHAR"


def is_postgres(url: URL) -> bool:
    """Whether ``url`` names a PostgreSQL database (any driver spelling)."""
    return url.get_backend_name() in ("postgresql", "postgres")


def normalise(url: URL) -> URL:
    """The URL with the psycopg 3 driver (``postgresql://`` would otherwise ask for psycopg2)."""
    return url.set(drivername="postgresql+psycopg")


def display(url: URL) -> str:
    """``host:port/database`` for messages (no user, no password)."""
    return f"{url.host or 'localhost'}:{url.port or 5432}/{url.database or ''}"


def make_engine(url: URL) -> Engine:
    """A pooled psycopg engine for a PostgreSQL project URL (connects lazily).

    Raises:
        ProjectError: the psycopg driver is not installed.
    """
    url = normalise(url)
    try:
        return create_engine(
            url, pool_size=POOL_SIZE, max_overflow=MAX_OVERFLOW, pool_pre_ping=True, pool_recycle=1800,
            connect_args={"connect_timeout": CONNECT_TIMEOUT_S, "application_name": APPLICATION_NAME,
                          "options": SESSION_OPTIONS})
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        raise ProjectError.of("errors.project.psycopg") from exc


def connect_error(exc: BaseException, url: URL) -> ProjectError:
    """One clear sentence for a failure to open the PostgreSQL project at ``url``."""
    orig: Any = getattr(exc, "orig", None) or exc
    state = getattr(orig, "sqlstate", None) or ""
    detail = str(orig).strip()
    low = detail.lower()
    where = display(url)
    if state == "3D000" or ("database" in low and "does not exist" in low):
        return ProjectError.of("errors.project.pg_no_db", database=url.database, host=url.host or "localhost",
                               port=url.port or 5432)
    if state.startswith("28") or "authentication failed" in low or ("role" in low and "does not exist" in low):
        return ProjectError.of("errors.project.pg_login", where=where, user=url.username)
    if "no pg_hba.conf entry" in low:
        return ProjectError.of("errors.project.pg_hba", where=where)
    if any(s in low for s in ("connection refused", "could not connect", "connection failed", "timeout expired",
                              "could not translate host name", "name or service not known")):
        return ProjectError.of("errors.project.pg_connect", where=where)
    if state == "42501" or "permission denied" in low:
        return ProjectError.of("errors.project.pg_permission", where=where, user=url.username)
    first = detail.splitlines()[0] if detail else type(orig).__name__
    return ProjectError.of("errors.project.pg_open", where=where, reason=first)
