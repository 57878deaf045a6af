"""The import report in words (CLI and wizard print the same lines)."""

from __future__ import annotations

from workbench.ingest.options import ImportReport


def report_lines(r: ImportReport) -> list[str]:
    """Lines beyond the headline: shape, channel, turns by role, masked by type, drops, unused columns, warnings."""
    lines: list[str] = []
    if r.shape == "skipped":
        return [f"warning: {w}" for w in r.warnings]
    if r.channel:
        lines.append(f"channel: {r.channel} (guessed from the sheet/file name)")
    if r.turns:
        lines.append("turns: " + ", ".join(f"{role} {n}" for role, n in sorted(r.turns.items())))
    if r.masked_by_kind:
        lines.append("masked in text: " + ", ".join(f"{kind} {n}" for kind, n in sorted(r.masked_by_kind.items())))
    if r.masked_in_columns:
        lines.append("masked in other columns: " + ", ".join(
            f"{kind} {n}" for kind, n in sorted(r.masked_in_columns.items())))
    if r.fillers:
        lines.append(f"rating-only or filler texts kept: {r.fillers}")
    if r.dropped:
        lines.append("dropped: " + ", ".join(f"{n} ({reason})" for reason, n in r.dropped.items()))
    if r.unmapped_ratings:
        lines.append("ratings not mapped: " + ", ".join(f"{v!r}×{n}" for v, n in r.unmapped_ratings.items()))
    if r.unused_columns:
        lines.append("columns not mapped (kept as extra fields): " + ", ".join(r.unused_columns))
    lines.extend(f"warning: {w}" for w in r.warnings)
    return lines
