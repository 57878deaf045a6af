"""Report wording (the ``reports.`` keys of the one text table, :mod:`workbench.texts`), and number formatting
shared by every writer."""

from __future__ import annotations

from datetime import date

from workbench.reports.model import Kpi, ReportContent
from workbench.texts import has_text, text


def emotion_text(emotion: str | None, share: float, lang: str) -> str:
    """``愤怒 42%`` / ``angry 42%``; a dash when no record shows an emotion."""
    if emotion is None:
        return "—"
    name = text(f"reports.emotion.{emotion}", lang) if has_text(f"reports.emotion.{emotion}") else emotion
    return f"{name} {share:.0%}"


def impact_text(impact: float, low: float, high: float) -> str:
    """``+0.20 (+0.13 … +0.27)``: a score impact and its 95% interval."""
    return f"{impact:+.2f} ({low:+.2f} … {high:+.2f})"


def t(key: str, lang: str, **fmt: object) -> str:
    """The label ``key`` in ``lang`` (zh or en); unknown keys come back as themselves."""
    full = f"reports.{key}"
    return text(full, lang, **fmt) if has_text(full) else key


def fmt_int(value: float | None) -> str:
    return "—" if value is None else f"{round(value):,}"


def fmt_pct(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value * 100:.{digits}f}%"


def fmt_float(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def fmt_delta(count: int, previous: int, compared: bool = True, lang: str = "en") -> str:
    """"+12 (+35%)", "+3 (new)" ("+3（新增）" in Chinese), "0", or "—" when there is no previous period."""
    if not compared:
        return "—"
    delta = count - previous
    if previous == 0:
        return f"{delta:+d}{t('new', lang)}" if delta else "0"
    return f"{delta:+d} ({100 * delta / previous:+.0f}%)"


def fmt_kpi(kpi: Kpi) -> str:
    return {"pct": fmt_pct, "float": fmt_float}.get(kpi.kind, fmt_int)(kpi.value)


def fmt_period(period: tuple[date, date] | None, lang: str) -> str:
    if period is None:
        return t("none", lang)
    a, b = period
    return f"{a:%Y-%m-%d} – {b:%Y-%m-%d}"


def experience_rows(c: ReportContent) -> list[list[str]]:
    """The customer-experience table of the PDF and Word reports, header first."""
    lang = c.spec.lang
    head = [t(k, lang) for k in ("issue", "records", "effort", "emotion", "actionable")]
    return [head] + [[e.path or t("all_records", lang), f"{e.records:,}", f"{e.mean_effort:.1f}",
                      emotion_text(e.emotion, e.emotion_share, lang), f"{e.actionable_share:.0%}"]
                     for e in c.experience]
