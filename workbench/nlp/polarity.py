"""Lexicon polarity with negation and sarcasm: the rules' sentiment, and the student's weak sentiment labels."""

from __future__ import annotations

from typing import Literal

from workbench.nlp.negation import CLAUSE_END
from workbench.nlp.sarcasm import customer_part, ironic, ironic_marker
from workbench.nlp.scoring import clause_polarity

__all__ = ["Polarity", "clause_around", "clause_polarity", "is_sure", "polarity_of", "tag_polarity"]

SURE_SCORE = 2  # net lexicon hits for a sure weak label (the student's, issue 25)

Polarity = Literal["positive", "neutral", "negative"]


def polarity_of(text: str, *, sarcasm: bool = True) -> Polarity:
    """The text's overall polarity by the lexicon; praise or thanks around a grievance ("真是谢谢你们了，
    一个充电宝等了半个月") is negative (``sarcasm=False``: the lexicon alone, the benchmark's baseline)."""
    if sarcasm and ironic(text):
        return "negative"
    return _sign(clause_polarity(customer_part(text)))


def is_sure(text: str, polarity: Polarity) -> bool:
    """Whether the lexicon is sure of ``polarity`` (the text's :func:`polarity_of`): at least SURE_SCORE net hits,
    or irony (a negative text whose words lean positive). One lone hit ("还行", "不错" next to a complaint the
    lexicon missed) is wrong too often to teach the student as much as a sure one (its weak sentiment label)."""
    if polarity == "neutral":
        return False
    score = clause_polarity(customer_part(text))
    return abs(score) >= SURE_SCORE or (polarity == "negative" and score >= 0)


def tag_polarity(text: str, start: int, end: int) -> Polarity:
    """The polarity of the opinion whose evidence is ``text[start:end]``: its clause's lexicon score,
    except that in an ironic text a clause with no opinion of its own ("烫得能煎鸡蛋") or with the ironic
    praise itself ("服务真到位") is negative."""
    clause = clause_around(text, start, end)
    score = clause_polarity(clause)
    if (score <= 0 or ironic_marker(clause)) and ironic(text):
        return "negative"
    return _sign(score)


def clause_around(text: str, start: int, end: int) -> str:
    """The clause (between punctuation) containing ``text[start:end]``."""
    lo = max((m.end() for m in CLAUSE_END.finditer(text, 0, start)), default=0)
    hi = next((m.start() for m in CLAUSE_END.finditer(text, end)), len(text))
    return text[lo:hi]


def _sign(score: int) -> Polarity:
    return "positive" if score > 0 else "negative" if score < 0 else "neutral"
