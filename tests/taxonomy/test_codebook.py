from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook

from workbench.errors import InputError
from workbench.taxonomy.codebook import read_codebook, write_codebook
from workbench.taxonomy.tree import Draft, from_drafts


def write_xlsx(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    book = Workbook()
    for row in rows:
        book.active.append(list(row))
    book.save(path)
    return path


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


HEADER = ["level1", "level2", "level3", "description", "keywords"]
ROWS = [
    ["物流", "配送时效", "配送慢", "送货时间长", "太慢|好几天、没到,迟迟；慢"],
    ["物流", "配送时效", "发货慢", "", "不发货"],
    ["物流", "包装", "破损", "外包装坏了", "压坏"],
    ["售后", "退款", "", "退款问题", "退款到账"],
]


def test_xlsx_codebook(tmp_path: Path) -> None:
    tax = read_codebook(write_xlsx(tmp_path / "cb.xlsx", [HEADER, *ROWS]))
    slow = tax.by_path("物流/配送时效/配送慢")
    assert slow is not None and slow.description == "送货时间长"
    assert slow.keywords == ("太慢", "好几天", "没到", "迟迟", "慢")
    assert tax.by_path("售后/退款").keywords == ("退款到账",)  # type: ignore[union-attr]
    assert len(tax.leaves()) == 4 and tax.depth == 3
    assert [n.name for n in tax.roots()] == ["物流", "售后"]


def test_csv_chinese_headers_english_names_and_level4(tmp_path: Path) -> None:
    rows = [["一级", "二级", "三级", "四级", "一级英文", "英文名", "描述", "关键词"],
            ["产品", "质量", "电池", "鼓包", "Product", "Swelling", "电池鼓起", "鼓包、变形"],
            ["产品", "质量", "电池", "续航", "", "Battery life", "", "续航短|掉电快"]]
    tax = read_codebook(write_csv(tmp_path / "cb.csv", rows, encoding="gb18030"))
    node = tax.by_path("产品/质量/电池/鼓包")
    assert node is not None and node.level == 4 and node.name_en == "Swelling" and node.keywords == ("鼓包", "变形")
    assert tax.by_path("产品").name_en == "Product"  # type: ignore[union-attr]
    assert tax.depth == 4


def test_merged_cells_fill_down(tmp_path: Path) -> None:
    rows = [HEADER, ["物流", "配送", "慢", "", ""], ["", "", "丢件", "", ""], ["", "包装", "破损", "", ""]]
    tax = read_codebook(write_xlsx(tmp_path / "cb.xlsx", rows))
    assert {n.path for n in tax.leaves()} == {"物流/配送/慢", "物流/配送/丢件", "物流/包装/破损"}


def test_json_round_trip_keeps_everything(tmp_path: Path) -> None:
    tax = read_codebook(write_xlsx(tmp_path / "cb.xlsx", [HEADER, *ROWS]))
    for suffix in ("json", "xlsx", "csv"):
        out = tmp_path / f"out.{suffix}"
        write_codebook(tax, out)
        back = read_codebook(out)
        assert [(n.key, n.path, n.name_en, n.description, n.keywords) for n in back.preorder()] == \
            [(n.key, n.path, n.name_en, n.description, n.keywords) for n in tax.preorder()], suffix


def test_json_with_english_names(tmp_path: Path) -> None:
    doc = {"nodes": [{"name": "物流", "name_en": "Logistics", "children": [
        {"name": "配送慢", "keywords": "太慢|没到", "examples": ["等了一周"]}]}]}
    path = tmp_path / "t.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    tax = read_codebook(path)
    assert tax.by_path("物流").name_en == "Logistics"  # type: ignore[union-attr]
    assert tax.by_path("物流/配送慢").examples == ("等了一周",)  # type: ignore[union-attr]


def test_names_with_slash_are_kept_readable(tmp_path: Path) -> None:
    tax = read_codebook(write_csv(tmp_path / "c.csv", [HEADER, ["售后", "退货/退款", "", "", ""]]))
    assert tax.by_path("售后/退货／退款") is not None


@pytest.mark.parametrize(("rows", "message"), [
    ([["名称", "描述"], ["物流", "x"]], "no level1"),
    ([HEADER], "no rows under its header"),
    ([HEADER, ["物流", "慢", "", "", ""], ["物流", "慢", "", "", ""]], r"appears twice .*rows 2 and 3"),
    ([HEADER, ["物流", "", "慢", "", ""]], "empty level2 between filled levels"),
    ([HEADER, ["", "配送", "", "", ""]], "no row above"),
    ([[f"level{i}" for i in range(1, 11)], list("abcdefghij")], "at most 8"),
    ([["level1", "level3"], ["a", "b"]], "no level2 column"),
])
def test_bad_codebooks(tmp_path: Path, rows: list[list[str]], message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_codebook(write_csv(tmp_path / "bad.csv", rows))
    with pytest.raises(InputError, match=message):
        read_codebook(write_xlsx(tmp_path / "bad.xlsx", rows))


def test_not_a_spreadsheet(tmp_path: Path) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_text("level1,level2\n物流,慢\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a spreadsheet"):
        read_codebook(fake)
    binary = tmp_path / "b.csv"
    binary.write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(InputError, match="looks binary"):
        read_codebook(binary)
    with pytest.raises(InputError, match="not a codebook file"):
        read_codebook(write_csv(tmp_path / "x.docx", [HEADER]))
    with pytest.raises(InputError, match="no codebook file"):
        read_codebook(tmp_path / "missing.csv")
    bad_json = tmp_path / "b.json"
    bad_json.write_text("{nope", encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON"):
        read_codebook(bad_json)


def test_export_to_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot export"):
        write_codebook(from_drafts([Draft(names=("a",))]), tmp_path / "x.pdf")


def test_path_column_codebook(tmp_path: Path) -> None:
    rows = [["路径", "关键词"], ["物流/配送慢", "太慢、没到"], ["物流 > 丢件", "丢了"], ["售后/退款/到账慢", ""]]
    tax = read_codebook(write_csv(tmp_path / "p.csv", rows))
    assert {n.path for n in tax.leaves()} == {"物流/配送慢", "物流/丢件", "售后/退款/到账慢"}
    assert tax.by_path("物流/配送慢").keywords == ("太慢", "没到")  # type: ignore[union-attr]
    with pytest.raises(InputError, match="empty level in the path"):
        read_codebook(write_csv(tmp_path / "q.csv", [["path"], ["物流//慢"]]))
