"""The Taxonomy dialog applies a template or a codebook as a new version."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from ui.windows.taxonomy_dialog import TaxonomyDialog
from ui.workers.runner import TaskRunner
from workbench.project import Project
from workbench.taxonomy.repository import load_current


def test_template_then_codebook(qtbot: QtBot, tmp_path: Path) -> None:
    runner = TaskRunner()
    with Project.open(tmp_path / "p.kesheng") as project:
        dialog = TaxonomyDialog(project, runner)
        qtbot.addWidget(dialog)
        dialog.templates.setCurrentIndex(dialog.templates.findData("food_delivery"))
        dialog.apply_selected()
        qtbot.waitUntil(lambda: dialog.changed_to is not None, timeout=30_000)
        first = load_current(project)
        assert first is not None and len(first.leaves()) >= 80
        codebook = tmp_path / "codebook.csv"
        codebook.write_text("level1,level2,description,keywords\n物流,配送慢,送得慢,太慢|超时\n产品,口味,味道,难吃\n",
                            encoding="utf-8")
        dialog.apply_file(str(codebook))
        qtbot.waitUntil(lambda: dialog.changed_to != first.version_id, timeout=30_000)
        current = load_current(project)
        assert current is not None and {n.path for n in current.leaves()} == {"物流/配送慢", "产品/口味"}
        assert "2" in dialog.current.text()
    runner.shutdown()
