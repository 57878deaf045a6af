"""`model` command: list the local models, fetch a registry model with the user's consent, or take a model file
the user already has."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlsplit

from workbench.errors import InputError, ModelError, UsageError
from workbench.llm.model_fetch import DEFAULT_INDEX, ModelSource, add_model_file, fetch_model, model_source
from workbench.llm.registry import load_registry, locate_model
from workbench.progress import CancelToken, TerminalProgress


def run(args: argparse.Namespace) -> int:
    if args.fetch:
        source = _source(args.fetch)
        if not args.yes and not ask_consent(source):
            raise UsageError(f"nothing downloaded: add --yes to download {source.title} ({source.size_text}) "
                             "without asking, or take a copy you have with `kesheng model --add FILE`")
        path = fetch_with_bar(source)
        print(f"model {source.name} ready: {path}")
        return 0
    if args.add:
        source = _source(args.name)
        path = add_model_file(source, Path(args.add).expanduser())
        print(f"model {source.name} ready: {path}")
        return 0
    for name, spec in load_registry().items():
        found = locate_model(name)
        where = str(found) if found is not None else "not on this computer (kesheng model --fetch " + name + ")"
        print(f"{name:<8} {spec.title}: {where}")
    return 0


def _source(name: str) -> ModelSource:
    source = model_source(name)
    if source is None:
        known = ", ".join(n for n in load_registry() if model_source(n) is not None)
        raise InputError(f"the registry names no download for model '{name}' (these have one: {known})")
    return source


def ask_consent(source: ModelSource) -> bool:
    """Ask on the terminal whether to download ``source``; False without a terminal to ask on."""
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        return False
    host = urlsplit(DEFAULT_INDEX).netloc
    print(f"The model {source.title} ({source.size_text}) is not on this computer. Download it now from {host}? "
          "[y/N] ", end="", file=sys.stderr, flush=True)
    try:
        return input().strip().lower() in {"y", "yes", "是", "好"}
    except EOFError:
        return False


def fetch_with_bar(source: ModelSource) -> Path:
    """Fetch ``source`` with a terminal progress bar (quiet when stderr is no terminal)."""
    bar = TerminalProgress()
    try:
        return fetch_model(source, bar, CancelToken())
    finally:
        bar.close()


def ensure_model(name: str | None, assume_yes: bool) -> None:
    """Before a run that needs registry model ``name`` (default "default"): when its file is not on this computer
    and the registry says where to get it, download it if the user agrees (``assume_yes``, or yes on the prompt).

    Raises:
        ModelError: the model is missing and the user did not agree (naming the commands that fetch or add it).
    """
    key = name or "default"
    if key not in load_registry() or locate_model(key) is not None:
        return
    source = model_source(key)
    if source is None:
        return
    if not (assume_yes or ask_consent(source)):
        raise ModelError(f"the model {source.title} ({source.size_text}) is not on this computer: add "
                         f"--fetch-model to download it, run `kesheng model --fetch {key}`, take a copy you have "
                         f"with `kesheng model --add FILE`, or choose another with --model NAME|PATH")
    fetch_with_bar(source)
