"""`bundle PROJECT --out F.kbundle --passphrase-file PF [--no-verbatims | --masked] [--report F ...]`."""

from __future__ import annotations

import argparse
from pathlib import Path

from workbench.errors import InputError, UsageError


def read_passphrase(path: str) -> bytes:
    """The passphrase: the file's first line, without its line ending (never echoed, never logged)."""
    try:
        raw = Path(path).expanduser().read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the passphrase file {path} ({exc.strerror}); check the path") from exc
    lines = raw.splitlines()
    passphrase = lines[0] if lines else b""
    if len(passphrase) < 8:
        raise UsageError("the passphrase file's first line must hold a passphrase of at least 8 characters")
    return passphrase


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("bundle", help="write a project, its taxonomy and reports into one encrypted file")
    p.add_argument("project")
    p.add_argument("--out", required=True, metavar="F.kbundle")
    p.add_argument("--passphrase-file", required=True, metavar="PF", help="a file whose first line is the passphrase")
    texts = p.add_mutually_exclusive_group()
    texts.add_argument("--no-verbatims", dest="verbatims", action="store_const", const="none", default="full",
                       help="leave the customer texts out (counts, tags and figures stay)")
    texts.add_argument("--masked", dest="verbatims", action="store_const", const="masked",
                       help="keep the texts masked: leave out the originals of masked personal data")
    p.add_argument("--report", action="append", default=[], metavar="F", help="a report file to include (repeat)")
    p.add_argument("--json", action="store_true")
    u = sub.add_parser("unbundle", help="open an encrypted bundle into a new project file")
    u.add_argument("bundle")
    u.add_argument("--out", required=True, metavar="P.kesheng")
    u.add_argument("--passphrase-file", required=True, metavar="PF")
    u.add_argument("--json", action="store_true")


def run(args: argparse.Namespace) -> int:
    import json

    from workbench.bundle.pack import make_bundle

    passphrase = read_passphrase(args.passphrase_file)
    info = make_bundle(args.project, args.out, passphrase, args.verbatims, args.report)
    if args.json:
        print(json.dumps({"bundle": str(info.path), "records": info.records, "verbatims": info.verbatims,
                          "files": list(info.files)}, ensure_ascii=False))
    else:
        print(f"wrote {info.path} ({info.records:,} records, verbatims: {info.verbatims}, {len(info.files)} files)")
    return 0
