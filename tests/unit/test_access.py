"""Who can reach the page and what a request can get from it: loopback by
default, a login from the environment, no files read, no uploads taken; and
the page's HTTP API under odd questions and a small load run.

Here only what runs in-process; the tests with a process, a server or the
real model are in tests/integration/test_access_e2e.py."""
from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

from qa.errors import AccessRefused, BadSetting
from qa.web.page import is_loopback, login_for

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
import app  # noqa: E402


# -- address and login ----------------------------------------------------------------

@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"])
def test_loopback_needs_no_login(host):
    assert is_loopback(host)
    assert login_for(host, environ={}) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "10.0.0.5", "office-server"])
def test_other_addresses_are_refused_without_a_login(host):
    assert not is_loopback(host)
    with pytest.raises(AccessRefused, match="QA_USER and QA_PASSWORD.*--no-auth"):
        login_for(host, environ={})


def test_no_auth_serves_open_with_a_warning(caplog):
    with caplog.at_level(logging.WARNING, logger="qa.web.page"):
        assert login_for("0.0.0.0", no_auth=True, environ={}) is None
    assert "without a login" in caplog.text and "QA_USER" in caplog.text


def test_login_comes_from_the_environment():
    env = {"QA_USER": "wenmi", "QA_PASSWORD": "s3cret"}
    assert login_for("0.0.0.0", environ=env) == ("wenmi", "s3cret")
    assert login_for("127.0.0.1", environ=env) == ("wenmi", "s3cret")  # asked for, so required everywhere
    assert login_for("0.0.0.0", no_auth=True, environ=env) == ("wenmi", "s3cret")
    with pytest.raises(BadSetting, match="both"):
        login_for("127.0.0.1", environ={"QA_USER": "wenmi"})
    with pytest.raises(BadSetting, match="both"):
        login_for("127.0.0.1", environ={"QA_PASSWORD": "s3cret"})


def test_app_refuses_an_open_network_address_before_loading_anything(monkeypatch, capsys, tmp_path):
    monkeypatch.delenv("QA_USER", raising=False)
    monkeypatch.delenv("QA_PASSWORD", raising=False)
    monkeypatch.setattr(app, "index_for", lambda *a, **k: pytest.fail("must not start"))
    assert app.main(["--host", "0.0.0.0", "--index", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("app.py: refusing to serve on 0.0.0.0 without a login")
    assert "QA_USER" in err and "--no-auth" in err
    assert app.load_settings(app.parse_args([])).host == "127.0.0.1" and app.parse_args([]).no_auth is False
