"""The lexicon score of a clause: hits summed, negation-aware, with "but" weighing double and a summary four times."""

from __future__ import annotations

import re

from workbench.nlp.lexicon_zh import NEGATIVE, NEUTRAL, POSITIVE
from workbench.nlp.negation import is_negated

_SIGN = {**{w: 1 for w in POSITIVE}, **{w: -1 for w in NEGATIVE}, **{w: 0 for w in NEUTRAL}}
_WORDS = re.compile("|".join(map(re.escape, sorted(_SIGN, key=len, reverse=True))), re.IGNORECASE)
CONTRAST = re.compile(r"但是|但|可是|不过|然而|可惜")
SUMMARY = re.compile(r"总的来说|总的来讲|总得来说|总体来说|总体上|总体|总之|总而言之|整体来说|整体感觉|整体上|综合来看|"
                     r"综上|总的感觉|总的说")  # the verdict: what follows weighs SUMMARY_WEIGHT
SUMMARY_WEIGHT = 4


def lexicon_hits(text: str) -> list[tuple[int, int]]:
    """``(start, sign)`` per lexicon word in ``text``: +1 / −1, flipped when negated ("不慢")."""
    out = []
    for m in _WORDS.finditer(text):
        if not (sign := _SIGN[m.group().lower()]):
            continue
        out.append((m.start(), -sign if is_negated(text, m.start()) else sign))
    return out


def complaint_words(text: str) -> list[int]:
    """Starts of the negative lexicon words in ``text`` that are not negated (a negated praise word such as
    "没吃过这么好吃的" is no complaint)."""
    return [m.start() for m in _WORDS.finditer(text)
            if _SIGN[m.group().lower()] < 0 and not is_negated(text, m.start())]


def weighted_hits(text: str) -> list[tuple[int, int]]:
    """:func:`lexicon_hits` weighed as :func:`clause_polarity` counts them: ``(start, weight × sign)``, a hit after
    the first contrast word weighing 2 and one after the last summary word SUMMARY_WEIGHT."""
    turn = m.end() if (m := CONTRAST.search(text)) else len(text)
    verdict = max((m.end() for m in SUMMARY.finditer(text)), default=len(text))
    return [(start, SUMMARY_WEIGHT * sign if start >= verdict else 2 * sign if start >= turn else sign)
            for start, sign in lexicon_hits(text)]


def clause_polarity(text: str) -> int:
    """Lexicon hits in ``text`` summed (+1 / −1 each, flipped when negated); a hit after a contrast word
    ("…，但是太慢了") counts double, since what follows "but" is what the writer means, and one after a summary word
    ("总的来说很不错") SUMMARY_WEIGHT times: a long review's verdict outweighs the gripes it lists."""
    return sum(weight for _, weight in weighted_hits(text))
