"""The OpenAI-compatible backend against a local stand-in server (127.0.0.1 only)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest

from workbench.errors import ModelError, UsageError
from workbench.llm.http_backend import HttpBackend, normalise_base_url

SEEN: list[tuple[str, dict[str, Any]]] = []


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        SEEN.append((self.path, body))
        if body.get("stream"):
            self.send_response(200)
            self.end_headers()
            for piece in ("你", "好"):
                self.wfile.write(f"data: {json.dumps({'choices': [{'delta': {'content': piece}}]})}\n\n".encode())
            self.wfile.write(b"data: [DONE]\n\n")
            return
        content = json.dumps({"m": "其他", "o": [], "s": "neg", "i": "complaint", "d": 7})
        out = {"choices": [{"message": {"content": content}}], "usage": {"prompt_tokens": 42, "completion_tokens": 9}}
        data = json.dumps(out).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = HTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_json_answer_with_schema_sent_as_response_format(server: str) -> None:
    SEEN.clear()
    backend = HttpBackend(server, model="qwen")
    schema = {"type": "object", "properties": {"s": {"enum": ["neg"]}}}
    assert backend.complete_json("sys", "user", schema, 50)["s"] == "neg"
    path, body = SEEN[-1]
    assert path == "/v1/chat/completions"
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["schema"] == schema
    assert body["temperature"] == 0 and body["model"] == "qwen"
    assert backend.last_usage.prompt_tokens == 42


def test_streaming_text(server: str) -> None:
    assert "".join(HttpBackend(server).stream("sys", "hi", 10)) == "你好"


def test_bad_urls_and_unreachable_servers_are_clear_errors() -> None:
    with pytest.raises(UsageError):
        normalise_base_url("ftp://example")
    assert normalise_base_url("http://h:8080/") == "http://h:8080/v1"
    assert normalise_base_url("http://h:8080/v1") == "http://h:8080/v1"
    with pytest.raises(ModelError, match="cannot be reached"):
        HttpBackend("http://127.0.0.1:9", timeout=2).complete_json("s", "u", {}, 5)
