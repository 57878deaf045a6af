"""The backend protocol every LLM use in the product goes through (tagging, summaries, ask)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

from workbench.errors import ModelError


@dataclass
class Usage:
    """Token counts of the last request; ``parsed_first_time`` is False when a retry was needed."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0
    parsed_first_time: bool = True


class Backend(Protocol):
    """A chat model that answers in JSON constrained by a schema, or streams free text.

    Implementations are not thread-safe (one request at a time, from one worker thread) unless they set a
    class attribute ``thread_safe = True``, as the server backend does: a tagging run then sends several
    requests at once (see :mod:`workbench.tagging.llm_stage`) and reads :attr:`last_usage` per thread.
    """

    name: str
    sha256: str | None
    last_usage: Usage

    def complete_json(self, system: str, user: str, schema: dict[str, Any], max_tokens: int) -> dict[str, Any]:
        """Answer ``user`` under ``system`` with one JSON object valid against ``schema``.

        Raises:
            ModelError: the backend failed or the answer could not be parsed.
        """
        ...

    def stream(self, system: str, user: str, max_tokens: int) -> Iterator[str]:
        """Yield the answer as text chunks (temperature 0)."""
        ...

    def close(self) -> None:
        """Release the model or connection."""
        ...


class ChoiceScorer(Protocol):
    """A backend that can score fixed one-word answers by the model's next-token logits (one forward pass,
    no generation): the cheap yes/no questions of :mod:`workbench.tagging.sentiment_check`."""

    def score_choices(self, system: str, user: str, choices: tuple[str, ...]) -> list[float] | None:
        """The logit of each choice's first token as the answer's first token; None when unsupported."""
        ...


def choice_scorer(backend: object | None) -> ChoiceScorer | None:
    """``backend`` as a :class:`ChoiceScorer`, or None when it cannot score choices."""
    return backend if backend is not None and callable(getattr(backend, "score_choices", None)) else None  # type: ignore[return-value]


@contextmanager
def abort_on_cancel(backend: object | None, cancel: Any) -> Iterator[None]:
    """While inside, a cancel of ``cancel`` (a :class:`~workbench.progress.CancelToken`) also aborts
    ``backend``'s request in flight at once, where the backend can (the model worker is killed mid-generation;
    the request raises Cancelled). Backends without ``abort`` are left to the callers' own cancel checks."""
    abort = getattr(backend, "abort", None)
    forget = cancel.on_cancel(abort) if cancel is not None and callable(abort) else None
    try:
        yield
    finally:
        if forget is not None:
            forget()


def parse_json_object(text: str) -> dict[str, Any]:
    """Parse a model's JSON answer, tolerating surrounding whitespace or a code fence.

    Raises:
        ModelError: the text holds no JSON object.
    """
    body = text.strip()
    if body.startswith("```"):
        body = body.strip("`").removeprefix("json").strip()
    try:
        value = json.loads(body)
    except ValueError:
        start, end = body.find("{"), body.rfind("}")
        if start < 0 or end <= start:
            raise ModelError.of("errors.model.answer_not_json", body=body[:80]) from None
        try:
            value = json.loads(body[start:end + 1])
        except ValueError as exc:
            raise ModelError.of("errors.model.answer_invalid_json", body=body[:80]) from exc
    if not isinstance(value, dict):
        raise ModelError.of("errors.model.answer_not_object")
    return value
