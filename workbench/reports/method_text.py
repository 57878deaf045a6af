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
        return ["未运行大模型：标签来自规则和学生模型。" if lang == "zh" else
                "No model ran: the tags come from rules and the student model."]
    return [f"{name} · SHA-256 {sha} · {t('prompt', lang)} {prompt}" for name, sha, prompt in seen]


def run_line(run: RunRow, lang: str) -> str:
    """"Run 3 (2026-08-01 10:00, complete): rule 41 · student model 467 records" — the run's own counts."""
    zh = lang == "zh"
    status = status_name(run.status, lang)
    head = (f"第 {run.run_id} 次打标（{run.started_at:%Y-%m-%d %H:%M}，{status}）：" if zh else
            f"Run {run.run_id} ({run.started_at:%Y-%m-%d %H:%M}, {status}): ")
    if run.by_method is None:
        return head + ("该次运行未记录分方式的条数" if zh else "this run did not record its counts by method")
    parts = [f"{method_name(k, lang)} {fmt_int(n)}" for k, n in
             sorted(run.by_method.items(), key=lambda kv: _order(kv[0]))]
    return head + " · ".join(parts) + (" 条记录" if zh else " records") + (
        f"；{t('models', lang)}：{run.model}" if zh and run.model else f"; model {run.model}" if run.model else "")


def run_lines(m: MethodAppendix, lang: str) -> list[str]:
    if not m.runs:
        return ["尚无打标运行。" if lang == "zh" else "No tagging run yet."]
    return [run_line(run, lang) for run in m.runs]


def made_by_line(m: MethodAppendix, lang: str) -> str:
    """The first caveat: which methods made the tags (only those that ran)."""
    names = [method_name(k, lang) for k in methods_ran(m) if k != "human"] or [t("rule_", lang)]
    if lang == "zh":
        joined = "、".join(names[:-1]) + "和" + names[-1] if len(names) > 1 else names[0]
        return (f"标签由{joined}自动生成，个别标签可能有误；报告中的每个数字都可在客声中追溯到原文。")
    joined = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
    return (f"Tags were produced automatically by {joined}; individual tags can be wrong. "
            "Every number in this report can be traced back to its verbatims in Kesheng.")


def precision_line(row: PrecisionRow, lang: str) -> str:
    """"App使用/配网失败：精确率约 84%（37–98%），估计：…" — how sure a node's figure is."""
    zh = lang == "zh"
    span = f"{100 * row.low:.0f}–{100 * row.high:.0f}%"
    if row.basis == "audited":
        return (f"{row.path}：精确率 {row.value:.0%}（95% 区间 {span}），依据 {row.n:,} 条人工复核记录" if zh else
                f"{row.path}: precision {row.value:.0%} (95% interval {span}), from {row.n:,} analyst-reviewed records")
    if zh:
        return f"{row.path}：精确率约 {row.value:.0%}（{span}），估计：{row.n:,} 个机器标签的校准置信度，未经人工复核"
    return (f"{row.path}: precision ≈{row.value:.0%} ({span}), an estimate from the calibrated confidence of "
            f"{row.n:,} machine tags, not reviewed by an analyst")


def precision_lines(m: MethodAppendix, lang: str) -> list[str]:
    """The appendix's accuracy section: the warning first (when the tags are a guess), then one line per node."""
    lines = [m.warning] if m.warning else []
    lines += [precision_line(row, lang) for row in m.precision]
    if not lines:
        lines.append("尚无可估计准确率的机器标签。" if lang == "zh" else "No machine tags to estimate accuracy from.")
    return lines
