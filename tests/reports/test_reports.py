"""Reports read back: numbers match the analysis, quotes exist verbatim, formulas are neutralised,
fonts are embedded, paths can't escape, a failed write leaves nothing behind."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.reports.conftest import HOSTILE
from workbench.cli import main
from workbench.errors import Cancelled, InputError
from workbench.progress import CancelToken
from workbench.project import Project
from workbench.queries.report_rows import record_kpis
from workbench.reports.build import write_report
from workbench.reports.gather import gather
from workbench.reports.model import ReportSpec
from workbench.reports.safety import output_path
from workbench.store import schema
from workbench.textsafety import neutralise_csv

JUNE = ReportSpec(date_from=date(2026, 6, 1), date_to=date(2026, 6, 30))


def all_texts(project: Project) -> list[str]:
    with project.read() as conn:
        return [r[0] for r in conn.execute(select(schema.records.c.text))]


def test_content_numbers_come_from_the_analysis(tagged_project: str) -> None:
    with Project.open(tagged_project) as project:
        content = gather(project, JUNE)
        kpis = record_kpis(project, __import__("workbench.reports.gather", fromlist=["_flt"])._flt(
            date(2026, 6, 1), date(2026, 6, 30)))
        texts = all_texts(project)
    assert content.records == kpis["records"] > 0
    assert content.previous == (date(2026, 5, 2), date(2026, 5, 31))
    assert content.top_frequent and content.top_frequent[0].count >= content.top_frequent[-1].count
    tree = {r.path: r for r in content.tree}
    for top in content.top_frequent:
        assert tree[top.path].count == top.count
    assert content.issues
    for issue in content.issues:
        assert 1 <= len(issue.quotes) <= 3
        assert f"{issue.count:,}" in issue.narrative
        for quote in issue.quotes:
            assert any(quote.text in text for text in texts)
    assert sum(p.total for p in content.trend) == content.records


def test_xlsx_reads_back(tagged_project: str, tmp_path: Path) -> None:
    import openpyxl

    with Project.open(tagged_project) as project:
        result = write_report(project, JUNE, "xlsx", tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(result.path)
    assert wb.sheetnames[0] == "执行摘要"
    summary = {row[0]: row[1] for row in wb["执行摘要"].iter_rows(values_only=True) if row and row[0]}
    assert summary["反馈总量"] == result.content.records
    top = [r for r in wb["高频问题 TOP"].iter_rows(min_row=2, values_only=True)]
    assert [(r[1], r[2]) for r in top] == [(t.path, t.count) for t in result.content.top_frequent]
    assert wb["高频问题 TOP"]._charts
    verbatims = list(wb["原声明细"].iter_rows(min_row=2))
    assert len(verbatims) == result.content.records
    hostile = [row[7] for row in verbatims if row[7].value == HOSTILE]
    assert hostile and hostile[0].data_type == "s"
    assert wb["原声明细"].freeze_panes == "A2"


def test_pdf_reads_back_with_embedded_font(tagged_project: str, tmp_path: Path) -> None:
    from pypdf import PdfReader

    with Project.open(tagged_project) as project:
        result = write_report(project, JUNE.__class__(**{**JUNE.__dict__, "client": "声悦科技"}), "pdf",
                              tmp_path / "r.pdf")
    data = result.path.read_bytes()
    assert b"/FontFile2" in data
    reader = PdfReader(str(result.path))
    assert len(reader.pages) >= 4
    text = "".join(page.extract_text() for page in reader.pages).replace("\n", "")
    assert "声悦科技" in text
    assert f"{result.content.records:,}" in text
    assert result.content.top_frequent[0].path.rsplit("/", 1)[-1] in text
    assert "第 2 页" in text


def test_docx_reads_back(tagged_project: str, tmp_path: Path) -> None:
    from docx import Document

    with Project.open(tagged_project) as project:
        result = write_report(project, ReportSpec(lang="en", date_from=date(2026, 6, 1), date_to=date(2026, 6, 30)),
                              "docx", tmp_path / "r.docx")
        texts = all_texts(project)
    doc = Document(str(result.path))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "Executive summary" in headings and "Method appendix" in headings
    quotes = [p.text for p in doc.paragraphs if p.style.name == "Intense Quote"]
    assert quotes
    for q in quotes:
        body = q[1:q.rindex("” — #")]
        assert any(body in t for t in texts)
    cells = [c.text for table in doc.tables for row in table.rows for c in row.cells]
    assert f"{result.content.top_frequent[0].count:,}" in cells


def test_cli_report_and_bad_input(tagged_project: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.pdf"
    assert main(["report", tagged_project, "--format", "pdf", "--out", str(out), "--lang", "en"]) == 0
    assert out.exists() and "wrote" in capsys.readouterr().out
    assert main(["report", tagged_project, "--format", "pdf", "--out", str(tmp_path / "r.txt")]) == 1
    assert "must end in .pdf" in capsys.readouterr().err
    assert main(["report", tagged_project, "--format", "xlsx", "--out", str(tmp_path / "x.xlsx"), "--from", "May"]) == 2
    assert main(["report", tagged_project, "--format", "xlsx", "--out", str(tmp_path / "x.xlsx"),
                 "--from", "2026-06-30", "--to", "2026-06-01"]) == 1
    assert "ends" in capsys.readouterr().err


def test_paths_and_formula_neutralisation(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="leaves the chosen folder"):
        output_path("../../etc/evil.pdf", "pdf", tmp_path)
    assert output_path("ok.pdf", "pdf", tmp_path) == (tmp_path / "ok.pdf").resolve()
    assert neutralise_csv("=1+1") == "'=1+1" and neutralise_csv("@x") == "'@x" and neutralise_csv("好") == "好"


def test_cancel_leaves_no_file(tagged_project: str, tmp_path: Path) -> None:
    token = CancelToken()
    token.cancel()
    with Project.open(tagged_project) as project, pytest.raises(Cancelled):
        write_report(project, JUNE, "xlsx", tmp_path / "r.xlsx", cancel=token)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("template", ["channel", "period", "deep_dive"])
def test_templates_add_their_sections(tagged_project: str, template: str) -> None:
    spec = ReportSpec(template=template, date_from=date(2026, 5, 1), date_to=date(2026, 6, 30))
    with Project.open(tagged_project) as project:
        content = gather(project, spec)
    if template == "deep_dive":
        assert not content.breakdown
        assert len(content.issues) >= len(gather(Project.open(tagged_project), JUNE).issues)
    else:
        assert sum(b.records for b in content.breakdown) == content.records
        labels = [b.label for b in content.breakdown]
        assert labels == (["review"] if template == "channel" else ["2026-05", "2026-06"])


def test_streamed_verbatim_rows_read_back_typed(tmp_path: Path) -> None:
    """The raw-XML verbatim stream: dates stay dates, numbers numbers, text inline strings (never formulas);
    characters XML forbids are dropped, over-long cells cut at Excel's limit; the filter covers every row."""
    from datetime import datetime

    import openpyxl
    from openpyxl import Workbook

    from workbench.reports.xlsx_stream import MAX_CELL, stream_rows

    path = tmp_path / "s.xlsx"
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("原声")
    ws.append(["id", "when", "text"])
    from openpyxl.cell import WriteOnlyCell

    when = WriteOnlyCell(ws, value=datetime(2000, 1, 1))
    when.number_format = "yyyy-mm-dd hh:mm"
    ws.append([1, when, "sample"])
    ws.auto_filter.ref = "A1:C2"
    wb.save(str(path))
    rows = [(7, datetime(2024, 6, 1, 9, 30), "=HYPERLINK(\"http://x\")"), (8, None, "a\x00b\x1f<&>"),
            (9, datetime(2024, 6, 2), "长" * (MAX_CELL + 10)), (10, datetime(2024, 6, 3), 2.5)]
    assert stream_rows(path, "原声", rows) == 4
    back = openpyxl.load_workbook(path)["原声"]
    got = list(back.iter_rows(min_row=2, values_only=True))
    assert got[0] == (7, datetime(2024, 6, 1, 9, 30), "=HYPERLINK(\"http://x\")")
    assert back.cell(2, 3).data_type == "s" and back.cell(2, 2).number_format == "yyyy-mm-dd hh:mm"
    assert got[1] == (8, None, "ab<&>")
    assert got[2][2] == "长" * MAX_CELL and got[3] == (10, datetime(2024, 6, 3), 2.5)
    assert back.auto_filter.ref == "A1:C5" and back.freeze_panes is None
    assert [c.value for c in next(back.iter_rows(max_row=1))] == ["id", "when", "text"]
