"""The model registry (models/models.toml) and model identity (sha256, cached by path/size/mtime).

Nothing is downloaded by itself: a missing or corrupt model is a :class:`ModelError` that names the command
that fetches it with the user's consent (:mod:`workbench.llm.model_fetch`). A registry model is looked for in
the registry's folder (models/ of the checkout or the app bundle), then in the user's models folder (models
fetched or added there) and the set-up cache (``make run`` keeps verified models there).
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from workbench import paths
from workbench.errors import ModelError, Phrase
from workbench.paths import is_frozen

GGUF_MAGIC = b"GGUF"


@dataclass(frozen=True)
class ModelSpec:
    """A model the product can load: a registry entry or a user-supplied GGUF path."""

    name: str
    path: Path
    title: str
    sha256: str | None = None
    size: int | None = None
    context_length: int = 4096
    chat_format: str | None = "chatml"


def _fix_hint(name: str) -> Phrase:
    return Phrase("errors.model.fix_frozen" if is_frozen() else "errors.model.fix", name=name)


def _located(spec: ModelSpec) -> ModelSpec:
    """``spec`` at the first folder that holds its file (the registry's own folder when none does)."""
    if spec.path.is_file():
        return spec
    for folder in (paths.user_models_dir(), paths.cache_dir() / "models"):
        if (folder / spec.path.name).is_file():
            return replace(spec, path=folder / spec.path.name)
    return spec


def load_registry(models_dir: Path | None = None) -> dict[str, ModelSpec]:
    """Read models.toml into specs keyed by name.

    Raises:
        ModelError: the registry file is missing or malformed.
    """
    folder = models_dir or paths.MODELS
    toml_path = folder / "models.toml"
    try:
        data = tomllib.loads(toml_path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ModelError.of("errors.model.registry_restore", path=toml_path, reason=exc) from exc
    specs: dict[str, ModelSpec] = {}
    for name, entry in dict(data.get("models", {})).items():
        specs[name] = ModelSpec(name=name, path=folder / str(entry["file"]), title=str(entry.get("title", name)),
                                sha256=entry.get("sha256"), size=entry.get("size"),
                                context_length=int(entry.get("context_length", 4096)),
                                chat_format=entry.get("chat_format", "chatml"))
    return specs


def locate_model(name: str) -> Path | None:
    """Where registry model ``name``'s file is on this computer (registry folder, user folder, set-up cache)."""
    spec = load_registry().get(name)
    if spec is None:
        return None
    found = _located(spec).path
    return found if found.is_file() else None


def resolve_model(name_or_path: str | None, models_dir: Path | None = None) -> ModelSpec:
    """Find a model by registry name (default "default") or GGUF path and check the file looks sound.

    The check is cheap (existence, size, GGUF magic); the full sha256 is :func:`model_sha256`.

    Raises:
        ModelError: unknown name, missing file, wrong size or not a GGUF file — naming the fix.
    """
    name = name_or_path or "default"
    registry = load_registry(models_dir)
    if name in registry:
        spec = registry[name] if models_dir is not None else _located(registry[name])
        hint = _fix_hint(name)
    elif name.lower().endswith(".gguf") or Path(name).exists():
        path = Path(name).expanduser()
        spec = ModelSpec(name=path.stem, path=path, title=path.name)
        hint = Phrase("errors.model.check_path")
    else:
        known = ", ".join(sorted(registry)) or "none"
        raise ModelError.of("errors.model.unknown", name=name, known=known)
    _check_file(spec, hint)
    return spec


def _check_file(spec: ModelSpec, hint: Phrase) -> None:
    if not spec.path.is_file():
        raise ModelError.of("errors.model.missing", path=spec.path, hint=hint)
    size = spec.path.stat().st_size
    if spec.size is not None and size != spec.size:
        raise ModelError.of("errors.model.incomplete", path=spec.path, size=size, expected=spec.size, hint=hint)
    with spec.path.open("rb") as fh:
        if fh.read(4) != GGUF_MAGIC:
            raise ModelError.of("errors.model.not_gguf", path=spec.path, hint=hint)


def model_sha256(path: Path, cache_file: Path | None = None) -> str:
    """The file's sha256, computed once and cached by (absolute path, size, mtime) in the user cache dir."""
    path = path.resolve()
    stat = path.stat()
    key = f"{path}|{stat.st_size}|{stat.st_mtime_ns}"
    cache_file = cache_file or paths.cache_dir() / "model_sha256.json"
    cache = _read_cache(cache_file)
    if key in cache:
        return cache[key]
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 22), b""):
            digest.update(block)
    cache[key] = digest.hexdigest()
    _write_cache(cache_file, cache)
    return cache[key]


def remember_sha256(path: Path, digest: str, cache_file: Path | None = None) -> None:
    """Record a digest computed elsewhere (a verified download) so :func:`model_sha256` need not hash again."""
    path = path.resolve()
    stat = path.stat()
    cache_file = cache_file or paths.cache_dir() / "model_sha256.json"
    cache = _read_cache(cache_file)
    cache[f"{path}|{stat.st_size}|{stat.st_mtime_ns}"] = digest
    _write_cache(cache_file, cache)


def _write_cache(cache_file: Path, cache: dict[str, str]) -> None:
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(cache, indent=0), encoding="utf-8")
        tmp.replace(cache_file)
    except OSError:
        pass  # a read-only cache dir only costs a recomputation next time


def _read_cache(cache_file: Path) -> dict[str, str]:
    try:
        data = json.loads(cache_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def verify_sha256(spec: ModelSpec) -> str:
    """Compute (cached) the model's sha256 and compare it with the registry's.

    Raises:
        ModelError: the digest differs from the registry entry.
    """
    digest = model_sha256(spec.path)
    if spec.sha256 and digest != spec.sha256:
        raise ModelError.of("errors.model.sha_mismatch", path=spec.path, hint=_fix_hint(spec.name))
    return digest
