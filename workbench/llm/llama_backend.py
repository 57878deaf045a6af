"""The local backend: llama-cpp-python on a GGUF file, loaded lazily on first use.

Prefix reuse: llama.cpp keeps the KV state of the previous request and re-evaluates only the tokens
after the longest common prefix. Callers keep the system prompt (instruction + taxonomy) identical
across records, so that prefix is evaluated once per run. Output is constrained by a grammar built
from the JSON schema (never the silent plain-JSON fallback), at temperature 0.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from workbench.errors import ModelError
from workbench.llm.backend import Usage, parse_json_object
from workbench.llm.registry import ModelSpec


@lru_cache(maxsize=64)
def _grammar(schema_json: str) -> Any:
    from llama_cpp.llama_grammar import LlamaGrammar

    try:
        return LlamaGrammar.from_json_schema(schema_json, verbose=False)
    except Exception as exc:  # the converter raises plain exceptions on unsupported schemas
        raise ModelError.of("errors.model.grammar", reason=exc) from exc


def default_threads() -> int:
    """All cores but leave one free on bigger machines."""
    n = os.cpu_count() or 2
    return n if n <= 4 else n - 1


class LlamaBackend:
    """A llama-cpp-python model. Loads on the first request (call :meth:`load` to do it up front)."""

    def __init__(self, spec: ModelSpec, sha256: str | None = None, n_ctx: int = 4096,
                 threads: int | None = None, seed: int = 0) -> None:
        self.spec = spec
        self.name = spec.name
        self.sha256 = sha256
        self.n_ctx = n_ctx
        self.threads = threads or default_threads()
        self.seed = seed
        self.last_usage = Usage()
        self._llm: Any = None
        self._lock = threading.Lock()

    def load(self) -> None:
        """Load the model now (slow: seconds). Safe to call twice.

        Raises:
            ModelError: llama-cpp-python is missing or the file does not load.
        """
        with self._lock:
            if self._llm is not None:
                return
            try:
                from llama_cpp import Llama, llama_supports_gpu_offload
            except ImportError as exc:
                raise ModelError.of("errors.model.llama_missing") from exc
            from workbench.llm import cpu_runtime

            cpu_runtime.prepare()  # the portable build loads the CPU backend this machine proves it runs
            try:
                self._llm = Llama(model_path=str(self.spec.path), n_ctx=self.n_ctx, n_threads=self.threads,
                                  n_threads_batch=self.threads, seed=self.seed, verbose=False,
                                  chat_format=self.spec.chat_format,
                                  # every layer on the GPU where the build has one (Metal on Apple silicon, see
                                  # .github/workflows/bundle.yml); the x86 CPU build has none: 0
                                  n_gpu_layers=-1 if llama_supports_gpu_offload() else 0)
            except (ValueError, RuntimeError, OSError) as exc:
                raise ModelError.of("errors.model.load", path=self.spec.path, reason=exc, name=self.spec.name) from exc

    def count_tokens(self, text: str) -> int:
        """Tokens of ``text`` under this model's tokenizer."""
        self.load()
        return len(self._llm.tokenize(text.encode("utf-8"), add_bos=False, special=True))

    def complete_json(self, system: str, user: str, schema: dict[str, Any], max_tokens: int) -> dict[str, Any]:
        """See :meth:`Backend.complete_json`. Grammar-constrained; one retry with more room if cut off."""
        self.load()
        grammar = _grammar(json.dumps(schema, ensure_ascii=False, sort_keys=False))
        first = True
        for budget in (max_tokens, max_tokens * 2):
            out = self._chat(system, user, budget, grammar)
            text = out["choices"][0]["message"]["content"] or ""
            try:
                value = parse_json_object(text)
            except ModelError:
                first = False
                continue
            self._record_usage(out, first)
            return value
        raise ModelError.of("errors.model.cut_off")

    def score_choices(self, system: str, user: str, choices: tuple[str, ...]) -> list[float] | None:
        """See :class:`~workbench.llm.backend.ChoiceScorer`. Evaluates only the tokens after the prefix the
        previous request shares (the system prompt), then reads the last position's logits. ChatML models
        only (None for other chat formats)."""
        if self.spec.chat_format != "chatml":
            return None
        self.load()
        llm = self._llm
        prompt = (f"<|im_start|>system\n{system}<|im_end|>\n<|im_start|>user\n{user}<|im_end|>\n"
                  "<|im_start|>assistant\n")
        tokens = llm.tokenize(prompt.encode("utf-8"), add_bos=False, special=True)
        firsts = [llm.tokenize(c.encode("utf-8"), add_bos=False, special=False)[0] for c in choices]
        if len(tokens) >= self.n_ctx:
            raise ModelError.of("errors.model.too_long", tokens=len(tokens))
        try:
            import numpy as np

            # re-evaluate at least one token: its logits are the ones read
            shared = min(llm.longest_token_prefix(llm.input_ids[: llm.n_tokens].tolist(), tokens), len(tokens) - 1)
            llm.n_tokens = shared
            llm.eval(tokens[shared:])
            logits = np.ctypeslib.as_array(llm._ctx.get_logits(), shape=(llm.n_vocab(),))
            self.last_usage = Usage(prompt_tokens=len(tokens), cached_tokens=shared)
            return [float(logits[t]) for t in firsts]
        except (ValueError, RuntimeError) as exc:
            raise ModelError.of("errors.model.request", reason=exc) from exc

    def stream(self, system: str, user: str, max_tokens: int) -> Iterator[str]:
        """See :meth:`Backend.stream`."""
        self.load()
        chunks = self._llm.create_chat_completion(messages=_messages(system, user), temperature=0.0,
                                                  max_tokens=max_tokens, stream=True, seed=self.seed)
        for chunk in chunks:
            piece = chunk["choices"][0]["delta"].get("content")
            if piece:
                yield piece

    def close(self) -> None:
        with self._lock:
            if self._llm is not None:
                self._llm.close()
                self._llm = None

    def _chat(self, system: str, user: str, max_tokens: int, grammar: Any) -> Any:
        try:
            return self._llm.create_chat_completion(messages=_messages(system, user), temperature=0.0,
                                                    max_tokens=max_tokens, grammar=grammar, seed=self.seed)
        except (ValueError, RuntimeError) as exc:
            raise ModelError.of("errors.model.request", reason=exc) from exc

    def _record_usage(self, out: Any, first: bool) -> None:
        usage = out.get("usage") or {}
        self.last_usage = Usage(prompt_tokens=int(usage.get("prompt_tokens", 0)),
                                completion_tokens=int(usage.get("completion_tokens", 0)), parsed_first_time=first)


def _messages(system: str, user: str) -> list[dict[str, str]]:
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]
