"""Fuzzing every importer: mutated seed files and generated tables, checked by the import oracle."""

from __future__ import annotations

import functools
import io
import json
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz import seeds
from tests.fuzz.support import TALLY, TIMEOUT, Mutation, budget, cells, check_import, mutate, mutations

pytestmark = pytest.mark.timeout(TIMEOUT)


@pytest.fixture(scope="module")
def seed_files() -> Iterator[dict[str, tuple[bytes, str]]]:
    with tempfile.TemporaryDirectory() as folder:
        yield {kind: seeds.seed_bytes(kind, Path(folder)) for kind in seeds.SEED_KINDS}


@budget(60, 4000)
@given(kind=st.sampled_from(seeds.SEED_KINDS), edits=st.lists(mutations, min_size=1, max_size=4))
def test_mutated_seed_files_import_or_fail_clearly(seed_files: dict[str, tuple[bytes, str]], kind: str,
                                                  edits: list[Mutation]) -> None:
    raw, suffix = seed_files[kind]
    with TALLY.example(f"ingest:{kind}"), tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(mutate(raw, edits))
        check_import(Path(folder), [path])


XLSX_PARTS = ("xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml", "xl/styles.xml",
              "[Content_Types].xml", "xl/_rels/workbook.xml.rels")


@budget(30, 2000)
@given(part=st.sampled_from(XLSX_PARTS), edits=st.lists(mutations, min_size=1, max_size=3))
def test_mutated_workbook_parts_import_or_fail_clearly(seed_files: dict[str, tuple[bytes, str]], part: str,
                                                      edits: list[Mutation]) -> None:
    raw, _ = seed_files["xlsx"]
    with TALLY.example("ingest:xlsx-parts"), tempfile.TemporaryDirectory() as folder:
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for name in src.namelist():
                data = src.read(name)
                dst.writestr(name, mutate(data, edits) if name == part else data)
        path = Path(folder) / "input.xlsx"
        path.write_bytes(out.getvalue())
        check_import(Path(folder), [path])


def _expected_rows(rows: list[list[str]]) -> int:
    return sum(1 for r in rows if any(c != "" for c in r))


@budget(40, 3000)
@given(rows=st.lists(st.lists(cells, min_size=2, max_size=2), min_size=1, max_size=12),
       encoding=st.sampled_from(seeds.CSV_ENCODINGS), newline=st.sampled_from(["\r\n", "\n", "\r"]),
       delimiter=st.sampled_from([",", "\t", ";", "|"]))
def test_generated_csv_counts_add_up(rows: list[list[str]], encoding: str, newline: str, delimiter: str) -> None:
    rows = [[f"{i}", text] for i, (_, text) in enumerate(rows, 1)] if delimiter != "," else rows
    with TALLY.example(f"ingest:csv-generated-{encoding}"), tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.csv"
        table = [[*r, "评论", "2024-03-01"] for r in rows]
        path.write_bytes(seeds.csv_bytes(encoding, table, newline, delimiter))
        outcome = check_import(Path(folder), [path])
        if outcome.error is None and outcome.header_row == 1 and encoding in ("utf-8", "utf-8-sig", "gb18030"):
            assert outcome.read == _expected_rows(table)


plain = st.text(alphabet=st.sampled_from("物流慢退款客服好差评价包装破损 abcXYZ0123,.!?\"'\n"), min_size=1, max_size=30)


@budget(25, 1500)
@given(texts=st.lists(plain.filter(lambda t: t.strip() != ""), min_size=1, max_size=15),
       encoding=st.sampled_from(seeds.CSV_ENCODINGS))
def test_plain_csv_always_imports_every_row(texts: list[str], encoding: str) -> None:
    with TALLY.example("ingest:csv-plain"), tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.csv"
        table = [[str(i), t, "评论", "2024-03-01"] for i, t in enumerate(texts, 1)]
        path.write_bytes(seeds.csv_bytes(encoding, table))
        outcome = check_import(Path(folder), [path])
        assert outcome.error is None, outcome.error
        assert outcome.read == len(texts)


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | cells,
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(cells, inner, max_size=4),
                           max_leaves=12)


@budget(30, 2000)
@given(objects=st.lists(st.dictionaries(st.sampled_from(["text", "内容", "time", "channel", "messages", "x"]) | cells,
                                        json_values, max_size=5), min_size=1, max_size=8),
       lines=st.booleans())
def test_generated_json_imports_or_fails_clearly(objects: list[dict[str, object]], lines: bool) -> None:
    with TALLY.example("ingest:json-generated"), tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("input.jsonl" if lines else "input.json")
        body = "\n".join(json.dumps(o, ensure_ascii=False) for o in objects) if lines else json.dumps(objects)
        path.write_text(body, encoding="utf-8")
        check_import(Path(folder), [path])


@budget(25, 1500)
@given(table=cells.filter(lambda t: "\x00" not in t and t.strip() != ""),
       rows=st.lists(st.lists(st.none() | st.integers(-(2**63), 2**63 - 1) | st.floats() | st.binary(max_size=8)
                              | cells, min_size=4, max_size=4), min_size=1, max_size=8),
       query=st.booleans())
def test_generated_sqlite_sources(table: str, rows: list[list[object]], query: bool) -> None:
    with TALLY.example("ingest:sqlite-generated"), tempfile.TemporaryDirectory() as folder:
        path = seeds.sqlite_file(Path(folder) / "source.db", table, rows)
        quoted = '"' + table.replace('"', '""') + '"'
        options = {"query": f"SELECT * FROM {quoted}"} if query else {"table": table}
        check_import(Path(folder), [path], **options)


@budget(10, 500)
@given(depth=st.integers(1, 3000), opener=st.sampled_from(['{"a":', "[", '{"text": "x", "m": [']),
       digits=st.integers(1, 6000), lines=st.booleans())
def test_deep_nesting_and_long_numbers(depth: int, opener: str, digits: int, lines: bool) -> None:
    closer = {'{"a":': "}", "[": "]", '{"text": "x", "m": [': "]}"}[opener]
    body = opener * depth + "9" * digits + closer * depth
    with TALLY.example("ingest:json-deep"), tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("input.jsonl" if lines else "input.json")
        path.write_text(body, encoding="utf-8")
        check_import(Path(folder), [path])


@budget(20, 1500)
@given(rows=st.lists(st.lists(cells | st.integers(-(10**15), 10**15) | st.floats(allow_nan=False) | st.none(),
                              min_size=1, max_size=3), min_size=1, max_size=10), merge=st.booleans())
def test_generated_workbooks_count_every_row(rows: list[list[object]], merge: bool) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    table = [[ILLEGAL_CHARACTERS_RE.sub("", c).lstrip("=") if isinstance(c, str) else c for c in r] for r in rows]
    with TALLY.example("ingest:xlsx-generated"), tempfile.TemporaryDirectory() as folder:
        path = seeds.xlsx_file(Path(folder) / "input.xlsx", [[i, *r] for i, r in enumerate(table, 1)])
        if merge:
            import openpyxl

            wb = openpyxl.load_workbook(path)
            wb.worksheets[0].merge_cells("B3:C4")
            wb.save(path)
        outcome = check_import(Path(folder), [path])
        if outcome.error is None and outcome.header_row == 2 and not merge:
            assert outcome.read == len(table)


@functools.cache
def paged_sqlite() -> bytes:
    """A SQLite source of 15 pages: long texts spill into overflow pages that count(*) never reads."""
    with tempfile.TemporaryDirectory() as folder:
        rows: list[list[object]] = [[str(i), f"物流慢{i}" * 400, "电商", "2024-03-01"] for i in range(12)]
        return seeds.sqlite_file(Path(folder) / "paged.db", "fb", rows).read_bytes()


@budget(15, 1000)
@given(page=st.integers(1, 14), offset=st.sampled_from([0, 1, 2, 3, 4, 5, 7, 8, 12, 100, 2000]),
       data=st.binary(min_size=1, max_size=8))
def test_damaged_sqlite_pages(page: int, offset: int, data: bytes) -> None:
    raw = bytearray(paged_sqlite())
    at = page * 4096 + offset
    raw[at:at + len(data)] = data
    with TALLY.example("ingest:sqlite-pages"), tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "damaged.db"
        path.write_bytes(bytes(raw))
        check_import(Path(folder), [path])
