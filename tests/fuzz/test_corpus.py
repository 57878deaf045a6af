"""Replays every input the fuzzers ever found (tests/fuzz/corpus/<area>/): each must now pass its oracle."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path

import pytest

from tests.fuzz.support import CORPUS, TALLY, check_import, integrity_ok, safe_call
from tests.fuzz.test_fuzz_labels import check_labels
from tests.fuzz.test_fuzz_taxonomy import check_codebook
from workbench.cli import main
from workbench.filters import parse_filters
from workbench.project import Project
from workbench.queries import records


def _cases(area: str) -> list[Path]:
    folder = CORPUS / area
    return sorted(p for p in folder.iterdir() if p.is_file() and p.name != "README.md") if folder.is_dir() else []


def test_corpus_is_not_empty() -> None:
    assert sum(len(_cases(a)) for a in ("ingest", "taxonomy", "labels", "filters", "cli")) > 0


@pytest.mark.parametrize("case", _cases("ingest"), ids=lambda p: p.name)
def test_ingest_corpus(tmp_path: Path, case: Path) -> None:
    shutil.copyfile(case, tmp_path / case.name)
    with TALLY.example("corpus:ingest"):
        check_import(tmp_path, [tmp_path / case.name])


@pytest.mark.parametrize("case", _cases("taxonomy"), ids=lambda p: p.name)
def test_taxonomy_corpus(tmp_path: Path, case: Path) -> None:
    shutil.copyfile(case, tmp_path / case.name)
    with TALLY.example("corpus:taxonomy"):
        check_codebook(tmp_path, tmp_path / case.name)


@pytest.mark.parametrize("case", _cases("labels"), ids=lambda p: p.name)
def test_labels_corpus(tmp_path: Path, case: Path) -> None:
    with TALLY.example("corpus:labels"):
        check_labels(case)


@pytest.mark.parametrize("case", _cases("filters"), ids=lambda p: p.name)
def test_filters_corpus(project: Project, case: Path) -> None:
    exprs = json.loads(case.read_text(encoding="utf-8"))
    with TALLY.example("corpus:filters"):
        flt = safe_call(lambda: parse_filters(exprs, {n.path: n.key for n in records.current_nodes(project)}))
        if not isinstance(flt, Exception):
            assert records.count(project, flt) == 0


@pytest.mark.parametrize("case", _cases("cli"), ids=lambda p: p.name)
def test_cli_corpus(tmp_path: Path, case: Path) -> None:
    """Each case is a JSON argv; ``{dir}`` stands for a scratch folder holding an empty project."""
    Project.open(tmp_path / "p.kesheng").close()
    argv = [a.replace("{dir}", str(tmp_path)) for a in json.loads(case.read_text(encoding="utf-8"))]
    err = io.StringIO()
    with TALLY.example("corpus:cli"), contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = main(argv)
    assert code in (0, 1, 2)
    assert "unexpected failure" not in err.getvalue() and "Traceback" not in err.getvalue()
    assert integrity_ok(tmp_path / "p.kesheng")
