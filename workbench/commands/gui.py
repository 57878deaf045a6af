"""`gui` command: opens the workbench window.

The core never imports the UI package statically (import-linter contract); the GUI is bound late,
by name, so that the headless core stays importable without Qt.
"""

from __future__ import annotations

import argparse
import importlib


def run(args: argparse.Namespace) -> int:
    app = importlib.import_module("ui.app")
    code: int = app.run_gui(args)
    return code
