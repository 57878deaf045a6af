"""The seam's mutations return what they changed: an import, a tagging run (real files, real project)."""

from __future__ import annotations

from pathlib import Path

from tests.tagging.conftest import small_taxonomy
from workbench.config import Preferences
from workbench.project import Project, import_sources, tag, tag_options
from workbench.taxonomy.repository import save_version


def test_import_then_tag_say_what_changed(tmp_path: Path) -> None:
    source = tmp_path / "reviews.csv"
    source.write_text("text,created_at\n配送超时了，等了一个小时,2025-03-01\n客服态度差,2025-03-02\n", encoding="utf-8")
    with Project.open(tmp_path / "p.kesheng") as project:
        reports, changes = import_sources(project, [str(source)])
        assert [r.imported for r in reports] == [2]
        assert changes.records and changes.sources and not changes.tags and not changes.taxonomy
        again, unchanged = import_sources(project, [str(source)])  # the same rows again: duplicates only
        assert again[0].imported == 0 and not unchanged.records and unchanged.sources
        save_version(project, small_taxonomy(), "t")
        result, tagged = tag(project, tag_options(project, Preferences(), llm_budget=0))
        assert result.tagged == 2 and tagged.tags and not tagged.records and tagged.record_ids == frozenset()
        nothing, none_changed = tag(project, tag_options(project, Preferences(), llm_budget=0))
        assert nothing.tagged == 0 and not none_changed.any
