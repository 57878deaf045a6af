"""English reports name issues in English where the taxonomy has English names, and mark the fallback."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

from workbench.project import Project
from workbench.reports.build import write_report
from workbench.reports.gather import gather
from workbench.reports.model import ReportSpec
from workbench.reports.node_names import MARK
from workbench.taxonomy.edits import update_node

EN = ReportSpec(lang="en", date_from=date(2026, 6, 1), date_to=date(2026, 6, 30))
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_english_report_uses_the_taxonomys_english_names(tagged_project: str) -> None:
    with Project.open(tagged_project) as project:
        content = gather(project, EN)
        zh = gather(project, ReportSpec(**{**EN.__dict__, "lang": "zh"}))
    paths = ([r.path for r in content.tree] + [r.path for r in content.top_frequent + content.top_rising] +
             [i.path for i in content.issues] + [d.path for d in content.drivers])
    assert paths and not [p for p in paths if CJK.search(p)]
    assert "Product quality" in {r.path for r in content.tree if r.level == 1}
    assert [r.count for r in content.tree] == [r.count for r in zh.tree]  # the same figures, other names
    assert all(i.path in i.narrative for i in content.issues)
    assert not any(MARK in p for p in paths)
    verbatims = list(content.verbatims()) if content.verbatims else []
    assert verbatims and not any(CJK.search(v.tags) for v in verbatims)


def test_a_node_without_an_english_name_falls_back_visibly(tagged_project: str, tmp_path: Path) -> None:
    copy = tmp_path / "p.kesheng"
    shutil.copy(tagged_project, copy)
    with Project.open(str(copy)) as project:
        zh_tree = gather(project, ReportSpec(**{**EN.__dict__, "lang": "zh"})).tree
        level1 = max((r for r in zh_tree if r.level == 1), key=lambda r: r.count).path
        update_node(project, level1, name_en="")
        result = write_report(project, EN, "docx", tmp_path / "r.docx")
    content = result.content
    shown = [r.path for r in content.tree if r.path.startswith(level1 + MARK)]
    assert shown and all("/" not in p or not CJK.search(p.split("/", 1)[1]) for p in shown)
    assert any("no English name" in line for line in content.method.caveats)
    from docx import Document

    text = "\n".join(p.text for p in Document(str(result.path)).paragraphs)
    assert f"{level1}{MARK}" in text and "no English name" in text


def test_new_issue_delta_speaks_the_reports_language() -> None:
    from workbench.reports.labels import fmt_delta

    assert fmt_delta(3, 0, True, "zh") == "+3（新增）"
    assert fmt_delta(3, 0, True, "en") == "+3 (new)"
    assert fmt_delta(3, 2, False, "zh") == "—"
