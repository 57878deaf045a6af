from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.project import Project
from workbench.taxonomy.repository import list_versions, load_current, load_version


def test_list_templates(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["taxonomy", "--list-templates"]) == 0
    out = capsys.readouterr().out
    assert "consumer_electronics" in out and "leaves" in out


def test_template_export_and_reimport(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    proj = str(tmp_path / "p.kesheng")
    assert main(["taxonomy", proj, "--template", "automotive"]) == 0
    assert "taxonomy version 1:" in capsys.readouterr().out
    out = tmp_path / "codebook.xlsx"
    assert main(["taxonomy", proj, "--export", str(out)]) == 0
    assert "exported" in capsys.readouterr().out and out.is_file()
    assert main(["taxonomy", proj, "--file", str(out)]) == 0
    assert "taxonomy version 2:" in capsys.readouterr().out
    with Project.open(proj) as project:
        versions = list_versions(project)
        first, second = load_version(project, versions[0].id), load_current(project)
    assert second is not None and len(versions) == 2
    assert [(n.key, n.path, n.keywords) for n in first.preorder()] == \
        [(n.key, n.path, n.keywords) for n in second.preorder()]


def test_json_codebook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "t.json"
    doc.write_text(json.dumps({"nodes": [{"name": "物流", "children": [{"name": "慢"}, {"name": "丢"}]}]},
                              ensure_ascii=False), encoding="utf-8")
    assert main(["taxonomy", str(tmp_path / "p.kesheng"), "--file", str(doc)]) == 0
    assert "3 nodes, 2 leaves" in capsys.readouterr().out


def test_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["taxonomy", "--template", "games"]) == 2
    assert "give a PROJECT" in capsys.readouterr().err
    assert main(["taxonomy", str(tmp_path / "p.kesheng"), "--template", "nope"]) == 2
    assert main(["taxonomy", str(tmp_path / "p.kesheng"), "--file", str(tmp_path / "none.csv")]) == 1
    err = capsys.readouterr().err
    assert err.count("error:") == 2 and "Traceback" not in err
    assert main(["taxonomy", str(tmp_path / "p.kesheng"), "--export", str(tmp_path / "x.json")]) == 1
    assert "no taxonomy yet" in capsys.readouterr().err


def test_versions_and_diff(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    proj = str(tmp_path / "p.kesheng")
    assert main(["taxonomy", proj, "--template", "games"]) == 0
    with Project.open(proj) as project:
        from workbench.taxonomy.edits import rename_node

        tax = load_current(project)
        assert tax is not None
        rename_node(project, tax.roots()[0].path, "改名")
    capsys.readouterr()
    assert main(["taxonomy", proj, "--versions", "--json"]) == 0
    versions = json.loads(capsys.readouterr().out)
    assert [(v["id"], v["current"]) for v in versions] == [(1, False), (2, True)]
    assert main(["taxonomy", proj, "--diff", "1", "2", "--json"]) == 0
    diff = json.loads(capsys.readouterr().out)
    assert diff["renamed"] == [{"from": tax.roots()[0].path, "to": "改名"}] and diff["added"] == []
    assert main(["taxonomy", proj, "--diff", "1", "2"]) == 0
    assert "(renamed)" in capsys.readouterr().out
    assert main(["taxonomy", proj, "--diff", "1", "9"]) == 1
    assert "version 9 does not exist" in capsys.readouterr().err
