"""The core's error sentences (``errors.…``) that belong to no larger group: cancelling, projects and their
files, backups, copies, the undo history, saved views, secrets and bundles."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "none": (  # a list of names that is empty, inside a sentence
        "无",
        "none",
    ),
    "nothing": (
        "无",
        "nothing",
    ),
    "cancelled": (
        "已取消：没有任何更改",
        "cancelled: nothing was changed",
    ),
    "project.backup_failed": (
        "无法在{before}之前备份 {name}（{reason}）；没有任何更改——请腾出磁盘空间或让其文件夹可写后重试",
        "could not back up {name} before {before} ({reason}); nothing was changed — free some disk space or make "
        "its folder writable, then try again",
    ),
    "project.restore_pg": (
        "恢复备份只适用于项目文件；PostgreSQL 项目请用 pg_restore 恢复",
        "restoring a backup works on project files; restore a PostgreSQL project with pg_restore",
    ),
    "project.restore_failed": (
        "无法恢复 {name}（{reason}）；原文件已另存为 {folder} 中的 {saved}",
        "could not restore {name} ({reason}); the previous file is saved as {saved} in {folder}",
    ),
    "project.save_before_restore": (
        "恢复前无法保存 {name} 的副本（{reason}）；没有任何更改",
        "could not save a copy of {name} before restoring ({reason}); nothing was changed",
    ),
    "project.no_backup_file": (
        "没有备份文件 {path}；可用 `kesheng backup 项目 --list` 列出备份",
        "no backup file {path}; list the backups with `kesheng backup PROJECT --list`",
    ),
    "project.backup_unreadable": (
        "无法读取备份 {name}（{reason}）；请选择其他备份",
        "the backup {name} cannot be read ({reason}); choose another backup",
    ),
    "project.backup_damaged": (
        "备份 {name} 已损坏或不是客声项目；请选择其他备份",
        "the backup {name} is damaged or not a Kesheng project; choose another backup",
    ),
    "project.restore_hint": (
        "最新的备份是 {name}（{when}，{why}）；可用 `kesheng backup {target} --restore` 恢复",
        "the latest backup is {name} ({when}, {why}); restore it with `kesheng backup {target} --restore`",
    ),
    "project.copy_same": (
        "源项目和目标是同一个项目；请选择其他目标",
        "the source and the destination are the same project; choose another destination",
    ),
    "project.copy_not_empty": (
        "{target} 中已有项目（{table} 不为空）；请复制到新文件或空数据库",
        "{target} already holds a project ({table} is not empty); copy into a new file or an empty database",
    ),
    "project.folder": (
        "{path} 是文件夹，不是项目文件；请给出文件名，例如 my.kesheng",
        "{path} is a folder, not a project file; give a file name such as my.kesheng",
    ),
    "project.not_sqlite": (
        "{name} 不是客声项目（不是 SQLite 数据库）；请选择 .kesheng 文件或新名称",
        "{name} is not a Kesheng project (not a SQLite database); choose a .kesheng file or a new name",
    ),
    "project.bad_url": (
        "无法识别数据库地址 {url!r}：{reason}",
        "cannot read the database URL {url!r}: {reason}",
    ),
    "project.backend": (
        "不支持 {backend} 数据库；请使用项目文件或 PostgreSQL 地址（postgresql+psycopg://user@host/database）",
        "{backend} databases are not supported; use a project file or a PostgreSQL URL "
        "(postgresql+psycopg://user@host/database)",
    ),
    "project.none_at": (
        "{path} 处没有项目；请用 `kesheng import` 或界面中的“新建项目”创建",
        "no project at {path}; create it with `kesheng import` or the GUI's New Project",
    ),
    "project.none_at_file": (
        "{path} 处没有项目；请给出 .kesheng 文件的路径",
        "no project at {path}; give the path of a .kesheng file",
    ),
    "project.no_folder": (
        "文件夹 {folder} 不存在；请先创建",
        "the folder {folder} does not exist; create it first",
    ),
    "project.cannot_open": (
        "无法打开项目：{reason}",
        "cannot open the project: {reason}",
    ),
    "project.not_sqlite_kept": (
        "{name} 不是客声项目（不是 SQLite 数据库）；文件未被改动——请选择 .kesheng 文件或新名称",
        "{name} is not a Kesheng project (not a SQLite database); it was not changed — choose a .kesheng file or a "
        "new name",
    ),
    "project.unreadable": (
        "无法读取 {name}（{reason}）；请检查该文件及其文件夹可读，且没有其他程序锁定它",
        "cannot read {name} ({reason}); check that the file and its folder are readable and that no other program "
        "has it locked",
    ),
    "project.damaged": (
        "项目文件 {name} 已损坏，无法打开（{reason}）",
        "the project file {name} is damaged and cannot be opened ({reason})",
    ),
    "project.foreign": (
        "{name} 不是客声项目：它是其他程序的 SQLite 数据库（表 {tables}）；文件未被改动——请选择 .kesheng "
        "文件或新名称",
        "{name} is not a Kesheng project: it is another program's SQLite database (tables {tables}); it was not "
        "changed — choose a .kesheng file or a new name",
    ),
    "project.tables_missing": (
        "项目文件 {name} 已损坏：缺少表 {tables}",
        "the project file {name} is damaged: its tables {tables} are missing",
    ),
    "project.refused": (
        "{sentence}",
        "{sentence}",
    ),
    "project.refused_hint": (
        "{sentence}；{hint}",
        "{sentence}; {hint}",
    ),
    "project.foreign_db": (
        "该数据库不是客声项目（其中有其他表）；请选择其他文件或空数据库",
        "this database is not a Kesheng project (it holds other tables); choose another file or an empty database",
    ),
    "project.newer": (
        "该项目由更新版本的客声创建（结构版本 {version}）；本版本最高只能读取结构版本 {current}——"
        "请更新客声后再打开（项目未被改动）",
        "this project was made by a newer Kesheng (schema {version}); this version reads up to schema {current} — "
        "update Kesheng to open it (the project was not changed)",
    ),
    "project.psycopg": (
        "PostgreSQL 项目需要 psycopg 驱动；请用 `pip install psycopg[binary]` 安装",
        "PostgreSQL projects need the psycopg driver; install it with `pip install psycopg[binary]`",
    ),
    "project.pg_no_db": (
        "PostgreSQL 服务器 {host}:{port} 上没有数据库 {database!r}；请先创建（createdb {database}）或检查地址",
        "the database {database!r} does not exist on the PostgreSQL server {host}:{port}; create it first (createdb "
        "{database}) or check the URL",
    ),
    "project.pg_login": (
        "{where} 的 PostgreSQL 服务器拒绝了用户 {user!r} 的登录；请检查项目地址中的用户名和密码",
        "the PostgreSQL server at {where} refused the login for user {user!r}; check the user name and password in "
        "the project URL",
    ),
    "project.pg_hba": (
        "{where} 的 PostgreSQL 服务器不接受来自本机的连接（pg_hba.conf）；请联系管理员放行",
        "the PostgreSQL server at {where} does not accept connections from this computer (pg_hba.conf); ask its "
        "administrator to allow it",
    ),
    "project.pg_connect": (
        "无法连接 {where} 的 PostgreSQL 服务器；请检查它是否在运行，以及项目地址中的主机和端口是否正确",
        "cannot connect to the PostgreSQL server at {where}; check that it is running and that the host and port in "
        "the project URL are right",
    ),
    "project.pg_permission": (
        "PostgreSQL 用户 {user!r} 无权在 {where} 中创建客声的表；请授予它该数据库的 CREATE 权限（"
        "或使用数据库所有者）",
        "the PostgreSQL user {user!r} may not create Kesheng's tables in {where}; grant it CREATE on the database "
        "(or use the database owner)",
    ),
    "project.pg_open": (
        "无法打开 PostgreSQL 项目 {where}：{reason}",
        "cannot open the PostgreSQL project {where}: {reason}",
    ),
    "project.backup_pg": (
        "PostgreSQL 项目没有文件备份：请用 pg_dump（和 pg_restore）备份",
        "a PostgreSQL project has no file backups: back it up with pg_dump (and pg_restore)",
    ),
    "project.empty_backup": (
        "{name} 是空的；没有可备份的内容",
        "{name} is empty; there is nothing to back up",
    ),
    "history.nothing_to_undo": (
        "没有可撤销的操作",
        "nothing to undo",
    ),
    "history.nothing_to_redo": (
        "没有可重做的操作",
        "nothing to redo",
    ),
    "history.nothing_to_undo_by": (
        "{by} 没有可撤销的操作",
        "nothing to undo by {by}",
    ),
    "history.nothing_to_redo_by": (
        "{by} 没有可重做的操作",
        "nothing to redo by {by}",
    ),
    "history.undo_after_theirs_records": (
        "无法撤销“{summary}”：{by} 之后的操作“{action}”（#{id}）改动了相同的记录；请先撤销那一步；没有任何更改",
        "cannot undo “{summary}”: {by}'s later action “{action}” (#{id}) changed the same records; undo that first; "
        "nothing was changed",
    ),
    "history.undo_after_theirs_item": (
        "无法撤销“{summary}”：{by} 之后的操作“{action}”（#{id}）改动了同一项；请先撤销那一步；没有任何更改",
        "cannot undo “{summary}”: {by}'s later action “{action}” (#{id}) changed the same item; undo that first; "
        "nothing was changed",
    ),
    "history.redo_after_theirs_records": (
        "无法重做“{summary}”：{by} 之后的操作“{action}”（#{id}）改动了相同的记录；请先撤销那一步；没有任何更改",
        "cannot redo “{summary}”: {by}'s later action “{action}” (#{id}) changed the same records; undo that first; "
        "nothing was changed",
    ),
    "history.redo_after_theirs_item": (
        "无法重做“{summary}”：{by} 之后的操作“{action}”（#{id}）改动了同一项；请先撤销那一步；没有任何更改",
        "cannot redo “{summary}”: {by}'s later action “{action}” (#{id}) changed the same item; undo that first; "
        "nothing was changed",
    ),
    "history.undo_after_records": (
        "无法撤销“{summary}”：之后的操作“{action}”（#{id}）改动了相同的记录；请先撤销那一步；没有任何更改",
        "cannot undo “{summary}”: the later action “{action}” (#{id}) changed the same records; undo that first; "
        "nothing was changed",
    ),
    "history.undo_after_item": (
        "无法撤销“{summary}”：之后的操作“{action}”（#{id}）改动了同一项；请先撤销那一步；没有任何更改",
        "cannot undo “{summary}”: the later action “{action}” (#{id}) changed the same item; undo that first; "
        "nothing was changed",
    ),
    "history.redo_after_records": (
        "无法重做“{summary}”：之后的操作“{action}”（#{id}）改动了相同的记录；请先撤销那一步；没有任何更改",
        "cannot redo “{summary}”: the later action “{action}” (#{id}) changed the same records; undo that first; "
        "nothing was changed",
    ),
    "history.redo_after_item": (
        "无法重做“{summary}”：之后的操作“{action}”（#{id}）改动了同一项；请先撤销那一步；没有任何更改",
        "cannot redo “{summary}”: the later action “{action}” (#{id}) changed the same item; undo that first; "
        "nothing was changed",
    ),
    "history.undo_changed_records": (
        "无法撤销“{summary}”：它的记录此后被其他操作改动过（标注运行、预警运行或其他分析师）；没有任何更改",
        "cannot undo “{summary}”: its records were changed since by a later action (a tagging run, an alert run or "
        "another analyst); nothing was changed",
    ),
    "history.undo_changed_item": (
        "无法撤销“{summary}”：它此后被其他操作改动过（标注运行、预警运行或其他分析师）；没有任何更改",
        "cannot undo “{summary}”: it was changed since by a later action (a tagging run, an alert run or another "
        "analyst); nothing was changed",
    ),
    "history.redo_changed_records": (
        "无法重做“{summary}”：它的记录此后被其他操作改动过（标注运行、预警运行或其他分析师）；没有任何更改",
        "cannot redo “{summary}”: its records were changed since by a later action (a tagging run, an alert run or "
        "another analyst); nothing was changed",
    ),
    "history.redo_changed_item": (
        "无法重做“{summary}”：它此后被其他操作改动过（标注运行、预警运行或其他分析师）；没有任何更改",
        "cannot redo “{summary}”: it was changed since by a later action (a tagging run, an alert run or another "
        "analyst); nothing was changed",
    ),
    "history.action": (
        "{kind} {summary}",
        "{kind} {summary}",
    ),
    "history.kind.label": (
        "标注",
        "label",
    ),
    "history.kind.theme": (
        "定义主题",
        "theme",
    ),
    "history.kind.taxonomy": (
        "分类体系",
        "taxonomy",
    ),
    "history.kind.alert_add": (
        "新增预警规则",
        "alert_add",
    ),
    "history.kind.alert_on": (
        "启用预警规则",
        "alert_on",
    ),
    "history.kind.alert_off": (
        "停用预警规则",
        "alert_off",
    ),
    "history.kind.alert_delete": (
        "删除预警规则",
        "alert_delete",
    ),
    "history.kind.view_save": (
        "保存视图",
        "view_save",
    ),
    "history.kind.view_delete": (
        "删除视图",
        "view_delete",
    ),
    "history.tax_gone": (
        "无法撤销或重做这次分类体系修改：它的记录已不存在；没有任何更改",
        "cannot undo or redo this taxonomy change: its record is gone; nothing was changed",
    ),
    "history.tax_undo_edited": (
        "无法撤销这次分类体系修改：分类体系此后被修改过（其他分析师或在历史之外）；没有任何更改",
        "cannot undo this taxonomy change: the taxonomy was edited since (by another analyst or outside the "
        "history); nothing was changed",
    ),
    "history.tax_redo_edited": (
        "无法重做这次分类体系修改：分类体系此后被修改过（其他分析师或在历史之外）；没有任何更改",
        "cannot redo this taxonomy change: the taxonomy was edited since (by another analyst or outside the "
        "history); nothing was changed",
    ),
    "history.tax_tagged": (
        "无法撤销“{note}”：此后已有 {n:,} 条记录被标上它的节点（标注运行或人工标注）；请先撤销那些操作，"
        "或改为删除该节点；没有任何更改",
        "cannot undo “{note}”: {n:,} records were tagged with its nodes since (a tagging run or a label); undo "
        "those or delete the node instead; nothing was changed",
    ),
    "views.name": (
        "视图名称须为 1 到 {most} 个字符",
        "a view needs a name of 1 to {most} characters",
    ),
    "secret.empty": (
        "密钥 {name} 为空；请填写值，或删除该密钥",
        "the {name} secret is empty; give a value, or delete the secret instead",
    ),
    "secret.keyring_store": (
        "系统钥匙串拒绝保存密钥 {name}（{kind}）；请解锁钥匙串后重试",
        "the system keyring refused to store the {name} secret ({kind}); unlock the keyring and try again",
    ),
    "secret.no_keyring": (
        "没有可用的系统钥匙串；请在设置中选择一个密钥文件（或用 `kesheng secret set NAME --file PATH`）来保存密钥",
        "no system keyring is available; choose a secrets file in Settings (or `kesheng secret set NAME --file "
        "PATH`) to store the secret there",
    ),
    "secret.keyring_delete": (
        "系统钥匙串拒绝删除密钥 {name}（{kind}）",
        "the system keyring refused to delete the {name} secret ({kind})",
    ),
    "secret.bad_name": (
        "{name!r} 不是有效的密钥名称；例如用 'smtp' 或 'server'",
        "{name!r} is not a secret name; use e.g. 'smtp' or 'server'",
    ),
    "secret.read": (
        "无法读取密钥文件 {path}（{reason}）；请检查其权限",
        "cannot read the secrets file {path} ({reason}); check its permissions",
    ),
    "secret.json": (
        "密钥文件 {path} 不是有效的 JSON；请修正或删除它",
        "the secrets file {path} is not valid JSON; fix or delete it",
    ),
    "secret.foreign": (
        "{path} 不是客声的密钥文件；请选择其他文件",
        "{path} is not a Kesheng secrets file; choose another file",
    ),
    "secret.write": (
        "无法写入密钥文件 {path}（{reason}）；请选择其他文件",
        "cannot write the secrets file {path} ({reason}); choose another file",
    ),
    "bundle.exists_bundle": (
        "{path} 已存在；请为数据包另取一个名称",
        "{path} already exists; choose a new name for the bundle",
    ),
    "bundle.exists_project": (
        "{path} 已存在；请为项目另取一个名称",
        "{path} already exists; choose a new name for the project",
    ),
    "bundle.no_folder": (
        "文件夹 {folder} 不存在；请创建它或另选一个",
        "the folder {folder} does not exist; create it or choose another",
    ),
    "bundle.no_report": (
        "没有报告文件 {path}；请给出要包含的报告路径",
        "no report file {path}; give the path of a report to include",
    ),
    "bundle.none_at": (
        "{path} 处没有数据包；请给出 .kbundle 文件的路径",
        "no bundle at {path}; give the path of a .kbundle file",
    ),
    "bundle.unsafe_name": (
        "数据包中有不安全的文件名 {name!r}",
        "the bundle holds an unsafe file name {name!r}",
    ),
    "bundle.content_damaged": (
        "数据包的内容已损坏；请向发送方索取新的副本",
        "the bundle's content is damaged; ask the sender for a new copy",
    ),
    "bundle.newer": (
        "该数据包由更新版本的客声制作；请更新客声后再打开",
        "this bundle was made by a newer Kesheng; update Kesheng to open it",
    ),
    "bundle.not_bundle": (
        "这不是客声数据包（或不是本版本能读取的数据包）",
        "this is not a Kesheng bundle (or not one this version can read)",
    ),
    "bundle.header": (
        "数据包的文件头已损坏；请向发送方索取新的副本",
        "the bundle's header is damaged; ask the sender for a new copy",
    ),
    "bundle.short": (
        "数据包不完整；请向发送方索取完整的副本",
        "the bundle is cut short; ask the sender for a complete copy",
    ),
    "bundle.passphrase": (
        "口令错误，或数据包在制作后被改动过；请检查口令，或向发送方索取新的副本",
        "the passphrase is wrong or the bundle was changed after it was made; check the passphrase, or ask the "
        "sender for a new copy",
    ),
    "bundle.trailing": (
        "数据包末尾之后还有数据；它在制作后被改动过",
        "the bundle has data after its end; it was changed after it was made",
    ),
}
