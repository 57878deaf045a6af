"""The way out's minutes come from measured speed (issue 23 item 3): a run stores the records the model judged
and the seconds it took; this project's runs come first, then this machine's, then the benchmark's figure."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from tests.tagging.conftest import add_records, small_taxonomy
from workbench.project import Project
from workbench.store import schema
from workbench.tagging import throughput
from workbench.tagging.estimate import seconds_per_record
from workbench.tagging.run import TagOptions, tag_project
from workbench.taxonomy.repository import save_version

TEXTS = ["送得太慢了，饭都凉了", "骑手态度很好，准时送达", "包装洒了一半", "味道不错就是有点凉", "客服态度差，不理人",
         "等了一个多小时", "好吃，下次还点", "汤洒了，袋子全湿"]


@pytest.fixture
def machine_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "throughput.json"
    monkeypatch.setenv("KESHENG_THROUGHPUT_FILE", str(path))
    return path


def _project(path: Path, n: int = len(TEXTS)) -> Project:
    project = Project.open(path)
    save_version(project, small_taxonomy(), "test")
    add_records(project, TEXTS[:n])
    return project


def test_a_run_measures_the_model_and_the_estimate_uses_it(tmp_path: Path, machine_file: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KESHENG_FAKE_LLM", "1")
    monkeypatch.setenv("KESHENG_FAKE_LLM_DELAY", "0.05")  # 50 ms a record: a speed unlike any benchmark figure
    leaves = len(small_taxonomy().leaves())
    with _project(tmp_path / "a.kesheng") as project:
        assert throughput.measured(project, "fake", leaves).basis == "benchmark"
        result = tag_project(project, TagOptions(llm_budget=None))
        assert result.by_method == {"llm": len(TEXTS)}
        with project.read() as conn:
            params = conn.execute(select(schema.runs.c.params)).scalar_one()
        assert params["llm_timed"]["records"] == len(TEXTS) and params["llm_timed"]["seconds"] > 0
        here = throughput.measured(project, "fake", leaves)
        assert here.basis == "project" and here.records == len(TEXTS)
        assert 0.04 <= here.seconds_per_record < 2.0  # the delay, plus a little work
        assert here.seconds_per_record != seconds_per_record("fake", leaves)
    with Project.open(tmp_path / "b.kesheng") as other:  # a new project on the same machine
        inherited = throughput.measured(other, "fake", leaves)
        assert inherited.basis == "machine" and inherited.seconds_per_record == pytest.approx(here.seconds_per_record,
                                                                                              rel=0.01)
        assert throughput.measured(other, "default", leaves).basis == "benchmark"  # never measured here


def test_the_banner_quotes_measured_minutes(tmp_path: Path, machine_file: Path) -> None:
    from workbench.tagging.accuracy import accuracy

    throughput.remember("default", False, 100, 600.0)  # 6 s a record measured on this machine
    with _project(tmp_path / "c.kesheng") as project:
        assert tag_project(project, TagOptions(llm_budget=0)).by_method  # rules and the student only
        sure = accuracy(project)
    assert sure.basis == "machine" and sure.judge_records == len(TEXTS)
    assert sure.judge_minutes == pytest.approx(len(TEXTS) * 6.0 / 60)
    assert "约 1 分钟，按本机实测速度" in (sure.warning("zh") or "")
    assert "at this machine's measured speed" in (sure.warning("en") or "")


def test_a_broken_machine_file_falls_back_quietly(tmp_path: Path, machine_file: Path) -> None:
    machine_file.write_text("not json", encoding="utf-8")
    assert throughput.measured(None, "default", 10).basis == "benchmark"
    throughput.remember("default", False, 10, 30.0)
    assert throughput.measured(None, "default", 10).seconds_per_record == pytest.approx(3.0)
