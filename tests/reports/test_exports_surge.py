"""Proven on data we did not plant (issue 23, item 5): the seven client exports of ``../shared/exports/``.

Their README plants a surge: records about App pairing (``配网``) jump from 0–4 a week to 20 and 16 in the
last two ISO weeks (2026-W43, W44). Imported in the README's order, given the consumer-electronics template
and tagged by rules and the student only (no model), the default report's first finding and
``top --by rising`` must name it.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.paths import ROOT
from workbench.project import Project
from workbench.reports.gather import gather
from workbench.reports.model import ReportSpec

EXPORTS = Path(ROOT).parent / "shared" / "exports"
SURGE_NODE = "配网失败"  # App与固件/App使用/配网失败 (the template's node for 配网)
pytestmark = pytest.mark.skipif(not (EXPORTS / "README.md").is_file(), reason="no ../shared/exports")


def _files() -> list[Path]:
    """The README's import order: by file name, 01 → 07."""
    files = sorted(p for p in EXPORTS.iterdir() if p.name[:2].isdigit() and p.suffix in {".xlsx", ".csv", ".json"})
    assert [p.name[:2] for p in files] == ["01", "02", "03", "04", "05", "06", "07"]
    return files


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("exports") / "lanyue.kesheng")
    for export in _files():
        assert main(["import", path, str(export)]) == 0, export.name
    assert main(["taxonomy", path, "--template", "consumer_electronics"]) == 0
    assert main(["tag", path, "--llm-budget", "0"]) == 0
    return path


def test_the_planted_records_are_all_there(project: str) -> None:
    with Project.open(project, create=False) as p, p.read() as conn:
        total = conn.exec_driver_sql("SELECT count(*) FROM records").scalar()
        surge = conn.exec_driver_sql("SELECT count(*) FROM records WHERE text LIKE '%配网%' "
                                     "AND created_at >= '2026-10-19'").scalar()
    assert total == 450  # the README's expected total after de-duplication
    assert surge == 36  # W43 20 + W44 16


def test_top_rising_names_the_surge(project: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["top", project, "--by", "rising", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    first = out["items"][0]
    assert first["node"].split("/")[-1] == SURGE_NODE, out["items"][:3]
    assert first["count"] >= 3 * max(first["previous"], 1)
    assert out["period"]["to"] >= "2026-10-31"  # the latest complete period, which holds the surge
    assert main(["top", project, "--by", "rising"]) == 0
    text = capsys.readouterr().out.splitlines()
    assert SURGE_NODE in next(line for line in text if line.strip().startswith("1 "))


def test_default_report_leads_with_the_surge(project: str, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    with Project.open(project, create=False) as p:
        content = gather(p, ReportSpec())
    assert content.period[1] >= date(2026, 10, 31)
    assert SURGE_NODE in content.summary[0] and "上升最快" in content.summary[0], content.summary[:2]
    assert content.issues[0].path.endswith(SURGE_NODE)  # the first issue in depth (and slide) is the surge
    out = tmp_path / "lanyue.docx"
    assert main(["report", project, "--format", "docx", "--out", str(out)]) == 0
    from docx import Document

    body = [para.text for para in Document(str(out)).paragraphs if para.text.strip()]
    first = next(i for i, t in enumerate(body) if content.summary[0] in t)  # the key findings' first line
    assert SURGE_NODE in body[first]
    assert all(line not in body[j] for line in content.summary[1:] for j in range(first))


def test_a_surge_alert_fires_on_the_planted_surge(project: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The alert rule compares like with like too: October (the latest complete month; 1 November alone is
    too short to stand for its month in reports, but an alert also looks at it) against September."""
    assert main(["alerts", project, "--add-rule", "配网激增", "--surge", f"App与固件/App使用/{SURGE_NODE}"]) == 0
    capsys.readouterr()
    assert main(["alerts", project, "--run", "--json"]) == 0
    fired = json.loads(capsys.readouterr().out)["fired"]
    october = next(f for f in fired if f["detail"]["from"] == "2026-10-01")
    assert october["detail"]["to"] == "2026-10-31" and not october["detail"]["partial"]
    assert october["detail"]["count"] >= 3 * max(october["detail"]["previous"], 1)
    with Project.open(project, create=False) as p, p.read() as conn:
        ids = ",".join(str(i) for i in october["records"])
        texts = conn.exec_driver_sql(f"SELECT text FROM records WHERE id IN ({ids})").scalars().all()
    assert sum("配网" in t for t in texts) >= 0.8 * len(texts)


def test_the_wall_marks_the_surge_weeks_of_the_rising_issue(project: str) -> None:
    from workbench.queries.dashboard import dashboard_data

    with Project.open(project, create=False) as p:
        data = dashboard_data(p)
    assert data.rising_node is not None and data.rising_node.endswith(SURGE_NODE)
    assert date(2026, 10, 19) in data.rising_surge_weeks  # W43: 20 against W42
    assert data.impact and data.impact[0].node.endswith(SURGE_NODE) and data.impact[0].low > 0


def test_the_first_page_of_each_default_report_names_the_surge(project: str, tmp_path: Path) -> None:
    """Issue 23's Done-when: `report` with no options, and the first page (the cover, the first slide) names it."""
    from docx import Document
    from pptx import Presentation
    from pypdf import PdfReader

    for fmt in ("pdf", "docx", "pptx"):
        assert main(["report", project, "--format", fmt, "--out", str(tmp_path / f"r.{fmt}")]) == 0
    first_page = PdfReader(str(tmp_path / "r.pdf")).pages[0].extract_text().replace("\n", "")
    assert SURGE_NODE in first_page and "首要发现" in first_page
    cover = []
    for para in Document(str(tmp_path / "r.docx")).paragraphs:
        if para.style is not None and para.style.name.startswith("Heading"):
            break  # the cover ends where the contents heading starts
        cover.append(para.text)
    assert any(SURGE_NODE in line for line in cover)
    slide = Presentation(str(tmp_path / "r.pptx")).slides[0]
    assert SURGE_NODE in "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
