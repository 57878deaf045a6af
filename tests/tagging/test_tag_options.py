"""One resolution of a tagging run's options: the caller's, then the project's settings, then the preferences."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.config import Preferences
from workbench.project import Project
from workbench.tagging.options import SERVER_SETTING, THREADS_SETTING, tag_options


def test_the_server_is_the_override_then_the_project_then_the_preferences(tmp_path: Path) -> None:
    prefs = Preferences(server_url="http://prefs.invalid:1/v1", threads=3, model="fast",
                        server_concurrency=5, server_timeout=30)
    with Project.open(tmp_path / "p.kesheng") as project:
        plain = tag_options(project, prefs)
        assert (plain.server, plain.threads, plain.model, plain.concurrency, plain.server_timeout) == (
            "http://prefs.invalid:1/v1", 3, "fast", 5, 30)
        project.set_setting(SERVER_SETTING, "http://project.invalid:2/v1")
        project.set_setting(THREADS_SETTING, 2)
        chosen = tag_options(project, prefs)
        assert (chosen.server, chosen.threads) == ("http://project.invalid:2/v1", 2)
        given = tag_options(project, prefs, server="http://flag.invalid:3/v1", threads=1, model="default")
        assert (given.server, given.threads, given.model) == ("http://flag.invalid:3/v1", 1, "default")
        none_given = tag_options(project, prefs, server=None, model=None, llm_budget=None)
        assert (none_given.server, none_given.model, none_given.llm_budget) == (
            "http://project.invalid:2/v1", "fast", None)


def test_no_server_anywhere_means_the_local_model(tmp_path: Path) -> None:
    with Project.open(tmp_path / "p.kesheng") as project:
        options = tag_options(project, Preferences(), llm_budget=0, retag=True, record_ids=(4, 5))
    assert options.server is None and options.threads is None
    assert (options.llm_budget, options.retag, options.record_ids) == (0, True, (4, 5))


def test_an_unknown_option_is_a_programming_error(tmp_path: Path) -> None:
    with Project.open(tmp_path / "p.kesheng") as project, pytest.raises(TypeError, match="budget"):
        tag_options(project, Preferences(), budget=3)
