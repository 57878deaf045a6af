"""Where Kesheng keeps things: the repository's resources and models, and the user's dirs."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs

APP = "kesheng"
ROOT = Path(__file__).resolve().parent.parent  # in the app bundle: its _internal folder (read-only when installed)
RESOURCES = ROOT / "resources"
MODELS = ROOT / "models"


def is_frozen() -> bool:
    """True inside a bundle built by PyInstaller (``sys.frozen``), False when run by a Python interpreter."""
    return bool(getattr(sys, "frozen", False))


# The generated demo files and project: beside the sources in a checkout, in the user's data dir in the bundle.
DEMO_DIR = Path(platformdirs.user_data_dir(APP)) / "demo" if is_frozen() else RESOURCES / "demo"


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP))


def cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir(APP))


def user_models_dir() -> Path:
    """Where models fetched or added by the user live (the bundle's own models/ may be read-only)."""
    return Path(platformdirs.user_data_dir(APP)) / "models"


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP))


def font_files() -> list[Path]:
    """CJK font files shipped by set-up into resources/fonts (see scripts/fetch_font.sh)."""
    folder = RESOURCES / "fonts"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in {".ttf", ".ttc", ".otf"})
