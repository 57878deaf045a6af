"""The Word table of contents is written out: one linked entry per heading, visible without a field update."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from workbench.project import Project
from workbench.reports.build import write_report
from workbench.reports.model import ReportSpec

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_word_contents_has_an_entry_per_heading(tagged_project: str, tmp_path: Path) -> None:
    from docx import Document

    with Project.open(tagged_project) as project:
        result = write_report(project, ReportSpec(date_from=date(2026, 6, 1), date_to=date(2026, 6, 30)), "docx",
                              tmp_path / "r.docx")
    doc = Document(str(result.path))
    paragraphs = list(doc.paragraphs)
    at = next(i for i, p in enumerate(paragraphs) if p.text == "目录")
    headings = [p for p in paragraphs[at + 1:] if p.style.name in ("Heading 1", "Heading 2")]
    bookmarks = {h._p.find(f"{W}bookmarkStart").get(f"{W}name"): h.text for h in headings}
    entries = []
    for p in paragraphs[at + 1:]:
        links = p._p.findall(f"{W}hyperlink")
        if not links:
            break
        entries.append((links[0].get(f"{W}anchor"), p.text))
    assert len(entries) == len(headings) >= 8
    assert [text for _, text in entries] == [h.text for h in headings]
    assert all(bookmarks[anchor] == text for anchor, text in entries)
    assert "执行摘要" in [text for _, text in entries] and "方法说明" in [text for _, text in entries]
    # the entries are the cached result of a TOC field: begin, instruction, separate … end, in that order
    kinds = [el.get(f"{W}fldCharType") for el in doc.element.body.iter(f"{W}fldChar")]
    assert kinds[:2] == ["begin", "separate"] and "end" in kinds
    instr = [el.text for el in doc.element.body.iter(f"{W}instrText")]
    assert instr and instr[0].startswith("TOC")
