"""Every setting: a bad value stops the CLI and app.py with exit 2 and one
line naming the variable and what it accepts; good values are used."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from qa import cli, settings
from qa.cache import LRU
from qa.errors import BadSetting
from qa.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import app  # noqa: E402

# variable → (a bad value, words of what it accepts)
BAD = {
    "QA_INDEX": ("{file}", "a folder"),
    "QA_DOCS": ("{file}", "a folder"),
    "QA_MODEL": ("bad\tname", "a model name or a folder"),
    "QA_HOST": ("0.0.0.0 8080", "a host name or address"),
    "QA_PORT": ("abc", "an integer 1–65535"),
    "QA_SYNONYMS": ("{missing}", "an existing text file"),
    "QA_OFF_TOPIC": ("{missing}", "an existing text file"),
    "QA_HNSW_THRESHOLD": ("-5", "an integer ≥ 0"),
    "QA_QUERY_CACHE": ("lots", "an integer ≥ 0"),
    "QA_CONCURRENCY": ("0", "an integer 1–256"),
    "QA_MAX_DOC_BYTES": ("50MB", "an integer ≥ 1"),
    "QA_MAX_DOC_CHARS": ("0", "an integer ≥ 1"),
    "QA_MAX_PARSE_SECONDS": ("soon", "a positive number of seconds"),
    "QA_OCR": ("sometimes", "1 or 0"),
    "QA_MAX_BODY_BYTES": ("100", "an integer ≥ 1024"),
    "QA_LOGIN_ATTEMPTS": ("0", "an integer ≥ 1"),
    "QA_LOGIN_WINDOW": ("a while", "an integer ≥ 1"),
    "QA_LOGIN_LOCKOUT": ("-1", "an integer ≥ 1"),
    "QA_SESSIONS": ("many", "an integer ≥ 1"),
    "QA_SESSION_IDLE": ("0", "an integer ≥ 1"),
    "QA_LOGIN_TTL": ("1.5", "an integer ≥ 1"),
    "QA_API_TOKEN": ("short", "tokens of at least 16 characters"),
    "QA_API_REQUIRE_AUTH": ("maybe", "1 or 0"),
    "QA_API_WORKERS": ("many", "an integer ≥ 0"),
    "QA_KNOWLEDGE": ("policies", "id=folder pairs"),
    "QA_DIFY_PREFIX": ("dify", "a URL path such as /dify"),
    "QA_MCP_MAX_CHARS": ("100", "an integer ≥ 1000"),
    "QA_STORE": ("postgres", "faiss or milvus"),
    "QA_MILVUS_URI": ("http://a b", "a Milvus address or a .db path"),
    "QA_MILVUS_TOKEN": ("bad\ttoken", "a token without control characters"),
    "QA_SOFFICE": ("bad\tname", "a program name or path"),
    "QA_TRUSTED_PROXIES": ("nginx", "IP addresses or networks"),
    "QA_ALLOWED_ORIGINS": ("evil.example.org", "origins like https://"),
    "QA_ALLOWED_HOSTS": ("a host", "host names like"),
    "QA_MAX_CONNECTIONS": ("3", "an integer ≥ 8"),
    "QA_HEADER_TIMEOUT": ("0", "a positive number of seconds"),
    "QA_KEEP_ALIVE": ("forever", "a positive number of seconds"),
    "QA_USER": ("wenmi", "a value when QA_USER is set"),  # without QA_PASSWORD: names the missing one
    "QA_PASSWORD": ("s3cret", "a value when QA_PASSWORD is set"),
}
NAMED = {"QA_USER": "QA_PASSWORD", "QA_PASSWORD": "QA_USER"}  # the variable the message names


def test_every_setting_has_a_case():
    assert set(BAD) == set(settings.variables())


def bad_value(var: str, tmp_path: Path) -> str:
    (tmp_path / "a-file.txt").write_text("x", encoding="utf-8")
    return BAD[var][0].format(file=tmp_path / "a-file.txt", missing=tmp_path / "missing.txt")


@pytest.mark.parametrize("var", sorted(BAD))
def test_bad_setting_stops_the_cli_with_one_line(var, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(var, bad_value(var, tmp_path))
    for command in (["ask", "疫苗"], ["outline"], ["build", "--quiet"]):
        assert cli.main(command) == 2
        out, err = capsys.readouterr()
        assert out == "" and len(err.strip().splitlines()) == 1, err
        assert err.startswith(f"qa {command[0]}: {NAMED.get(var, var)}: expected {BAD[var][1]}")


@pytest.mark.parametrize("var", sorted(BAD))
def test_bad_setting_stops_the_app_with_one_line(var, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(var, bad_value(var, tmp_path))
    monkeypatch.setattr(app, "index_for", lambda *a, **k: pytest.fail("the app went on past a bad setting"))
    assert app.main([]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert err.startswith(f"app.py: {NAMED.get(var, var)}: expected {BAD[var][1]}")


@pytest.mark.parametrize("flag, value, accepts", [("--port", "70000", "an integer 1–65535"),
                                                  ("--host", "a b", "a host name")])
def test_bad_app_flag_is_named_as_the_flag(flag, value, accepts, capsys):
    assert app.main([flag, value]) == 2
    assert capsys.readouterr().err.startswith(f"app.py: {flag}: expected {accepts}")


def test_defaults_environment_and_flags(tmp_path):
    (tmp_path / "syn.txt").write_text("a = b\n", encoding="utf-8")
    assert Settings.load({}) == Settings()
    env = {"QA_INDEX": str(tmp_path / "i"), "QA_DOCS": str(tmp_path / "d"), "QA_MODEL": "my-model",
           "QA_HOST": "0.0.0.0", "QA_PORT": "8000", "QA_SYNONYMS": str(tmp_path / "syn.txt"),
           "QA_OFF_TOPIC": str(tmp_path / "syn.txt"), "QA_HNSW_THRESHOLD": "0", "QA_QUERY_CACHE": "0",
           "QA_CONCURRENCY": "3", "QA_USER": "u", "QA_PASSWORD": "p"}
    s = Settings.load(env)
    assert (s.index, s.docs, s.model, s.host, s.port) == (tmp_path / "i", tmp_path / "d", "my-model", "0.0.0.0", 8000)
    assert (s.synonyms, s.off_topic) == (tmp_path / "syn.txt", tmp_path / "syn.txt")
    assert (s.hnsw_threshold, s.query_cache, s.concurrency, s.user, s.password) == (0, 0, 3, "u", "p")
    # flags win; an empty variable counts as unset
    s = Settings.load({**env, "QA_PORT": ""}, port=9000, index=tmp_path / "j")
    assert (s.port, s.index) == (9000, tmp_path / "j")
    assert Settings.load({"QA_PORT": ""}).port == settings.DEFAULT_PORT
    with pytest.raises(dataclass_frozen_error()):
        s.port = 1


def dataclass_frozen_error():
    from dataclasses import FrozenInstanceError

    return FrozenInstanceError


def test_bad_setting_error_carries_its_data():
    with pytest.raises(BadSetting) as err:
        Settings.load({"QA_PORT": "0"})
    assert (err.value.name, err.value.accepts, err.value.value) == ("QA_PORT", "an integer 1–65535", "0")
    assert str(err.value) == "QA_PORT: expected an integer 1–65535, got '0'"


def test_settings_reach_the_parts_that_use_them(tmp_path, monkeypatch, make_index):
    """Read once by the entry point (Settings.load) and passed down: QA_MODEL picks
    the embedder, QA_QUERY_CACHE sizes the question cache, QA_HNSW_THRESHOLD the
    vector index, QA_OFF_TOPIC/QA_SYNONYMS the files."""
    import qa
    from qa.api import index_for
    from qa.indexing import dense, embedding
    from qa.settings import Settings

    calls = []
    monkeypatch.setattr(embedding, "_EMBEDDERS", LRU(4))
    monkeypatch.setattr(embedding, "SentenceTransformerEmbedder", lambda name: calls.append(name) or "model")
    monkeypatch.setenv("QA_MODEL", "my-local-model")
    assert index_for(Settings.load()).service.embedder == "model" and calls == ["my-local-model"]
    monkeypatch.delenv("QA_MODEL")

    built = make_index({"a.txt": "关于防汛的讲话\n第一，要加强监测预警。\n第二，要做好转移安置。\n"})
    embedder = built.qa.service.embedder
    monkeypatch.setenv("QA_HNSW_THRESHOLD", "2")
    qa.build_index(built.docs, tmp_path / "graph", embedder=embedder)
    assert dense.index_kind(qa.open_index(tmp_path / "graph", embedder=embedder).build.store.vectors) == "hnsw"
    monkeypatch.setenv("QA_HNSW_THRESHOLD", "50")
    qa.build_index(built.docs, tmp_path / "flat", embedder=embedder)
    assert dense.index_kind(qa.open_index(tmp_path / "flat", embedder=embedder).build.store.vectors) == "exact"

    off_topic, synonyms = tmp_path / "off.txt", tmp_path / "syn.txt"
    off_topic.write_text("天气怎么样\n", encoding="utf-8")
    synonyms.write_text("撤离 = 转移\n", encoding="utf-8")
    monkeypatch.setenv("QA_QUERY_CACHE", "0")
    monkeypatch.setenv("QA_OFF_TOPIC", str(off_topic))
    monkeypatch.setenv("QA_SYNONYMS", str(synonyms))
    index = qa.open_index(built.index, embedder=embedder)
    pipeline = index.pipeline
    assert pipeline.embedder.size == 0
    assert (pipeline.off_topic_path, pipeline.synonyms_path) == (off_topic, synonyms)
    assert index.ask("撤离").query.expansions == ["转移"]


def test_cli_ask_takes_a_model(make_index, capsys, monkeypatch):
    import qa.service

    built = make_index({"a.txt": "关于防汛的讲话\n第一，要加强监测预警。\n"})
    asked = []
    monkeypatch.setattr(qa.service, "load_embedder", lambda name=None: asked.append(name) or built.qa.service.embedder)
    assert cli.main(["ask", "--json", "--index", str(built.index), "--model", "other-model", "防汛"]) == 0
    assert asked == ["other-model"]
