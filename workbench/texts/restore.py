"""The restore texts in Chinese and English (keys under ``restore.`` in the one table)."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "title": ("恢复备份", "Restore a backup"),
    "failed": ("无法打开项目 {name}：", "The project {name} could not be opened:"),
    "offer": (
        "可以用它的一份备份替换它（当前文件会先另存为一份备份，不会丢失）：",
        "You can replace it with one of its backups (the current file is first saved as a backup too):",
    ),
    "restore": ("恢复所选备份", "Restore selected backup"),
    "cancel": ("取消", "Cancel"),
    "item": ("{when}　{reason}　{size}", "{when}   {reason}   {size}"),
}

REASON: dict[str, tuple[str, str]] = {
    "manual": ("手动备份", "manual backup"),
    "before-merge": ("合并分类之前", "before a merge"),
    "before-delete": ("删除分类之前", "before a delete"),
    "before-retag": ("全部重新打标之前", "before re-tag all"),
    "before-restore": ("恢复备份之前", "before a restore"),
    "before-restore-raw": ("恢复备份之前（原样复制）", "before a restore (raw copy)"),
    "before-migration": ("升级项目格式之前", "before a format upgrade"),
}
