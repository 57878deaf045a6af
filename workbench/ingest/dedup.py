"""Exact duplicates (same normalised text + customer + day) and near-duplicates (copy-paste spam)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

_SKELETON = re.compile(r"[\W\d_]+")
NEAR_MIN_CHARS = 12
"""Texts shorter than this are not flagged as near-duplicates: short praise repeats naturally."""


def match_form(text: str) -> str:
    """The form texts are matched in (never stored): NFKC, lower case, no whitespace."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return "".join(text.lower().split())


def content_hash(text: str, customer: str | None, day: str) -> str:
    """The key of an exact duplicate: the text's match form, customer and day.

    Stored texts were NFKC-normalised before issue 22; the match form is, so old hashes still match.
    """
    norm = match_form(text)
    return hashlib.sha1(f"{norm}\x1f{customer or ''}\x1f{day}".encode()).hexdigest()


class Deduper:
    """Remembers the hashes already in the project and in this import, and the texts' skeletons."""

    def __init__(self, existing: Iterable[str]) -> None:
        self._seen = set(existing)
        self._skeletons: dict[int, int] = {}

    def is_duplicate(self, digest: str) -> bool:
        """True if this hash was seen before; otherwise remembers it."""
        if digest in self._seen:
            return True
        self._seen.add(digest)
        return False

    def near_of(self, text: str, record_id: int) -> int | None:
        """The id of an earlier record in this import with the same text skeleton (digits, punctuation ignored).

        Remembers ``record_id`` as the first of its skeleton; texts under :data:`NEAR_MIN_CHARS` are never flagged.
        """
        skeleton = _SKELETON.sub("", text.lower())
        if len(skeleton) < NEAR_MIN_CHARS:
            return None
        key = hash(skeleton)  # in-process only: the seed is per process, and so is this map
        first = self._skeletons.get(key)
        if first is None:
            self._skeletons[key] = record_id
        return first
