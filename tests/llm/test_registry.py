from pathlib import Path

import pytest

from workbench.errors import ModelError
from workbench.llm.registry import load_registry, model_sha256, resolve_model, verify_sha256

TOML = """
[models.tiny]
title = "Tiny"
file = "tiny.gguf"
size = 8
sha256 = "{sha}"
"""


def _registry(tmp_path: Path, content: bytes, sha: str = "") -> Path:
    (tmp_path / "models.toml").write_text(TOML.format(sha=sha), encoding="utf-8")
    (tmp_path / "tiny.gguf").write_bytes(content)
    return tmp_path


def test_the_shipped_registry_names_default_and_fast() -> None:
    assert {"default", "fast"} <= set(load_registry())


def test_missing_model_names_the_fetch_command(tmp_path: Path) -> None:
    (tmp_path / "models.toml").write_text(TOML.format(sha=""), encoding="utf-8")
    with pytest.raises(ModelError, match=r"model --fetch tiny"):
        resolve_model("tiny", tmp_path)


def test_truncated_or_foreign_files_are_corrupt(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="incomplete or corrupt"):
        resolve_model("tiny", _registry(tmp_path, b"GGUF"))
    with pytest.raises(ModelError, match="not a GGUF"):
        resolve_model("tiny", _registry(tmp_path, b"NOTGGUF!"))


def test_unknown_name_lists_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="tiny"):
        resolve_model("nonesuch", _registry(tmp_path, b"GGUF1234"))


def test_sha256_is_verified_and_cached_by_path_size_mtime(tmp_path: Path) -> None:
    import hashlib

    content = b"GGUF1234"
    folder = _registry(tmp_path, content, sha=hashlib.sha256(content).hexdigest())
    spec = resolve_model("tiny", folder)
    cache = tmp_path / "cache.json"
    assert model_sha256(spec.path, cache) == hashlib.sha256(content).hexdigest()
    assert cache.exists() and str(spec.path.resolve()) in cache.read_text()
    assert verify_sha256(spec) == spec.sha256
    (tmp_path / "tiny.gguf").write_bytes(b"GGUF9999")  # same size, new mtime → recomputed
    with pytest.raises(ModelError, match="sha256 mismatch"):
        verify_sha256(resolve_model("tiny", folder))


def test_a_gguf_path_outside_the_registry(tmp_path: Path) -> None:
    path = tmp_path / "mine.gguf"
    path.write_bytes(b"GGUF0000")
    spec = resolve_model(str(path))
    assert spec.path == path and spec.sha256 is None
