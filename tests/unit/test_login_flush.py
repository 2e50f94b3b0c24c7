"""Login throttling that cannot be flushed: a locked user name stays locked
whatever other names and addresses do, and correct logins made at the same
moment all get in (an attempt counts only once it has failed)."""
from __future__ import annotations

import asyncio
import urllib.parse

from qa.web.throttle import LoginThrottle, NameLocks, ThrottleSettings
from helpers import login_app


async def post_login(app, address: str, user: str, password: str) -> int:
    """One POST /login straight through the ASGI app (no HTTP client: 11,000 of them take seconds)."""
    body = urllib.parse.urlencode({"username": user, "password": password}).encode()
    scope = {"type": "http", "method": "POST", "path": "/login", "raw_path": b"/login", "query_string": b"",
             "headers": [(b"content-type", b"application/x-www-form-urlencoded"),
                         (b"content-length", str(len(body)).encode()), (b"host", b"t")],
             "client": (address, 1234), "server": ("t", 80), "scheme": "http", "http_version": "1.1",
             "root_path": "", "asgi": {"version": "3.0"}}
    sent = False

    async def receive():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.sleep(3600)

    status = 0

    async def send(message):
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


def test_eleven_thousand_failures_from_rotating_addresses_leave_the_lock_in_place():
    app = LoginThrottle(login_app(), ThrottleSettings(attempts=5, window=900, lockout=900))

    async def attack():
        first = [await post_login(app, "10.0.0.1", "boss", "wrong") for _ in range(5)]
        later = await post_login(app, "10.9.9.9", "boss", "right")
        flood = []
        for i in range(11_000):  # new address and new name each time: the old table dropped the oldest
            address = f"172.{16 + i // 65536}.{i // 256 % 256}.{i % 256}"
            flood.append(await post_login(app, address, f"guess{i}", "wrong"))
        after = await post_login(app, "10.8.8.8", "boss", "right")
        return first, later, flood, after

    first, later, flood, after = asyncio.run(attack())
    assert first == [400] * 5 and later == 429
    # one failure each: no address or name of theirs is locked, but for a name that hashes into the
    # locked name's slot of the fixed table (11,000 names in 65,536 slots: in about one run in six), or
    # into a slot five earlier guesses already filled (in about one run in fifteen): what the table says
    expected, failures = [], {}
    for i in range(11_000):
        slot = app.names.slot(f"guess{i}")
        if slot == app.names.slot("boss") or failures.get(slot, 0) >= 5:
            expected.append(429)
        else:
            expected.append(400)
            failures[slot] = failures.get(slot, 0) + 1
    assert flood == expected
    assert expected.count(429) <= 20  # (a handful at most: the flood is not what locks them)
    assert after == 429  # still locked: the flood did not push the lock out
    assert len(app.names) <= app.names.slots


def test_name_locks_are_fixed_in_size():
    locks = NameLocks(ThrottleSettings(attempts=3), slots=64)
    for i in range(5000):
        locks.failed(f"name{i}")
    assert len(locks) <= 64


def test_twenty_simultaneous_correct_logins_all_get_in():
    app = LoginThrottle(login_app(), ThrottleSettings(attempts=5, window=900, lockout=900))

    async def office():
        return await asyncio.gather(*(post_login(app, "10.0.0.5", "office", "right") for _ in range(20)))

    assert asyncio.run(office()) == [200] * 20


def test_simultaneous_guesses_still_stop_at_the_count():
    app = LoginThrottle(login_app(), ThrottleSettings(attempts=3, window=900, lockout=900))

    async def burst():
        # the same name from twenty addresses at once, then the right password
        codes = await asyncio.gather(*(post_login(app, f"10.1.0.{i}", "boss", "w") for i in range(20)))
        return codes, await post_login(app, "10.2.0.1", "boss", "right")

    codes, right = asyncio.run(burst())
    assert codes.count(400) == 3 and codes.count(429) == 17
    assert right == 429


def test_the_compose_file_trusts_exactly_its_proxy():
    import yaml
    from pathlib import Path

    from qa.settings import Settings

    compose = yaml.safe_load((Path(__file__).resolve().parents[2] / "deploy" / "docker-compose.yml")
                             .read_text(encoding="utf-8"))
    services = compose["services"]
    proxy_ip = services["proxy"]["networks"]["qa"]["ipv4_address"]
    for app in ("app1", "app2"):
        trusted = services[app]["environment"]["QA_TRUSTED_PROXIES"]
        assert Settings.load({"QA_TRUSTED_PROXIES": trusted}).trusted_proxies == (f"{proxy_ip}/32",)
        assert "qa" in services[app]["networks"] and "default" in services[app]["networks"]


def test_the_proxy_passes_the_host_with_its_port():
    """The page's writes carry Origin http://host:8080; the app compares it with Host."""
    from pathlib import Path

    conf = (Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert "proxy_set_header Host $http_host;" in conf
