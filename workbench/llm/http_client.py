"""HTTP transport for the inference server: JSON POST/GET with timeouts and retries, standard library only.

Retried (exponential back-off with jitter, ``Retry-After`` honoured): refused or dropped connections,
HTTP 408, 429, 500 and 502–504. Not retried: a timeout (the server is there but overloaded or stuck; retrying would
add to its queue), and 4xx answers, which mean the request itself is wrong. Every failure becomes a
:class:`~workbench.errors.ModelError` with one sentence naming the server; failures that make further
requests pointless are :class:`ServerUnavailable`, so a tagging run stops instead of degrading.
Thread-safe: every request opens its own connection.
"""

from __future__ import annotations

import http.client
import json
import random
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from workbench.errors import ModelError, Phrase

RETRIED_STATUS = frozenset({408, 429, 500, 502, 503, 504})
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # the configured URL itself, never a proxy


class ServerUnavailable(ModelError):
    """The server refused, dropped or timed out every attempt: later requests would fail the same way."""


class RequestRejected(ModelError):
    """The server understood the request and refused it (HTTP 4xx, or a 5xx reporting invalid input)."""

    def __init__(self, message: str, status: int, detail: str) -> None:
        super().__init__(message)
        self.status, self.detail = status, detail


@dataclass(frozen=True)
class RetryPolicy:
    """``attempts`` tries in all; the wait before retry n is ``base * 2**n`` (at most ``cap``) times 0.5–1."""

    attempts: int = 4
    base: float = 0.5
    cap: float = 8.0

    def delay(self, retry: int, retry_after: float | None = None) -> float:
        """Seconds to wait before retry number ``retry`` (0-based); a server's Retry-After wins, up to 4 × cap."""
        if retry_after is not None and retry_after >= 0:
            return min(retry_after, 4 * self.cap)
        return min(self.cap, self.base * float(2 ** retry)) * random.uniform(0.5, 1.0)


class _Retryable(Exception):
    def __init__(self, sentence: Phrase, retry_after: float | None = None) -> None:
        super().__init__(str(sentence))
        self.sentence, self.retry_after = sentence, retry_after


Sleep = Callable[[float], None]


class HttpClient:
    """Requests to one base URL (``…/v1``) with one timeout, retry policy and optional bearer key."""

    def __init__(self, base: str, timeout: float = 120.0, api_key: str | None = None,
                 policy: RetryPolicy | None = None, sleep: Sleep = time.sleep) -> None:
        self.base, self.timeout, self.api_key = base, timeout, api_key
        self.policy = policy or RetryPolicy()
        self._sleep = sleep

    def post_json(self, path: str, body: dict[str, Any]) -> Any:
        """POST ``body`` to ``base + path`` and return the decoded JSON answer.

        Raises:
            ServerUnavailable: unreachable, timed out, or failing with 429/5xx on every attempt.
            RequestRejected: HTTP 4xx (or a 5xx that reports invalid input).
            ModelError: the answer is not JSON.
        """
        return self._decode(self.open(path, body))

    def get_json(self, path: str) -> Any:
        """GET ``base + path`` as JSON (same errors as :meth:`post_json`)."""
        return self._decode(self.open(path, None))

    def open(self, path: str, body: dict[str, Any] | None) -> Any:
        """The open HTTP response (the caller closes it), after any retries."""
        for retry in range(self.policy.attempts):
            try:
                return self._open_once(path, body)
            except _Retryable as exc:
                if retry + 1 >= self.policy.attempts:
                    raise ServerUnavailable.of("errors.server.unavailable", base=self.base, what=exc.sentence,
                                               attempts=self.policy.attempts) from None
                self._sleep(self.policy.delay(retry, exc.retry_after))
        raise AssertionError("unreachable")  # pragma: no cover - the loop always returns or raises

    def _open_once(self, path: str, body: dict[str, Any] | None) -> Any:
        request = self._request(path, body)
        try:
            return _OPENER.open(request, timeout=self.timeout)
        except urllib.error.HTTPError as exc:
            raise self._http_error(exc) from None
        except TimeoutError:
            raise self._timed_out() from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise self._timed_out() from None
            raise _Retryable(Phrase("errors.server.unreachable", how=_connection_sentence(exc.reason))) from None
        except (http.client.HTTPException, ConnectionError, OSError) as exc:
            raise _Retryable(Phrase("errors.server.unreachable", how=_connection_sentence(exc))) from None

    def _timed_out(self) -> ServerUnavailable:
        return ServerUnavailable.of("errors.server.timeout", base=self.base, seconds=self.timeout)

    def _request(self, path: str, body: dict[str, Any] | None) -> urllib.request.Request:
        headers = {"Accept": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        if body is None:
            return urllib.request.Request(self.base + path, method="GET", headers=headers)
        headers["Content-Type"] = "application/json"
        return urllib.request.Request(self.base + path, method="POST", headers=headers,
                                      data=json.dumps(body, ensure_ascii=False).encode("utf-8"))

    def _http_error(self, exc: urllib.error.HTTPError) -> Exception:
        detail = _read_detail(exc)
        code = exc.code
        if code in RETRIED_STATUS and "validation error" not in detail.lower():
            return _Retryable(Phrase("errors.server.kept_failing", code=code), _retry_after(exc))
        hint: Phrase | str = Phrase(f"errors.server.http_{code}") if code in (401, 403, 404) else detail[:160]
        return RequestRejected("", code, detail).keyed("errors.server.refused", base=self.base, code=code, hint=hint)

    def _decode(self, response: Any) -> Any:
        try:
            with response:
                return json.loads(response.read().decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise ModelError.of("errors.server.not_json", base=self.base) from exc
        except TimeoutError:
            raise self._timed_out() from None
        except (http.client.HTTPException, OSError) as exc:
            how = _connection_sentence(exc)
            raise ServerUnavailable.of("errors.server.mid_answer", base=self.base, how=how) from None


def _connection_sentence(reason: object) -> Phrase:
    if isinstance(reason, ConnectionRefusedError):
        return Phrase("errors.server.refused_connection")
    if isinstance(reason, (ConnectionResetError, http.client.RemoteDisconnected, BrokenPipeError)):
        return Phrase("errors.server.dropped_connection")
    if isinstance(reason, socket.gaierror):
        return Phrase("errors.server.unknown_host")
    return Phrase("errors.server.failed", reason=reason)


def _read_detail(exc: urllib.error.HTTPError) -> str:
    try:
        raw = exc.read().decode("utf-8", "replace")
    except OSError:
        return ""
    try:
        data = json.loads(raw)
    except ValueError:
        return raw.strip()
    if not isinstance(data, dict):
        return raw.strip()
    error = data.get("error")
    message = error.get("message") if isinstance(error, dict) else error or data.get("detail") or raw
    return str(message).strip()


def _retry_after(exc: urllib.error.HTTPError) -> float | None:
    value = exc.headers.get("Retry-After") if exc.headers else None
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None
