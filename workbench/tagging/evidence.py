"""Evidence verification: every opinion's evidence must be an exact substring of the record's text.

The model's quote is located exactly; failing that, case/whitespace/punctuation-insensitively;
failing that, the closest substring is found fuzzily (difflib) and used instead of the model's words;
if nothing is close enough the opinion is dropped. Evidence is never invented.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

TRIM = " \t\r\n，,。.!！?？;；:：、\"'“”‘’()（）[]【】…~"
MIN_RATIO = 0.6


@dataclass(frozen=True)
class Span:
    """``text[start:end] == quote``; ``exact`` is False when the quote was fuzzily relocated."""

    start: int
    end: int
    quote: str
    exact: bool


def locate(text: str, evidence: str, min_ratio: float = MIN_RATIO) -> Span | None:
    """Find ``evidence`` in ``text``: exactly, loosely, or as the closest substring; None if absent."""
    quote = evidence.strip(TRIM)
    if not quote or not text:
        return None
    at = text.find(quote)
    if at >= 0:
        return Span(at, at + len(quote), quote, True)
    at = text.lower().find(quote.lower())
    if at >= 0:
        return Span(at, at + len(quote), text[at:at + len(quote)], True)
    return _fuzzy(text, quote, min_ratio)


def _fuzzy(text: str, quote: str, min_ratio: float) -> Span | None:
    matcher = difflib.SequenceMatcher(None, text, quote, autojunk=False)
    starts = {max(0, b.a - b.b) for b in matcher.get_matching_blocks() if b.size}
    best: tuple[float, int, int] = (0.0, 0, 0)
    n = len(quote)
    for start in starts:
        for length in {max(1, n - 2), n - 1, n, n + 1, n + 2}:
            if length <= 0:
                continue
            window = text[start:start + length]
            ratio = difflib.SequenceMatcher(None, window, quote, autojunk=False).ratio()
            if ratio > best[0]:
                best = (ratio, start, start + len(window))
    ratio, lo, hi = best
    while lo < hi and text[lo] in TRIM:
        lo += 1
    while hi > lo and text[hi - 1] in TRIM:
        hi -= 1
    if ratio < min_ratio or hi <= lo:
        return None
    return Span(lo, hi, text[lo:hi], False)
