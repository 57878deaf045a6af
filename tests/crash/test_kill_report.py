"""kill -9 while `report` writes: the target path holds nothing, the previous report, or a complete new one."""

from __future__ import annotations

import hashlib
import random
import zipfile
from pathlib import Path

import pytest

from tests.crash.conftest import Bases, copy_project
from tests.crash.harness import (
    SEED,
    STRESS,
    TIME_LIMIT,
    Tally,
    command,
    file_appears,
    integrity,
    kill_point,
    kills,
    run_and_kill,
    run_ok,
)

FORMATS = ("xlsx", "docx", "pdf") if STRESS else ("xlsx", "docx")

pytestmark = pytest.mark.timeout(TIME_LIMIT)


def _complete(path: Path, fmt: str) -> None:
    """The file at ``path`` is a whole report that its format's reader opens."""
    if fmt == "pdf":
        from pypdf import PdfReader

        assert len(PdfReader(path).pages) > 0
        return
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
    if fmt == "xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True)
        assert book.sheetnames
        book.close()


def _sha(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def test_report_killed_at_random_points(bases: Bases, tmp_path: Path) -> None:
    rng, tally = random.Random(SEED), Tally("report")
    project = copy_project(bases.tagged, tmp_path / "report.kesheng")
    out = tmp_path / "out"
    out.mkdir()
    spans = {fmt: run_ok(command("report", str(project), "--format", fmt, "--out", str(tmp_path / f"ref.{fmt}")))
             for fmt in FORMATS}
    (out / "report.xlsx").write_bytes((tmp_path / "ref.xlsx").read_bytes())  # a previous report to keep whole
    attempt = 0
    while tally.kills < kills(3, 40):
        fmt = FORMATS[attempt // 2 % len(FORMATS)]
        target = out / f"report.{fmt}"
        before = _sha(target)
        delay, signal = kill_point(rng, attempt, spans[fmt], file_appears(out, ".report-"), spans[fmt] * 0.5)
        killed = run_and_kill(command("report", str(project), "--format", fmt, "--out", str(target)), delay, signal)
        attempt += 1
        tally.kills += killed
        tally.completed_before_kill += not killed
        if target.exists():
            _complete(target, fmt)
        after = _sha(target)
        tally.bump("target_absent" if after is None else "target_unchanged" if after == before else "target_new")
        integrity(project)
        tally.checks += 1
    leftovers = sorted(p.name for p in out.iterdir() if p.name.startswith(".report-"))
    tally.notes.update(formats=list(FORMATS), temp_files_left_by_kills=len(leftovers),
                       uninterrupted_seconds={k: round(v, 2) for k, v in spans.items()})
    tally.save()
