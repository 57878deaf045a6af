"""A rotating log file in the user log dir: versions, models, timings and errors — never record text."""

from __future__ import annotations

import logging
import platform
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

from workbench import __version__
from workbench.paths import log_dir

_configured = False


def setup_file_logging(folder: Path | None = None, level: int = logging.INFO) -> Path | None:
    """Attach the rotating file handler once per process; returns the log file (None if not writable)."""
    global _configured
    folder = folder or log_dir()
    path = folder / "kesheng.log"
    if _configured:
        return path
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(level)
    root = logging.getLogger("workbench")
    root.addHandler(handler)
    root.setLevel(min(root.level or level, level))
    logging.getLogger("ui").addHandler(handler)
    _configured = True
    root.info("kesheng %s, python %s, %s", __version__, sys.version.split()[0], platform.platform())
    return path
