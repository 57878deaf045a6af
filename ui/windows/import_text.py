"""The import wizard's words in zh and en: labels, the check's warnings and the per-file import result.

The core's warnings carry a code and values (``ImportReport.notices``); they are worded here in the UI's
language. A code this table does not know falls back to the core's English sentence.
"""

from __future__ import annotations

from collections.abc import Sequence

from ui import i18n
from ui.i18n import has_text, tr
from workbench.ingest.options import ImportReport
from workbench.ingest.per_file import FileOutcome


def t(key: str, **fmt: object) -> str:
    """The wizard's text for ``key`` in the UI's language (a key it lacks is returned as it is)."""
    return tr(f"import.{key}", **fmt) if has_text(f"import.{key}") else key


def warning_lines(report: ImportReport) -> list[str]:
    """The report's warnings in the UI's language (the core's English for a code not known here)."""
    lines = []
    for i, notice in enumerate(report.notices):
        values = {k: v for k, v in notice.items() if k != "code"}
        key = f"w.{notice['code']}"
        try:
            lines.append(t(key, **values) if has_text(f"import.{key}") else report.warnings[i])
        except (KeyError, IndexError):
            lines.append(report.warnings[i] if i < len(report.warnings) else notice["code"])
    lines.extend(report.warnings[len(report.notices):])  # warnings without a code (none today)
    return lines


def field_name(field: str) -> str:
    """A mapping field (text, time, … or extra:NAME) in the UI's language."""
    return t(f"f.{field}") if has_text(f"import.f.{field}") else field


def role_name(role: str) -> str:
    """A role (customer, agent, bot, system) in the UI's language."""
    return t(f"role.{role}")


def _named(prefix: str, counts: dict[str, int]) -> str:
    sep = "，" if i18n.language() == "zh" else ", "
    return sep.join(f"{t(prefix + k)} {n}" for k, n in sorted(counts.items()))


def report_lines(r: ImportReport) -> list[str]:
    """One sheet's report in the UI's language: counts, turns, personal data, drops, unused columns, warnings."""
    lines = [t("r.counts", read=r.read, imported=r.imported, duplicates=r.duplicates, near=r.near_duplicates,
               masked=r.masked, rejected=r.rejected)] if r.shape != "skipped" else []
    if r.conversations:
        lines.append(t("r.conversations", n=r.conversations, m=r.messages))
    if r.turns:
        lines.append(t("r.turns") + _named("role.", r.turns))
    if r.masked_by_kind:
        lines.append(t("r.pii") + _named("pii.", r.masked_by_kind))
    if r.dropped:
        lines.append(t("r.dropped") + ", ".join(f"{n} ({reason})" for reason, n in r.dropped.items()))
    if r.unused_columns:
        lines.append(t("r.unused") + ", ".join(r.unused_columns))
    if r.mapping:
        lines.append(t("r.mapping") + ", ".join(f"{field_name(k)}={v}" for k, v in r.mapping.items()))
    lines.extend(t("r.warning") + w for w in warning_lines(r))
    return lines


def format_reports(reports: Sequence[ImportReport]) -> str:
    """Import reports as plain text, in the UI language."""
    lines: list[str] = []
    for r in reports:
        lines.append(f"{r.path}" + (f" [{r.sheet}]" if r.sheet else ""))
        lines.extend(f"  {line}" for line in report_lines(r))
        lines.append("")
    return "\n".join(lines)


def format_outcomes(outcomes: Sequence[FileOutcome]) -> str:
    """What happened to each file of an import, then each imported sheet's report."""
    lines: list[str] = []
    for o in outcomes:
        lines.append(f"{o.path}: {t('r.' + o.status, error=o.error_in(i18n.language()) or '')}")
        for r in o.reports:
            if r.sheet:
                lines.append(f"  [{r.sheet}]")
            lines.extend(f"    {line}" for line in report_lines(r))
        lines.append("")
    return "\n".join(lines)
