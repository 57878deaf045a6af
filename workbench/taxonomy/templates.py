"""Industry templates shipped in resources/taxonomy/<name>.json (nested JSON, see codebook_json)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from workbench.errors import InputError, Phrase, UsageError
from workbench.paths import RESOURCES
from workbench.store.handle import Project
from workbench.taxonomy.codebook_json import json_to_taxonomy
from workbench.taxonomy.model import Taxonomy

TEMPLATES = RESOURCES / "taxonomy"


@dataclass(frozen=True)
class TemplateInfo:
    """A shipped template: its file name (without .json), titles, description and size."""

    name: str
    title_zh: str
    title_en: str
    leaves: int
    nodes: int = 0
    description: str = ""


def list_templates() -> list[TemplateInfo]:
    """Every shipped template, by name."""
    out = []
    for file in sorted(TEMPLATES.glob("*.json")):
        data = _document(file.stem)
        tax = load_template(file.stem)
        out.append(TemplateInfo(name=file.stem, title_zh=str(data.get("title_zh", file.stem)),
                                title_en=str(data.get("title_en", file.stem)), leaves=len(tax.leaves()),
                                nodes=len(tax), description=str(data.get("description", ""))))
    return out


def load_template(name: str) -> Taxonomy:
    """A template as an unsaved taxonomy (fresh keys derived from paths).

    Raises:
        UsageError: no template of that name.
    """
    return json_to_taxonomy(_document(name), f"template {name}")


def apply_template(project: Project, name: str) -> int:
    """Make a template the project's current taxonomy (keys of unchanged paths kept); returns the version id."""
    from workbench.taxonomy.repository import save_version

    return save_version(project, load_template(name), f"template {name}")


@lru_cache(maxsize=16)
def _document(name: str) -> dict[str, Any]:
    file = TEMPLATES / f"{name}.json"
    if "/" in name or "\\" in name or not file.is_file():
        names = ", ".join(sorted(p.stem for p in TEMPLATES.glob("*.json"))) or Phrase("errors.taxonomy.none_installed")
        raise UsageError.of("errors.taxonomy.no_template", name=name, names=names)
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError.of("errors.taxonomy.template_damaged", name=name, reason=exc) from exc
    if not isinstance(data, dict):
        raise InputError.of("errors.taxonomy.template_not_object", name=name)
    return data
