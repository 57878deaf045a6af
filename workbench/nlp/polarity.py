"""Lexicon polarity with negation: the rules' sentiment, and the student's weak sentiment labels."""

from __future__ import annotations

import re
from typing import Literal

from workbench.nlp.lexicon_zh import NEGATIVE, POSITIVE
from workbench.nlp.negation import CLAUSE_END, is_negated

Polarity = Literal["positive", "neutral", "negative"]

_SIGN = {**{w: 1 for w in POSITIVE}, **{w: -1 for w in NEGATIVE}}
_WORDS = re.compile("|".join(map(re.escape, sorted(_SIGN, key=len, reverse=True))), re.IGNORECASE)


_CONTRAST = re.compile(r"但是|但|可是|不过|然而|可惜")


def clause_polarity(text: str) -> int:
    """Lexicon hits in ``text`` summed (+1 / −1 each, flipped when negated); a hit after a contrast word
    ("…，但是太慢了") counts double, since what follows "but" is what the writer means."""
    score = 0
    turn = m.end() if (m := _CONTRAST.search(text)) else len(text)
    for m in _WORDS.finditer(text):
        sign = _SIGN[m.group().lower()]
        sign = -sign if is_negated(text, m.start()) else sign
        score += 2 * sign if m.start() >= turn else sign
    return score


def polarity_of(text: str) -> Polarity:
    """The text's overall polarity by the lexicon."""
    score = clause_polarity(text)
    return "positive" if score > 0 else "negative" if score < 0 else "neutral"


def clause_around(text: str, start: int, end: int) -> str:
    """The clause (between punctuation) containing ``text[start:end]``."""
    lo = max((m.end() for m in CLAUSE_END.finditer(text, 0, start)), default=0)
    hi = next((m.start() for m in CLAUSE_END.finditer(text, end)), len(text))
    return text[lo:hi]
