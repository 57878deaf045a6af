"""The texts of the missing-model question (keys under ``model_fetch.`` in the one table)."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {"title": ("需要模型", "Model needed"),
        "ask": ("本机还没有模型 {title}（{size}）。现在从 {host} 下载吗？下载完成后会按 sha256 校验。"
                "也可以选择你已有的模型文件。",
                "The model {title} ({size}) is not on this computer. Download it now from {host}? It is checked "
                "by sha256 once downloaded. You can also choose a copy of the model file you already have."),
        "download": ("下载（{size}）", "Download ({size})"), "open": ("选择已有文件…", "Choose a file I have…"),
        "cancel": ("取消", "Cancel"), "fetching": ("下载模型 {title}", "Downloading {title}"),
        "checking": ("校验模型文件", "Checking the model file"),
        "filter": ("GGUF 模型 (*.gguf)", "GGUF models (*.gguf)")}
