"""The model-written report narrative: grounded sentence by sentence, template kept where nothing survives."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from workbench.cli import main
from workbench.llm.backend import Usage
from workbench.project import Project
from workbench.reports.build import write_report
from workbench.reports.model import ReportSpec

NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?%?")


class Scripted:
    """A backend that streams the same text for every request (a fake: the real model is tested below)."""

    name, sha256 = "scripted", "ab" * 32

    def __init__(self, text: str) -> None:
        self.text, self.calls = text, 0
        self.last_usage = Usage()

    def complete_json(self, system: str, user: str, schema: dict[str, Any], max_tokens: int) -> dict[str, Any]:
        raise AssertionError("the narrative streams text")

    def stream(self, system: str, user: str, max_tokens: int) -> Iterator[str]:
        self.calls += 1
        self.prompt = user
        yield from (self.text[i:i + 7] for i in range(0, len(self.text), 7))

    def close(self) -> None:
        pass


def test_fabricated_numbers_and_quotes_are_removed(tagged_project: str, tmp_path: Path) -> None:
    spec = ReportSpec(narrative="llm", issue_sections=2)
    with Project.open(tagged_project) as project:
        plain = write_report(project, ReportSpec(issue_sections=2), "docx", tmp_path / "plain.docx").content
        first = plain.issues[0]
        backend = Scripted(f"这一问题共有 {first.count:,} 条反馈，值得优先处理。去年同期为 98,765 条。"
                           "有客户说「这是编造的一句话不存在」。客户最关心的是体验。")
        result = write_report(project, spec, "docx", tmp_path / "r.docx", backend=backend)
    c = result.content
    assert backend.calls == len(c.issues) + 1  # one per issue section and one for the summary
    kept = c.issues[0].narrative
    assert f"{first.count:,}" in kept and "客户最关心的是体验" in kept
    assert "98,765" not in kept and "编造" not in kept  # the invented figure and the invented quote are gone
    # the other sections do not hold that count, so that sentence is removed there; the plain one stays
    for issue, before in zip(c.issues[1:], plain.issues[1:], strict=True):
        assert "98,765" not in issue.narrative and issue.narrative != before.narrative
    assert any("scripted (sha256 abababababab)" in line and "句已删除" in line for line in c.method.caveats)


def test_nothing_grounded_keeps_the_template(tagged_project: str, tmp_path: Path) -> None:
    with Project.open(tagged_project) as project:
        plain = write_report(project, ReportSpec(issue_sections=1), "docx", tmp_path / "a.docx").content
        result = write_report(project, ReportSpec(narrative="llm", issue_sections=1), "docx", tmp_path / "b.docx",
                              backend=Scripted("共有 123,456 条反馈。"))
    assert result.content.issues[0].narrative == plain.issues[0].narrative
    assert result.content.summary == plain.summary


def test_cli_asks_for_narrative_llm_before_a_model(tagged_project: str, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", tagged_project, "--format", "pdf", "--out", str(tmp_path / "r.pdf"),
                 "--model", "fast"]) == 2
    assert "--narrative llm" in capsys.readouterr().err


@pytest.mark.integration
def test_real_model_writes_a_grounded_narrative(tagged_project: str, tmp_path: Path) -> None:
    """The fast local model writes the narrative; every number left in it is one of the report's figures."""
    from workbench.llm.factory import open_backend
    from workbench.llm.grounding import allowed_numbers

    backend = open_backend("fast", threads=2)
    try:
        with Project.open(tagged_project) as project:
            plain = write_report(project, ReportSpec(issue_sections=2), "xlsx", tmp_path / "a.xlsx").content
            result = write_report(project, ReportSpec(narrative="llm", issue_sections=2), "pdf",
                                  tmp_path / "r.pdf", backend=backend)
    finally:
        backend.close()
    c = result.content
    assert result.path.exists() and any("qwen" in line.lower() or "sha256" in line for line in c.method.caveats)
    for issue, before in zip(c.issues, plain.issues, strict=True):
        allowed = allowed_numbers([issue.count, issue.previous, issue.share, issue.negative_share],
                                  [before.narrative])
        for token in NUMBER.findall(issue.narrative):
            assert token.strip("%").replace(",", "") in {a.strip("%").replace(",", "") for a in allowed}, token
