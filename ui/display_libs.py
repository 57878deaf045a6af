"""Before Qt's X11 plugin loads: the system libraries it needs are found, or named in one sentence.

Qt 6 opens an X11 window only with a few xcb libraries that minimal Linux systems lack (libxcb-cursor0
above all); without them Qt prints a page about plugins and aborts. ``make run`` installs them (or unpacks
them into the user cache, ``scripts/qt_runtime.sh``); a ``pip install .`` user gets this check instead:
each library is loaded here (globally, so Qt's plugin finds the one from the user cache as well) and a
missing one is named with the command that installs it.
"""

from __future__ import annotations

import ctypes
import os
import sys
from pathlib import Path

from workbench.errors import KeshengError

# soname → Debian/Ubuntu package
XCB_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0", "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1", "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0", "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-randr.so.0": "libxcb-randr0", "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}


class DisplayLibrariesMissing(KeshengError):
    """The X11 window cannot open: system libraries are missing."""


def wants_xcb() -> bool:
    """Whether Qt will open its X11 plugin (Linux, no other platform asked for, an X display, no Wayland)."""
    if not sys.platform.startswith("linux"):
        return False
    chosen = os.environ.get("QT_QPA_PLATFORM", "")
    if chosen:
        return chosen.startswith("xcb")
    return bool(os.environ.get("DISPLAY")) and not os.environ.get("WAYLAND_DISPLAY")


def missing_libraries(libraries: dict[str, str] | None = None) -> list[str]:
    """Packages of the libraries that load neither from the system nor from the user cache."""
    from workbench.paths import cache_dir

    folders = [cache_dir() / "qtlibs"]
    if getattr(sys, "frozen", False):  # the app bundle carries them in its _internal folder
        folders.insert(0, Path(getattr(sys, "_MEIPASS", ".")))
    missing = []
    for soname, package in (libraries or XCB_LIBRARIES).items():
        if not (_loads(soname) or any(_loads(str(folder / soname)) for folder in folders)):
            missing.append(package)
    return missing


def check_display_libraries(libraries: dict[str, str] | None = None) -> None:
    """Raise :class:`DisplayLibrariesMissing` naming what to install when the X11 window could not open."""
    if not wants_xcb():
        return
    missing = missing_libraries(libraries)
    if missing:
        names = " ".join(missing)
        raise DisplayLibrariesMissing(
            f"the window cannot open: the system {'library' if len(missing) == 1 else 'libraries'} {names} "
            f"{'is' if len(missing) == 1 else 'are'} missing; install {'it' if len(missing) == 1 else 'them'} "
            f"(Debian/Ubuntu: sudo apt-get install {names}; Fedora: sudo dnf install xcb-util-cursor "
            "xcb-util-wm xcb-util-keysyms) or start Kesheng with `make run`, which does it for you")


def _loads(path: str) -> bool:
    if os.sep in path and not Path(path).exists():
        return False
    try:
        ctypes.CDLL(path, mode=ctypes.RTLD_GLOBAL)
    except OSError:
        return False
    return True
