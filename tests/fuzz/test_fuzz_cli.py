"""Fuzzing the command line: random argv built from the real parser's option set, on a real project.

Every run must return 0, 1 or 2; a failure prints one ``error: ...`` line and never the catch-all
"unexpected failure" (an uncaught non-Kesheng exception) or a traceback; the project stays sound.
Commands that start the GUI, an LLM or a benchmark are left out (their own suites cover them); no
argument can reach the network: every host given is 127.0.0.1 on a closed port.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz import seeds
from tests.fuzz.support import TALLY, TIMEOUT, budget, cells, integrity_ok
from workbench.cli import build_parser, main
from workbench.ingest.pipeline import import_files
from workbench.project import Project
from workbench.taxonomy.templates import apply_template, list_templates

COMMANDS = ("import", "taxonomy", "review", "label", "export", "top", "alerts", "eval", "service", "info", "report",
            "tag")
PATHLIKE = {"--out", "--file", "--export", "--gold", "--sop", "--export-sop", "--teams", "--outbox", "file", "files"}
CLOSED = "127.0.0.1:9"

pytestmark = pytest.mark.timeout(TIMEOUT)


_SUB = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
OPTIONS = {name: [a for a in p._actions if not isinstance(a, argparse._HelpAction)]
           for name, p in _SUB.choices.items() if name in COMMANDS}
GROUPS = {name: p._mutually_exclusive_groups for name, p in _SUB.choices.items() if name in COMMANDS}


@pytest.fixture(scope="module")
def workspace() -> Iterator[Path]:
    """A folder with a tagged-ready project and input files of every kind."""
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        (base / "seed.csv").write_bytes(seeds.csv_bytes())
        seeds.xlsx_file(base / "seed.xlsx")
        seeds.sqlite_file(base / "seed.db")
        (base / "seed.jsonl").write_bytes(seeds.jsonl_bytes())
        (base / "labels.csv").write_text("record_id,tags,sentiment\n1,物流|x,负面\n2,,\n", encoding="utf-8")
        (base / "teams.json").write_text('{"a": "b"}', encoding="utf-8")
        (base / "codebook.json").write_text('{"nodes": [{"name": "物流", "children": ["配送慢", "破损"]}]}',
                                            encoding="utf-8")
        (base / "sub").mkdir()
        project = Project.open(base / "seed.kesheng")
        import_files(project, [str(base / "seed.csv")])
        apply_template(project, list_templates()[0].name)
        project.close()
        here = Path.cwd()
        os.chdir(base)  # a random relative name must never land in the repository
        try:
            yield base
        finally:
            os.chdir(here)


def _paths(base: Path) -> st.SearchStrategy[str]:
    names = ["seed.csv", "seed.xlsx", "seed.db", "seed.jsonl", "labels.csv", "teams.json", "sub", "missing.csv",
             "out.csv", "out.xlsx", "out.pdf", "out.json", "sub/out.docx", "../escape.csv", "nofolder/out.csv",
             "seed.kesheng", "out"]
    return st.sampled_from([str(base / n) for n in names]) | cells


# Values a careful user would give, so that a good share of runs gets past the parser and does real work.
TAME = {
    "files": ["seed.csv", "seed.xlsx", "seed.jsonl", "seed.db"], "file": ["labels.csv"], "--file": ["codebook.json"],
    "--out": ["out.csv", "out.xlsx", "sub/out.csv"], "--export": ["out.json", "out.csv"], "--gold": ["labels.csv"],
    "--sop": ["default"], "--export-sop": ["sop.json"], "--teams": ["teams.json"], "--outbox": ["sub"],
    "--sheet": ["1", "反馈"], "--table": ["feedback"], "--query": ["SELECT * FROM feedback"],
    "--map": ["text=内容", "time=", "channel=渠道"], "--channel": ["电商", "评论"], "--template": ["automotive"],
    "--filter": ["channel=电商", "q=物流", "from=2024-03-01", "to=2024-03-31", "sentiment=negative", "q=%"],
    "--words": ["物流|退款", "慢"], "--exclude": ["好评"], "--surge": ["物流"], "--at": ["2024-03-02"],
    "--from": ["2024-03-01"], "--to": ["2024-03-31"], "--mail-to": ["a@example.com"], "--model": ["fast"],
    "--add-rule": ["规则"], "--backtest": ["规则"], "name": ["ingest"], "question": ["物流问题多吗？"],
}


def _value(action: argparse.Action, base: Path, tame: bool) -> st.SearchStrategy[str]:
    name = action.dest if not action.option_strings else action.option_strings[0]
    if name == "--smtp":
        return st.just(CLOSED)
    if name == "--server":
        return st.just(f"http://{CLOSED}/v1")
    if tame:
        if action.choices:
            return st.sampled_from([str(c) for c in action.choices])
        if action.type in (int, float):
            return st.sampled_from(["1", "2", "3"])
        return st.sampled_from(TAME.get(name, TAME.get(action.dest, ["x"])))
    if action.choices:
        return st.sampled_from([str(c) for c in action.choices]) | cells
    if action.type in (int, float):
        return st.sampled_from(["0", "1", "-1", "3", "1e9", "nan", "inf", "99999999999999999999", "x"]) | cells
    if name in PATHLIKE or action.dest in PATHLIKE:
        return _paths(base)
    if name in ("--filter", "--words", "--exclude", "--query", "--map"):
        return st.sampled_from(["channel=电商", "q=退款", "q=%", "text=内容", "time=", "物流|退款", "(a+)+$", "[",
                                "SELECT * FROM feedback", "DELETE FROM feedback", "node=物流"]) | cells
    return cells


def _chosen(draw: st.DrawFn, command: str, tame: bool) -> list[argparse.Action]:
    """The options to give: tame runs take exactly one of each required either/or group, at most one of others."""
    actions = [a for a in OPTIONS[command] if a.option_strings]
    if not tame:
        return [a for a in actions if draw(st.integers(0, 3)) == 0]
    grouped: set[int] = set()
    picked: list[argparse.Action] = []
    for group in GROUPS[command]:
        members = [a for a in group._group_actions if a.option_strings]
        grouped |= {id(a) for a in members}
        if group.required or draw(st.booleans()):
            picked.append(draw(st.sampled_from(members)))
    return picked + [a for a in actions if id(a) not in grouped and (a.required or draw(st.integers(0, 2)) == 0)]


def _argv(draw: st.DrawFn, base: Path) -> list[str]:
    command = draw(st.sampled_from(COMMANDS))
    tame = draw(st.booleans())
    argv = [command]
    for action in OPTIONS[command]:
        if action.dest == "project":
            projects = [str(base / "work.kesheng")] if tame else [
                str(base / "work.kesheng"), str(base / "new.kesheng"), str(base / "sub"), str(base / "seed.csv"),
                f"postgresql+psycopg://u@{CLOSED}/x"]
            argv.append(draw(st.sampled_from(projects)))
        elif not action.option_strings:  # other positionals
            count = 1 if action.nargs in (None, "?") else draw(st.integers(1, 2))
            argv += [draw(_value(action, base, tame)) for _ in range(count)]
    for action in _chosen(draw, command, tame):
        argv.append(draw(st.sampled_from(action.option_strings)))
        count = action.nargs if isinstance(action.nargs, int) else 1
        argv += [draw(_value(action, base, tame)) for _ in range(count)]
    if not tame and draw(st.integers(0, 9)) == 0:
        argv.insert(draw(st.integers(0, len(argv))), draw(cells | st.sampled_from(["--", "-", "--json", "-x"])))
    if command == "tag":  # rules and the student only: the model has its own tests
        argv += ["--llm-budget", "0"]
    if "--format" in argv[:-1]:  # PDF and Word are slow: keep them rare in the fast slice
        argv[argv.index("--format") + 1] = draw(st.sampled_from(["xlsx", "xlsx", "xlsx", "pdf", "docx"]))
    return argv


@budget(40, 2000)
@given(data=st.data())
def test_random_command_lines(workspace: Path, data: st.DataObject) -> None:
    shutil.copyfile(workspace / "seed.kesheng", workspace / "work.kesheng")
    argv = data.draw(st.composite(lambda draw: _argv(draw, workspace))(), label="argv")
    out, err = io.StringIO(), io.StringIO()
    with TALLY.example(f"cli:{argv[0] if argv[0] in COMMANDS else '(junk first)'}"):
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
        assert code in (0, 1, 2), code
        TALLY.examples[f"cli-exit:{code}"] += 1  # how many runs got past the parser (1) or all the way (0)
        message = err.getvalue()
        assert "Traceback" not in message and "unexpected failure" not in message, message
        if code:
            assert any(line.startswith("error: ") for line in message.split("\n")), message
        for store in ("work.kesheng", "new.kesheng"):
            if (workspace / store).is_file() and (workspace / store).stat().st_size:
                assert integrity_ok(workspace / store)
    (workspace / "new.kesheng").unlink(missing_ok=True)
