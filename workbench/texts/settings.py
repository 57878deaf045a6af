"""The settings texts in Chinese and English (keys under ``settings.`` in the one table)."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "title": ("设置", "Settings"),
    "general": ("常规", "General"),
    "model": ("模型", "Model"),
    "privacy": ("隐私", "Privacy"),
    "mail": ("邮件预警", "Alert e-mail"),
    "language": ("界面语言", "Language"),
    "theme": ("主题", "Theme"),
    "local": ("本地模型", "Local model"),
    "path": ("或 GGUF 文件", "or a GGUF file"),
    "threads": ("线程数（0 = 全部核心）", "Threads (0 = all cores)"),
    "server": ("推理服务器地址（留空 = 本地模型）", "Inference server URL (empty = local model)"),
    "concurrency": ("并发请求数", "Concurrent requests"),
    "budget": ("默认大模型预算", "Default LLM budget"),
    "timezone": ("时区", "Time zone"),
    "mask": ("导入时脱敏个人信息", "Mask personal data on import"),
    "keep": ("在单独的表中保留原文（默认关闭）", "Keep originals in a separate table (off by default)"),
    "host": ("SMTP 服务器", "SMTP host"),
    "port": ("端口", "Port"),
    "user": ("用户名", "User"),
    "starttls": ("使用 STARTTLS", "Use STARTTLS"),
    "from": ("发件人", "From"),
    "to": ("收件人", "To"),
    "secret": (
        "密码与 API 密钥保存在系统钥匙串（或下方选择的密钥文件）中，不写入设置或项目文件。",
        "Passwords and API keys go to the system keyring (or the secrets file chosen below), never into the settings "
        "or the project file.",
    ),
    "password": ("SMTP 密码", "SMTP password"),
    "api_key": ("服务器 API 密钥", "Server API key"),
    "secrets_file": ("密钥文件（无系统钥匙串时）", "Secrets file (when no system keyring)"),
    "browse": ("浏览…", "Browse…"),
    "auto": ("跟随系统", "System"),
    "light": ("浅色", "Light"),
    "dark": ("深色", "Dark"),
}
