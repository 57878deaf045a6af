"""The PDF a client is given: every font embedded (no base-14 Helvetica), the issue tree indented by level."""

from __future__ import annotations

import shutil
import subprocess
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from workbench.project import Project
from workbench.reports.build import write_report
from workbench.reports.model import ReportSpec

JUNE = ReportSpec(date_from=date(2026, 6, 1), date_to=date(2026, 6, 30))


@pytest.fixture(scope="module")
def pdf(tagged_project: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[tuple[str, int]]]:
    out = tmp_path_factory.mktemp("pdf") / "r.pdf"
    with Project.open(tagged_project) as project:
        result = write_report(project, ReportSpec(**{**JUNE.__dict__, "template": "deep_dive"}), "pdf", out)
    return out, [(r.path, r.level) for r in result.content.tree]


def _fonts_from_dictionaries(path: Path) -> list[tuple[str, bool]]:
    """(base font, embedded) of every font any page uses, read from the PDF's font dictionaries."""
    from pypdf import PdfReader

    out = []
    for page in PdfReader(str(path)).pages:
        for ref in (page["/Resources"].get("/Font") or {}).values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            desc = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else {}
            embedded = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            out.append((str(font["/BaseFont"]), embedded))
    return out


def test_every_font_is_embedded(pdf: tuple[Path, list[tuple[str, int]]]) -> None:
    path = pdf[0]
    fonts = _fonts_from_dictionaries(path)
    assert fonts and all(embedded for _, embedded in fonts), fonts
    assert not any("Helvetica" in name for name, _ in fonts)
    if shutil.which("pdffonts"):
        lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()
        rows = lines[2:]
        assert rows
        for row in rows:  # columns: name type encoding emb sub uni object ID; emb is the 4th from the right
            assert row.split()[-5] == "yes", row


def test_issue_tree_is_indented_by_level(pdf: tuple[Path, list[tuple[str, int]]]) -> None:
    from pypdf import PdfReader

    path, tree = pdf
    xs: dict[str, list[float]] = defaultdict(list)

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            xs[text.strip()].append(cm[4] + tm[4])

    for page in PdfReader(str(path)).pages:
        page.extract_text(visitor_text=visit)
    by_level: dict[int, list[float]] = defaultdict(list)
    for node, level in tree:
        name = node.rsplit("/", 1)[-1]
        if xs.get(name):
            by_level[level].append(min(xs[name]))
    assert by_level[1] and by_level[2] and by_level[3], by_level
    # a name's leftmost use is its tree row (other tables put the path in a later column)
    assert min(by_level[2]) > min(by_level[1]) + 8
    assert min(by_level[3]) > min(by_level[2]) + 8
