"""The network guard (tests/netguard.py): loopback stays reachable, anything else fails the test."""

from __future__ import annotations

import smtplib
import socket
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import netguard

pytest_plugins = ["pytester"]
OUTSIDE = ("93.184.216.34", 80)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def real_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Replace the guard's saved originals with recorders, so a call that got past the guard is seen."""
    seen: list[Any] = []
    for name in ("connect", "connect_ex", "sendto", "create_connection", "getaddrinfo", "gethostbyname",
                 "gethostbyaddr"):
        monkeypatch.setitem(netguard.STATE.originals, name, lambda *a, _n=name, **k: seen.append((_n, a)))
    yield seen


def test_the_guard_is_installed_for_the_session() -> None:
    assert netguard.installed()


def test_a_public_address_is_refused_before_the_real_call(real_calls: list[Any]) -> None:
    with netguard.expect_blocked() as caught, socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        with pytest.raises(netguard.NetworkBlocked, match=r"93\.184\.216\.34:80"):
            sock.connect(OUTSIDE)
        with pytest.raises(netguard.NetworkBlocked):
            sock.connect_ex(OUTSIDE)
    assert caught == ["93.184.216.34:80", "93.184.216.34:80"]
    assert real_calls == []


def test_udp_dns_and_high_level_clients_are_refused(real_calls: list[Any]) -> None:
    with netguard.expect_blocked() as caught:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp, pytest.raises(netguard.NetworkBlocked):
            udp.sendto(b"x", ("8.8.8.8", 53))
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as v6, pytest.raises(netguard.NetworkBlocked):
            v6.connect(("2606:2800:220:1:248:1893:25c8:1946", 443, 0, 0))
        with pytest.raises(netguard.NetworkBlocked):
            socket.getaddrinfo("example.com", 443)
        with pytest.raises(OSError):
            urllib.request.urlopen("http://93.184.216.34/", timeout=2)
        with pytest.raises(OSError):
            smtplib.SMTP("smtp.example.com", 25, timeout=2)
        with pytest.raises(netguard.NetworkBlocked):
            socket.gethostbyname("example.org")
        with pytest.raises(netguard.NetworkBlocked):
            socket.gethostbyaddr("8.8.4.4")
    assert "8.8.8.8:53" in caught and "[2606:2800:220:1:248:1893:25c8:1946]:443" in caught
    assert "example.com:443" in caught and "93.184.216.34:80" in caught and "smtp.example.com:25" in caught
    assert "example.org" in caught and "8.8.4.4" in caught
    assert real_calls == []


def test_loopback_and_unix_sockets_stay_allowed(tmp_path: Path) -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        port = server.getsockname()[1]
        accepted = threading.Thread(target=lambda: server.accept()[0].close())
        accepted.start()
        with socket.create_connection(("localhost", port), timeout=5):
            pass
        accepted.join(5)
    assert socket.getaddrinfo("localhost", 80)
    assert socket.gethostbyname("127.0.0.1") == "127.0.0.1" and socket.getfqdn()  # smtplib's EHLO name
    if hasattr(socket, "AF_UNIX"):
        path = str(tmp_path / "s")
        with socket.socket(socket.AF_UNIX) as unix_server, socket.socket(socket.AF_UNIX) as client:
            unix_server.bind(path)
            unix_server.listen(1)
            client.connect(path)


@pytest.mark.parametrize(("host", "local"), [("127.0.0.1", True), ("127.8.9.10", True), ("::1", True),
                                             ("::ffff:127.0.0.1", True), ("localhost", True), ("LOCALHOST.", True),
                                             ("10.0.0.1", False), ("0.0.0.0", False), ("example.com", False),
                                             ("192.168.1.1", False), ("::ffff:8.8.8.8", False)])
def test_what_counts_as_loopback(host: str, local: bool) -> None:
    assert netguard.is_local_host(host) is local


def test_a_swallowed_attempt_still_fails_the_test_and_names_it(pytester: pytest.Pytester,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    pytester.makepyfile(test_inner="""
        import socket

        def test_phones_home():
            try:
                socket.create_connection(("93.184.216.34", 80), timeout=1)
            except OSError:
                pass  # the code under test hides the failure; the guard must not

        def test_stays_home():
            assert socket.getaddrinfo("127.0.0.1", 1)
    """)
    result = pytester.runpytest_subprocess("-p", "tests.netguard", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*netguard: test test_inner.py::test_phones_home tried to connect to "
                                 "93.184.216.34:80*loopback*"])
