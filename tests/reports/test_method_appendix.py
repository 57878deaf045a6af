"""The method appendix says what ran: the tag run's own counts by method (the ones `tag` printed), the model
or that no model ran, and which methods made the tags."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.project import Project
from workbench.reports.build import write_report
from workbench.reports.model import ReportSpec

ZH = {"rule": "规则", "student": "学生模型", "llm": "大模型"}
EN = {"rule": "rules", "student": "student model", "llm": "LLM"}
JUNE = ReportSpec(date_from=date(2026, 6, 1), date_to=date(2026, 6, 30))


@pytest.fixture(scope="module")
def printed(tagged_project: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, int]]:
    """A fresh project tagged through the CLI, and the counts by method its summary line printed."""
    import contextlib
    import io

    project = str(tmp_path_factory.mktemp("appendix") / "p.kesheng")
    assert main(["import", project, str(Path(tagged_project).parent / "feedback.csv")]) == 0
    assert main(["taxonomy", project, "--template", "consumer_electronics"]) == 0
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["tag", project, "--llm-budget", "0"]) == 0
    summary = re.search(r"records \(([^)]*)\)", out.getvalue())
    assert summary, out.getvalue()
    counts = {m: int(n.replace(",", "")) for m, n in (part.split() for part in summary.group(1).split(", "))}
    assert sum(counts.values()) > 0
    return project, counts


def test_appendix_counts_are_the_runs_own(printed: tuple[str, dict[str, int]]) -> None:
    from workbench.reports.gather import gather

    project, counts = printed
    with Project.open(project) as p:
        method = gather(p, JUNE).method
    assert [run.by_method for run in method.runs] == [counts]
    assert method.runs[0].model is None


def test_pdf_appendix_names_what_ran(printed: tuple[str, dict[str, int]], tmp_path: Path) -> None:
    from pypdf import PdfReader

    project, counts = printed
    with Project.open(project) as p:
        zh = write_report(p, JUNE, "pdf", tmp_path / "zh.pdf")
        en = write_report(p, ReportSpec(**{**JUNE.__dict__, "lang": "en"}), "pdf", tmp_path / "en.pdf")
    zh_text = "".join(page.extract_text() for page in PdfReader(str(zh.path)).pages)
    appendix = zh_text[zh_text.rindex("方法说明"):]
    assert "未运行大模型" in appendix and "本地大模型" not in appendix and "大模型自动生成" not in appendix
    for method, n in counts.items():
        assert f"{ZH[method]} {n:,}" in appendix
    after_models = appendix[appendix.index("模型\n") + 3:].lstrip()
    assert not after_models.startswith("打标阶段")  # the 模型 heading is never empty
    en_text = "".join(page.extract_text() for page in PdfReader(str(en.path)).pages)
    assert "No model ran" in en_text
    assert all(f"{EN[method]} {n:,}" in en_text for method, n in counts.items())


def test_docx_and_xlsx_appendix_carry_the_same_counts(printed: tuple[str, dict[str, int]], tmp_path: Path) -> None:
    import openpyxl
    from docx import Document

    project, counts = printed
    with Project.open(project) as p:
        docx = write_report(p, JUNE, "docx", tmp_path / "r.docx")
        xlsx = write_report(p, JUNE, "xlsx", tmp_path / "r.xlsx")
    lines = [para.text for para in Document(str(docx.path)).paragraphs]
    run = next(line for line in lines if line.startswith("第 1 次打标"))
    assert all(f"{ZH[method]} {n:,}" in run for method, n in counts.items())
    assert any(line.startswith("未运行大模型") for line in lines)
    sheet = openpyxl.load_workbook(xlsx.path)["方法说明"]
    rows = [r for r in sheet.iter_rows(values_only=True) if r and r[0] == 1 and len(r) >= 6]
    assert rows and rows[0][4] == counts.get("rule", 0) and rows[0][5] == counts.get("student", 0)
