"""`main.py tag` through the CLI entry point (fake backend via its test-only env flag)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.tagging.conftest import add_records, small_taxonomy
from workbench.cli import main
from workbench.project import Project
from workbench.store import schema
from workbench.tagging.labels import label_records
from workbench.taxonomy.repository import save_version


def _project(tmp_path: Path, taxonomy: bool = True) -> str:
    path = tmp_path / "p.kesheng"
    with Project.open(path) as project:
        if taxonomy:
            save_version(project, small_taxonomy(), "t")
        add_records(project, ["配送时效太差", "口味很好"])
    return str(path)


def test_tag_prints_a_json_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("KESHENG_FAKE_LLM", "1")
    assert main(["tag", _project(tmp_path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["tagged"] == 2 and out["by_method"] == {"llm": 2} and out["resumed"] is False


def test_no_taxonomy_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tag", _project(tmp_path, taxonomy=False), "--llm-budget", "0"]) == 2
    assert "taxonomy" in capsys.readouterr().err


def test_unknown_model_names_the_choices(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("KESHENG_FAKE_LLM", raising=False)
    assert main(["tag", _project(tmp_path), "--model", "nonesuch"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: unknown model 'nonesuch'") and "fast" in err


def test_rules_only_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tag", _project(tmp_path), "--llm-budget", "0"]) == 0
    assert "rule 2" in capsys.readouterr().out


def test_the_estimate_comes_first_and_minutes_must_not_be_negative(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("KESHENG_FAKE_LLM", "1")
    project = _project(tmp_path)
    assert main(["tag", project, "--llm-minutes", "-1"]) == 2
    assert capsys.readouterr().err.startswith("error: --llm-minutes must be 0 or more")
    assert main(["tag", project, "--llm-budget", "1", "--llm-minutes", "5"]) == 0
    err = capsys.readouterr().err
    assert "records to tag; the LLM takes at most 1 " in err and "ETA" in err


def test_the_llm_judges_the_records_an_analyst_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("KESHENG_FAKE_LLM", "1")
    path = tmp_path / "p.kesheng"
    with Project.open(path) as project:
        save_version(project, small_taxonomy(), "t")
        ids = add_records(project, ["配送时效太差", "口味很好", "客服态度差", "包装洒了"])
    assert main(["tag", str(path), "--llm-budget", "0"]) == 0
    capsys.readouterr()
    with Project.open(path) as project:
        label_records(project, [(ids[3], ("产品/包装",), "negative")])
    named = f"{ids[1]},{ids[2]},{ids[3]}"
    assert main(["tag", str(path), "--records", named, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["by_method"] == {"llm": 2} and out["total"] == 2  # the labelled one is left alone
    a = schema.assessments
    with Project.open(path) as project, project.read() as conn:
        methods = dict(conn.execute(select(a.c.record_id, a.c.method)).all())
    assert methods == {ids[0]: "rule", ids[1]: "llm", ids[2]: "llm", ids[3]: "human"}
    assert main(["tag", str(path), "--records", "1,x"]) == 2
    assert "--records takes record ids" in capsys.readouterr().err


def test_sentiment_checks_from_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("KESHENG_FAKE_LLM", "1")
    project = _project(tmp_path)
    assert main(["tag", project, "--sentiment-checks", "-2"]) == 2
    assert capsys.readouterr().err.startswith("error: --sentiment-checks must be 0 or more")
    assert main(["tag", project, "--llm-budget", "0", "--sentiment-checks", "5", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["phases"]["checks"] >= 1 and "llm" not in out["by_method"]  # checks alone, no full judgement
    with Project.open(project, create=False) as opened:
        assert opened.stats().tagged == 2
    assert main(["tag", project, "--retag", "--llm-budget", "0", "--sentiment-checks", "5"]) == 0
    captured = capsys.readouterr()
    assert "with at most 2 quick LLM sentiment checks" in captured.err  # the estimate counts them
    assert "quick LLM sentiment checks changed" in captured.out


def test_the_estimate_counts_no_sentiment_checks_on_a_server(tmp_path: Path) -> None:
    """A server backend cannot score choices yet, so a run on one makes no checks: its estimate says none."""
    from workbench.commands.tag import _estimate_line
    from workbench.tagging.run import TagOptions

    with Project.open(_project(tmp_path), create=False) as project:
        local = _estimate_line(project, TagOptions(llm_budget=0, sentiment_checks=5, retag=True))
        served = _estimate_line(project, TagOptions(llm_budget=0, sentiment_checks=5, retag=True,
                                                    server="http://127.0.0.1:9"))
    assert "quick LLM sentiment checks" in local
    assert "quick LLM sentiment checks" not in served


def test_the_estimate_says_whether_the_embedding_head_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 25: the head's plan is one clause of the estimate; a negative allowance is a usage error."""
    from workbench.commands.tag import _estimate_line
    from workbench.tagging.run import TagOptions

    project = _project(tmp_path)
    with Project.open(project, create=False) as opened:
        assert _estimate_line(opened, TagOptions(llm_budget=0)).endswith(
            "the embedding head is off (KESHENG_EMBEDDINGS=0)")  # the suite's setting (tests/conftest.py)
        monkeypatch.setattr("workbench.nlp.embedding.unavailable_reason", lambda: None)
        line = _estimate_line(opened, TagOptions(llm_budget=0))
        assert "the embedding head embeds the records first (~1 min)" in line
        assert _estimate_line(opened, TagOptions(llm_budget=0, embed_minutes=0)).endswith(
            "the embedding head is off (--embed-minutes 0)")
    assert main(["tag", project, "--llm-budget", "0", "--embed-minutes", "-1"]) == 2
    assert "error: --embed-minutes must be 0 or more, not -1" in capsys.readouterr().err
