"""A tiny template language for varied text: ``{a|b|c}`` picks one alternative, ``<slot>`` fills a value.

Alternatives nest (``{很{慢|卡}|一般}``); an empty alternative makes a part optional (``{|真的}``).
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping

_ALT = re.compile(r"\{([^{}]*)\}")
_SLOT = re.compile(r"<(\w+)>")


def expand(rng: random.Random, template: str, slots: Mapping[str, str]) -> str:
    """Expand one template deterministically from ``rng``.

    Raises:
        KeyError: the template names a slot missing from ``slots`` (a bug in the phrase banks).
    """
    text = template
    match = _ALT.search(text)
    while match is not None:
        text = text[: match.start()] + rng.choice(match.group(1).split("|")) + text[match.end():]
        match = _ALT.search(text)
    return _SLOT.sub(lambda m: slots[m.group(1)], text)


def pick(rng: random.Random, templates: tuple[str, ...], slots: Mapping[str, str]) -> str:
    """Expand one template chosen at random from ``templates``."""
    return expand(rng, rng.choice(templates), slots)
