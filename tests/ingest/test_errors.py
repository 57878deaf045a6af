"""Bad files get one clear sentence and leave the project unchanged."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.ingest.helpers import snapshot, xlsx
from workbench.errors import InputError
from workbench.ingest import safety
from workbench.ingest.pipeline import import_files
from workbench.project import Project


def _fails(project: Project, path: Path, match: str) -> str:
    before = snapshot(project)
    with pytest.raises(InputError, match=match) as info:
        import_files(project, [str(path)])
    assert snapshot(project) == before
    message = str(info.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def test_not_a_spreadsheet(project: Project, tmp_path: Path) -> None:
    fake = tmp_path / "report.xlsx"
    fake.write_text("hello, this is text", encoding="utf-8")
    _fails(project, fake, "not an Excel workbook")
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(b"%PDF-1.4 binary")
    _fails(project, pdf, "not a spreadsheet, CSV, JSON or SQLite file")
    binary = tmp_path / "blob.csv"
    binary.write_bytes(b"\x00\x01\x02" * 100 + b"\xff\xfe\x00")
    _fails(project, binary, "binary")


def test_encrypted_workbook(project: Project, tmp_path: Path) -> None:
    enc = tmp_path / "secret.xlsx"
    enc.write_bytes(safety.OLE_MAGIC + b"\x00" * 600)
    _fails(project, enc, "password-protected")


def test_truncated_zip(project: Project, tmp_path: Path) -> None:
    good = xlsx(tmp_path / "good.xlsx", [["内容"], ["好"]])
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    _fails(project, cut, "damaged or incomplete")


def test_zip_bomb_capped(project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"0" * 2_000_000)
    monkeypatch.setattr(safety, "MAX_UNCOMPRESSED", 1_000_000)
    _fails(project, bomb, "zip bomb")


def test_no_text_column(project: Project, tmp_path: Path) -> None:
    path = xlsx(tmp_path / "numbers.xlsx", [["id", "score"], [1, 5], [2, 4]], sheet="数字")
    message = _fails(project, path, "no text-like column")
    assert "sheet '数字'" in message and "--map text=" in message


def test_huge_cell(project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safety, "MAX_CELL_CHARS", 1000)
    monkeypatch.setattr("workbench.ingest.builder.MAX_CELL_CHARS", 1000)
    path = xlsx(tmp_path / "big.xlsx", [["内容"], ["正常"], ["长" * 2000]])
    message = _fails(project, path, "over the 0 MB limit|over the .* limit")
    assert "row 3" in message


def test_unparseable_dates(project: Project, tmp_path: Path) -> None:
    rows = [["时间", "内容"], *[[f"第{i}天", f"反馈{i}"] for i in range(10)]]
    message = _fails(project, xlsx(tmp_path / "dates.xlsx", rows), "cannot be read")
    assert "'时间'" in message


def test_empty_and_missing_files(project: Project, tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    _fails(project, empty, "empty")
    _fails(project, tmp_path / "missing.xlsx", "does not exist")
    header_only = tmp_path / "header.csv"
    header_only.write_text("内容,时间\n", encoding="utf-8")
    _fails(project, header_only, "no data rows")
