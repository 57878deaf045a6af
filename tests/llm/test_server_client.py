"""The inference-server client against a scriptable stand-in on 127.0.0.1: retries, timeouts, JSON modes, keys."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator

import pytest

from tests.llm_server import StandInServer, free_port
from workbench.errors import ModelError
from workbench.llm.factory import open_backend
from workbench.llm.http_backend import HttpBackend
from workbench.llm.http_client import RequestRejected, RetryPolicy, ServerUnavailable
from workbench.llm.json_check import schema_errors
from workbench.llm.schemas import opinion_schema

FAST = RetryPolicy(attempts=4, base=0.01, cap=0.05)
SCHEMA = opinion_schema(["物流/配送时效", "产品/口味"])
MAIN = {"m": "产品/口味"}
USER = "评论：\n<<<\n配送时效太差了\n>>>"


@pytest.fixture
def stand_in() -> Iterator[StandInServer]:
    with StandInServer() as server:
        yield server


def _backend(url: str, **kwargs: object) -> HttpBackend:
    return HttpBackend(url, model="m", policy=FAST, **kwargs)  # type: ignore[arg-type]


def _chat(content: object) -> dict[str, object]:
    return {"choices": [{"message": {"content": json.dumps(content, ensure_ascii=False)}}]}


def test_retries_server_errors_and_rate_limits_then_succeeds(stand_in: StandInServer) -> None:
    stand_in.script.extend([(503, {"error": "busy"}), (429, {"error": "slow down"}), (502, b"bad gateway")])
    answer = _backend(stand_in.url).complete_json("sys", USER, SCHEMA, 100)
    assert answer["o"][0]["t"] == "物流/配送时效"
    assert len(stand_in.requests) == 4


def test_gives_up_after_the_last_attempt_with_one_sentence(stand_in: StandInServer) -> None:
    stand_in.script.extend([(503, {"error": "busy"})] * 4)
    with pytest.raises(ServerUnavailable) as err:
        _backend(stand_in.url).complete_json("sys", USER, SCHEMA, 100)
    assert str(err.value).startswith(f"the server at {stand_in.url}/v1 kept failing (HTTP 503) (4 attempts)")
    assert "\n" not in str(err.value) and len(stand_in.requests) == 4


def test_refused_connection_is_a_clear_server_unavailable() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(ServerUnavailable, match="refused the connection"):
        _backend(url).complete_json("sys", USER, SCHEMA, 100)


def test_a_slow_server_times_out_with_the_limit_in_the_sentence(stand_in: StandInServer) -> None:
    stand_in.script.append(("sleep", 2.0))
    with pytest.raises(ServerUnavailable, match=r"did not answer within 0.5 s"):
        _backend(stand_in.url, timeout=0.5).complete_json("sys", USER, SCHEMA, 100)
    assert len(stand_in.requests) == 1  # a timeout is not retried


def test_client_errors_are_not_retried_and_say_what_to_do(stand_in: StandInServer) -> None:
    stand_in.script.append((401, {"error": {"message": "invalid api key"}}))
    with pytest.raises(RequestRejected, match=r"HTTP 401.*secret set server"):
        _backend(stand_in.url).complete_json("sys", USER, SCHEMA, 100)
    stand_in.script.append((400, {"error": {"message": "context length exceeded"}}))
    with pytest.raises(RequestRejected, match="context length exceeded"):
        _backend(stand_in.url).complete_json("sys", USER, SCHEMA, 100)
    assert len(stand_in.requests) == 2


def test_json_schema_first_then_json_object_with_schema_when_refused() -> None:
    with StandInServer(reject_json_schema=True) as server:
        backend = _backend(server.url)
        backend.complete_json("sys", USER, SCHEMA, 100)
        backend.complete_json("sys", USER, SCHEMA, 100)
    formats = [body["response_format"] for _, _, body in server.requests]
    assert formats[0]["type"] == "json_schema" and formats[0]["json_schema"]["schema"] == SCHEMA
    assert formats[1] == formats[2] == {"type": "json_object", "schema": SCHEMA}
    assert "repeat_penalty" not in server.requests[0][2] and server.requests[2][2]["repeat_penalty"] == 1.0
    assert backend.json_mode == "json_object"


def test_answers_outside_the_schema_are_retried_then_refused(stand_in: StandInServer) -> None:
    bad = {"m": "不存在的主题", "o": [{"e": "太差", "t": "不存在的主题", "p": "neg"}], "s": "neg", "i": "complaint",
           "d": 8}
    stand_in.script.append((200, _chat(bad)))
    backend = _backend(stand_in.url)
    assert backend.complete_json("sys", USER, SCHEMA, 100)["s"] == "neg"
    assert backend.last_usage.parsed_first_time is False
    assert stand_in.requests[1][2]["max_tokens"] == 200  # the retry has twice the room
    stand_in.script.extend([(200, _chat(bad)), (200, {"choices": [{"message": {"content": "not json"}}]})])
    with pytest.raises(ModelError, match="outside the requested JSON schema"):
        backend.complete_json("sys", USER, SCHEMA, 100)


def test_model_discovery_api_key_and_sampling_fields(stand_in: StandInServer,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KESHENG_SERVER_API_KEY", "sk-test-123")
    monkeypatch.delenv("KESHENG_FAKE_LLM", raising=False)
    backend = open_backend(server=stand_in.url)
    assert isinstance(backend, HttpBackend) and backend.list_models() == ["stand-in-model"]
    backend.complete_json("sys", USER, SCHEMA, 100)
    _, headers, body = stand_in.requests[-1]
    assert headers["Authorization"] == "Bearer sk-test-123"
    assert body["model"] == "stand-in-model" and body["temperature"] == 0 and body["seed"] == 0


def test_concurrent_requests_keep_usage_per_thread() -> None:
    with StandInServer(delay=0.05) as server:
        backend = _backend(server.url)
        seen: dict[int, int] = {}

        def work(i: int) -> None:
            user = f"评论：\n<<<\n{'配送时效太差' * (i + 1)}\n>>>"
            backend.complete_json("sys", user, SCHEMA, 100)
            seen[i] = backend.last_usage.prompt_tokens - len(user)

        threads = [threading.Thread(target=work, args=(i,)) for i in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert seen == {i: len("sys") for i in range(6)}
    assert server.peak >= 2


@pytest.mark.parametrize(("value", "problem"), [
    ({**MAIN, "o": [], "s": "neg", "i": "other", "d": 1}, "fewer than 1 items"),
    ({**MAIN, "o": [{"e": "x", "t": "产品/口味", "p": "neg"}], "s": "neg", "i": "other"}, "missing 'd'"),
    ({**MAIN, "o": [{"e": "x", "t": "产品/口味", "p": "bad"}], "s": "neg", "i": "other", "d": 1}, "$.o[0].p"),
    ({**MAIN, "o": [{"e": "x", "t": "产品/口味", "p": "neg"}], "s": "neg", "i": "other", "d": True},
     "expected integer"),
    ({**MAIN, "o": [{"e": "x" * 41, "t": "产品/口味", "p": "neg"}], "s": "neg", "i": "other", "d": 1}, "more than 40"),
])
def test_local_schema_check_names_the_problem(value: dict[str, object], problem: str) -> None:
    errors = schema_errors(value, SCHEMA)
    assert errors and any(problem in e for e in errors)
    assert schema_errors({**MAIN, "o": [{"e": "x", "t": "产品/口味", "p": "neg"}], "s": "neg", "i": "other", "d": 1},
                         SCHEMA) == []
