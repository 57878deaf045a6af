"""The taxonomy's error sentences (``errors.taxonomy.…``): codebook files, the tree's checks, edits, versions,
templates and undo."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "taxonomy.none_installed": (
        "未安装任何模板",
        "none installed",
    ),
    "taxonomy.top_level": (
        "一级",
        "the top level",
    ),
    "taxonomy.no_codebook": (
        "{path} 处没有编码表文件；请检查路径",
        "no codebook file at {path}; check the path",
    ),
    "taxonomy.not_codebook": (
        "{name} 不是编码表文件；请使用 .xlsx、.xls、.csv、.json 或 .qdc（REFI-QDA）",
        "{name} is not a codebook file; use .xlsx, .xls, .csv, .json or .qdc (REFI-QDA)",
    ),
    "taxonomy.export_kind": (
        "无法把分类体系导出为 {name}；请使用 .xlsx、.csv、.json 或 .qdc（REFI-QDA）",
        "cannot export a taxonomy to {name}; use .xlsx, .csv, .json or .qdc (REFI-QDA)",
    ),
    "taxonomy.write": (
        "无法写入 {path}：{reason}",
        "cannot write {path}: {reason}",
    ),
    "taxonomy.json_not_utf8": (
        "{name} 不是 UTF-8 文本；请另存为 UTF-8 JSON",
        "{name} is not UTF-8 text; save it as UTF-8 JSON",
    ),
    "taxonomy.json_odd": (
        "{name} 不是分类体系（数字过长或列表嵌套数百层）；请重新导出编码表",
        "{name} is not a taxonomy (a number too long or lists nested hundreds of levels deep); export the codebook "
        "again",
    ),
    "taxonomy.sheet_unreadable": (
        "{name} 不是可读取的电子表格；请另存为 .xlsx",
        "{name} is not a spreadsheet that can be read; save it as .xlsx",
    ),
    "taxonomy.csv_binary": (
        "{name} 不是文本 CSV 文件（看起来是二进制）；请把编码表导出为 CSV 或 xlsx",
        "{name} is not a text CSV file (it looks binary); export the codebook as CSV or xlsx",
    ),
    "taxonomy.csv_encoding": (
        "{name} 既不是 UTF-8 也不是 GBK 文本；请另存为 UTF-8 CSV",
        "{name} is neither UTF-8 nor GBK text; save it as UTF-8 CSV",
    ),
    "taxonomy.csv_malformed": (
        "{name} 不是格式正确的 CSV 文件（{reason}）；请重新导出编码表",
        "{name} is not a well-formed CSV file ({reason}); export the codebook again",
    ),
    "taxonomy.json_shape": (
        '{name} 不是分类体系：应为节点列表，或带 "nodes" 的对象',
        '{name} is not a taxonomy: expected a list of nodes or an object with "nodes"',
    ),
    "taxonomy.no_nodes": (
        "{name} 中没有节点；请至少添加一个",
        "{name} has no nodes; add at least one",
    ),
    "taxonomy.json_deep": (
        "{name} 在 {under} 下嵌套超过 {most} 层",
        "{name} nests nodes more than {most} levels deep under {under}",
    ),
    "taxonomy.node_unnamed": (
        "{name} 中{under}下有一个节点没有名称",
        "a node under {under} of {name} has no name",
    ),
    "taxonomy.children_list": (
        "{name} 中 {path} 的子节点必须是列表",
        "the children of {path} in {name} must be a list",
    ),
    "taxonomy.keywords_type": (
        "关键词和示例必须是列表或文本，不能是 {kind}",
        "keywords and examples must be a list or a text, not {kind}",
    ),
    "taxonomy.level_columns": (
        "{name} 有 {depth} 个层级列；最多支持 {most} 层",
        "{name} has {depth} level columns; at most {most} levels are supported",
    ),
    "taxonomy.level_gap": (
        "{name} 有 level{depth} 列却没有 level{missing} 列；请补上",
        "{name} has no level{missing} column although it has level{depth}; add it",
    ),
    "taxonomy.no_level1": (
        "{name} 中没有 level1（一级）列；表头需要 level1、level2、level3、description、keywords（或一个路径列）",
        "no level1 (一级) column in {name}; the header needs level1, level2, level3, description, keywords (or one "
        "path column)",
    ),
    "taxonomy.row_no_levels": (
        "{name} 第 {row} 行没有层级名称；请填写 level1 或删除该行",
        "row {row} of {name} has no level names; fill in level1 or delete the row",
    ),
    "taxonomy.row_twice": (
        "路径 {path} 在 {name} 中出现了两次（第 {first} 行和第 {row} 行）；请只保留一个",
        "the path {path} appears twice in {name} (rows {first} and {row}); keep one",
    ),
    "taxonomy.no_rows": (
        "{name} 的表头下没有数据行；请每个节点写一行",
        "{name} has no rows under its header; add one row per node",
    ),
    "taxonomy.row_empty_level": (
        "{name} 第 {row} 行的路径 {path!r} 中有空层级；请填写",
        "row {row} of {name} has an empty level in the path {path!r}; fill it in",
    ),
    "taxonomy.row_deep": (
        "{name} 第 {row} 行有 {depth} 层；最多支持 {most} 层",
        "row {row} of {name} is {depth} levels deep; at most {most} are supported",
    ),
    "taxonomy.row_gap": (
        "{name} 第 {row} 行在已填写的层级之间有空的 level{level}；请填写",
        "row {row} of {name} has an empty level{level} between filled levels; fill it in",
    ),
    "taxonomy.row_orphan": (
        "{name} 第 {row} 行从 level{level} 开始，但上方没有一行给出它的 level{missing}；请填写空的层级",
        "row {row} of {name} starts at level{level} but no row above gives its level{missing}; fill in the empty "
        "levels",
    ),
    "taxonomy.move_inside": (
        "不能把 {path} 移到它自身之内；请选择它之外的上级",
        "cannot move {path} inside itself; choose a parent outside it",
    ),
    "taxonomy.merge_inside": (
        "无法把 {source} 合并到 {target}：目标必须在源节点之外",
        "cannot merge {source} into {target}: the target must lie outside the source",
    ),
    "taxonomy.split_parent": (
        "{path} 有子节点；拆分只适用于末级节点，请先移动或合并它们",
        "{path} has children; split works on a leaf, so move or merge them first",
    ),
    "taxonomy.split_parts": (
        "拆分至少需要两个名称不同且不为空的部分",
        "a split needs at least two parts with different, non-empty names",
    ),
    "taxonomy.split_clash": (
        "{path} 旁已有 {name}；请为该部分另取名称",
        "{name} already exists next to {path}; choose another name for that part",
    ),
    "taxonomy.delete_all": (
        "不能删除所有节点；请应用模板或导入编码表来替换整棵树",
        "cannot delete every node; apply a template or import a codebook to replace the tree",
    ),
    "taxonomy.no_node": (
        "当前分类体系中没有节点 {ref!r}；请给出节点的路径（一级/二级）或键",
        "no node {ref!r} in the current taxonomy; give a node's path (一级/二级) or key",
    ),
    "taxonomy.none_yet": (
        "项目还没有分类体系；请先应用模板或导入编码表",
        "the project has no taxonomy yet; apply a template or import a codebook first",
    ),
    "taxonomy.empty_name": (
        "节点名称不能为空",
        "a node needs a non-empty name",
    ),
    "taxonomy.name_taken": (
        "{where} 下已有名为 {name} 的节点；请另取名称或合并它们",
        "{where} already has a node named {name}; choose another name or merge them",
    ),
    "taxonomy.qdc_xml": (
        "{name} 不是 REFI-QDA 编码表（XML 格式错误：{reason}）；请重新导出编码表",
        "{name} is not a REFI-QDA codebook (not well-formed XML: {reason}); export the codebook again",
    ),
    "taxonomy.qdc_ns": (
        "{name} 不是 REFI-QDA 编码表（命名空间 {ns}，应为 {expected}）",
        "{name} is not a REFI-QDA codebook (namespace {ns}, expected {expected})",
    ),
    "taxonomy.qdc_no_codes_element": (
        "{name} 中没有代码；REFI-QDA 编码表需要 <Codes> 元素",
        "{name} has no codes; a REFI-QDA codebook needs a <Codes> element",
    ),
    "taxonomy.qdc_no_codes": (
        "{name} 中没有代码；请至少添加一个",
        "{name} has no codes; add at least one",
    ),
    "taxonomy.qdc_deep": (
        "{name} 在 {under} 下的代码嵌套超过 {most} 层",
        "{name} nests codes more than {most} levels deep under {under}",
    ),
    "taxonomy.code_unnamed": (
        "{name} 中{under}下有一个代码没有名称",
        "a code under {under} of {name} has no name",
    ),
    "taxonomy.no_version": (
        "分类体系版本 {version} 不存在；请列出版本后选择一个",
        "taxonomy version {version} does not exist; list the versions to pick one",
    ),
    "taxonomy.version": (
        "版本 {id}（{note}，{when}）",
        "version {id} ({note}, {when})",
    ),
    "taxonomy.no_version_now": (
        "没有版本",
        "no version",
    ),
    "taxonomy.changed": (
        "在你编辑版本 {version} 时分类体系已被修改：当前是{current}；请重新载入分类体系后再修改",
        "the taxonomy changed while you were editing version {version}: the current one is {current}; reload the "
        "taxonomy and make your change again",
    ),
    "taxonomy.no_template": (
        "没有名为 {name!r} 的模板；可选：{names}",
        "no template named {name!r}; choose one of: {names}",
    ),
    "taxonomy.template_damaged": (
        "模板 {name} 已损坏（{reason}）；请重新安装客声",
        "the template {name} is damaged ({reason}); reinstall Kesheng",
    ),
    "taxonomy.template_not_object": (
        "模板 {name} 已损坏（不是 JSON 对象）；请重新安装客声",
        "the template {name} is damaged (not a JSON object); reinstall Kesheng",
    ),
    "taxonomy.node_empty_name": (
        "分类体系中有节点名称为空；路径的每一级都需要名称",
        "a taxonomy node has an empty name; every level of a path needs a name",
    ),
    "taxonomy.too_deep": (
        "分类体系有 {depth} 层；最多支持 {most} 层",
        "the taxonomy is {depth} levels deep; at most {most} are supported",
    ),
    "taxonomy.path_twice": (
        "路径 {path} 出现了两次；每个节点只能列出一次",
        "the path {path} appears twice; each node must be listed once",
    ),
    "taxonomy.cycle": (
        "这次分类体系修改会把一个节点放进它自身",
        "the taxonomy edit would put a node inside itself",
    ),
    "taxonomy.no_parent": (
        "节点 {node} 指向一个不存在的上级",
        "the node {node} points at a parent that does not exist",
    ),
    "taxonomy.bad_name": (
        "节点名称 {name!r} 为空或含有“/”；请重命名",
        "the node name {name!r} is empty or contains '/'; rename it",
    ),
    "taxonomy.key_twice": (
        "键 {key} 被两个节点使用；每个节点需要自己的键",
        "the key {key} is used by two nodes; each node needs its own key",
    ),
    "taxonomy.sibling_twice": (
        "路径 {path} 出现了两次；同级节点名称必须不同",
        "the path {path} appears twice; sibling names must differ",
    ),
    "taxonomy.inconsistent": (
        "节点 {path} 的路径或层级与其上级不一致",
        "the node {path} has a path or level inconsistent with its parent",
    ),
    "taxonomy.undo_edited": (
        "分类体系此后又被修改过；请先撤销那些修改（taxonomy --undo）",
        "the taxonomy was edited since; undo those edits first (taxonomy --undo)",
    ),
    "taxonomy.undo_not": (
        "上一次分类体系修改无法撤销（它是模板、编码表或一次撤销）",
        "the last taxonomy change can't be undone (it was a template, a codebook or an undo)",
    ),
}
