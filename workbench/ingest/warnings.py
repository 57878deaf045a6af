"""The end of an import report: columns not used, ratings not mapped, and warnings for likely-wrong mappings.

``import --strict`` (``ImportOptions.strict``) turns the warnings into an error, which rolls the import back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from workbench.ingest.options import ImportReport
from workbench.ingest.pii import PiiMasker

_PLACEHOLDER_ONLY = re.compile(r"^(?:\[[^\]]{1,8}\]|[\s\W\d_])*$")


def finish_report(report: ImportReport, header: Sequence[str], mapping: dict[str, str], ctx: object,
                  sample_text: Sequence[object] = ()) -> None:
    """Fill the report's unused columns, unmapped ratings and warnings (in place)."""
    used = set(mapping.values())
    report.unused_columns = [c for c in header if c not in used]
    unmapped = getattr(getattr(ctx, "ratings", None), "unmapped", {})
    report.unmapped_ratings = dict(unmapped)
    column = mapping.get
    if "time" not in mapping:
        _warn(report, "no_time", "no time column is mapped: records have no date (map one with --map time=COLUMN)")
    if unmapped:
        total = sum(unmapped.values())
        shown = ", ".join(f"{k!r}×{v}" for k, v in list(unmapped.items())[:5])
        _warn(report, "unmapped_ratings",
              f"rating column {column('rating')!r}: {total} values map to no rating ({shown})",
              column=str(column("rating")), count=str(total), values=shown)
    if placeholder_share(sample_text) > 0.5:
        _warn(report, "placeholder_text", f"text column {column('text')!r} is mostly numbers, personal data or "
              "placeholders: is it the right column?", column=str(column("text")))
    tally = getattr(ctx, "tally", None)
    both: list[str] = tally.both_roles() if tally is not None else []
    if both:
        names = ", ".join(repr(n) for n in both[:5]) + (f" and {len(both) - 5} more" if len(both) > 5 else "")
        _warn(report, "both_roles", f"speaker {names} speaks both as an agent and as the customer: check the role "
              "column (--map role=COLUMN) or set the speaker's role (--role NAME=ROLE, or in the import wizard)",
              names="、".join(both[:5]), more=str(max(len(both) - 5, 0)))
    if report.read and report.rejected > report.read / 2:
        _warn(report, "many_dropped", f"{report.rejected} of {report.read} rows were dropped: check the text column",
              count=str(report.rejected), read=str(report.read))


def _warn(report: ImportReport, code: str, text: str, **values: str) -> None:
    """One warning: its English sentence (CLI, --strict) and its code and values (the wizard's own words)."""
    report.warnings.append(text)
    report.notices.append({"code": code, **values})

def placeholder_share(values: Sequence[object]) -> float:
    """Share of filled values that are only numbers, punctuation or personal data (nothing left to analyse)."""
    filled = [str(v) for v in values if v is not None and str(v).strip()]
    if not filled:
        return 0.0
    masker = PiiMasker()
    empty = sum(1 for v in filled if _PLACEHOLDER_ONLY.match(masker.mask(v).text))
    return empty / len(filled)
