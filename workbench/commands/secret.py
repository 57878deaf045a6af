"""`secret` command: store, check or delete the SMTP password / inference-server API key.

The value is read from the terminal without echo (asked twice), or as one line from stdin when piped;
never from the command line, where it would land in the shell history and the process list.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path
from typing import Any

from workbench.errors import UsageError

NAMES = ("smtp", "server")
HELP = {"smtp": "the password of the SMTP user in Settings", "server": "the API key of the inference server"}


def add_parser(sub: Any) -> None:
    """Register ``secret set|delete|where NAME [--file PATH]`` on the CLI's subparsers."""
    p = sub.add_parser("secret", help="store the SMTP password or server API key in the OS keyring (or a chosen "
                       "file); the value is read from the terminal or stdin, never from arguments")
    p.add_argument("action", choices=["set", "delete", "where"])
    p.add_argument("name", choices=NAMES, help="; ".join(f"{k}: {v}" for k, v in HELP.items()))
    p.add_argument("--file", metavar="PATH", help="choose the secrets file used when no OS keyring exists "
                   "(JSON, created readable by you only); remembered in the preferences")
    p.add_argument("--json", action="store_true")


def run(args: argparse.Namespace) -> int:
    from workbench import secrets

    if args.file:
        _choose_file(Path(args.file))
    if args.action == "set":
        where: str | None = secrets.set_secret(args.name, _read_value(args.name))
    elif args.action == "delete":
        secrets.delete_secret(args.name)
        where = None
    else:
        where = secrets.secret_location(args.name)
    if args.json:
        print(json.dumps({"name": args.name, "stored": where}, ensure_ascii=False))
    elif where is None:
        print(f"{args.name}: 未设置 / not set")
    else:
        print(f"{args.name}: 已保存于 {_zh(where)} / stored in {'the ' if where == secrets.KEYRING else ''}{where}")
    return 0


def _zh(where: str) -> str:
    from workbench.secrets import KEYRING

    return {KEYRING: "系统钥匙串", "environment": "环境变量"}.get(where, where)


def _choose_file(path: Path) -> None:
    from workbench.config import load_preferences, save_preferences

    if path.is_dir():
        raise UsageError(f"--file {path} is a folder; give a file name such as {path / 'kesheng-secrets.json'}")
    prefs = load_preferences()
    prefs.secrets_file = str(path.expanduser().resolve())
    save_preferences(prefs)


def _read_value(name: str) -> str:
    if sys.stdin is not None and sys.stdin.isatty():
        first = getpass.getpass(f"{name} ({HELP[name]}): ")
        if getpass.getpass("again / 再输入一次: ") != first:
            raise UsageError("the two entries differ; nothing was stored")
        return first
    line = sys.stdin.readline() if sys.stdin is not None else ""
    value = line.rstrip("\r\n")
    if not value:
        raise UsageError(f"no value on stdin; pipe the {name} secret in, or run in a terminal to type it")
    return value
