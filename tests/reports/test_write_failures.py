"""Writing a report fails with one sentence and no partial file; stale temp files of killed runs are removed."""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path

import pytest

from tests.reports.test_reports import JUNE
from workbench.errors import InputError
from workbench.project import Project
from workbench.reports import build
from workbench.reports.build import write_report


def test_disk_full_is_one_sentence_and_leaves_nothing(tagged_project: str, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(build, "render", full)
    with Project.open(tagged_project) as project, pytest.raises(InputError, match="No space left on device"):
        write_report(project, JUNE, "xlsx", tmp_path / "r.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_stale_temp_files_are_cleaned(tagged_project: str, tmp_path: Path) -> None:
    stale, live = tmp_path / ".r-abc123.xlsx", tmp_path / ".r-def456.xlsx"
    for leftover in (stale, live):
        leftover.write_bytes(b"partial")
    old = time.time() - 2 * build.STALE_TEMP_S
    os.utime(stale, (old, old))
    with Project.open(tagged_project) as project:
        write_report(project, JUNE, "xlsx", tmp_path / "r.xlsx")
    assert not stale.exists() and live.exists() and (tmp_path / "r.xlsx").is_file()
