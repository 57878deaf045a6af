"""`unbundle F.kbundle --out P.kesheng --passphrase-file PF`: open a client bundle into a new project."""

from __future__ import annotations

import argparse
import json

from workbench.bundle.pack import open_bundle
from workbench.commands.bundle import read_passphrase


def run(args: argparse.Namespace) -> int:
    info = open_bundle(args.bundle, args.out, read_passphrase(args.passphrase_file))
    if args.json:
        print(json.dumps({"project": str(info.path), "records": info.records, "verbatims": info.verbatims,
                          "files": list(info.files)}, ensure_ascii=False))
    else:
        print(f"opened {info.path} ({info.records:,} records, verbatims: {info.verbatims})")
    return 0
