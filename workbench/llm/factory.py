"""Choosing and opening a backend from user options (model name/path, server URL, threads)."""

from __future__ import annotations

from workbench.llm.backend import Backend
from workbench.llm.fake_backend import FakeBackend, fake_requested, fake_worker_requested
from workbench.llm.http_backend import DEFAULT_TIMEOUT, HttpBackend
from workbench.llm.registry import resolve_model, verify_sha256
from workbench.llm.worker_backend import WorkerBackend


def open_backend(model: str | None = None, server: str | None = None, threads: int | None = None,
                 n_ctx: int = 4096, timeout: float = DEFAULT_TIMEOUT, in_process: bool = False) -> Backend:
    """A backend ready for requests (the local model loads lazily on the first one).

    With ``server`` the OpenAI-compatible server at that URL is used (``model`` then names the
    server-side model, default: the first the server lists) with the API key from the secret store
    (``get_secret("server")``, which also reads ``KESHENG_SERVER_API_KEY``) and ``timeout`` seconds per
    request; otherwise the local GGUF model (registry name or path, default "default"), whose sha256 is
    verified (cached by path, size and mtime). The local model runs in a worker process of its own
    (:class:`~workbench.llm.worker_backend.WorkerBackend`), so a native crash ends the worker, not the app;
    ``in_process`` loads it here instead (tests of the llama backend itself, and the benchmark's baseline).

    Raises:
        ModelError: missing or corrupt model, naming the command that fetches it.
        UsageError: a malformed server URL.
        SecretStoreError: the secrets file the user chose cannot be read.
    """
    if fake_worker_requested():
        return WorkerBackend(None, fake=True)
    if fake_requested():
        return FakeBackend()
    if server:
        from workbench.secrets import get_secret

        return HttpBackend(server, model=model, api_key=get_secret("server"), timeout=timeout)
    spec = resolve_model(model)
    if in_process:
        from workbench.llm.llama_backend import LlamaBackend

        return LlamaBackend(spec, sha256=verify_sha256(spec), n_ctx=n_ctx, threads=threads)
    return WorkerBackend(spec, sha256=verify_sha256(spec), n_ctx=n_ctx, threads=threads)


def open_preferred_backend() -> Backend:
    """The backend the user's preferences name: their model or server, and their thread count."""
    from workbench.config import load_preferences

    prefs = load_preferences()
    return open_backend(prefs.model, prefs.server_url or None, prefs.threads or None)
