"""Saved views live in the project and survive reopening it."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.errors import InputError
from workbench.project import Project
from workbench.saved_views import delete_view, list_views, save_view


def test_save_replace_delete_and_reopen(tmp_path: Path) -> None:
    target = tmp_path / "v.kesheng"
    with Project.open(target) as project:
        assert list_views(project) == []
        save_view(project, "  物流  周报 ", {"preset": "last7", "node": "logistics"})
        save_view(project, "退款", {"sentiment": "negative"})
        views = save_view(project, "物流 周报", {"preset": "last30", "node": "logistics"})
        assert [v.name for v in views] == ["物流 周报", "退款"]
        assert views[0].state == {"preset": "last30", "node": "logistics"}
    with Project.open(target) as project:
        assert [v.name for v in list_views(project)] == ["物流 周报", "退款"]
        assert [v.name for v in delete_view(project, "退款")] == ["物流 周报"]
        assert [v.name for v in delete_view(project, "不存在")] == ["物流 周报"]
        with pytest.raises(InputError, match="needs a name"):
            save_view(project, "   ", {})
        with pytest.raises(InputError):
            save_view(project, "x" * 61, {})
