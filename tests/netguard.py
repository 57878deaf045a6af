"""A pytest plugin that keeps the whole test session on this machine: only loopback may be reached.

For the session it replaces ``socket.socket.connect``/``connect_ex``/``sendto``/``sendmsg``,
``socket.create_connection``, ``socket.getaddrinfo`` and ``socket.gethostby*``. A connection (or datagram)
to anything but 127.0.0.0/8, ::1, ``localhost`` or a unix socket, and a name lookup for any other host
(this machine's own name excepted), is refused
*before* the real call, raises :class:`NetworkBlocked`, and fails the test that made it with a message
naming the destination and the test — even when the code under test catches the error.

Loaded from ``tests/conftest.py`` (``pytest_plugins``). Native code that opens sockets itself (libpq,
llama.cpp) bypasses Python's socket module; ``tests/offline`` covers that by running the product inside a
network namespace with no network (``unshare -n``).
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})
LOCAL_FAMILIES = frozenset(f for f in (getattr(socket, "AF_UNIX", None), getattr(socket, "AF_NETLINK", None)) if f)
ALLOWED = "tests may only reach loopback (127.0.0.0/8, ::1, localhost) and unix sockets"


class NetworkBlocked(ConnectionRefusedError):
    """A test tried to reach something other than loopback; the call never left the machine."""


@dataclass
class _State:
    originals: dict[str, Callable[..., Any]] = field(default_factory=dict)
    current: str = "<outside a test>"
    violations: list[tuple[str, str]] = field(default_factory=list)  # (test id, destination)
    expecting: list[list[str]] = field(default_factory=list)
    own_name: str = ""


STATE = _State()


def describe(address: Any) -> str:
    """``host:port`` (``[v6]:port``) for an address tuple, the repr of anything else."""
    if isinstance(address, tuple) and len(address) >= 2:
        host = address[0].decode() if isinstance(address[0], bytes) else str(address[0])
        return f"[{host}]:{address[1]}" if ":" in host else f"{host}:{address[1]}"
    return repr(address)


def is_local_host(host: Any) -> bool:
    """Whether ``host`` (an IP literal or a name) is loopback; names other than localhost are not."""
    if host is None or host in ("", b""):
        return True
    text = host.decode(errors="replace") if isinstance(host, bytes) else str(host)
    try:
        ip = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return text.lower().rstrip(".") in LOCAL_NAMES
    mapped = getattr(ip, "ipv4_mapped", None)
    return bool(ip.is_loopback or (mapped is not None and mapped.is_loopback))


def is_local_address(family: int, address: Any) -> bool:
    """Whether a socket address of ``family`` stays on this machine."""
    if family in LOCAL_FAMILIES or isinstance(address, (str, bytes)):
        return True
    return isinstance(address, tuple) and len(address) >= 2 and is_local_host(address[0])


def _refuse(destination: str, how: str) -> NetworkBlocked:
    message = f"netguard: {STATE.current} tried to {how} {destination}; {ALLOWED}"
    if STATE.expecting:
        STATE.expecting[-1].append(destination)
    else:
        STATE.violations.append((STATE.current, f"{how} {destination}"))
    return NetworkBlocked(message)


def _check(sock: socket.socket, address: Any, how: str) -> None:
    if not is_local_address(sock.family, address):
        raise _refuse(describe(address), how)


def _connect(self: socket.socket, address: Any) -> None:
    _check(self, address, "connect to")
    STATE.originals["connect"](self, address)


def _connect_ex(self: socket.socket, address: Any) -> int:
    _check(self, address, "connect to")
    result: int = STATE.originals["connect_ex"](self, address)
    return result


def _sendto(self: socket.socket, data: Any, *args: Any) -> int:
    _check(self, args[-1], "send a datagram to")
    result: int = STATE.originals["sendto"](self, data, *args)
    return result


def _sendmsg(self: socket.socket, buffers: Any, *args: Any) -> int:
    if len(args) >= 3 and args[2] is not None:
        _check(self, args[2], "send a message to")
    result: int = STATE.originals["sendmsg"](self, buffers, *args)
    return result


def _getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
    if not is_local_host(host) and not _is_ip_literal(host):
        raise _refuse(describe((host, port)), "look up")
    return STATE.originals["getaddrinfo"](host, port, *args, **kwargs)


def _by_name(original: str) -> Callable[..., Any]:
    """A ``gethostby*`` replacement: loopback, IP literals and this machine's own name only."""

    def lookup(host: Any, *args: Any) -> Any:
        own = bool(STATE.own_name) and str(host).lower() == STATE.own_name
        if not own and not is_local_host(host) and not (original != "gethostbyaddr" and _is_ip_literal(host)):
            raise _refuse(str(host), "look up")
        return STATE.originals[original](host, *args)

    return lookup


def _create_connection(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
    if not is_local_host(address[0]):
        raise _refuse(describe(address), "connect to")
    sock: socket.socket = STATE.originals["create_connection"](address, *args, **kwargs)
    return sock


def _is_ip_literal(host: Any) -> bool:
    text = host.decode(errors="replace") if isinstance(host, bytes) else str(host)
    try:
        ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return False
    return True  # resolving a literal needs no DNS; connecting to it is checked at connect time


_METHODS = {"connect": _connect, "connect_ex": _connect_ex, "sendto": _sendto, "sendmsg": _sendmsg}
_FUNCTIONS = {"getaddrinfo": _getaddrinfo, "create_connection": _create_connection,
              **{name: _by_name(name) for name in ("gethostbyname", "gethostbyname_ex", "gethostbyaddr")}}


def install() -> None:
    """Patch the socket module (idempotent)."""
    if STATE.originals:
        return
    STATE.own_name = socket.gethostname().lower()  # smtplib's getfqdn() asks about this machine
    for name, replacement in _METHODS.items():
        STATE.originals[name] = getattr(socket.socket, name)
        setattr(socket.socket, name, replacement)
    for name, replacement in _FUNCTIONS.items():
        STATE.originals[name] = getattr(socket, name)
        setattr(socket, name, replacement)


def uninstall() -> None:
    """Restore the socket module."""
    for name in _METHODS:
        if name in STATE.originals:
            setattr(socket.socket, name, STATE.originals[name])
    for name in _FUNCTIONS:
        if name in STATE.originals:
            setattr(socket, name, STATE.originals[name])
    STATE.originals.clear()


def installed() -> bool:
    """Whether the guard is active."""
    return socket.socket.connect is _connect and socket.getaddrinfo is _getaddrinfo  # type: ignore[comparison-overlap]


@contextlib.contextmanager
def expect_blocked() -> Iterator[list[str]]:
    """Within the block, refused destinations are collected in the yielded list instead of failing the test.

    Only for tests of the guard itself.
    """
    caught: list[str] = []
    STATE.expecting.append(caught)
    try:
        yield caught
    finally:
        STATE.expecting.remove(caught)


def pytest_configure(config: pytest.Config) -> None:
    install()


def pytest_unconfigure(config: pytest.Config) -> None:
    uninstall()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, None, None]:
    STATE.current = f"test {item.nodeid}"
    try:
        yield
    finally:
        STATE.current = "<outside a test>"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, None]:
    outcome = yield
    mine = [v for v in STATE.violations if v[0] == f"test {item.nodeid}"]
    if not mine:
        return
    STATE.violations[:] = [v for v in STATE.violations if v not in mine]
    report: pytest.TestReport = outcome.get_result()
    lines = [f"netguard: test {item.nodeid} tried to {what}; {ALLOWED}" for _, what in mine]
    report.sections.append(("netguard", "\n".join(lines)))
    if report.outcome != "failed":
        report.outcome = "failed"
        report.longrepr = "\n".join(lines)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if STATE.violations:
        for who, what in STATE.violations:
            print(f"\nnetguard: {who} tried to {what}; {ALLOWED}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
