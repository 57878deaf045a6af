"""Retarget imports to the rooms of issue 24, for branches written before the carve (run it after a merge).

    python scripts/retarget_imports.py FILE...      # e.g. $(git ls-files '*.py')

- the read models moved from ``workbench.store`` to ``workbench.queries`` (``records``, ``aggregates`` …);
- ``Project`` is imported from ``workbench.store.handle`` inside the core's feature packages and queries
  (``workbench.project`` is the seam above them; the CLI, the UI, tests and benches keep importing it there);
- the CSV formula guard moved from ``workbench.reports.safety`` to ``workbench.textsafety``;
- ``workbench.assistant.grounding`` is ``workbench.llm.grounding``;
- ``Conversation``, ``Turn`` and ``Role`` moved from ``workbench.service.model`` to ``workbench.types``.

Prints the files it changed. Run ``ruff check --select I --fix`` on them afterwards (import order).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

MOVED_TO_QUERIES = {"records", "aggregates", "aggregate_cube", "cube_totals", "node_trends", "insights",
                    "analysis_rows", "precision_rows", "report_rows", "dashboard", "customers", "conversations",
                    "record_where"}
SPLIT_NAMES = {  # module: (names that moved, where they went)
    "workbench.store": (MOVED_TO_QUERIES, "workbench.queries"),
    "workbench.reports.safety": ({"FORMULA_START", "is_formula_like", "neutralise_csv"}, "workbench.textsafety"),
    "workbench.service.model": ({"Conversation", "Turn", "Role"}, "workbench.types"),
}
DOTTED = re.compile(r"workbench\.store\.(" + "|".join(sorted(MOVED_TO_QUERIES)) + r")\b")
SEAM_USERS = ("workbench/commands/", "workbench/cli.py", "workbench/project.py")


def _split(module: str, moved: set[str], target: str, text: str) -> str:
    pattern = re.compile(r"^(\s*)from " + re.escape(module) + r" import ([^(\n]+)$", re.M)

    def replace(match: re.Match[str]) -> str:
        indent, names = match.group(1), [n.strip() for n in match.group(2).split(",") if n.strip()]
        went = [n for n in names if n.split(" as ")[0].strip() in moved]
        stayed = [n for n in names if n not in went]
        lines = [f"{indent}from {mod} import {', '.join(part)}"
                 for mod, part in ((target, went), (module, stayed)) if part]
        return "\n".join(lines)

    return pattern.sub(replace, text)


def retarget(path: Path) -> bool:
    """Rewrite one file; True when it changed."""
    text = path.read_text(encoding="utf-8")
    new = DOTTED.sub(lambda m: "workbench.queries." + m.group(1), text)
    new = new.replace("workbench.assistant.grounding", "workbench.llm.grounding")
    for module, (moved, target) in SPLIT_NAMES.items():
        new = _split(module, moved, target, new)
    posix = path.as_posix()
    if "workbench/" in posix and not any(part in posix for part in SEAM_USERS):
        new = re.sub(r"^(\s*)from workbench\.project import Project$", r"\1from workbench.store.handle import Project",
                     new, flags=re.M)
    if new == text:
        return False
    path.write_text(new, encoding="utf-8")
    return True


def main(argv: list[str]) -> int:
    for name in argv:
        if retarget(Path(name)):
            print(name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
