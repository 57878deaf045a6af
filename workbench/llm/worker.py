"""The model worker process: ``python -m workbench.llm.worker`` hosts one model and answers requests.

Started by :class:`workbench.llm.worker_backend.WorkerBackend`, it never runs in the GUI or CLI process, so a
native crash of llama.cpp (SIGILL, SIGSEGV), an out-of-memory kill or a hang ends this process only.

Protocol: one JSON object per line. Requests arrive on stdin; answers leave on a private copy of the
original stdout (fd 1 itself is pointed at stderr, so nothing llama.cpp prints can corrupt the stream).
A request is ``{"op": ..., ...}``; every answer is ``{"ok": value}``, ``{"chunk": text}`` (streaming, then
``{"ok": null}``) or ``{"error": sentence, "kind": "model"|"internal"}``. The first request is ``open``; its
answer is preceded by ``{"cpu_variant": name}`` once the CPU backend is loaded, before the model is.

``KESHENG_LLM_WORKER_CRASH=N:SIGNAL[:MARKER]`` (tests only) makes the worker kill itself with that signal when it
receives its (N+1)-th model request, so the suite can prove a real native crash is survived.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, TextIO

from workbench.errors import KeshengError

ENV_CRASH = "KESHENG_LLM_WORKER_CRASH"
MODEL_OPS = {"complete_json", "score_choices", "stream", "count_tokens"}


def _die_with_parent() -> None:
    """Exit as soon as the app that started this worker is gone, even in the middle of a generation.

    (Not PR_SET_PDEATHSIG: that fires when the *thread* that started the worker ends, and the GUI starts
    workers from pool threads that come and go.)"""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, daemon=True, name="kesheng-parent-watch").start()


def _private_stdout() -> TextIO:
    """The answer channel: a duplicate of fd 1, after which fd 1 writes to stderr."""
    sys.stdout.flush()
    fd = os.dup(1)
    os.dup2(2, 1)
    return os.fdopen(fd, "w", encoding="utf-8", buffering=1)


class _CrashSwitch:
    """``N:SIGNAL[:MARKER]``: die at the (N+1)-th model request; with MARKER, only if that file does not exist
    yet (it is created first), so only the first worker of a test dies."""

    def __init__(self, spec: str) -> None:
        count, _, rest = spec.partition(":")
        name, _, marker = rest.partition(":")
        self.left = int(count) if count.strip() else -1
        self.signal = getattr(signal, name.strip() or "SIGSEGV", signal.SIGSEGV)
        self.marker = marker.strip()

    def tick(self) -> None:
        if self.left == 0:
            if self.marker:
                try:
                    with open(self.marker, "x"):
                        pass
                except FileExistsError:
                    self.left = -1
                    return
            os.kill(os.getpid(), self.signal)
        if self.left > 0:
            self.left -= 1


def _open_model(request: dict[str, Any], send: Callable[[dict[str, Any]], None]) -> Any:
    if request.get("fake"):
        from workbench.llm.fake_backend import FakeBackend

        if os.environ.get("KESHENG_CPU_VARIANT"):  # tests of the client's SIGILL handling
            send({"cpu_variant": os.environ["KESHENG_CPU_VARIANT"]})
        return FakeBackend()
    from workbench.llm import cpu_runtime
    from workbench.llm.llama_backend import LlamaBackend
    from workbench.llm.registry import ModelSpec

    runtime = cpu_runtime.prepare()
    send({"cpu_variant": runtime.variant})  # before the model loads: a crash from here on names the backend
    spec = ModelSpec(**request["spec"])
    backend = LlamaBackend(spec, sha256=request.get("sha256"), n_ctx=int(request["n_ctx"]),
                           threads=request.get("threads"), seed=int(request.get("seed", 0)))
    backend.load()
    backend.cpu_variant = runtime.variant  # type: ignore[attr-defined]
    return backend


def _usage(backend: Any) -> dict[str, Any]:
    u = backend.last_usage
    return {"prompt_tokens": u.prompt_tokens, "completion_tokens": u.completion_tokens,
            "cached_tokens": u.cached_tokens, "parsed_first_time": u.parsed_first_time}


def _handle(backend: Any, request: dict[str, Any], send: Callable[[dict[str, Any]], None]) -> None:
    op = request["op"]
    if op == "complete_json":
        value = backend.complete_json(request["system"], request["user"], request["schema"], request["max_tokens"])
        send({"ok": value, "usage": _usage(backend)})
    elif op == "score_choices":
        scorer = getattr(backend, "score_choices", None)
        scores = scorer(request["system"], request["user"], tuple(request["choices"])) if scorer else None
        send({"ok": scores, "usage": _usage(backend)})
    elif op == "count_tokens":
        counter = getattr(backend, "count_tokens", None)
        send({"ok": counter(request["text"]) if counter else len(request["text"])})
    elif op == "stream":
        pieces: Iterator[str] = backend.stream(request["system"], request["user"], request["max_tokens"])
        for piece in pieces:
            send({"chunk": piece})
        send({"ok": None})
    else:
        send({"error": f"unknown request {op!r}", "kind": "internal"})


def serve(source: TextIO, sink: TextIO) -> None:
    """Answer requests from ``source`` until it closes or a ``close`` request comes."""
    def send(message: dict[str, Any]) -> None:
        sink.write(json.dumps(message, ensure_ascii=False) + "\n")
        sink.flush()

    crash = _CrashSwitch(os.environ.get(ENV_CRASH, ""))
    backend: Any = None
    for line in source:
        request = json.loads(line)
        op = request.get("op")
        if op == "close":
            break
        try:
            if op == "open":
                backend = _open_model(request, send)
                send({"ok": {"name": backend.name, "cpu_variant": getattr(backend, "cpu_variant", None)}})
                continue
            if backend is None:
                send({"error": "the model worker got a request before the model was opened", "kind": "internal"})
                continue
            if op in MODEL_OPS:
                crash.tick()
            _handle(backend, request, send)
        except KeshengError as exc:
            send({"error": str(exc), "kind": "model"})
        except Exception as exc:  # anything else is the worker's bug: say so, keep serving
            send({"error": f"{type(exc).__name__}: {exc}", "kind": "internal"})
    if backend is not None:
        backend.close()


def main() -> None:
    _die_with_parent()
    sink = _private_stdout()
    serve(sys.stdin, sink)


if __name__ == "__main__":
    main()
