"""The import's error sentences (``errors.ingest.…``): readers, safety checks, mapping, the pipeline."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "ingest.select_only": (
        "导入只能使用一条只读的 SELECT 查询",
        "only a single read-only SELECT query may be used for import",
    ),
    "ingest.sqlite_open": (
        "无法打开 SQLite 文件 {name}：{reason}",
        "cannot open the SQLite file {name}: {reason}",
    ),
    "ingest.sqlite_damaged": (
        "SQLite 文件已损坏或不是数据库（{reason}）",
        "the SQLite file is damaged or not a database ({reason})",
    ),
    "ingest.no_table": (
        "{where} 中没有表 {table!r}；它的表有：{tables}",
        "{where} has no table {table!r}; its tables are: {tables}",
    ),
    "ingest.no_tables": (
        "{where} 中没有可导入的表",
        "{where} has no tables to import",
    ),
    "ingest.several_tables": (
        "{where} 有多张表（{tables}）；请用 --table 或 --query 选一张",
        "{where} has several tables ({tables}); choose one with --table or --query",
    ),
    "ingest.query_failed_on": (
        "在 {name} 上执行查询失败：{reason}",
        "the query failed on {name}: {reason}",
    ),
    "ingest.read_past_row": (
        "{where} 读到第 {n:,} 行后无法继续读取（{reason}）；请修复或重新导出",
        "{where} could not be read past row {n:,} ({reason}); repair or export it again",
    ),
    "ingest.db_connect": (
        "无法连接数据库：{reason}",
        "cannot connect to the database: {reason}",
    ),
    "ingest.db_query": (
        "数据库查询失败：{kind}: {reason}",
        "the database query failed: {kind}: {reason}",
    ),
    "ingest.sheet_unreadable": (
        "无法读取 {name} 的工作表：{reason}",
        "cannot read the sheet of {name}: {reason}",
    ),
    "ingest.password": (
        "{name} 设有密码；请在 Excel 中取消密码后重新保存",
        "{name} is password-protected; remove the password in Excel and save again",
    ),
    "ingest.unreadable_workbook": (
        "{name} 不是可读取的 Excel 工作簿（{reason}）；请重新导出或另存为 .xlsx",
        "{name} is not a readable Excel workbook ({reason}); export it again or save as .xlsx",
    ),
    "ingest.no_sheets": (
        "{name} 中没有工作表",
        "{name} has no sheets",
    ),
    "ingest.sheets_empty": (
        "{name} 的每个工作表都是空的",
        "every sheet of {name} is empty",
    ),
    "ingest.no_sheet": (
        "{name} 中没有工作表 {sheet!r}；它的工作表有：{sheets}",
        "{name} has no sheet {sheet!r}; its sheets are: {sheets}",
    ),
    "ingest.no_sheet_records": (
        "{name} 的工作表都没有可导入的记录：{why}",
        "no sheet of {name} holds records to import: {why}",
    ),
    "ingest.no_data_rows": (
        "{where} 没有数据行",
        "{where} holds no data rows",
    ),
    "ingest.header_only": (
        "{where} 只有表头、没有数据行；没有可导入的内容",
        "{where} has a header but no data rows; nothing to import",
    ),
    "ingest.strict": (
        "{where}：--strict 模式下有警告：{warnings}",
        "{where}: --strict: {warnings}",
    ),
    "ingest.bad_dates": (
        "{where}：列 {column!r} 的 {total} 个日期中有 {bad} 个无法识别；请修正，或用 --map time=列名 映射另一列（"
        "或用 --map time= 取消映射）",
        "{where}: {bad} of {total} dates in column {column!r} cannot be read; fix them, or map another column with "
        "--map time=COLUMN (or unmap it with --map time=)",
    ),
    "ingest.table_query_not_db": (
        "--table/--query 只适用于 SQLite 文件和数据库地址，不适用于 {name}",
        "--table/--query apply to SQLite files and database URLs, not to {name}",
    ),
    "ingest.unknown_field": (
        "映射中有未知字段 {field!r}；可用的字段：{fields} 或 extra:名称",
        "unknown field {field!r} in the mapping; use one of {fields} or extra:NAME",
    ),
    "ingest.no_column": (
        "数据源中没有列 {column!r}；它的列有：{columns}",
        "the source has no column {column!r}; its columns are: {columns}",
    ),
    "ingest.no_text_column": (
        "{where} 没有可分析的文本列（列：{columns}）；请用 --map text=列名 或在导入向导中选择",
        "{where} has no text-like column to analyse (columns: {columns}); choose it with --map text=COLUMN or in "
        "the import wizard",
    ),
    "ingest.missing": (
        "{path} 不存在；请检查路径",
        "{path} does not exist; check the path",
    ),
    "ingest.folder": (
        "{path} 是一个文件夹；请选择电子表格、CSV、JSON 或 SQLite 文件",
        "{path} is a folder; give a spreadsheet, CSV, JSON or SQLite file",
    ),
    "ingest.empty_file": (
        "{name} 是空文件（0 字节）；请重新导出",
        "{name} is empty (0 bytes); export it again",
    ),
    "ingest.unknown_kind": (
        "{name} 不是电子表格、CSV、JSON 或 SQLite 文件；请将数据导出为 .xlsx 或 .csv",
        "{name} is not a spreadsheet, CSV, JSON or SQLite file; export the data as .xlsx or .csv",
    ),
    "ingest.encrypted": (
        "{name} 设有密码（已加密）；请在 Excel 中打开，取消密码后重新保存",
        "{name} is password-protected (encrypted); open it in Excel, remove the password and save it again",
    ),
    "ingest.not_xlsx": (
        "{name} 不是 Excel 工作簿（不是有效的 .xlsx 文件）；请重新导出或另存为 .xlsx 或 .csv",
        "{name} is not an Excel workbook (it is not a valid .xlsx file); export it again or save it as .xlsx or .csv",
    ),
    "ingest.truncated_zip": (
        "{name} 已损坏或不完整（zip 被截断：{reason}）；请重新复制或导出",
        "{name} is damaged or incomplete (truncated zip: {reason}); copy or export it again",
    ),
    "ingest.zip_not_workbook": (
        "{name} 不是 Excel 工作簿（压缩包中没有工作簿）；请重新导出为 .xlsx",
        "{name} is not an Excel workbook (the zip holds no workbook); export it again as .xlsx",
    ),
    "ingest.zip_bomb": (
        "{name} 解压后将超过 {mb} MB，或压缩比异常（疑似压缩炸弹）；拒绝打开",
        "{name} would expand to more than {mb} MB or is suspiciously compressed (a zip bomb); refusing to open it",
    ),
    "ingest.cell_too_big": (
        "{where}：一个单元格有 {mb:.0f} MB 文本，超过 {limit} MB 的上限；请拆分或裁剪该单元格后重新导入",
        "{where}: one cell holds {mb:.0f} MB of text, over the {limit} MB limit; split or trim that cell and import "
        "again",
    ),
    "ingest.binary": (
        "该文件是二进制文件，不是电子表格或文本导出；请另存为 .xlsx 或 .csv",
        "the file is binary, not a spreadsheet or text export; save it as .xlsx or .csv",
    ),
    "ingest.encoding": (
        "该文件的文本编码不是 UTF-8、UTF-16 或 GB18030；请另存为 UTF-8 CSV 或 .xlsx",
        "the file's text encoding is not UTF-8, UTF-16 or GB18030; save it as UTF-8 CSV or .xlsx",
    ),
    "ingest.csv_cell_too_big": (
        "{name} 第 {line} 行：一个单元格超过 {limit} MB 的上限；请拆分或裁剪",
        "{name} line {line}: one cell is over the {limit} MB limit; split or trim it",
    ),
    "ingest.malformed_csv": (
        "{name} 第 {line} 行：CSV 格式错误（{reason}）",
        "{name} line {line}: malformed CSV ({reason})",
    ),
    "ingest.bad_text": (
        "{name} 第 {line} 行附近：文本不是有效的 {encoding}；请另存为 UTF-8",
        "{name} near line {line}: text is not valid {encoding}; save it again as UTF-8",
    ),
    "ingest.json_deep": (
        "{name} 的对象或列表嵌套过深（数百层）；请导出扁平的记录",
        "{name} nests its objects or lists too deeply (hundreds of levels); export flat records",
    ),
    "ingest.jsonl_line": (
        "{name} 第 {line} 行不是有效的 JSON（{reason}）；请修正或删除该行",
        "{name} line {line} is not valid JSON ({reason}); fix or remove that line",
    ),
    "ingest.jsonl_long_number": (
        "{name} 第 {line} 行有一个过长的数字（超过 4300 位）；请修正或删除该行",
        "{name} line {line} holds a number too long to read (over 4300 digits); fix or remove that line",
    ),
    "ingest.json_invalid": (
        "{name} 不是有效的 JSON（第 {line} 行：{reason}）",
        "{name} is not valid JSON (line {line}: {reason})",
    ),
    "ingest.json_long_number": (
        "{name} 有一个过长的数字（超过 4300 位）；请修正该值",
        "{name} holds a number too long to read (over 4300 digits); fix that value",
    ),
    "ingest.json_no_list": (
        "{name} 中没有记录列表；应为对象数组",
        "{name} holds no list of records; expected an array of objects",
    ),
}
