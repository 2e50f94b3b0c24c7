"""Origins, hosts, logout, the API's content type, QA_API_REQUIRE_AUTH over
Gradio's routes, trusted proxies and the connection limits: each against a
page served the way app.py serves it (qa.web.server.launch), on 127.0.0.1.

Here only what runs in-process; the tests with a process, a server or the
real model are in tests/integration/test_origins_hosts_e2e.py."""
from __future__ import annotations

from dataclasses import replace

import pytest

from qa.web.server import ServerOptions, host_allowed


# -- hosts ---------------------------------------------------------------------------

@pytest.mark.parametrize("host,ok", [("127.0.0.1:7860", True), ("localhost", True), ("[::1]:7860", True),
                                     ("qa.example.org", True), ("attacker.example", False),
                                     ("127.0.0.1.attacker.example", False), ("", False)])
def test_host_rule(host, ok):
    assert host_allowed(host, ServerOptions(host="127.0.0.1", allowed_hosts=("qa.example.org",))) is ok


def test_a_wildcard_address_takes_ip_hosts_but_only_listed_names():
    wild = ServerOptions(host="0.0.0.0")
    assert host_allowed("192.168.1.20:7860", wild) and not host_allowed("rebound.example", wild)
    assert not host_allowed("192.168.1.20", replace(wild, allowed_hosts=("qa.example.org",)))


def test_repeated_log_lines_are_rate_limited():
    import logging

    from qa.web.server import LogLimit

    now = [0.0]
    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record.getMessage())

    handler = Keep()
    handler.addFilter(LogLimit(per_minute=20, clock=lambda: now[0]))
    logger = logging.getLogger("test.flood")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        for i in range(10_000):  # "Too many open files", once per refused connection
            logger.error("accept failed: %s", f"Too many open files ({i})")
        logger.warning("another message")
        assert len(records) == 21
        now[0] = 61
        logger.error("accept failed: %s", "Too many open files (again)")
        assert "9980 more like this" in records[-1]
    finally:
        logger.removeHandler(handler)
