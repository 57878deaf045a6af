"""A codebook as a table (the rows of a sheet or CSV) ⇄ a taxonomy.

Columns (English or Chinese headers, any order, case and spacing ignored): ``level1`` … ``levelN``
(一级 二级 三级 …), optional ``level1_en`` … (一级英文 …) and ``name_en`` (英文名, for the row's
deepest node), ``description`` (描述/说明), ``keywords`` (关键词/同义词; separated by ``|`` ``、``
``,`` or ``；``), ``examples`` (示例/例句) and ``key``. Each row describes its deepest node; rows
that only name ancestors are allowed. A row whose leading levels are empty takes them from the row
above (merged cells in Excel); an empty level between filled ones is an error. Instead of level
columns, a single ``path`` column (路径) may give each node as ``一级/二级/三级`` (or ``>``-separated).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from workbench.errors import InputError
from workbench.taxonomy.model import Taxonomy
from workbench.taxonomy.tree import MAX_DEPTH, Draft, from_drafts
from workbench.textsafety import is_formula_like

_CN = "一二三四五六七八九十"
_LEVEL = re.compile(r"(?:level|lvl|l|层级|级别)(\d+)(en|english|英文|英文名|英文名称)?")
_CN_LEVEL = re.compile(r"第?([一二三四五六七八九十])级(?:分类|标签|类目|类别|问题|节点|主题|维度|名称)?"
                       r"(en|英文|英文名|英文名称)?")
_FIELDS = {
    "description": {"description", "desc", "描述", "说明", "定义", "释义", "含义"},
    "keywords": {"keywords", "keyword", "关键词", "关键字", "同义词", "synonyms", "近义词"},
    "examples": {"examples", "example", "示例", "例句", "样例", "典型语句"},
    "name_en": {"nameen", "english", "englishname", "英文名", "英文名称", "英文"},
    "key": {"key", "nodekey", "节点键"},
    "path": {"path", "nodepath", "路径", "节点路径", "标签路径", "分类路径"},
}
SPLIT = re.compile(r"[|｜、,，;；\n]+")
PATH_SPLIT = re.compile(r"\s*[/>＞›]\s*")
HEADER_SCAN = 10


@dataclass(frozen=True)
class Layout:
    """Where each column of a codebook is: level columns in order, and the optional fields."""

    levels: list[int]
    levels_en: dict[int, int]
    fields: dict[str, int]


def column_role(header: object) -> tuple[str, int]:
    """The role of a header cell: ("level", n), ("level_en", n), (field, 0) or ("", 0)."""
    h = re.sub(r"[\s_\-]", "", str(header or "")).lower()
    m = _LEVEL.fullmatch(h)
    if m:
        return ("level_en" if m.group(2) else "level", int(m.group(1)))
    m = _CN_LEVEL.fullmatch(h)
    if m:
        return ("level_en" if m.group(2) else "level", _CN.index(m.group(1)) + 1)
    for name, words in _FIELDS.items():
        if h in words:
            return (name, 0)
    return ("", 0)


def find_layout(rows: Sequence[Sequence[object]], name: str) -> tuple[int, Layout]:
    """The header row's index and the layout it gives.

    Raises:
        InputError: no row among the first few has a level1 column, or levels skip a number or
            go deeper than MAX_DEPTH.
    """
    for index, row in enumerate(rows[:HEADER_SCAN]):
        roles = [column_role(cell) for cell in row]
        levels = {n: i for i, (role, n) in enumerate(roles) if role == "level"}
        fields = {role: i for i, (role, n) in reversed(list(enumerate(roles))) if role and role[:5] != "level"}
        if 1 not in levels and "path" in fields:
            return index, Layout([], {}, fields)
        if 1 not in levels:
            continue
        depth = max(levels)
        if depth > MAX_DEPTH:
            raise InputError.of("errors.taxonomy.level_columns", name=name, depth=depth, most=MAX_DEPTH)
        missing = [n for n in range(1, depth + 1) if n not in levels]
        if missing:
            raise InputError.of("errors.taxonomy.level_gap", name=name, missing=missing[0], depth=depth)
        levels_en = {n: i for i, (role, n) in enumerate(roles) if role == "level_en"}
        return index, Layout([levels[n] for n in range(1, depth + 1)], levels_en, fields)
    raise InputError.of("errors.taxonomy.no_level1", name=name)


def cell_text(value: object) -> str:
    """A cell as clean text (2024.0 → "2024"; the apostrophe our CSV export puts before "=…" removed)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text[1:] if text.startswith("'") and is_formula_like(text[1:]) else text


def rows_to_taxonomy(rows: Sequence[Sequence[object]], name: str) -> Taxonomy:
    """Parse a codebook table (header row included).

    Raises:
        InputError: no level1 column, no data rows, a duplicate path, a gap between levels, too deep.
    """
    start, layout = find_layout(rows, name)
    drafts: dict[tuple[str, ...], Draft] = {}
    defined: dict[tuple[str, ...], int] = {}
    english: dict[tuple[str, ...], str] = {}
    above: list[str] = []
    for number, row in enumerate(rows[start + 1:], start=start + 2):
        def get(i: int | None, row: Sequence[object] = row) -> str:
            return cell_text(row[i]) if i is not None and i < len(row) else ""

        cells = [get(i) for i in layout.levels] or _path_cells(get(layout.fields.get("path")), number, name)
        if not any(cells):
            if any(get(i) for i in layout.fields.values()):
                raise InputError.of("errors.taxonomy.row_no_levels", row=number, name=name)
            continue
        names = _row_path(cells, above, number, name)
        above = names
        path = tuple(names)
        if path in defined:
            raise InputError.of("errors.taxonomy.row_twice", path="/".join(path), name=name, first=defined[path],
                                    row=number)
        defined[path] = number
        for depth in range(1, len(path) + 1):
            en = get(layout.levels_en.get(depth)) or (get(layout.fields.get("name_en")) if depth == len(path) else "")
            if en:
                english.setdefault(path[:depth], en)
            drafts.setdefault(path[:depth], Draft(names=path[:depth]))
        drafts[path] = Draft(names=path, description=get(layout.fields.get("description")),
                             keywords=tuple(SPLIT.split(get(layout.fields.get("keywords")))),
                             examples=tuple(SPLIT.split(get(layout.fields.get("examples")))),
                             key=get(layout.fields.get("key")) or None)
    if not drafts:
        raise InputError.of("errors.taxonomy.no_rows", name=name)
    return from_drafts(Draft(names=p, name_en=english.get(p), description=d.description, keywords=d.keywords,
                             examples=d.examples, key=d.key) for p, d in drafts.items())


def _path_cells(text: str, number: int, name: str) -> list[str]:
    if not text:
        return []
    cells = PATH_SPLIT.split(text.strip().strip("/").strip())
    if not all(cells):
        raise InputError.of("errors.taxonomy.row_empty_level", row=number, name=name, path=text)
    if len(cells) > MAX_DEPTH:
        raise InputError.of("errors.taxonomy.row_deep", row=number, name=name, depth=len(cells), most=MAX_DEPTH)
    return cells


def _row_path(cells: list[str], above: list[str], number: int, name: str) -> list[str]:
    filled = [i for i, c in enumerate(cells) if c]
    first, last = filled[0], filled[-1]
    gap = next((i for i in range(first, last) if not cells[i]), None)
    if gap is not None:
        raise InputError.of("errors.taxonomy.row_gap", row=number, name=name, level=gap + 1)
    if first > len(above):
        raise InputError.of("errors.taxonomy.row_orphan", row=number, name=name, level=first + 1,
                                missing=len(above) + 1)
    return above[:first] + cells[first:last + 1]


def taxonomy_to_rows(taxonomy: Taxonomy) -> list[list[str]]:
    """The codebook table of a taxonomy: header, then a row per leaf and per described inner node."""
    depth = max(taxonomy.depth, 3)
    header = [f"level{i}" for i in range(1, depth + 1)] + [f"level{i}_en" for i in range(1, depth + 1)]
    out = [[*header, "description", "keywords", "examples", "key"]]
    for node in taxonomy.preorder():
        inner = bool(taxonomy.children(node.key))
        if inner and not (node.description or node.keywords or node.examples):
            continue
        chain = [*taxonomy.ancestors(node.key), node]
        names = [n.name for n in chain] + [""] * (depth - len(chain))
        english = [n.name_en or "" for n in chain] + [""] * (depth - len(chain))
        out.append([*names, *english, node.description, "|".join(node.keywords), "|".join(node.examples), node.key])
    return out
