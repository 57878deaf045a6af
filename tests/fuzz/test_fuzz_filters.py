"""Fuzzing filter expressions (`--filter`): parsed, then run against a real project's store."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz import seeds
from tests.fuzz.support import TALLY, TIMEOUT, budget, cells, safe_call
from workbench.filters import KEYS, parse_filters
from workbench.ingest.pipeline import import_files
from workbench.project import Project
from workbench.queries import records
from workbench.taxonomy.templates import apply_template, list_templates
from workbench.types import RecordFilter

DATES = ["2024-03-01", "9999-12-31", "0001-01-01", "2024-02-30", "2024-03-01T10:00", "2024-03-01 10:00:00+08:00",
         "20240301", "2024-W10", "2024-03-01T25:00", "--", "1e9", "２０２４-０３-０１"]
SOURCES = ["1", "0", "99999999999999999999999", "²", "١", "-1", "1.0", "１"]

pytestmark = pytest.mark.timeout(TIMEOUT)


@pytest.fixture(scope="module")
def filled() -> Iterator[tuple[Project, dict[str, str]]]:
    with tempfile.TemporaryDirectory() as folder:
        src = Path(folder) / "seed.csv"
        src.write_bytes(seeds.csv_bytes())
        project = Project.open(Path(folder) / "f.kesheng")
        import_files(project, [str(src)])
        apply_template(project, list_templates()[0].name)
        nodes = {n.path: n.key for n in records.current_nodes(project)}
        yield project, nodes
        project.close()


def _value(key: str) -> st.SearchStrategy[str]:
    if key in ("from", "to"):
        return st.sampled_from(DATES) | cells
    if key == "source":
        return st.sampled_from(SOURCES) | cells
    if key == "sentiment":
        return st.sampled_from(["negative", "positive", "neutral", "NEGATIVE", "neg"]) | cells
    return cells


expressions = st.one_of(
    st.sampled_from(KEYS).flatmap(lambda k: _value(k).map(lambda v, k=k: f"{k}={v}")),
    cells, st.sampled_from(["=", "q=", "=x", "Q = 退款", "channel==x", "node=/", "node=物流//"]))


@budget(60, 5000)
@given(exprs=st.lists(expressions, max_size=5))
def test_filters_parse_and_run(filled: tuple[Project, dict[str, str]], exprs: list[str]) -> None:
    project, nodes = filled
    with TALLY.example("filters"):
        flt = safe_call(lambda: parse_filters(exprs, nodes))
        if isinstance(flt, RecordFilter):
            n = records.count(project, flt)
            assert 0 <= n <= records.count(project, RecordFilter())
            assert len(records.page_ids(project, flt, limit=50)) == min(n, 50)
