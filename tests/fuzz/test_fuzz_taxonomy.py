"""Fuzzing the codebook loader (`taxonomy --file`): CSV, JSON and Excel, generated and mutated."""

from __future__ import annotations

import csv
import io
import json
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
from workbench.errors import KeshengError
from workbench.project import Project
from workbench.taxonomy.codebook import import_codebook, read_codebook
from workbench.taxonomy.model import Taxonomy

HEADERS = ["level1", "level2", "level3", "description", "keywords", "一级", "二级", "path", "key", "name_en",
           "level9", "level2_en", "examples", ""]
SEED_ROWS = [["level1", "level2", "level3", "description", "keywords"],
             ["物流", "配送时效", "", "送货慢", "慢|晚到|延迟"],
             ["", "包装", "破损", "外包装坏了", "破损、压坏"],
             ["售后", "退款", "", "", "退款,退钱"]]

pytestmark = pytest.mark.timeout(TIMEOUT)


def check_codebook(folder: Path, path: Path) -> Taxonomy | KeshengError:
    """Read the codebook, then import it into a fresh project: the same verdict, the store intact on error."""
    result = safe_call(lambda: read_codebook(path))
    store = folder / "fuzz.kesheng"
    project = Project.open(store)
    try:
        before = table_counts(project)
        imported = safe_call(lambda: import_codebook(project, path))
        after = table_counts(project)
    finally:
        project.close()
    assert integrity_ok(store)
    if isinstance(imported, KeshengError):
        assert after == before, "a refused codebook changed the store"
    else:
        assert not isinstance(result, KeshengError), "read_codebook refused what import_codebook took"
        assert after["taxonomy_versions"] == before["taxonomy_versions"] + 1
    if not isinstance(result, KeshengError):
        paths = [n.path for n in result.nodes]
        assert len(paths) == len(set(paths)), "a codebook gave two nodes with the same path"
        assert all(n.name.strip() for n in result.nodes)
    return result


def _csv(rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return buf.getvalue().encode("utf-8-sig")


@budget(30, 2000)
@given(header=st.lists(st.sampled_from(HEADERS) | cells, min_size=1, max_size=6),
       rows=st.lists(st.lists(cells, max_size=6), max_size=8), suffix=st.sampled_from([".csv", ".xlsx"]))
def test_generated_codebook_tables(header: list[str], rows: list[list[str]], suffix: str) -> None:
    with TALLY.example(f"taxonomy:table{suffix}"), tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"codebook{suffix}"
        if suffix == ".csv":
            path.write_bytes(_csv([header, *rows]))
        else:
            wb = openpyxl.Workbook()
            for row in [header, *rows]:
                wb.active.append([_xlsx_safe(c) for c in row])
            wb.save(path)
        check_codebook(Path(folder), path)


def _xlsx_safe(text: str) -> str:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", text)


json_nodes = st.recursive(
    cells | st.fixed_dictionaries({"name": cells}, optional={"key": cells, "keywords": st.lists(cells) | cells,
                                                              "description": cells | st.integers()}),
    lambda kids: st.fixed_dictionaries({"name": cells | st.integers() | st.none()},
                                       optional={"children": st.lists(kids, max_size=3) | cells | st.none()}),
    max_leaves=10)


@budget(30, 2000)
@given(doc=st.lists(json_nodes, max_size=5) | st.dictionaries(st.sampled_from(["nodes", "children", "x"]),
                                                              st.lists(json_nodes, max_size=4) | cells))
def test_generated_codebook_json(doc: object) -> None:
    with TALLY.example("taxonomy:json"), tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "codebook.json"
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        check_codebook(Path(folder), path)


@budget(30, 2000)
@given(fmt=st.sampled_from([".csv", ".json", ".xlsx"]), edits=st.lists(mutations, min_size=1, max_size=4),
       encoding=st.sampled_from(["utf-8-sig", "gbk", "utf-16"]))
def test_mutated_codebooks(fmt: str, edits: list[Mutation], encoding: str) -> None:
    with TALLY.example(f"taxonomy:mutated{fmt}"), tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"codebook{fmt}"
        if fmt == ".csv":
            raw = _csv(SEED_ROWS).decode("utf-8-sig").encode(encoding)
        elif fmt == ".json":
            raw = json.dumps({"nodes": [{"name": "物流", "children": [{"name": "配送时效", "keywords": ["慢"]}]}]},
                             ensure_ascii=False).encode("utf-8")
        else:
            wb = openpyxl.Workbook()
            for row in SEED_ROWS:
                wb.active.append(row)
            wb.save(path)
            raw = path.read_bytes()
        path.write_bytes(mutate(raw, edits))
        check_codebook(Path(folder), path)


@budget(10, 500)
@given(depth=st.integers(1, 3000), digits=st.integers(1, 6000))
def test_deep_codebook_json(depth: int, digits: int) -> None:
    body = '{"nodes": [' + '{"name": "a", "children": [' * depth + "9" * digits + "]}" * depth + "]}"
    with TALLY.example("taxonomy:json-deep"), tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "codebook.json"
        path.write_text(body, encoding="utf-8")
        check_codebook(Path(folder), path)
