"""Hand-picked hostile inputs every importer must survive: each a correct import or one clear sentence."""

from __future__ import annotations

import codecs
from pathlib import Path

import openpyxl
import pytest

from tests.fuzz import seeds
from tests.fuzz.support import TALLY, check_import
from workbench.ingest import safety, textfile


def _import(tmp_path: Path, name: str, raw: bytes):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_bytes(raw)
    with TALLY.example("ingest:edge"):
        return check_import(tmp_path, [path])


@pytest.mark.parametrize("encoding", seeds.CSV_ENCODINGS)
def test_every_csv_encoding_imports_every_row(tmp_path: Path, encoding: str) -> None:
    outcome = _import(tmp_path, "in.csv", seeds.csv_bytes(encoding))
    assert outcome.error is None and outcome.read == 6 and outcome.imported == 5  # one row has empty text


def test_mixed_newlines_and_double_bom(tmp_path: Path) -> None:
    raw = codecs.BOM_UTF8 + "编号,内容\r\n1,物流慢\n2,\"多行\r\n文本\"\r3,退款难\n".encode()
    outcome = _import(tmp_path, "in.csv", codecs.BOM_UTF8 + raw)
    assert outcome.error is None and outcome.imported == 3


def test_nul_byte_in_a_csv_is_refused_clearly(tmp_path: Path) -> None:
    outcome = _import(tmp_path, "in.csv", "编号,内容\n1,物流\x00慢\n".encode())
    assert outcome.error is not None and "binary" in str(outcome.error)


def test_utf16_without_bom(tmp_path: Path) -> None:
    outcome = _import(tmp_path, "in.csv", seeds.csv_bytes("utf-16-le"))
    assert outcome.error is None and outcome.imported == 5


def test_formulas_are_imported_as_text_not_evaluated(tmp_path: Path) -> None:
    rows = [["1", "=cmd|' /C calc'!A0"], ["2", "+SUM(1,2)"], ["3", "@import"]]
    outcome = _import(tmp_path, "in.csv", seeds.csv_bytes("utf-8", [[*r, "评论", "2024-03-01"] for r in rows]))
    assert outcome.error is None and outcome.imported == 3


def test_duplicate_and_blank_headers(tmp_path: Path) -> None:
    raw = "内容,内容,,内容\n物流慢,a,b,c\n退款难,d,e,f\n".encode()
    outcome = _import(tmp_path, "in.csv", raw)
    assert outcome.error is None and outcome.imported == 2


def test_ten_thousand_columns(tmp_path: Path) -> None:
    header = ["内容"] + [f"c{i}" for i in range(10_000)]
    raw = (",".join(header) + "\n" + ",".join(["物流慢"] + ["x"] * 10_000) + "\n").encode()
    outcome = _import(tmp_path, "in.csv", raw)
    assert outcome.error is None and outcome.imported == 1


def test_cell_over_the_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(textfile, "MAX_CELL_CHARS", 1000)
    monkeypatch.setattr(safety, "MAX_CELL_CHARS", 1000)
    outcome = _import(tmp_path, "in.csv", ("内容\n" + "慢" * 5000 + "\n").encode())
    assert outcome.error is not None and "limit" in str(outcome.error)


def test_huge_cell_under_the_limit_imports(tmp_path: Path) -> None:
    outcome = _import(tmp_path, "in.csv", ("编号,内容\n1," + "物流慢" * 100_000 + "\n").encode())
    assert outcome.error is None and outcome.imported == 1


def test_workbook_with_merged_title_empty_sheet_first_and_formulas(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "空"
    data = wb.create_sheet("数据")
    data.append(["客户反馈"])
    data.merge_cells("A1:C1")
    data.append(["编号", "内容", "渠道"])
    data.append([1, "物流慢", "电商"])
    data.append([2, "=A3&\"退款\"", "电商"])
    data.merge_cells("C3:C4")
    wb.save(tmp_path / "in.xlsx")
    with TALLY.example("ingest:edge"):
        outcome = check_import(tmp_path, [tmp_path / "in.xlsx"])
    assert outcome.error is None and outcome.read == 2


def test_workbook_with_only_empty_sheets(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.create_sheet("b")
    wb.save(tmp_path / "in.xlsx")
    with TALLY.example("ingest:edge"):
        outcome = check_import(tmp_path, [tmp_path / "in.xlsx"])
    assert outcome.error is not None and "empty" in str(outcome.error)


@pytest.mark.parametrize("raw", [b"", b"\xef\xbb\xbf", b"\n\n\n", b"PK\x03\x04", b"SQLite format 3\x00junk",
                                 b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600])
def test_degenerate_files(tmp_path: Path, raw: bytes) -> None:
    for name in ("in.csv", "in.xlsx", "in.jsonl", "in.json", "in.db"):
        outcome = _import(tmp_path, name, raw)
        assert outcome.error is not None


def test_table_name_with_quotes_in_a_sqlite_source(tmp_path: Path) -> None:
    path = seeds.sqlite_file(tmp_path / "src.db", 'fb"; DROP TABLE x; --')
    with TALLY.example("ingest:edge"):
        outcome = check_import(tmp_path, [path])
    assert outcome.error is None and outcome.imported == 5


def test_workbook_with_ten_thousand_columns_and_duplicate_headers(tmp_path: Path) -> None:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("宽表")
    ws.append(["内容", "内容", *[f"c{i}" for i in range(10_000)]])
    ws.append(["物流慢", "重复列", *["x"] * 10_000])
    ws.append(["退款难", "", *[None] * 10_000])
    wb.save(tmp_path / "wide.xlsx")
    with TALLY.example("ingest:edge"):
        outcome = check_import(tmp_path, [tmp_path / "wide.xlsx"])
    assert outcome.error is None and outcome.imported == 2
