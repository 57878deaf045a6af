"""The secret texts in Chinese and English (keys under ``secret.`` in the one table)."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "keep": ("已保存；留空则不变", "Saved; leave empty to keep it"),
    "forget": ("清除", "Forget"),
    "none": ("未设置", "Not set"),
    "keyring": ("已保存在系统钥匙串", "Stored in the system keyring"),
    "environment": ("来自环境变量", "From the environment"),
    "file": ("已保存在 {where}", "Stored in {where}"),
    "nowhere": ("没有系统钥匙串：请先在下方选择密钥文件", "No system keyring: choose a secrets file below first"),
}
