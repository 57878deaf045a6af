"""How a tagging run is set up: one resolution of its options for the CLI, the GUI and the watch."""

from __future__ import annotations

from dataclasses import fields, replace
from typing import TYPE_CHECKING, Any

from workbench.config import Preferences
from workbench.store.handle import Project

if TYPE_CHECKING:
    from workbench.tagging.run import TagOptions

SERVER_SETTING = "llm.server"  # the project's OpenAI-compatible server (``kesheng`` project settings)
THREADS_SETTING = "llm.threads"  # the project's thread count for the local model


def tag_options(project: Project, preferences: Preferences, **overrides: Any) -> TagOptions:
    """The options of a run on ``project``: what the caller gives, then the project's settings, then ``preferences``.

    ``overrides`` are :class:`TagOptions` fields (the CLI's flags, the panel's fields); ``None`` means "not
    given". The LLM server is the ``server`` override → the project's ``llm.server`` setting →
    ``preferences.server_url`` (none: the local model); threads likewise (``llm.threads``, then
    ``preferences.threads``; 0 or none: all cores); the model is the override or ``preferences.model``; the
    server's concurrency and timeout come from ``preferences`` unless given.

    Raises:
        TypeError: an override that is not a field of :class:`TagOptions` (a programming error).
    """
    from workbench.tagging.run import TagOptions  # the cascade's imports (numpy, the student) load on use

    given = {key: value for key, value in overrides.items() if value is not None}
    unknown = sorted(set(given) - {f.name for f in fields(TagOptions)})
    if unknown:
        raise TypeError(f"tag_options got unknown options: {', '.join(unknown)}")
    server = given.pop("server", None) or project.get_setting(SERVER_SETTING) or preferences.server_url or None
    threads = given.pop("threads", None) or project.get_setting(THREADS_SETTING) or preferences.threads or None
    base = TagOptions(model=preferences.model or None, server=server, threads=threads,
                      concurrency=max(preferences.server_concurrency, 1),
                      server_timeout=max(preferences.server_timeout, 1))
    return replace(base, **given)
