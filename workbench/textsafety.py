"""Text safety for what leaves the app: the spreadsheet formula guard (OWASP CSV injection).

Any writer of customer text into CSV or spreadsheet cells (exports, codebooks, review queues, label files)
uses it; the customer's words are stored exactly and only the written cell is neutralised.
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet program could read ``text`` as a formula (OWASP CSV injection)."""
    return text.startswith(FORMULA_START)


def neutralise_csv(text: str) -> str:
    """For CSV cells: prefix formula-like text with an apostrophe, as OWASP recommends."""
    return "'" + text if is_formula_like(text) else text
