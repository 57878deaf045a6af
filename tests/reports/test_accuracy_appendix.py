"""The method appendix says how sure the figures are (issue 23, item 3): each TOP node's precision, the same
figure as `top`, and, when the tags are rules and the student without labels, the warning with the way out."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from tests.reports.surge import SURGE_NODE, build
from workbench.cli import main
from workbench.project import Project
from workbench.reports.gather import gather
from workbench.reports.model import ReportSpec

HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build(tmp_path_factory.mktemp("accuracy"), date(2024, 3, 31))


def test_appendix_precision_is_the_figure_top_gives(project: str, capsys: pytest.CaptureFixture[str]) -> None:
    with Project.open(project, create=False) as p:
        m = gather(p, ReportSpec()).method
    rows = {r.path: r for r in m.precision}
    surge = next(path for path in rows if path.endswith(SURGE_NODE))
    capsys.readouterr()
    assert main(["top", project, "--by", "rising", "--json"]) == 0
    item = next(i for i in json.loads(capsys.readouterr().out)["items"] if i["node"] == surge)
    assert item["precision"]["basis"] == rows[surge].basis == "calibration"
    assert item["precision"]["value"] == pytest.approx(rows[surge].value, abs=1e-4)
    assert item["precision"]["low"] == pytest.approx(rows[surge].low, abs=1e-4)
    assert m.warning and "复核 50 条记录" in m.warning and "分钟" in m.warning


@pytest.mark.parametrize("fmt", ["docx", "pdf", "xlsx", "pptx"])
def test_every_format_shows_the_warning(project: str, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"r.{fmt}"
    assert main(["report", project, "--format", fmt, "--out", str(out)]) == 0
    text = _text(out)
    assert "让大模型判断" in text and "复核 50 条记录" in text
    if fmt != "pptx":  # the deck lists the first nodes only
        assert "估计准确率" in text and re.search(rf"{SURGE_NODE}：精确率约 \d+%（\d+–\d+%）", text)


def test_english_appendix_has_no_chinese_but_node_fallbacks(project: str, tmp_path: Path) -> None:
    out = tmp_path / "en.docx"
    assert main(["report", project, "--format", "docx", "--lang", "en", "--out", str(out)]) == 0
    lines = _text(out).splitlines()
    start = max(i for i, line in enumerate(lines) if line == "Estimated accuracy")
    warning, first = lines[start + 1], lines[start + 2]
    assert "Let the model judge" in warning and "review 50 records" in warning and not HAN.search(warning)
    assert "precision ≈" in first and not HAN.search(first.split(":")[1])


def _text(path: Path) -> str:
    if path.suffix == ".docx":
        from docx import Document

        return "\n".join(p.text for p in Document(str(path)).paragraphs)
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(str(path), read_only=True)
        return "\n".join(str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c)
    from pptx import Presentation

    return "\n".join(shape.text_frame.text for slide in Presentation(str(path)).slides
                     for shape in slide.shapes if shape.has_text_frame)
