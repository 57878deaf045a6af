"""Every word the product shows, in Chinese and English: one key → (zh, en) table.

The UI (``ui/i18n.py`` adds the current language and change notification) and the report writers
(``workbench/reports/labels.py``) read this one table; nothing else produces zh/en text. Keys are
namespaced by the screen or writer that shows them (``review.confirm``, ``reports.period``); the main
window's keys have no namespace. The per-screen pieces live in this package's modules and are merged
here; a key defined twice is an error at import.
"""

from __future__ import annotations

from collections.abc import Mapping

from workbench.texts import (
    accuracy,
    agreement,
    alerts,
    analyst,
    answer,
    ask,
    axis,
    bulk,
    customer,
    dashboard,
    detail,
    discovery,
    errors,
    errors_ingest,
    errors_model,
    errors_taxonomy,
    errors_work,
    importing,
    model_fetch,
    monitor,
    picker,
    progress,
    report,
    reports,
    restore,
    review,
    secret,
    service,
    settings,
    tagging,
    taxedit,
    taxonomy,
    theme,
    window,
)

Pair = tuple[str, str]


def _merge(*parts: tuple[str, Mapping[str, Pair]]) -> dict[str, Pair]:
    table: dict[str, Pair] = {}
    for namespace, part in parts:
        for key, pair in part.items():
            full = f"{namespace}.{key}" if namespace else key
            if full in table:
                raise ValueError(f"the text key {full!r} is defined twice")
            table[full] = pair
    return table


TEXT: dict[str, Pair] = _merge(
    ("", window.TEXT), ("reports", reports.TEXT), ("accuracy", accuracy.TEXT), ("agreement", agreement.TEXT),
    ("alerts", alerts.TEXT),
    ("ask", ask.TEXT), ("summary", ask.SUMMARY), ("bulk", bulk.TEXT), ("customer", customer.TEXT),
    ("dashboard", dashboard.TEXT),
    ("detail", detail.TEXT), ("discovery", discovery.TEXT), ("import", importing.TEXT), ("monitor", monitor.TEXT),
    ("model_fetch", model_fetch.TEXT),
    ("picker", picker.TEXT), ("report", report.TEXT), ("restore", restore.TEXT), ("restore.reason", restore.REASON),
    ("review", review.TEXT), ("review.flag", review.FLAG), ("secret", secret.TEXT), ("service", service.TEXT),
    ("settings", settings.TEXT), ("tagging", tagging.TEXT), ("taxedit", taxedit.TEXT), ("taxonomy", taxonomy.TEXT),
    ("theme", theme.TEXT), ("analyst", analyst.TEXT), ("axis", axis.TEXT),
    ("answer", answer.TEXT), ("progress", progress.TEXT),
    ("errors", errors.TEXT), ("errors", errors_ingest.TEXT), ("errors", errors_taxonomy.TEXT),
    ("errors", errors_work.TEXT), ("errors", errors_model.TEXT),
)
LANGUAGES = ("zh", "en")


def has_text(key: str) -> bool:
    """Whether the table holds ``key``."""
    return key in TEXT


TAXONOMY_VERBS = ("add", "rename", "edit", "move", "merge", "split", "delete")


def taxonomy_note(note: str, lang: str) -> str:
    """A taxonomy edit's note ("<verb> <paths>", written by the core in English) in ``lang``; shared by the Edit
    menu, the tree's undo item, the taxonomy messages and the undo history's refusals."""
    verb, _, rest = note.partition(" ")
    if verb not in TAXONOMY_VERBS:
        return note
    return f"{text(f'history.tax.{verb}', lang)} {rest.replace('(top level)', text('history.tax.top', lang))}"


def text(key: str, lang: str, **fmt: object) -> str:
    """``key`` in ``lang`` ('zh' or anything else for English), formatted with ``fmt``; an unknown key comes
    back as itself."""
    pair = TEXT.get(key)
    value = key if pair is None else pair[0 if lang == "zh" else 1]
    return value.format(**fmt) if fmt else value
