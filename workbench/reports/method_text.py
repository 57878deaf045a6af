"""The method appendix's sentences about what ran, shared by the PDF, Word and Excel writers."""

from __future__ import annotations

from workbench.reports.labels import fmt_int, t
from workbench.reports.model import MethodAppendix, PrecisionRow, RunRow
from workbench.texts import has_text

METHOD_ORDER = ("rule", "student", "llm", "human")


def status_name(status: str, lang: str) -> str:
    """A tagging run's status (complete, cancelled …) in ``lang``; an unknown one as it is."""
    return t(f"status.{status}", lang) if has_text(f"reports.status.{status}") else status


def _order(method: str) -> tuple[int, str]:
    return (METHOD_ORDER.index(method) if method in METHOD_ORDER else len(METHOD_ORDER), method)


def method_name(method: str, lang: str) -> str:
    return t("rule_" if method == "rule" else method, lang)


def methods_ran(m: MethodAppendix) -> list[str]:
    """The tagging methods that judged at least one record, in cascade order."""
    seen = {k for run in m.runs for k, n in (run.by_method or {}).items() if n}
    seen |= {"llm" for run in m.runs if run.model and run.by_method is None}
    if m.human_labels:
        seen.add("human")
    return sorted(seen, key=_order)


def model_lines(m: MethodAppendix, lang: str) -> list[str]:
    """One line per model that ran (name, sha256, prompt version), or one line saying that no model ran."""
    seen: dict[tuple[str, str, str], None] = {}
    for run in m.runs:
        if run.model:
            seen[(run.model, run.model_sha256 or "—", run.prompt_version or "—")] = None
    if not seen:
        return [t("method.no_model", lang)]
    return [f"{name} · SHA-256 {sha} · {t('prompt', lang)} {prompt}" for name, sha, prompt in seen]


def run_line(run: RunRow, lang: str) -> str:
    """"Run 3 (2026-08-01 10:00, complete): rule 41 · student model 467 records" — the run's own counts."""
    head = t("method.run", lang, id=run.run_id, when=f"{run.started_at:%Y-%m-%d %H:%M}",
             status=status_name(run.status, lang))
    if run.by_method is None:
        return head + t("method.run_uncounted", lang)
    parts = [f"{method_name(k, lang)} {fmt_int(n)}" for k, n in
             sorted(run.by_method.items(), key=lambda kv: _order(kv[0]))]
    model = t("method.run_model", lang, model=run.model) if run.model else ""
    return head + " · ".join(parts) + t("method.records", lang) + model


def run_lines(m: MethodAppendix, lang: str) -> list[str]:
    if not m.runs:
        return [t("method.no_runs", lang)]
    return [run_line(run, lang) for run in m.runs]


def made_by_line(m: MethodAppendix, lang: str) -> str:
    """The first caveat: which methods made the tags (only those that ran)."""
    names = [method_name(k, lang) for k in methods_ran(m) if k != "human"] or [t("rule_", lang)]
    joined = t("method.sep", lang).join(names[:-1]) + t("method.and", lang) + names[-1] if len(names) > 1 else names[0]
    return t("method.made_by", lang, joined=joined)


def precision_line(row: PrecisionRow, lang: str) -> str:
    """"App使用/配网失败：精确率约 84%（37–98%），估计：…" — how sure a node's figure is."""
    span = f"{100 * row.low:.0f}–{100 * row.high:.0f}%"
    key = "method.precision_audited" if row.basis == "audited" else "method.precision_estimated"
    return t(key, lang, path=row.path, value=row.value, span=span, n=row.n)


def precision_lines(m: MethodAppendix, lang: str) -> list[str]:
    """The appendix's accuracy section: the warning first (when the tags are a guess), then one line per node."""
    lines = [m.warning] if m.warning else []
    lines += [precision_line(row, lang) for row in m.precision]
    if not lines:
        lines.append(t("method.no_precision", lang))
    return lines
