"""The LLM's quick sentiment check: one forward pass, no generated text, a tenth of a full judgement.

Records the student left with a doubtful sentiment (and the LLM budget did not reach) get a yes/no
question — 好评 or 差评? — scored by the model's next-token logits. No JSON is generated, and the
system prompt stays in the KV cache, so a check costs about what reading the text costs: 0.3 s for a
short review with the fast model on 2 cores, against 3–13 s for a full judgement.

A small model's yes/no answers lean to one side (the 0.5B says 差评 to most hotel reviews that
mention anything wrong). The lean is measured per run: the check is first asked about records the
lexicon is sure of (both ways), and the logit margin that best agrees with the lexicon there becomes
the run's zero point. Measured on the dev splits (bench/cascade.py): the fast model's raw answers are
0.67 right on waimai, 0.87 once calibrated this way.

Only positive or negative judgements are checked: the question has no neutral answer, and on the
demo project the fast model called inquiries ("能修改收货地址吗？") positive or negative. A check's
verdict replaces the record's sentiment only where it is clear (probability ≥ CLEAR). The
record keeps its stage (its tags are still the student's or the rules'); the run's phases count the
checks and the sentiments they changed.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from workbench.llm.backend import ChoiceScorer
from workbench.llm.prompts import SENTIMENT_CHECK, SENTIMENT_CHOICES, sentiment_check_prompt
from workbench.nlp.polarity import clause_polarity
from workbench.nlp.sarcasm import ironic, praise_outweighs, sincere
from workbench.progress import CancelToken
from workbench.tagging.results import RecordInput, RecordResult
from workbench.tagging.rule_tagger import guess_intent
from workbench.tagging.student_stage import DISSATISFACTION
from workbench.types import Sentiment

CALIBRATION_EACH = 50  # lexicon-sure records per side asked first (12 gave zero points 1.1 to 3.6 on waimai)
SURE_LEXICON = 2  # |lexicon score| from which a record counts as sure for calibration
CLEAR = 0.6  # a check replaces the sentiment only when it is at least this sure either way


@dataclass
class CheckStats:
    """What the checks did in a run."""

    calibration: int = 0
    checked: int = 0
    changed: int = 0
    offset: float = 0.0
    seconds: float = 0.0


def margin(scorer: ChoiceScorer, text: str) -> float | None:
    """Logit of 好评 minus logit of 差评 for ``text`` (None: the backend cannot score)."""
    scores = scorer.score_choices(SENTIMENT_CHECK, sentiment_check_prompt(text), SENTIMENT_CHOICES)
    return None if scores is None else scores[0] - scores[1]


def calibration_sample(records: Iterable[RecordInput], each: int = CALIBRATION_EACH) -> list[tuple[RecordInput, bool]]:
    """Up to ``each`` records the lexicon finds clearly positive and ``each`` clearly negative."""
    pos: list[tuple[RecordInput, bool]] = []
    neg: list[tuple[RecordInput, bool]] = []
    for record in records:
        if len(pos) >= each and len(neg) >= each:
            break
        score = clause_polarity(record.text)
        if score >= SURE_LEXICON and len(pos) < each:
            pos.append((record, True))
        elif score <= -SURE_LEXICON and len(neg) < each:
            neg.append((record, False))
    return pos + neg


def best_offset(margins: Sequence[tuple[float, bool]]) -> float:
    """The zero point that best separates positive from negative margins (midpoint between neighbours;
    ties broken towards 0). 0 when one side is missing."""
    if not any(p for _, p in margins) or all(p for _, p in margins):
        return 0.0
    values = sorted(m for m, _ in margins)
    cuts = [(a + b) / 2 for a, b in itertools.pairwise(values)] + [0.0]
    return max(cuts, key=lambda c: (sum((m > c) == p for m, p in margins), -abs(c)))


def checked(result: RecordResult, text: str, probability: float) -> RecordResult:
    """``result`` with the check's sentiment where it is clear (intent and dissatisfaction follow). A
    neutral result stays: the yes/no question has no neutral answer; so does one the check would turn against the
    sarcasm guards (negative on sincere thanks or praise that outweighs its gripes, positive on irony)."""
    if max(probability, 1 - probability) < CLEAR or result.sentiment == "neutral":
        return result
    sentiment: Sentiment = "positive" if probability >= 0.5 else "negative"
    if (sentiment == "negative" and (sincere(text) or praise_outweighs(text))) or (
            sentiment == "positive" and ironic(text)):
        return result  # the lexicon's guards overrule a check as they overrule the LLM tagger's judgement
    if sentiment == result.sentiment:
        return replace(result, sentiment_checked=True)
    return replace(result, sentiment=sentiment, intent=guess_intent(text, sentiment),
                   dissatisfaction=DISSATISFACTION[sentiment], sentiment_checked=True)


def run_checks(scorer: ChoiceScorer, doubtful: list[tuple[RecordInput, RecordResult]],
               pool: Iterable[RecordInput], limit: int | None, deadline: float | None, cancel: CancelToken,
               advance: Callable[[int], None] | None = None) -> tuple[list[RecordResult], CheckStats]:
    """Check the sentiment of the non-neutral ``doubtful`` records (most doubtful first, as given) within
    ``limit`` checks and ``deadline``; calibration records are drawn from ``pool``. Returns every result of ``doubtful``
    (checked or not), in order, and the stats."""
    stats = CheckStats()
    t0 = time.monotonic()
    out = [result for _, result in doubtful]
    askable = [i for i, (_, result) in enumerate(doubtful) if result.sentiment != "neutral"][:limit]
    if not askable:
        return out, stats

    def in_time() -> bool:
        return deadline is None or time.monotonic() < deadline

    margins: list[tuple[float, bool]] = []
    for record, positive in calibration_sample(pool):
        cancel.check()
        if not in_time():
            break
        value = margin(scorer, record.text)
        if value is None:
            return out, stats
        margins.append((value, positive))
    stats.calibration, stats.offset = len(margins), best_offset(margins)
    for i in askable:
        record, result = doubtful[i]
        cancel.check()
        if not in_time():
            break
        value = margin(scorer, record.text)
        if value is None:
            break
        out[i] = checked(result, record.text, 1 / (1 + math.exp(-(value - stats.offset))))
        stats.checked += 1
        stats.changed += out[i].sentiment != result.sentiment
        if advance is not None:
            advance(1)
    stats.seconds = time.monotonic() - t0
    return out, stats
