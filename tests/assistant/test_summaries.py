"""Summaries: real counts, verbatim quotes, caching by data version, grounding of the model's text,
and conversation summaries."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.assistant.test_ask import Scripted, project_path  # noqa: F401 (fixture)
from tests.service.test_service_cli import write_chats
from workbench.assistant.conversation import summarize_conversation
from workbench.assistant.summarize import summarize
from workbench.cli import main
from workbench.errors import InputError
from workbench.project import Project
from workbench.queries import records
from workbench.types import RecordFilter


def test_template_summary_counts_and_quotes(project_path: str) -> None:  # noqa: F811
    with Project.open(project_path) as project:
        flt = RecordFilter(text="发烫")
        summary = summarize(project, flt, use_cache=False)
        texts = [row["text"] for row in records.fetch_rows(project, records.page_ids(project, flt, limit=10_000),
                                                            ("text",)).values()]
        assert summary.total == summary.read == len(texts) > 0
        assert f"{summary.total:,}" in summary.text
        assert summary.quotes and all(any(q in t for t in texts) for _, q in summary.quotes)
        again = summarize(project, flt)
        assert again.cached and again.text == summary.text


def test_cache_follows_the_data(project_path: str, tmp_path: Path) -> None:  # noqa: F811
    with Project.open(project_path) as project:
        first = summarize(project, RecordFilter(text="音质"))
        assert summarize(project, RecordFilter(text="音质")).cached
    export = tmp_path / "more.csv"
    export.write_text("评论ID,评论时间,评论内容\nX1,2026-08-30 10:00,音质一般般，低音不足\n", encoding="utf-8")
    assert main(["import", project_path, str(export)]) == 0
    with Project.open(project_path) as project:
        fresh = summarize(project, RecordFilter(text="音质"))
    assert not fresh.cached and fresh.total == first.total + 1


def test_model_summary_is_grounded(project_path: str) -> None:  # noqa: F811
    with Project.open(project_path) as project:
        s = summarize(project, RecordFilter(text="发烫"), Scripted("客户抱怨充电发烫。共有 31337 条投诉。"),
                      use_cache=False)
    assert s.written_by == "model"
    assert "31337" not in s.text and any("31337" in r for r in s.removed)
    assert "发烫" in s.text


def test_empty_selection_is_a_clear_error(project_path: str) -> None:  # noqa: F811
    with Project.open(project_path) as project, pytest.raises(InputError, match="no records"):
        summarize(project, RecordFilter(text="完全不存在的词语组合"))


def test_conversation_summary(tmp_path: Path) -> None:
    export = tmp_path / "chats.xlsx"
    write_chats(export)
    target = str(tmp_path / "c.kesheng")
    assert main(["import", target, str(export), "--channel", "chat"]) == 0
    with Project.open(target) as project:
        record_id = records.page_ids(project, RecordFilter(), limit=1)[0]
        s = summarize_conversation(project, record_id)
        assert "发烫" in s.problem and "换新" in s.actions and s.outcome == "resolved"
        with pytest.raises(InputError, match="not a conversation"):
            project_ids = records.page_ids(project, RecordFilter(), limit=1)
            with project.write() as conn:
                conn.exec_driver_sql("DELETE FROM messages WHERE record_id = ?", (project_ids[0],))
            summarize_conversation(project, project_ids[0])
