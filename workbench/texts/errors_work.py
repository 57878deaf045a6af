"""The error sentences of the work on a project (``errors.…``): tagging and labels, themes, alert rules and
delivery, exports and reports, queries, the assistant, rules and the student."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "tagging.filter_empty": (
        "筛选条件没有选中任何记录；没有可标注的内容",
        "the filter selects no record; nothing to label",
    ),
    "tagging.no_tag": (
        "请给出要标注的标签（--tag 路径）",
        "give the tag to label with (--tag PATH)",
    ),
    "tagging.sentiment": (
        "情感必须是 {choices} 之一（收到 {got!r}）",
        "sentiment must be one of {choices} (got {got!r})",
    ),
    "tagging.no_taxonomy_label": (
        "项目还没有分类体系；标注前请先用 `main.py taxonomy` 设置",
        "the project has no taxonomy; set one with `main.py taxonomy` before labelling",
    ),
    "tagging.no_node": (
        "没有分类节点 {path!r}；请给出完整路径，例如 物流/配送时效",
        "no taxonomy node {path!r}; give a full path such as 物流/配送时效",
    ),
    "tagging.gold_unmatched": (
        "{name} 中没有一行能对应本项目的记录（请检查 record_id/external_id）",
        "no row of {name} matches a record of this project (check record_id/external_id)",
    ),
    "tagging.labels_xlsx": (
        "无法把 {name} 作为 Excel 工作簿读取（{reason}）",
        "cannot read {name} as an Excel workbook ({reason})",
    ),
    "tagging.labels_csv": (
        "{name} 不是格式正确的 CSV 文件（{reason}）；请重新另存为 CSV",
        "{name} is not a well-formed CSV file ({reason}); save it again as CSV",
    ),
    "tagging.labels_encoding": (
        "{name} 既不是 UTF-8 也不是 GB18030 文本；请另存为 UTF-8 CSV",
        "{name} is neither UTF-8 nor GB18030 text; save it as UTF-8 CSV",
    ),
    "tagging.no_label_file": (
        "{path} 处没有标注文件",
        "no label file at {path}",
    ),
    "tagging.labels_no_rows": (
        "{name} 中没有数据行",
        "{name} has no rows",
    ),
    "tagging.labels_columns": (
        "{name} 需要 record_id（或 external_id）列和 tags 列",
        "{name} needs a record_id (or external_id) column and a tags column",
    ),
    "tagging.labels_id": (
        "{name} 第 {row} 行：record_id {id!r} 不是数字",
        "{name} row {row}: record_id {id!r} is not a number",
    ),
    "tagging.labels_sentiment": (
        "{name} 第 {row} 行：情感 {got!r} 不是 positive、neutral 或 negative",
        "{name} row {row}: sentiment {got!r} is not positive, neutral or negative",
    ),
    "tagging.no_usable_label": (
        "{source} 中没有可用的标注：{problems}",
        "no usable label in {source}: {problems}",
    ),
    "tagging.review_n": (
        "请至少要求复核一条记录（--next N）",
        "ask for at least one record to review (--next N)",
    ),
    "tagging.review_csv": (
        "复核文件必须是 .csv（收到 {name}）",
        "the review file must be a .csv (got {name})",
    ),
    "tagging.no_folder": (
        "文件夹 {folder} 不存在",
        "the folder {folder} does not exist",
    ),
    "tagging.no_taxonomy": (
        "项目还没有分类体系：请用 `main.py taxonomy PROJECT --template NAME` 或 `--file CODEBOOK` 设置",
        "the project has no taxonomy: set one with `main.py taxonomy PROJECT --template NAME` or `--file CODEBOOK`",
    ),
    "tagging.minutes": (
        "大模型时间预算必须是 0 分钟或以上，而不是 {minutes:g}",
        "the LLM time budget must be 0 minutes or more, not {minutes:g}",
    ),
    "tagging.cancelled_kept": (
        "已取消：已标注的 {n} 条记录已保留；再次运行标注即可继续",
        "cancelled: {n} records were tagged and kept; run tag again to resume",
    ),
    "tagging.crashed_kept": (
        "{cause}；标注在 {n} 条记录后停止，这些记录已保留：再次运行即可继续",
        "{cause}; tagging stopped after {n} records, which are kept: run it again to resume",
    ),
    "tagging.failures": (
        "模型连续在 {n} 条记录上失败（{reason}）；已完成的记录已保留，再次运行标注即可继续",
        "the model failed on {n} records in a row ({reason}); finished records are kept, run tag again to resume",
    ),
    "tagging.busy": (
        "本项目上另一个标注运行（运行 {run}）正在进行；请等待它结束",
        "another tagging run (run {run}) is in progress on this project; wait for it",
    ),
    "theme.no_record": (
        "没有记录 {id}；请给出一条现有记录的编号作为示例",
        "no record {id}; give the id of an existing record as an example",
    ),
    "theme.name": (
        "主题需要名称（--name）",
        "a theme needs a name (--name)",
    ),
    "theme.examples": (
        "主题需要几个示例：--example 文本 或 --example-record 编号",
        "a theme needs a few examples: --example TEXT or --example-record ID",
    ),
    "theme.name_taken": (
        "{where} 下已有名为 {name} 的节点；请另取名称",
        "{where} already has a node named {name}; choose another name",
    ),
    "alerts.no_password": (
        "没有为 {user} 保存 SMTP 密码；请在 设置 → 预警邮件 中填写（或运行 `kesheng secret set smtp`）",
        "no SMTP password is stored for {user}; enter it in Settings → Alert e-mail (or run `kesheng secret set "
        "smtp`)",
    ),
    "alerts.no_starttls": (
        "{host}:{port} 不支持 STARTTLS；拒绝以明文发送密码",
        "{host}:{port} does not offer STARTTLS; refusing to send the password in clear text",
    ),
    "alerts.smtp": (
        "无法通过 SMTP 把预警发送到 {host}:{port}（{reason}）；请检查服务器地址，或使用 --outbox 文件夹",
        "could not send the alert by SMTP to {host}:{port} ({reason}); check the server address, or use --outbox DIR",
    ),
    "alerts.outbox": (
        "无法创建发件箱文件夹 {folder}（{reason}）；请另选一个 --outbox",
        "cannot create the outbox folder {folder} ({reason}); choose another --outbox",
    ),
    "alerts.bad_words": (
        "关键词模式 {pattern!r} 不是有效的正则表达式（{reason}）",
        "the words pattern {pattern!r} is not a valid regular expression ({reason})",
    ),
    "alerts.bad_exclusion": (
        "排除模式 {pattern!r} 不是有效的正则表达式（{reason}）",
        "the exclusion pattern {pattern!r} is not a valid regular expression ({reason})",
    ),
    "alerts.no_node": (
        "没有分类节点 {path!r}；请使用 物流/配送时效 这样的路径（见 `taxonomy --export`）",
        "no taxonomy node {path!r}; use a path such as 物流/配送时效 (see `taxonomy --export`)",
    ),
    "alerts.kind": (
        "未知的预警类型 {kind!r}；可用：{kinds}",
        "unknown alert kind {kind!r}; use one of {kinds}",
    ),
    "alerts.words": (
        "关键词规则需要 --words 正则表达式",
        "a words rule needs --words REGEX",
    ),
    "alerts.period": (
        "未知的预警周期 {period!r}；可用：{periods}",
        "unknown alert period {period!r}; use one of {periods}",
    ),
    "alerts.surge": (
        "激增规则需要 --surge 节点路径",
        "a surge rule needs --surge NODE_PATH",
    ),
    "alerts.name": (
        "请为规则命名",
        "give the rule a name",
    ),
    "alerts.name_taken": (
        "已有名为 {name!r} 的规则；请另取名称",
        "a rule named {name!r} exists already; choose another name",
    ),
    "alerts.no_rule": (
        "没有名为 {name!r} 的预警规则；见 `alerts PROJECT --list`",
        "no alert rule named {name!r}; see `alerts PROJECT --list`",
    ),
    "export.path": (
        "无法导出到 {path!r}（{reason}）；请另选文件名",
        "cannot export to {path!r} ({reason}); choose another file name",
    ),
    "export.kind": (
        "请导出为 .csv 或 .xlsx 文件（收到 {name}）",
        "export to a .csv or .xlsx file (got {name})",
    ),
    "export.folder": (
        "无法在 {folder} 中写入（{reason}）；请另选文件夹",
        "cannot write in {folder} ({reason}); choose another folder",
    ),
    "export.write": (
        "无法写入 {path}（{reason}）；请检查磁盘和文件名",
        "cannot write {path} ({reason}); check the disk and the name",
    ),
    "export.no_taxonomy": (
        "项目还没有分类体系；请先用 `taxonomy PROJECT --template` 设置",
        "the project has no taxonomy yet; set one with `taxonomy PROJECT --template` first",
    ),
    "export.no_folder": (
        "无法写入 {path}：文件夹 {folder} 不存在",
        "cannot write {path}: the folder {folder} does not exist",
    ),
    "queries.no_times": (
        "项目中没有带时间的记录；请先导入含时间列的数据",
        "the project has no records with a time; import data with a time column first",
    ),
    "queries.compare_dates": (
        "与上一周期比较需要开始日期和结束日期",
        "comparing with the previous period needs both a start and an end date",
    ),
    "queries.split": (
        "趋势只能按渠道或情感拆分",
        "split a trend by channel or sentiment",
    ),
    "queries.rising_dates": (
        "上升关键词需要开始日期和结束日期",
        "rising keywords need both a start and an end date",
    ),
    "queries.sort": (
        "不能按 '{by}' 排序记录；可选：{choices}。",
        "cannot sort records by '{by}'; choose one of: {choices}.",
    ),
    "queries.no_record": (
        "本项目中不存在记录 {id}。",
        "record {id} does not exist in this project.",
    ),
    "report.write": (
        "无法写入报告 {name}（{reason}）；请腾出空间或另选文件夹",
        "could not write the report {name} ({reason}); free some space or choose another folder",
    ),
    "report.no_dates": (
        "项目中没有带日期的记录可供报告；请先导入含时间列的数据",
        "the project has no dated records to report on; import data with a time column first",
    ),
    "report.period": (
        "报告周期的结束日期（{end}）早于开始日期（{start}）",
        "the report period ends ({end}) before it starts ({start})",
    ),
    "report.font": (
        "在 resources/fonts 中找不到中文字体；请运行一次 `make run`（或 scripts/fetch_font.sh）",
        "no CJK font found in resources/fonts; run `make run` (or scripts/fetch_font.sh) once",
    ),
    "report.outside": (
        "报告路径 {path} 超出了所选文件夹 {folder}；请在其中选择文件名",
        "the report path {path} leaves the chosen folder {folder}; choose a name inside it",
    ),
    "report.path": (
        "无法把报告写到 {path!r}（{reason}）；请另选文件名",
        "cannot write a report to {path!r} ({reason}); choose another file name",
    ),
    "report.suffix": (
        "报告文件必须以 .{suffix} 结尾（收到 {name}）",
        "the report file must end in .{suffix} (got {name})",
    ),
    "report.folder": (
        "{path} 是文件夹；请给出以 .{suffix} 结尾的文件名",
        "{path} is a folder; give a file name ending in .{suffix}",
    ),
    "service.sop_item": (
        "SOP 检查清单中有错误的条目（{reason}）；每一条都需要名称和有效的模式",
        "the SOP checklist has a bad item ({reason}); each needs a name and valid patterns",
    ),
    "ask.no_dates": (
        "项目中没有带日期的记录可供回答；请先导入数据",
        "the project has no dated records to answer questions about; import data first",
    ),
    "ask.empty": (
        "请提一个问题，例如“最近一个月退款相关的投诉有什么变化？”",
        "ask a question, e.g. “最近一个月退款相关的投诉有什么变化？”",
    ),
    "ask.not_conversation": (
        "记录 {id} 不是会话；请选择一个聊天会话",
        "record {id} is not a conversation; choose a chat session",
    ),
    "ask.nothing_to_summarise": (
        "所选范围内没有可总结的记录；请放宽筛选条件",
        "the selection holds no records to summarise; widen the filter",
    ),
    "monitor.source": (
        "--source 需要 --table 表名 或 --query SQL",
        "--source needs --table T or --query SQL",
    ),
    "rules.no_node": (
        "'{path}' 的规则指向的节点不在当前分类体系中；请修正或删除它",
        "the rule for '{path}' names no node of the current taxonomy; fix or remove it",
    ),
    "rules.pattern": (
        "'{where}' 的规则模式 {pattern!r} 不是有效的正则表达式（{reason}）",
        "the rule pattern {pattern!r} for '{where}' is not a valid regular expression ({reason})",
    ),
    "student.untrained": (
        "学生模型还没有训练",
        "the student has not been trained yet",
    ),
    "student.no_examples": (
        "学生模型至少需要一个已标注的示例才能训练",
        "the student needs at least one labelled example to train",
    ),
    "student.damaged": (
        "保存的学生模型已损坏（{reason}）；请通过一次标注运行重新训练",
        "the saved student model is damaged ({reason}); retrain it with a tagging run",
    ),
    "tagging.server_gone": (
        "{cause}；已标注的记录已保留：再次运行标注即可继续",
        "{cause}; the records tagged so far are kept: run tag again to resume",
    ),
    "demo.url": (
        "演示数据只能建在项目文件中；请给出 demo.kesheng 这样的路径，而不是地址",
        "the demo is built into a project file; give a path such as demo.kesheng, not a URL",
    ),
    "demo.folder": (
        "{path} 是文件夹；请给出文件名，例如 {example}",
        "{path} is a folder; give a file name such as {example}",
    ),
    "demo.not_demo": (
        "{path} 已存在且不是演示项目；请另选路径（它未被改动）",
        "{path} exists and is not a demo project; choose another path (it was left untouched)",
    ),
}
