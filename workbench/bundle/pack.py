"""Make and open client bundles (``.kbundle``): one passphrase-sealed zip of a project copy, its taxonomy,
chosen report files and a manifest.

Nothing partial is ever published: a bundle is sealed into a hidden temp file renamed once complete, and
opening one decrypts and authenticates the whole file before the project is extracted and renamed into place.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from workbench.bundle.sealed import SealError, seal, unseal
from workbench.errors import InputError, Phrase
from workbench.progress import Progress, no_progress

PROJECT_MEMBER = "project.kesheng"
MANIFEST = "manifest.json"
FORMAT = 1


@dataclass(frozen=True)
class BundleInfo:
    """What a bundle holds (its manifest) and where it was written or opened to."""

    path: Path
    records: int
    verbatims: str  # full | masked | none
    files: tuple[str, ...]


def _new_path(out: str | Path, what: str) -> Path:
    path = Path(out).expanduser().resolve()
    if path.exists():
        raise InputError.of(f"errors.bundle.exists_{what}", path=path)
    if not path.parent.is_dir():
        raise InputError.of("errors.bundle.no_folder", folder=path.parent)
    return path


def _publish(tmp: Path, final: Path) -> None:
    with tmp.open("rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, final)


def make_bundle(project: str, out: str | Path, passphrase: bytes, verbatims: str = "full",
                reports: Sequence[str | Path] = (), progress: Progress = no_progress) -> BundleInfo:
    """Seal a copy of ``project`` (a file or URL) into ``out``; ``verbatims`` is full, masked or none."""
    from workbench.bundle.content import project_copy

    final = _new_path(out, "bundle")
    missing = [str(r) for r in reports if not Path(r).is_file()]
    if missing:
        raise InputError.of("errors.bundle.no_report", path=missing[0])
    with tempfile.TemporaryDirectory(dir=final.parent, prefix=".kbundle-") as work:
        folder = Path(work)
        progress(0.1, Phrase("progress.bundle.copy"))
        records, taxonomy = project_copy(project, folder / PROJECT_MEMBER, folder / "taxonomy.json", verbatims)
        members = [PROJECT_MEMBER] + (["taxonomy.json"] if taxonomy else [])
        progress(0.6, Phrase("progress.bundle.pack"))
        archive = folder / "bundle.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            for name in members:
                zf.write(folder / name, name)
            for report in reports:
                name = f"reports/{Path(report).name}"
                zf.write(report, name)
                members.append(name)
            manifest = {"format": FORMAT, "created": datetime.now().isoformat(timespec="seconds"),
                        "records": records, "verbatims": verbatims, "files": members}
            zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        progress(0.8, Phrase("progress.bundle.seal"))
        sealed = folder / "sealed"
        with sealed.open("wb") as fh:
            seal(archive, fh, passphrase)
        _publish(sealed, final)
    return BundleInfo(final, records, verbatims, tuple(members))


def open_bundle(bundle: str | Path, out: str | Path, passphrase: bytes) -> BundleInfo:
    """Decrypt ``bundle`` and write its project to ``out`` (reports and taxonomy to ``<out>.files/``).

    Raises:
        InputError: a missing bundle, an existing ``out``, a wrong passphrase or a changed file; nothing
            is written then.
    """
    source = Path(bundle).expanduser()
    if not source.is_file():
        raise InputError.of("errors.bundle.none_at", path=source)
    final = _new_path(out, "project")
    extras = final.with_name(final.name + ".files")
    with tempfile.TemporaryDirectory(dir=final.parent, prefix=".kbundle-") as work:
        folder = Path(work)
        archive = folder / "bundle.zip"
        with source.open("rb") as src, archive.open("wb") as dst:
            unseal(src, dst, passphrase)
        manifest = _extract(archive, folder / "x")
        if len(manifest["files"]) > 1 and not extras.exists():
            shutil.copytree(folder / "x", extras, ignore=shutil.ignore_patterns(PROJECT_MEMBER))
        _publish(folder / "x" / PROJECT_MEMBER, final)
    return BundleInfo(final, int(manifest["records"]), str(manifest["verbatims"]), tuple(manifest["files"]))


def _extract(archive: Path, folder: Path) -> dict[str, Any]:
    """Unzip an authenticated archive (it was made by :func:`make_bundle`, so member names are ours;
    still, none may leave ``folder``)."""
    try:
        with zipfile.ZipFile(archive) as zf:
            for name in zf.namelist():
                target = (folder / name).resolve()
                if not target.is_relative_to(folder.resolve()):
                    raise SealError.of("errors.bundle.unsafe_name", name=name)
            zf.extractall(folder)
            manifest = json.loads(zf.read(MANIFEST))
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError) as exc:
        raise SealError.of("errors.bundle.content_damaged") from exc
    if manifest.get("format") != FORMAT or PROJECT_MEMBER not in manifest.get("files", []):
        raise SealError.of("errors.bundle.newer")
    return dict(manifest)
