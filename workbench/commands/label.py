"""`label` command: load analyst labels from a file, or label every record a filter returns (bulk label)."""

from __future__ import annotations

import argparse
import json

from workbench.errors import UsageError
from workbench.filters import SENTIMENT_ALIASES, parse_filters, resolve_node
from workbench.project import Project
from workbench.queries.records import current_nodes
from workbench.tagging.bulk_label import apply_bulk_label, plan_bulk_label
from workbench.tagging.labels import LabelReport, default_labeller, load_labels


def run(args: argparse.Namespace) -> int:
    if bool(args.file) == bool(args.filter):
        raise UsageError("give either a label file (label PROJECT F.csv) or --filter EXPR --tag PATH")
    if args.filter and not args.tag:
        raise UsageError("--filter needs --tag PATH: the tag the records get")
    if args.file and (args.tag or args.sentiment or args.dry_run):
        raise UsageError("--tag, --sentiment and --dry-run go with --filter, not with a label file")
    with Project.open(args.project, create=False) as project:
        if args.file:
            report = load_labels(project, args.file, args.by)
            return _print_report(report, args.json)
        return _bulk(project, args)


def _bulk(project: Project, args: argparse.Namespace) -> int:
    nodes = current_nodes(project)
    key_of = {n.path: n.key for n in nodes}
    path_of = {n.key: n.path for n in nodes}
    flt = parse_filters(args.filter, key_of)
    paths = tuple(dict.fromkeys(path_of[resolve_node(tag, key_of)] for tag in args.tag))
    sentiment = SENTIMENT_ALIASES.get(args.sentiment.lower(), args.sentiment.lower()) if args.sentiment else None
    plan = plan_bulk_label(project, flt, paths, sentiment)
    by = args.by or default_labeller()
    if args.dry_run:
        if args.json:
            print(json.dumps({"dry_run": True, "by": by, **plan.as_dict()}, ensure_ascii=False))
        else:
            print(f"dry run: {plan.summary()}")
        return 0
    report = apply_bulk_label(project, plan, by, "bulk: " + ", ".join(args.filter))
    if args.json:
        print(json.dumps({"dry_run": False, "by": by, "labelled": report.labelled, **plan.as_dict()},
                         ensure_ascii=False))
    else:
        print(f"labelled {report.labelled:,} records as {', '.join(paths)} (by {by}); {plan.changes:,} changed")
    return 0


def _print_report(report: LabelReport, as_json: bool) -> int:
    if as_json:
        print(json.dumps({"labelled": report.labelled, "tags": report.tags, "skipped": report.problems},
                         ensure_ascii=False))
        return 0
    print(f"labelled {report.labelled:,} records with {report.tags:,} tags")
    for problem in report.problems[:20]:
        print(f"  skipped {problem}")
    if len(report.problems) > 20:
        print(f"  … and {len(report.problems) - 20} more skipped rows")
    return 0
