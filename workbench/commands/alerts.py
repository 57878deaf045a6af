"""`alerts` command: add, list, switch and delete rules (each undoable), run them (deliver by SMTP or to an
outbox), back-test one."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from workbench.alerts.backtest import backtest
from workbench.alerts.delivery import Delivery, OutboxDelivery, SmtpDelivery
from workbench.alerts.evaluate import configured_delivery, evaluate_alerts
from workbench.alerts.rules import AlertRule, add_rule, delete_rule, get_rule, list_rules, set_enabled
from workbench.errors import UsageError
from workbench.progress import TerminalProgress
from workbench.project import Project


def run(args: argparse.Namespace) -> int:
    with Project.open(args.project, create=False) as project:
        if args.add_rule:
            return _add(project, args)
        if args.list:
            return _list(project, args)
        if args.delete_rule:
            delete_rule(project, get_rule(project, args.delete_rule).name)
            print(f"deleted rule {args.delete_rule} and its fired alerts; `main.py undo` brings them back")
            return 0
        if args.enable or args.disable:
            set_enabled(project, get_rule(project, args.enable or args.disable).name, bool(args.enable))
            print(f"rule {args.enable or args.disable} switched {'on' if args.enable else 'off'}")
            return 0
        if args.backtest:
            result = backtest(project, get_rule(project, args.backtest))
            if args.json:
                print(json.dumps(result.as_json(), ensure_ascii=False))
            else:
                # a words rule fires per day, a surge rule per period that rose (keyed by its first day)
                print(f"{result.rule}: would have fired {result.fires} times ({result.records} records), "
                      f"in {len(result.weeks)} weeks")
                for day, n in sorted(result.days.items()):
                    print(f"  {day}  {n}")
            return 0
        return _run(project, args)


def _add(project: Project, args: argparse.Namespace) -> int:
    dissatisfaction = getattr(args, "dissatisfaction", None)
    if args.words and (args.surge or dissatisfaction is not None):
        raise UsageError("a rule is either --words REGEX or --surge NODE_PATH / --dissatisfaction LEVEL, not both")
    if args.words:
        rule = add_rule(project, args.add_rule, "words",
                        {"regex": args.words, "exclude": args.exclude, "channel": args.channel})
    elif dissatisfaction is not None:
        rule = add_rule(project, args.add_rule, "dissatisfaction",
                        {"level": dissatisfaction, "node": args.surge, "z": args.z,
                                                     "period": args.period})
    elif args.surge:
        rule = add_rule(project, args.add_rule, "surge", {"node": args.surge, "z": args.z, "period": args.period})
    else:
        raise UsageError("give --words REGEX, --surge NODE_PATH or --dissatisfaction LEVEL with --add-rule")
    print(json.dumps(_rule_json(rule), ensure_ascii=False) if args.json else f"added rule {rule.name} ({rule.kind})")
    return 0


def _rule_json(rule: AlertRule) -> dict[str, Any]:
    return {"name": rule.name, "kind": rule.kind, "params": rule.params, "enabled": rule.enabled}


def _list(project: Project, args: argparse.Namespace) -> int:
    rules = list_rules(project)
    if args.json:
        print(json.dumps({"rules": [_rule_json(r) for r in rules]}, ensure_ascii=False))
        return 0
    if not rules:
        print("no alert rules; add one with --add-rule NAME --words REGEX")
    for rule in rules:
        state = "" if rule.enabled else " (disabled)"
        params = ", ".join(f"{k}={v}" for k, v in rule.params.items() if v is not None and k != "node_key")
        print(f"{rule.name}{state}: {rule.kind} {params}")
    return 0


def _delivery(project: Project, args: argparse.Namespace) -> Delivery | None:
    if args.smtp and args.outbox:
        raise UsageError("choose one of --smtp HOST:PORT or --outbox DIR")
    if args.smtp:
        if not args.mail_to:
            raise UsageError("--smtp needs --mail-to ADDR")
        return SmtpDelivery.parse(args.smtp, args.mail_to)
    if args.outbox:
        return OutboxDelivery(Path(args.outbox), to=args.mail_to or "analyst@localhost")
    return configured_delivery(project)


def _run(project: Project, args: argparse.Namespace) -> int:
    delivery = _delivery(project, args)
    bar = TerminalProgress()
    fired = evaluate_alerts(project, delivery, progress=bar)
    if args.json:
        print(json.dumps({"fired": [{"rule": f.rule.name, "records": f.record_ids, "delivered": f.delivered,
                                     "detail": f.detail} for f in fired]}, ensure_ascii=False))
        return 0
    if not fired:
        print("no alert fired")
    for f in fired:
        how = f" → {f.delivered}" if f.delivered else ""
        print(f"{f.rule.name}: {len(f.record_ids)} records{how}")
    return 0
