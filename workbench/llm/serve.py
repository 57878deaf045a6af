"""``python -m workbench.llm.serve ARGS``: llama-cpp-python's OpenAI-compatible server on our portable build.

The portable build loads no CPU backend by itself (see :mod:`workbench.llm.cpu_runtime`), so
``python -m llama_cpp.server`` alone would find none; this loads the one the machine proves it runs, then
hands the arguments to the server unchanged.
"""

from __future__ import annotations


def main() -> None:
    from workbench.llm import cpu_runtime

    cpu_runtime.prepare()
    from llama_cpp.server.__main__ import main as server_main

    server_main()  # type: ignore[no-untyped-call]


if __name__ == "__main__":
    main()
