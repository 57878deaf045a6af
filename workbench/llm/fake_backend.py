"""A deterministic stand-in for a model, FOR TESTS ONLY (never chosen unless ``KESHENG_FAKE_LLM=1``).

It lets the test-suite drive the real CLI (``main.py tag``) end to end — including killing it with
SIGKILL mid-run — without loading a model. It answers within the schema: the first enum topic whose
name occurs in the text, the text's first clause as evidence, polarity from the lexicon.
``KESHENG_FAKE_LLM_DELAY`` (seconds) slows each request so a test can interrupt a run.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from typing import Any

from workbench.llm.backend import Usage
from workbench.llm.schemas import OTHER
from workbench.nlp.polarity import clause_around, clause_polarity, polarity_of

ENV_FLAG = "KESHENG_FAKE_LLM"
ENV_DELAY = "KESHENG_FAKE_LLM_DELAY"


def fake_requested() -> bool:
    """Whether the environment asks for the fake backend (tests only)."""
    return os.environ.get(ENV_FLAG) in {"1", "worker"}


def fake_worker_requested() -> bool:
    """Whether the environment asks for the fake backend hosted in a real model worker process
    (``KESHENG_FAKE_LLM=worker``: tests that kill the worker with a real signal)."""
    return os.environ.get(ENV_FLAG) == "worker"


class FakeBackend:
    """Schema-conforming, deterministic answers without a model."""

    def __init__(self, delay: float | None = None) -> None:
        self.name = "fake"
        self.sha256: str | None = "0" * 64
        self.delay = float(os.environ.get(ENV_DELAY, "0")) if delay is None else delay
        self.last_usage = Usage()
        self.requests: list[tuple[str, str]] = []
        self.checks: list[str] = []  # score_choices requests (the cheap sentiment checks)

    def complete_json(self, system: str, user: str, schema: dict[str, Any], max_tokens: int) -> dict[str, Any]:
        """See :meth:`Backend.complete_json`."""
        if self.delay:
            time.sleep(self.delay)
        self.requests.append((system, user))
        text = _fenced(user)
        self.last_usage = Usage(prompt_tokens=len(system) + len(user), completion_tokens=20)
        props = schema["properties"]
        if "c" in props:
            return {"c": _first_named(props["c"]["enum"], text)}
        topics: list[str] = props["o"]["items"]["properties"]["t"]["enum"]
        topic = _first_named(topics, text)
        polarity = {"positive": "pos", "negative": "neg", "neutral": "neu"}[polarity_of(text)]
        name = topic.rsplit("/", 1)[-1]
        at = text.find(name) if topic != OTHER else -1
        evidence = clause_around(text, at, at + len(name)) if at >= 0 else text[:12]
        opinions = [{"t": topic, "p": polarity, "e": evidence, "r": ""}] if text.strip() else []
        intent = "complaint" if polarity == "neg" else "praise" if polarity == "pos" else "other"
        main = {"m": topic} if "m" in props else {}
        return {**main, "o": opinions, "s": polarity, "i": intent, "d": 8 if polarity == "neg" else 1}

    def score_choices(self, system: str, user: str, choices: tuple[str, ...]) -> list[float] | None:
        """See :class:`~workbench.llm.backend.ChoiceScorer`: a two-way choice is scored by the lexicon
        (the first choice is the positive one), anything else evenly."""
        self.checks.append(user)
        score = float(clause_polarity(_fenced(user)))
        return [score, -score] if len(choices) == 2 else [0.0] * len(choices)

    def stream(self, system: str, user: str, max_tokens: int) -> Iterator[str]:
        """See :meth:`Backend.stream`: echoes the fenced text back in two chunks."""
        text = _fenced(user) or user
        yield text[: len(text) // 2]
        yield text[len(text) // 2:]

    def close(self) -> None:
        """Nothing to release."""


def _fenced(user: str) -> str:
    start, end = user.rfind("<<<\n"), user.rfind("\n>>>")
    return user[start + 4:end] if 0 <= start < end else user


def _first_named(topics: list[str], text: str) -> str:
    for topic in topics:
        if topic != OTHER and topic.rsplit("/", 1)[-1] in text:
            return topic
    return OTHER
