"""`service` command: not built yet (see the issue that builds it)."""

from __future__ import annotations

import argparse

from workbench.errors import NotAvailableError


def run(args: argparse.Namespace) -> int:
    raise NotAvailableError("not available yet: service")
