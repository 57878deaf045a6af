"""Where Kesheng keeps things: the repository's resources and models, and the user's dirs."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP = "kesheng"
ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "resources"
MODELS = ROOT / "models"
DEMO_DIR = RESOURCES / "demo"


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP))


def cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir(APP))


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP))


def font_files() -> list[Path]:
    """CJK font files shipped by set-up into resources/fonts (see scripts/fetch_font.sh)."""
    folder = RESOURCES / "fonts"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in {".ttf", ".ttc", ".otf"})
