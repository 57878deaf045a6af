"""The watch's tagging step: the cascade over the new records, with the model's budget per cycle."""

from __future__ import annotations

from workbench.config import load_preferences
from workbench.monitor.watch import Tagger
from workbench.store.handle import Project

SERVER_SETTING, THREADS_SETTING = "llm.server", "llm.threads"  # as the `tag` command reads them


def budget_tagger(llm_budget: int, model: str | None = None) -> Tagger:
    """A tagger that gives the LLM at most ``llm_budget`` records per cycle (0: rules and student only)."""

    def tag(project: Project) -> tuple[int, int]:
        from workbench.tagging.run import TagOptions, tag_project

        prefs = load_preferences()
        options = TagOptions(llm_budget=llm_budget, model=model,
                             server=project.get_setting(SERVER_SETTING) or prefs.server_url or None,
                             threads=project.get_setting(THREADS_SETTING),
                             concurrency=max(prefs.server_concurrency, 1), server_timeout=max(prefs.server_timeout, 1))
        result = tag_project(project, options)
        return result.tagged, int(result.by_method.get("llm", 0))

    return tag
