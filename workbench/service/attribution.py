"""Which service behaviours (and issues) go with bad outcomes: effect sizes with confidence intervals.

For each behaviour, the share of bad outcomes with it versus without it, the difference with a 95 %
normal-approximation interval, and the counts behind both. Ranked by the interval's lower bound so a
large but uncertain effect does not outrank a solid one.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from workbench.service.model import ConversationReport
from workbench.texts import has_text, text

Behaviour = Callable[[ConversationReport], bool]


@dataclass(frozen=True)
class Effect:
    """P(bad | behaviour) − P(bad | not), with its 95 % interval and the counts behind it."""

    factor: str
    with_n: int
    with_bad: int
    without_n: int
    without_bad: int
    difference: float
    low: float
    high: float

    @property
    def rate_with(self) -> float:
        return self.with_bad / self.with_n if self.with_n else 0.0

    @property
    def rate_without(self) -> float:
        return self.without_bad / self.without_n if self.without_n else 0.0


def is_bad(report: ConversationReport) -> bool:
    """A bad outcome: a low rating (≤ 2 of 5 or ≤ 6 of 10), unresolved or escalated, or an angry end."""
    rating = report.conversation.rating
    if rating is not None and (rating <= 2 or 5 < rating <= 6):
        return True
    return report.outcome.status != "resolved" or report.outcome.dissatisfaction_end >= 0.6


def _failed(item: str) -> Behaviour:
    return lambda r: any(c.item == item and c.required and not c.passed for c in r.sop)


def _said(item: str) -> Behaviour:
    return lambda r: any(c.item == item and c.forbidden and not c.passed for c in r.sop)


def factor_label(key: str, lang: str = "zh") -> str:
    """A readable name for a factor key such as ``skipped:identity_check`` or ``said:不知道``."""
    kind, _, name = key.partition(":")
    if kind == "skipped":
        item = text(f"service.item.{name}", lang) if has_text(f"service.item.{name}") else name
        return text("service.factor.skipped", lang, item=item)
    if kind in ("said", "issue"):
        return text(f"service.factor.{kind}", lang, name=name)
    return text(f"service.factor.{key}", lang) if has_text(f"service.factor.{key}") else key


def behaviours(reports: Sequence[ConversationReport]) -> dict[str, Behaviour]:
    """The behaviours measured, by factor key: skipped SOP items, forbidden phrases, slowness, repeats, transfers."""
    names = {(c.item, c.forbidden) for r in reports for c in r.sop}
    out: dict[str, Behaviour] = {}
    for item, forbidden in sorted(names):
        out[f"said:{item}" if forbidden else f"skipped:{item}"] = _said(item) if forbidden else _failed(item)
    out["slow_first_response"] = lambda r: (r.timing.first_response_s or 0) > 120
    out["repeat"] = lambda r: r.timing.repeats > 0
    out["transfer"] = lambda r: r.timing.transfers > 0
    return out


def effect(name: str, flags: Sequence[bool], bad: Sequence[bool]) -> Effect:
    with_n = sum(flags)
    with_bad = sum(f and b for f, b in zip(flags, bad, strict=True))
    without_n = len(flags) - with_n
    without_bad = sum(b for b in bad) - with_bad
    p1 = with_bad / with_n if with_n else 0.0
    p0 = without_bad / without_n if without_n else 0.0
    se = math.sqrt((p1 * (1 - p1) / with_n if with_n else 0.25) + (p0 * (1 - p0) / without_n if without_n else 0.25))
    diff = p1 - p0
    return Effect(name, with_n, with_bad, without_n, without_bad, round(diff, 4),
                  round(diff - 1.96 * se, 4), round(diff + 1.96 * se, 4))


def attribute(reports: Sequence[ConversationReport], extra: Mapping[str, Sequence[bool]] | None = None,
              min_support: int = 5, outcome: Sequence[bool] | None = None) -> list[Effect]:
    """Effects of every behaviour (and ``extra`` factors, e.g. issues per conversation), ranked.

    ``outcome`` replaces :func:`is_bad` as the bad outcome (e.g. a bad review after the chat).
    """
    bad = list(outcome) if outcome is not None else [is_bad(r) for r in reports]
    effects = [effect(name, [fn(r) for r in reports], bad) for name, fn in behaviours(reports).items()]
    effects += [effect(name, list(flags), bad) for name, flags in (extra or {}).items()]
    kept = [e for e in effects if e.with_n >= min_support and e.without_n >= min_support]
    return sorted(kept, key=lambda e: (-e.low, -e.difference))


def diagnosis(effects: Sequence[Effect], lang: str = "zh", top: int = 3, followup: Sequence[Effect] = ()) -> str:
    """A short paragraph on the behaviours that go with bad outcomes (only significant ones), and —
    where reviews can be linked to chats — with bad reviews afterwards."""
    paragraph = _paragraph(effects, lang, top)
    for e in [e for e in followup if e.low > 0][:2]:
        paragraph += text("service.diagnosis.followup", lang, label=factor_label(e.factor, lang),
                          rate_with=e.rate_with, bad=e.with_bad, n=e.with_n, rate_without=e.rate_without)
    return paragraph


def _paragraph(effects: Sequence[Effect], lang: str, top: int) -> str:
    solid = [e for e in effects if e.low > 0][:top]
    if not solid:
        return text("service.diagnosis.none", lang)
    parts = [text("service.diagnosis.part", lang, label=factor_label(e.factor, lang), rate_with=e.rate_with,
                  bad=e.with_bad, n=e.with_n, rate_without=e.rate_without, points=e.difference * 100,
                  low=e.low * 100, high=e.high * 100) for e in solid]
    joined = text("service.diagnosis.join", lang).join(parts) + text("service.diagnosis.end", lang)
    return joined[:1].upper() + joined[1:]  # an English paragraph opens with a capital (no-op on Chinese)
