"""An OpenAI-compatible HTTP backend (llama.cpp server, vLLM, Ollama, …), standard library only.

It contacts only the base URL the user configured (``--server URL`` or the project setting) and
nothing else; requests use ``response_format`` of type ``json_schema`` so a conforming server
constrains its output exactly as the local backend does.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

from workbench.errors import ModelError, UsageError
from workbench.llm.backend import Usage, parse_json_object


def normalise_base_url(url: str) -> str:
    """``http://host:8080`` or ``…/v1`` → ``…/v1`` (no trailing slash).

    Raises:
        UsageError: not an http(s) URL.
    """
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"--server needs an http(s) URL such as http://localhost:8080, not {url!r}")
    path = parts.path.rstrip("/")
    if not path.endswith("/v1"):
        path += "/v1"
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


class HttpBackend:
    """Chat completions against one configured OpenAI-compatible server."""

    def __init__(self, url: str, model: str | None = None, api_key: str | None = None, timeout: float = 120.0) -> None:
        self.base = normalise_base_url(url)
        self.name = model or "server"
        self.sha256: str | None = None
        self.api_key = api_key
        self.timeout = timeout
        self.last_usage = Usage()

    def complete_json(self, system: str, user: str, schema: dict[str, Any], max_tokens: int) -> dict[str, Any]:
        """See :meth:`Backend.complete_json`."""
        body = self._body(system, user, max_tokens)
        body["response_format"] = {"type": "json_schema",
                                   "json_schema": {"name": "answer", "strict": True, "schema": schema}}
        first = True
        for _ in range(2):
            out = self._post(body)
            try:
                value = parse_json_object(str(out["choices"][0]["message"].get("content") or ""))
            except (ModelError, KeyError, IndexError):
                first = False
                continue
            usage = out.get("usage") or {}
            self.last_usage = Usage(prompt_tokens=int(usage.get("prompt_tokens", 0)),
                                    completion_tokens=int(usage.get("completion_tokens", 0)),
                                    parsed_first_time=first)
            return value
        raise ModelError(f"the server at {self.base} answered twice without a valid JSON object")

    def stream(self, system: str, user: str, max_tokens: int) -> Iterator[str]:
        """See :meth:`Backend.stream` (server-sent events)."""
        body = self._body(system, user, max_tokens)
        body["stream"] = True
        with self._open(body) as resp:
            for raw in resp:
                line = raw.decode("utf-8").strip()
                if not line.startswith("data:") or line == "data: [DONE]":
                    continue
                delta = json.loads(line[5:])["choices"][0].get("delta", {})
                if delta.get("content"):
                    yield str(delta["content"])

    def close(self) -> None:
        """Nothing to release: each request opens its own connection."""

    def _body(self, system: str, user: str, max_tokens: int) -> dict[str, Any]:
        return {"model": self.name, "temperature": 0, "max_tokens": max_tokens,
                "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}]}

    def _open(self, body: dict[str, Any]) -> Any:
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        request = urllib.request.Request(f"{self.base}/chat/completions", method="POST", headers=headers,
                                         data=json.dumps(body, ensure_ascii=False).encode("utf-8"))
        try:
            return urllib.request.urlopen(request, timeout=self.timeout)  # only the user-configured URL
        except urllib.error.HTTPError as exc:
            raise ModelError(f"the server at {self.base} refused the request (HTTP {exc.code})") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise ModelError(f"the server at {self.base} cannot be reached ({exc}); check --server") from exc

    def _post(self, body: dict[str, Any]) -> Any:
        with self._open(body) as resp:
            try:
                return json.loads(resp.read().decode("utf-8"))
            except ValueError as exc:
                raise ModelError(f"the server at {self.base} did not answer with JSON") from exc
