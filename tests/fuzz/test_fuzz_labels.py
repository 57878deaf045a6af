"""Fuzzing analyst label files (`label`, `eval --gold`): generated and mutated CSV / Excel."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.support import (
    TALLY,
    TIMEOUT,
    Mutation,
    budget,
    cells,
    integrity_ok,
    mutate,
    mutations,
    safe_call,
    table_counts,
)
from tests.tagging.conftest import add_records, small_taxonomy
from workbench.errors import KeshengError
from workbench.project import Project
from workbench.tagging.label_file import read_labels
from workbench.tagging.labels import load_labels
from workbench.taxonomy.repository import save_version
from workbench.types import SENTIMENTS

COLUMNS = ["record_id", "external_id", "tags", "sentiment", "note", ""]
SEED = [["record_id", "tags", "sentiment"], ["1", "物流/配送时效|售后/退款", "负面"], ["2.0", "", "pos"],
        ["", "物流", ""]]

pytestmark = pytest.mark.timeout(TIMEOUT)


def check_labels(path: Path) -> None:
    """Read the file, then load it into a project with a taxonomy: a clean refusal leaves the store as it was."""
    result = safe_call(lambda: read_labels(path))
    if not isinstance(result, KeshengError):
        for label in result:
            assert label.sentiment is None or label.sentiment in SENTIMENTS
            assert label.record_id is None or label.record_id >= 0
            assert all(p and p == p.strip().strip("/") for p in label.paths)
    with tempfile.TemporaryDirectory() as folder:
        project = Project.open(Path(folder) / "l.kesheng")
        try:
            save_version(project, small_taxonomy(), "fuzz")
            add_records(project, ["物流太慢", "退款难"])
            before = table_counts(project)
            loaded = safe_call(lambda: load_labels(project, path))
            if isinstance(loaded, KeshengError):
                assert table_counts(project) == before
            else:
                assert not isinstance(result, KeshengError)
        finally:
            project.close()
        assert integrity_ok(Path(folder) / "l.kesheng")


@budget(30, 2000)
@given(header=st.lists(st.sampled_from(COLUMNS) | cells, min_size=1, max_size=5),
       rows=st.lists(st.lists(cells | st.sampled_from(["1", "2.0", "-1", "１", "²", "neg", "正面", "a|b/c"]),
                              max_size=5), max_size=8),
       fmt=st.sampled_from([".csv", ".xlsx"]), encoding=st.sampled_from(["utf-8-sig", "gb18030", "utf-16"]))
def test_generated_label_files(header: list[str], rows: list[list[str]], fmt: str, encoding: str) -> None:
    with TALLY.example(f"labels:generated{fmt}"), tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"labels{fmt}"
        if fmt == ".csv":
            buf = io.StringIO()
            csv.writer(buf).writerows([header, *rows])
            path.write_bytes(buf.getvalue().encode(encoding, errors="replace"))
        else:
            from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

            wb = openpyxl.Workbook()
            for row in [header, *rows]:
                wb.active.append([ILLEGAL_CHARACTERS_RE.sub("", c) for c in row])
            wb.save(path)
        check_labels(path)


@budget(30, 2000)
@given(fmt=st.sampled_from([".csv", ".xlsx"]), edits=st.lists(mutations, min_size=1, max_size=4))
def test_mutated_label_files(fmt: str, edits: list[Mutation]) -> None:
    with TALLY.example(f"labels:mutated{fmt}"), tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"labels{fmt}"
        if fmt == ".csv":
            buf = io.StringIO()
            csv.writer(buf).writerows(SEED)
            raw = buf.getvalue().encode("utf-8-sig")
        else:
            wb = openpyxl.Workbook()
            for row in SEED:
                wb.active.append(row)
            wb.save(path)
            raw = path.read_bytes()
        path.write_bytes(mutate(raw, edits))
        check_labels(path)
