"""An OpenAI-compatible HTTP backend (llama.cpp server, vLLM, Ollama, …), standard library only.

It contacts only the base URL the user configured (``--server URL`` or the setting) and nothing else.
Output is constrained by the server: first with the standard ``response_format`` of type
``json_schema`` (OpenAI, vLLM, Ollama, llama.cpp's C++ server); a server that rejects that type
(llama-cpp-python's server accepts only ``json_object``, with the schema under ``schema``) is asked
that way from then on, with ``repeat_penalty`` 1.0 (that server's default is 1.1, unlike the library's
1.0): same prompts, greedy decoding, same answers as the in-process backend. Every answer is verified
locally against the schema anyway (:mod:`workbench.llm.json_check`); one retry with twice the token
budget, then a ModelError.

Unlike the local backend this one is thread-safe (``thread_safe = True``): each request opens its own
connection, and :attr:`last_usage` is kept per thread, so a tagging run may send N requests at once.
"""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Iterator
from typing import Any

from workbench.errors import ModelError, UsageError
from workbench.llm.backend import Usage, parse_json_object
from workbench.llm.http_client import HttpClient, RequestRejected, RetryPolicy, ServerUnavailable
from workbench.llm.json_check import schema_errors

DEFAULT_TIMEOUT = 120.0


def normalise_base_url(url: str) -> str:
    """``http://host:8080`` or ``…/v1`` → ``…/v1`` (no trailing slash).

    Raises:
        UsageError: not an http(s) URL.
    """
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError.of("errors.server.url", url=url)
    path = parts.path.rstrip("/")
    if not path.endswith("/v1"):
        path += "/v1"
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


class HttpBackend:
    """Chat completions against one configured OpenAI-compatible server. Thread-safe."""

    thread_safe = True

    def __init__(self, url: str, model: str | None = None, api_key: str | None = None,
                 timeout: float = DEFAULT_TIMEOUT, policy: RetryPolicy | None = None, seed: int = 0) -> None:
        self.base = normalise_base_url(url)
        self.name = model or "server"
        self.model = model
        self.sha256: str | None = None
        self.seed = seed
        self.client = HttpClient(self.base, timeout, api_key, policy)
        self.json_mode = "json_schema"  # becomes "json_object" once the server rejects json_schema
        self._local = threading.local()
        self._lock = threading.Lock()

    @property
    def last_usage(self) -> Usage:
        """Token counts of this thread's last request."""
        usage: Usage = getattr(self._local, "usage", None) or Usage()
        return usage

    @last_usage.setter
    def last_usage(self, usage: Usage) -> None:
        self._local.usage = usage

    def complete_json(self, system: str, user: str, schema: dict[str, Any], max_tokens: int) -> dict[str, Any]:
        """See :meth:`Backend.complete_json`. Verified locally; one retry with twice the budget.

        Raises:
            ServerUnavailable: the server cannot be reached or timed out (after retries): stop, resume later.
            ModelError: the request was refused, or two answers were not valid against ``schema``.
        """
        problem = ""
        for attempt, budget in enumerate((max_tokens, max_tokens * 2)):
            out = self._chat(system, user, schema, budget)
            try:
                value = parse_json_object(_content(out))
            except ModelError as exc:
                problem = str(exc)
                continue
            errors = schema_errors(value, schema)
            if errors:
                problem = "; ".join(errors[:3])
                continue
            usage = out.get("usage") or {}
            self.last_usage = Usage(prompt_tokens=int(usage.get("prompt_tokens") or 0),
                                    completion_tokens=int(usage.get("completion_tokens") or 0),
                                    parsed_first_time=attempt == 0)
            return value
        raise ModelError.of("errors.server.schema", base=self.base, problem=problem)

    def stream(self, system: str, user: str, max_tokens: int) -> Iterator[str]:
        """See :meth:`Backend.stream` (server-sent events)."""
        body = self._body(system, user, max_tokens)
        body["stream"] = True
        response = self.client.open("/chat/completions", body)
        try:
            with response:
                for raw in response:
                    piece = _sse_piece(raw)
                    if piece:
                        yield piece
        except OSError as exc:
            raise ServerUnavailable.of("errors.server.dropped_mid_answer", base=self.base, reason=exc) from exc

    def list_models(self) -> list[str]:
        """The model ids the server offers (``GET /v1/models``): a connection check for settings dialogs."""
        data = self.client.get_json("/models")
        items = data.get("data") if isinstance(data, dict) else None
        return [str(m["id"]) for m in items or [] if isinstance(m, dict) and "id" in m]

    def close(self) -> None:
        """Nothing to release: each request opens its own connection."""

    def _chat(self, system: str, user: str, schema: dict[str, Any], max_tokens: int) -> dict[str, Any]:
        mode = self.json_mode
        try:
            return _checked(self.client.post_json("/chat/completions", self._schema_body(system, user, schema,
                                                                                      max_tokens, mode)), self.base)
        except RequestRejected as exc:
            if mode != "json_schema" or not _about_format(exc):
                raise
        self.json_mode = "json_object"
        body = self._schema_body(system, user, schema, max_tokens, "json_object")
        return _checked(self.client.post_json("/chat/completions", body), self.base)

    def _schema_body(self, system: str, user: str, schema: dict[str, Any], max_tokens: int,
                     mode: str) -> dict[str, Any]:
        body = self._body(system, user, max_tokens)
        if mode == "json_schema":
            body["response_format"] = {"type": "json_schema",
                                       "json_schema": {"name": "answer", "strict": True, "schema": schema}}
        else:  # llama-cpp-python's dialect; its server defaults repeat_penalty to 1.1, its library to 1.0
            body["response_format"] = {"type": "json_object", "schema": schema}
            body["repeat_penalty"] = 1.0  # decode exactly like the local backend (greedy, no penalty)
        return body

    def _body(self, system: str, user: str, max_tokens: int) -> dict[str, Any]:
        return {"model": self._model_id(), "temperature": 0, "seed": self.seed, "max_tokens": max_tokens,
                "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}]}

    def _model_id(self) -> str:
        """The configured model, else the server's first listed model (vLLM and Ollama need a real id)."""
        with self._lock:
            if self.model is None:
                try:
                    found = self.list_models()
                except ServerUnavailable:
                    raise
                except ModelError:  # no model list (404, 501, not JSON): servers with one model ignore the id
                    found = []
                self.model = found[0] if found else "default"
            return self.model


def _about_format(exc: RequestRejected) -> bool:
    detail = exc.detail.lower()
    return exc.status in (400, 422, 500) and ("response_format" in detail or "json_schema" in detail)


def _checked(out: Any, base: str) -> dict[str, Any]:
    if not isinstance(out, dict) or not isinstance(out.get("choices"), list) or not out["choices"]:
        raise ModelError.of("errors.server.no_completion", base=base)
    return out


def _content(out: dict[str, Any]) -> str:
    message = out["choices"][0].get("message") if isinstance(out["choices"][0], dict) else None
    return str(message.get("content") or "") if isinstance(message, dict) else ""


def _sse_piece(raw: bytes) -> str:
    line = raw.decode("utf-8", "replace").strip()
    if not line.startswith("data:") or line == "data: [DONE]":
        return ""
    try:
        choices = json.loads(line[5:]).get("choices") or [{}]
    except (ValueError, AttributeError):
        return ""
    delta = choices[0].get("delta") or {}
    return str(delta.get("content") or "")
