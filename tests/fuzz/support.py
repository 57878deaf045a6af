"""Shared pieces of the fuzzers: the tally of inputs tried, byte mutations, and the import oracle.

The oracle states what every input must give: either a correct import (row counts add up, the store
passes ``PRAGMA integrity_check``) or a :class:`~workbench.errors.KeshengError` with one clear sentence
and the store exactly as it was. Anything else (another exception, a hang) is a finding.
"""

from __future__ import annotations

import os
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from workbench.errors import KeshengError
from workbench.project import Project
from workbench.store import schema

STRESS = os.environ.get("KESHENG_STRESS") == "1"
TIMEOUT = 7200 if STRESS else 600
"""Per-test limit (pytest-timeout): a hang fails the test; each example also has a hypothesis deadline."""
CORPUS = Path(__file__).resolve().parent / "corpus"
T = TypeVar("T")


@dataclass
class Tally:
    """Examples tried and failures found per fuzzed area, for the session summary."""

    examples: Counter[str] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)

    @contextmanager
    def example(self, area: str) -> Iterator[None]:
        """Count one example of ``area``; a failing one is counted as a failure too."""
        self.examples[area] += 1
        try:
            yield
        except BaseException:
            self.failures[area] += 1
            raise


TALLY = Tally()


_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much,
            HealthCheck.function_scoped_fixture]
# The deadline is the per-example hang guard: generous, so a loaded 2-core machine never trips it.
# The fast profile is derandomised so `make test` is repeatable; the stress profile explores afresh each run.
settings.register_profile("kesheng-fast", deadline=timedelta(seconds=30), derandomize=True, database=None,
                          suppress_health_check=_SLOW_OK, print_blob=True)
settings.register_profile("kesheng-stress", deadline=timedelta(seconds=30), database=None,
                          suppress_health_check=_SLOW_OK, print_blob=True)


def budget(fast: int, stress: int) -> settings:
    """Settings of one fuzz target: ``fast`` examples under ``make test``, ``stress`` under ``KESHENG_STRESS=1``
    (times ``KESHENG_STRESS_SCALE``, default 1, for a shorter or longer stress run). Only these tests get the
    profile: hypothesis defaults elsewhere in the suite stay as they are."""
    scale = float(os.environ.get("KESHENG_STRESS_SCALE", "1"))
    profile = settings.get_profile("kesheng-stress" if STRESS else "kesheng-fast")
    return settings(profile, max_examples=max(1, int(stress * scale)) if STRESS else fast)


# ---- byte mutations -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Mutation:
    """One edit of a byte string; positions are fractions so they fit any seed length."""

    op: str
    at: float
    data: bytes = b""
    length: int = 1

    def apply(self, raw: bytes) -> bytes:
        pos = int(self.at * len(raw))
        if self.op == "flip" and raw:
            pos = min(pos, len(raw) - 1)
            return raw[:pos] + bytes([raw[pos] ^ (self.data[0] if self.data else 0xFF)]) + raw[pos + 1:]
        if self.op == "insert":
            return raw[:pos] + self.data + raw[pos:]
        if self.op == "delete":
            return raw[:pos] + raw[pos + self.length:]
        if self.op == "truncate":
            return raw[:pos]
        if self.op == "repeat":
            return raw[:pos] + raw[pos:pos + self.length] * 50 + raw[pos:]
        return raw


INTERESTING = [b"\x00", b"\xef\xbb\xbf", b"\xff\xfe", b"\r", b"\r\n", b"\n\r", b'"', b'""', b",", b"\t", b";",
               b"=cmd|' /C calc'!A0", b"\x80", b"\xc3", b"\xe4\xb8", b"\x81\x30", b"{", b"}", b"[", b"]", b"\\",
               b"\xed\xa0\x80", b"'", b"%", b"\x1a", b"\x7f", b"null", b"NaN", b"1e999", b"-"]

mutations = st.builds(
    Mutation,
    op=st.sampled_from(["flip", "insert", "delete", "truncate", "repeat"]),
    at=st.floats(0, 1),
    data=st.one_of(st.sampled_from(INTERESTING), st.binary(min_size=1, max_size=12)),
    length=st.integers(1, 64),
)


def mutate(raw: bytes, edits: list[Mutation]) -> bytes:
    """Apply the edits in order."""
    for edit in edits:
        raw = edit.apply(raw)
    return raw


# ---- hostile text ---------------------------------------------------------------------------------------

HOSTILE = ["", " ", "\x00", "\ufeff", "\u202e", "\u200b", "=1+1", "+1", "-1", "@SUM(A1)", "\t=x", "\r=x", "'",
           '"', '""', "\\", "%", "_", "'; DROP TABLE records; --", '") OR 1=1 --', "\r\n", "\n", "\r", "𠀀", "ｆｕｌｌ",
           "1e999", "NaN", "null", "2024-13-45", "0x10", "１２", "²", "٣", "物流太慢", "退款", "a" * 300]
cells = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40),
                  st.text(alphabet=st.characters(codec="utf-8"), max_size=20))


def safe_call(fn: Callable[[], T]) -> T | KeshengError:
    """Run ``fn``; a KeshengError is returned (checked to be one sentence), anything else propagates."""
    try:
        return fn()
    except KeshengError as exc:
        message = str(exc)
        assert message.strip(), f"{type(exc).__name__} with an empty message"
        assert "Traceback" not in message
        return exc


# ---- the import oracle ----------------------------------------------------------------------------------

def table_counts(project: Project) -> dict[str, int]:
    """Rows in every table of the store."""
    with project.read() as conn:
        return {name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
                for name, t in schema.metadata.tables.items()}


def integrity_ok(path: Path) -> bool:
    """``PRAGMA integrity_check`` of a SQLite project file says ok."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


@dataclass
class Outcome:
    """What one import attempt gave."""

    error: KeshengError | None = None
    read: int = 0
    imported: int = 0
    header_row: int = 0
    reports: list[Any] = field(default_factory=list)


def check_import(folder: Path, files: list[Path], **options: Any) -> Outcome:
    """Import ``files`` into a fresh project in ``folder`` and check the oracle; returns what happened."""
    from workbench.ingest.pipeline import ImportOptions, import_files

    store = folder / "fuzz.kesheng"
    project = Project.open(store)
    try:
        before = table_counts(project)
        result = safe_call(lambda: import_files(project, [str(f) for f in files], ImportOptions(**options)))
        after = table_counts(project)
    finally:
        project.close()
    assert integrity_ok(store), "the project fails PRAGMA integrity_check"
    if isinstance(result, KeshengError):
        assert after == before, f"a failed import changed the store: {before} -> {after}"
        return Outcome(error=result)
    imported = sum(r.imported for r in result)
    assert after["records"] - before["records"] == imported, "records stored differ from the report"
    for r in result:
        if not r.conversations:
            assert r.imported + r.duplicates + r.rejected == r.read, r.to_dict()  # near-duplicates are kept
    return Outcome(read=sum(r.read for r in result), imported=imported,
                   header_row=result[0].header_row if result else 0, reports=result)
