"""The local model, out of process: a :class:`~workbench.llm.backend.Backend` whose model lives in a worker.

The GUI and the CLI never load llama.cpp themselves. The worker (:mod:`workbench.llm.worker`) starts on the
first request, loads the model once and keeps it, so the shared prompt prefix stays cached across records
exactly as in process; answers are the same (grammar-constrained JSON, logits scoring, streaming).

When the worker dies (a native crash, a kill for memory) or does not answer within ``timeout`` seconds, the
request raises :class:`~workbench.errors.ModelCrashed` with one sentence, the worker is gone, and the next
request starts a fresh one. :meth:`abort` (wired to a run's Cancel) kills the worker at once, even in the
middle of a generation; the request in flight then raises :class:`~workbench.errors.Cancelled`.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import asdict
from queue import Empty, Queue
from typing import IO, Any

from workbench.errors import Cancelled, ModelCrashed, ModelError
from workbench.llm.backend import Usage
from workbench.llm.registry import ModelSpec

ENV_TIMEOUT = "KESHENG_LLM_TIMEOUT"
DEFAULT_TIMEOUT = 900.0  # seconds one request may take (the first includes loading the model)
_EOF = object()

_SIGNAL_MEANING = {
    "SIGILL": "the processor met an instruction it does not have",
    "SIGSEGV": "a memory error inside llama.cpp",
    "SIGBUS": "a memory error inside llama.cpp",
    "SIGKILL": "it was killed, often by the system for lack of memory",
    "SIGABRT": "llama.cpp aborted",
    "SIGFPE": "an arithmetic fault inside llama.cpp",
}


def worker_command() -> list[str]:
    """How to start a worker: this interpreter with ``-m``, or the frozen app's own executable."""
    from workbench.llm.frozen import LLM_WORKER, helper_command

    return helper_command(LLM_WORKER)


def exit_reason(code: int | None) -> str:
    """A worker's exit status in words."""
    if code is None:
        return "it stopped answering"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"{name}: {_SIGNAL_MEANING.get(name, 'a native crash')}"
    return f"exit code {code}"


class WorkerBackend:
    """A model served by a worker process; one request at a time (not thread-safe, like the in-process one)."""

    thread_safe = False

    def __init__(self, spec: ModelSpec | None, sha256: str | None = None, n_ctx: int = 4096,
                 threads: int | None = None, seed: int = 0, timeout: float | None = None,
                 fake: bool = False) -> None:
        self.spec = spec
        self.name = "fake" if fake or spec is None else spec.name
        self.sha256 = "0" * 64 if fake else sha256
        self.last_usage = Usage()
        self.cpu_variant: str | None = None
        self.timeout = timeout if timeout is not None else float(os.environ.get(ENV_TIMEOUT, DEFAULT_TIMEOUT))
        self._open_request: dict[str, Any] = {"op": "open", "fake": fake, "sha256": sha256, "n_ctx": n_ctx,
                                              "threads": threads, "seed": seed,
                                              "spec": _spec_dict(spec) if spec is not None else None}
        self._proc: subprocess.Popen[bytes] | None = None
        self._answers: Queue[Any] = Queue()
        self._stderr: deque[str] = deque(maxlen=20)
        self._lock = threading.Lock()
        self._aborted = False

    # --- the Backend protocol -------------------------------------------------------------------------

    def load(self) -> None:
        """Start the worker and load the model now (slow: seconds). Safe to call twice."""
        with self._lock:
            self._ensure()

    def complete_json(self, system: str, user: str, schema: dict[str, Any], max_tokens: int) -> dict[str, Any]:
        """See :meth:`Backend.complete_json`."""
        answer = self._request({"op": "complete_json", "system": system, "user": user, "schema": schema,
                                "max_tokens": max_tokens})
        value: dict[str, Any] = answer["ok"]
        return value

    def score_choices(self, system: str, user: str, choices: tuple[str, ...]) -> list[float] | None:
        """See :class:`~workbench.llm.backend.ChoiceScorer`."""
        answer = self._request({"op": "score_choices", "system": system, "user": user, "choices": list(choices)})
        scores: list[float] | None = answer["ok"]
        return scores

    def count_tokens(self, text: str) -> int:
        """Tokens of ``text`` under the model's tokenizer."""
        return int(self._request({"op": "count_tokens", "text": text})["ok"])

    def stream(self, system: str, user: str, max_tokens: int) -> Iterator[str]:
        """See :meth:`Backend.stream`: chunks arrive as the worker generates them."""
        with self._lock:
            self._ensure()
            self._send({"op": "stream", "system": system, "user": user, "max_tokens": max_tokens})
            finished = False
            try:
                while True:
                    answer = self._receive()
                    if "chunk" in answer:
                        yield str(answer["chunk"])
                        continue
                    finished = True
                    self._check(answer)
                    return
            finally:
                if not finished:  # abandoned mid-stream: its remaining chunks must not answer the next request
                    self._kill()

    def close(self) -> None:
        """Stop the worker (politely, then by force)."""
        with self._lock:
            proc, self._proc = self._proc, None
        if proc is None:
            return
        try:
            if proc.stdin:
                proc.stdin.write(b'{"op": "close"}\n')
                proc.stdin.flush()
                proc.stdin.close()
            proc.wait(timeout=10)
        except (OSError, ValueError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait()

    def abort(self) -> None:
        """Kill the worker now (Cancel): the request in flight raises :class:`Cancelled`; the next request starts
        a fresh worker. Any thread."""
        self._aborted = True
        proc = self._proc
        if proc is not None and proc.poll() is None:
            proc.kill()

    @property
    def pid(self) -> int | None:
        """The worker's process id while it runs."""
        proc = self._proc
        return proc.pid if proc is not None and proc.poll() is None else None

    # --- the process ----------------------------------------------------------------------------------

    def _request(self, request: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            try:
                return self._request_once(request)
            except ModelCrashed as exc:
                if not exc.retry:
                    raise
                return self._request_once(request)  # a fresh worker on a more portable CPU backend

    def _request_once(self, request: dict[str, Any]) -> dict[str, Any]:
        self._ensure()
        self._send(request)
        answer = self._receive()
        self._check(answer)
        if "usage" in answer:
            self.last_usage = Usage(**answer["usage"])
        return answer

    def _ensure(self) -> None:
        """Start the worker and open the model unless one is running (caller holds the lock)."""
        if self._proc is not None and self._proc.poll() is None:
            return
        self._proc = None
        self._aborted = False  # an abort ends the request it interrupted, not the backend
        self._answers = Queue()
        try:
            proc = subprocess.Popen(worker_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, env=_worker_env())
        except OSError as exc:
            raise ModelError.of("errors.model.worker_start", reason=exc) from exc
        self._proc = proc
        threading.Thread(target=_pump, args=(proc.stdout, self._answers), daemon=True,
                         name="kesheng-llm-answers").start()
        threading.Thread(target=_drain, args=(proc.stderr, self._stderr), daemon=True,
                         name="kesheng-llm-stderr").start()
        self._send(self._open_request)
        opened = self._receive()
        if "cpu_variant" in opened:
            self.cpu_variant = opened["cpu_variant"]
            opened = self._receive()
        self._check(opened)

    def _send(self, request: dict[str, Any]) -> None:
        proc = self._proc
        assert proc is not None and proc.stdin is not None
        try:
            proc.stdin.write((json.dumps(request, ensure_ascii=False) + "\n").encode("utf-8"))
            proc.stdin.flush()
        except (OSError, ValueError):
            self._crashed()

    def _receive(self) -> dict[str, Any]:
        try:
            answer = self._answers.get(timeout=self.timeout)
        except Empty:
            self._kill()
            raise ModelCrashed("", reason=f"no answer within {self.timeout:.0f} s").keyed(
                "errors.model.hung", seconds=self.timeout) from None
        if answer is _EOF:
            self._crashed()
        assert isinstance(answer, dict)
        return answer

    def _check(self, answer: dict[str, Any]) -> None:
        if "error" in answer:
            if answer.get("kind") == "internal":
                raise ModelError.of("errors.model.worker_failed", reason=answer["error"])
            raise ModelError(str(answer["error"]))

    def _crashed(self) -> None:
        proc = self._proc
        code = None
        if proc is not None:
            try:
                code = proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self._proc = None
        if self._aborted:
            self._aborted = False
            raise Cancelled()
        output = self._stderr[-1][:200] if self._stderr and (code or 0) >= 0 else ""
        variant, self.cpu_variant = self.cpu_variant, None
        if code == -signal.SIGILL and variant:  # that CPU backend cannot run here: never load it again
            from workbench.llm import cpu_runtime

            cpu_runtime.deny_variant(variant, "SIGILL in the model worker")
            raise ModelCrashed("", retry=True).keyed("errors.model.sigill", variant=variant)
        crashed = ModelCrashed("", reason=exit_reason(code))
        if output:
            raise crashed.keyed("errors.model.stopped_output", reason=exit_reason(code), output=output)
        raise crashed.keyed("errors.model.stopped", reason=exit_reason(code))

    def _kill(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            proc.kill()
            proc.wait()


def _spec_dict(spec: ModelSpec) -> dict[str, Any]:
    out = asdict(spec)
    out["path"] = str(spec.path)
    return out


def _worker_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("PYTHONIOENCODING", "utf-8")
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    return env


def _pump(stream: IO[bytes] | None, answers: Queue[Any]) -> None:
    assert stream is not None
    for line in stream:
        try:
            answers.put(json.loads(line))
        except ValueError:
            continue
    answers.put(_EOF)


def _drain(stream: IO[bytes] | None, tail: deque[str]) -> None:
    assert stream is not None
    for line in stream:
        text = line.decode("utf-8", "replace").strip()
        if text:
            tail.append(text)
