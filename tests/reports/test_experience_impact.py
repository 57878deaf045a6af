"""Impact with its interval and customer experience (effort, emotion, actionability) in every report format
(issue 27 items 1 and 2), on a real project built through the CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.reports.surge import build
from workbench.cli import main
from workbench.project import Project
from workbench.queries.node_experience import overall_experience
from workbench.reports.build import write_report
from workbench.reports.model import ReportSpec


@pytest.fixture(scope="module")
def surge(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build(tmp_path_factory.mktemp("surge"), date(2024, 3, 31))


def test_every_format_carries_impact_and_experience(surge: str, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    from docx import Document
    from openpyxl import load_workbook
    from pptx import Presentation
    from pypdf import PdfReader

    spec = ReportSpec(date_from=date(2024, 1, 22), date_to=date(2024, 3, 31))  # the whole data
    with Project.open(surge, create=False) as p:
        results = {f: write_report(p, spec, f, tmp_path / f"r.{f}") for f in ("pdf", "docx", "xlsx", "pptx")}
        overall = overall_experience(p)
    content = results["pdf"].content
    paths = [d.path for d in content.drivers]
    assert "产品质量/续航与电池" in paths  # level 2 with several children: itself
    assert "售后服务/退款/退款到账慢" in paths and "售后服务/退款" not in paths  # a chain: its deepest node
    first = content.drivers[0]
    assert first.impact_low < first.impact < first.impact_high and first.impact_low > 0
    capsys.readouterr()
    assert main(["impact", surge, "--from", "2024-01-22", "--to", "2024-03-31", "--json"]) == 0
    cli = next(i for i in json.loads(capsys.readouterr().out)["items"] if i["node"] == first.path)
    assert cli["impact"] == pytest.approx(first.impact, abs=5e-5)  # one definition with the impact command
    everyone = content.experience[0]
    assert everyone.path == "" and everyone.records == overall.n == content.records
    assert everyone.mean_effort == pytest.approx(overall.mean_effort)
    top = [r.path for r in content.top_frequent]
    assert [e.path for e in content.experience[1:]] == top[:len(content.experience) - 1]
    impact_cell = f"{first.impact:+.2f} ({first.impact_low:+.2f} … {first.impact_high:+.2f})"
    pdf = "\n".join(page.extract_text() for page in PdfReader(str(tmp_path / "r.pdf")).pages)
    assert "客户体验" in pdf and "评分影响（95% 区间）" in pdf.replace("\n", "")
    docx = "\n".join([para.text for para in Document(str(tmp_path / "r.docx")).paragraphs] +
                     [c.text for t in Document(str(tmp_path / "r.docx")).tables for row in t.rows for c in row.cells])
    assert impact_cell in docx and "全部记录" in docx and f"{everyone.mean_effort:.1f}" in docx
    book = load_workbook(tmp_path / "r.xlsx", read_only=True)
    sheet = [list(r) for r in book["客户体验"].iter_rows(values_only=True)]
    assert sheet[0][:5] == ["问题", "反馈条数", "平均费力度", "主要情绪", "需跟进"]
    assert sheet[1][0] == "全部记录" and sheet[1][1] == everyone.records
    deck = Presentation(str(tmp_path / "r.pptx"))
    tables = [s.table for slide in deck.slides for s in slide.shapes if s.has_table]
    assert tables and tables[0].cell(1, 0).text == "全部记录"  # a native table, editable
    texts = "\n".join(s.text_frame.text for slide in deck.slides for s in slide.shapes if s.has_text_frame)
    assert impact_cell in texts and "--from" not in texts  # no command-line hint on a client's slide
