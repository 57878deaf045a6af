"""Inference servers for tests: llama-cpp-python's real server with the fast model, and a scriptable stand-in.

It listens on 127.0.0.1 only, on a free port, with the same chat format, seed, context and threads as
the in-process backend in the tests (so the two can be compared answer for answer), and is always
killed: use :func:`llama_server` (a context manager) or call :meth:`LlamaServer.stop` in a ``finally``.
"""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from workbench.llm.fake_backend import FakeBackend
from workbench.llm.registry import resolve_model

START_TIMEOUT = 180.0


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LlamaServer:
    """``python -m llama_cpp.server`` on one port; start, kill -9, restart, stop."""

    def __init__(self, log_dir: Path, model: str = "fast", threads: int = 2, n_ctx: int = 4096,
                 port: int | None = None) -> None:
        spec = resolve_model(model)
        self.model_path, self.chat_format = spec.path, spec.chat_format
        self.threads, self.n_ctx = threads, n_ctx
        self.port = port or free_port()
        self.log_path = log_dir / f"llama-server-{self.port}.log"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        cmd = [sys.executable, "-m", "workbench.llm.serve", "--model", str(self.model_path), "--host", "127.0.0.1",
               "--port", str(self.port), "--n_ctx", str(self.n_ctx), "--n_threads", str(self.threads),
               "--n_threads_batch", str(self.threads), "--seed", "0"]
        return cmd + (["--chat_format", self.chat_format] if self.chat_format else [])

    def start(self, timeout: float = START_TIMEOUT) -> None:
        """Start the server and wait until ``/v1/models`` answers.

        Raises:
            RuntimeError: the server exited or did not answer in time (with the end of its log).
        """
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"llama_cpp.server exited with {self.proc.returncode}: {self._log_tail()}")
            if self._ready():
                return
            time.sleep(0.25)
        self.stop()
        raise RuntimeError(f"llama_cpp.server did not answer within {timeout:.0f} s: {self._log_tail()}")

    def kill(self) -> None:
        """SIGKILL, as a crash or an OOM killer would."""
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        """Terminate (kill after 10 s). Safe to call twice or after :meth:`kill`."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.kill()

    def _ready(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/v1/models", timeout=2) as resp:
                return bool(json.loads(resp.read()).get("data"))
        except (urllib.error.URLError, OSError, ValueError):
            return False

    def _log_tail(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-800:]
        except OSError:
            return "(no log)"


@contextmanager
def llama_server(log_dir: Path, **kwargs: object) -> Iterator[LlamaServer]:
    """A started :class:`LlamaServer`, stopped on exit even when the test fails."""
    server = LlamaServer(log_dir, **kwargs)  # type: ignore[arg-type]
    try:
        server.start()
        yield server
    finally:
        server.stop()


class StandInServer(ThreadingHTTPServer):
    """A scriptable OpenAI-compatible stand-in on 127.0.0.1 (no model) for client and concurrency tests.

    By default it answers like :class:`~workbench.llm.fake_backend.FakeBackend` (deterministic, within
    the schema) after ``delay`` seconds. ``script`` holds one-off replies for the next requests:
    ``(status, body)`` pairs, or ``("sleep", seconds)``. With ``reject_json_schema`` it refuses
    ``response_format`` type ``json_schema`` the way llama-cpp-python's server does (HTTP 500).
    """

    daemon_threads = True

    def __init__(self, delay: float = 0.0, reject_json_schema: bool = False) -> None:
        super().__init__(("127.0.0.1", 0), _StandInHandler)
        self.delay, self.reject_json_schema = delay, reject_json_schema
        self.script: deque[tuple[Any, Any]] = deque()
        self.requests: list[tuple[str, dict[str, str], dict[str, Any]]] = []
        self.lock = threading.Lock()
        self.in_flight = self.peak = 0
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self) -> StandInServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()


class _StandInHandler(BaseHTTPRequestHandler):
    server: StandInServer

    def do_GET(self) -> None:
        self._send(200, {"object": "list", "data": [{"id": "stand-in-model", "object": "model"}]})

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        srv = self.server
        with srv.lock:
            srv.requests.append((self.path, dict(self.headers), body))
            action = srv.script.popleft() if srv.script else None
            srv.in_flight += 1
            srv.peak = max(srv.peak, srv.in_flight)
        self._counted = True
        try:
            self._answer(body, action)
        finally:
            self._uncount()

    def _uncount(self) -> None:
        # A request stops being in flight before its answer is written: once the client has read the
        # answer it may send its next request, and that one must not find this one still counted.
        if getattr(self, "_counted", False):
            self._counted = False
            with self.server.lock:
                self.server.in_flight -= 1

    def _answer(self, body: dict[str, Any], action: tuple[Any, Any] | None) -> None:
        if action is not None and action[0] == "sleep":
            time.sleep(float(action[1]))
        elif action is not None:
            self._send(int(action[0]), action[1])
            return
        fmt = body.get("response_format") or {}
        if self.server.reject_json_schema and fmt.get("type") == "json_schema":
            self._send(500, {"error": {"message": "1 validation error: ('body', 'response_format', 'type') "
                                                  "Input should be 'text' or 'json_object'"}})
            return
        schema = fmt.get("json_schema", {}).get("schema") if fmt.get("type") == "json_schema" else fmt.get("schema")
        time.sleep(self.server.delay * random.random())
        system, user = (m["content"] for m in body["messages"])
        answer = FakeBackend(delay=0).complete_json(system, user, schema or {}, int(body["max_tokens"]))
        self._send(200, {"choices": [{"message": {"role": "assistant", "content": json.dumps(answer)}}],
                         "usage": {"prompt_tokens": len(system) + len(user), "completion_tokens": 10}})

    def _send(self, status: int, payload: Any) -> None:
        data = payload if isinstance(payload, bytes) else json.dumps(payload, ensure_ascii=False).encode()
        self._uncount()
        self.send_response(status)
        if status == 429:
            self.send_header("Retry-After", "0")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass
