"""`service` command: service-quality scorecards of conversations (CLI.md)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from workbench.errors import InputError
from workbench.progress import TerminalProgress
from workbench.project import Project
from workbench.service import sop
from workbench.service.run import SOP_SETTING, TEAMS_SETTING, analyze_service
from workbench.service.scorecard import ScoreRow


def _row_json(row: ScoreRow) -> dict[str, object]:
    return {"key": row.key, "conversations": row.conversations, "first_response_s": row.first_response_s,
            "avg_response_s": row.avg_response_s, "max_response_s": row.max_response_s,
            "sop_compliance": row.sop_compliance, "resolved_share": row.resolved_share,
            "escalated_share": row.escalated_share, "dissatisfaction": row.dissatisfaction, "csat": row.csat,
            "repeats": row.repeats, "transfers": row.transfers, "sop_items": row.items,
            "forbidden_phrases": row.forbidden, "flags": row.flags}


def _fmt(value: float | None, pattern: str) -> str:
    return "—" if value is None else pattern.format(value)


def _configure(project: Project, args: argparse.Namespace) -> None:
    """Apply --sop / --teams (validated before anything is stored) and --export-sop."""
    if args.sop:
        items = sop.DEFAULT_SOP if args.sop == "default" else sop.sop_from_setting(_json(args.sop, list))
        project.set_setting(SOP_SETTING, sop.sop_to_setting(items))
    if args.teams:
        teams = _json(args.teams, dict)
        project.set_setting(TEAMS_SETTING, {str(k): str(v) for k, v in teams.items()})
    if args.export_sop:
        items = sop.sop_from_setting(project.get_setting(SOP_SETTING))
        Path(args.export_sop).write_text(json.dumps(sop.sop_to_setting(items), ensure_ascii=False, indent=2),
                                         encoding="utf-8")


def _json(path: str, kind: type) -> Any:
    try:
        value = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read {path} as JSON ({exc})") from exc
    if not isinstance(value, kind):
        raise InputError(f"{path} must hold a JSON {'list' if kind is list else 'object'}")
    return value


def run(args: argparse.Namespace) -> int:
    with Project.open(args.project, create=False) as project:
        _configure(project, args)
        bar = TerminalProgress()
        result = analyze_service(project, by=args.by, progress=bar)
    if args.json:
        effects = [{"factor": e.factor, "difference": e.difference, "low": e.low, "high": e.high,
                    "with": [e.with_bad, e.with_n], "without": [e.without_bad, e.without_n]} for e in result.effects]
        after = [{"factor": e.factor, "difference": e.difference, "low": e.low, "high": e.high,
                  "with": [e.with_bad, e.with_n], "without": [e.without_bad, e.without_n]}
                 for e in result.followup_effects]
        print(json.dumps({"by": args.by, "rows": [_row_json(r) for r in result.rows], "attribution": effects,
                          "bad_review_after": after,
                          "diagnosis": result.diagnosis()}, ensure_ascii=False))
        return 0
    if not result.rows:
        print("no conversations in this project: import a chat export first")
        return 0
    print(f"{args.by:<12} {'convs':>6} {'first':>7} {'avg':>7} {'SOP':>6} {'resolved':>9} {'dissat':>7}  flags")
    for r in result.rows:
        print(f"{r.key:<12} {r.conversations:>6} {_fmt(r.first_response_s, '{:.0f}s'):>7} "
              f"{_fmt(r.avg_response_s, '{:.0f}s'):>7} {r.sop_compliance:>6.0%} {r.resolved_share:>9.0%} "
              f"{r.dissatisfaction:>7.2f}  {', '.join(r.flags)}")
    print()
    print(result.diagnosis())
    return 0
