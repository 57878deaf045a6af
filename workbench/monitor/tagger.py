"""The watch's tagging step: the cascade over the new records, with the model's budget per cycle."""

from __future__ import annotations

from workbench.config import load_preferences
from workbench.monitor.watch import Tagger
from workbench.store.handle import Project


def budget_tagger(llm_budget: int, model: str | None = None) -> Tagger:
    """A tagger that gives the LLM at most ``llm_budget`` records per cycle (0: rules and student only)."""

    def tag(project: Project) -> tuple[int, int]:
        from workbench.tagging.options import tag_options
        from workbench.tagging.run import tag_project

        options = tag_options(project, load_preferences(), llm_budget=llm_budget, model=model)
        result = tag_project(project, options)
        return result.tagged, int(result.by_method.get("llm", 0))

    return tag
