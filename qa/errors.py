"""The one family of errors the package raises on purpose.

Raised deep, translated at the edge: each error carries the data a front end
needs (the index folder, the file, the setting), and its ``str()`` is the
English line the CLI prints. The page writes its own Chinese sentence from
the same data (qa/web/status.py).

    try:
        index = qa.open_index("index")
    except qa.IndexMissing as exc:
        print(exc.rebuild)      # python scripts/build_index.py --index index
    except qa.QAError as exc:
        print(exc)              # one line, says what to do
"""
from __future__ import annotations

from pathlib import Path


class QAError(Exception):
    """Base of every error the package raises on purpose: catch this one."""


# -- the index -----------------------------------------------------------------

class IndexProblem(QAError):
    """The index cannot be used; rebuilding it is the cure.

    ``folder`` is the index folder (the one holding CURRENT), ``problem`` what
    is wrong, in English, without the cure, ``rebuild`` the command that
    cures it (qa.settings.rebuild_command)."""

    def __init__(self, folder: Path | str, problem: str, rebuild: str) -> None:
        self.folder, self.problem, self.rebuild = Path(folder), problem, rebuild
        super().__init__(f"{problem}; rebuild it with: {rebuild}")


class IndexMissing(IndexProblem):
    """No index has been built in the folder (or CURRENT names no build)."""


class IndexCorrupt(IndexProblem):
    """A build is there but cannot be read: a file missing, damaged or inconsistent."""


class EmbedderMismatch(IndexProblem):
    """The index was built with another embedder than the one configured."""

    def __init__(self, folder: Path | str, manifest: Path | str, built_with: str | None, configured: str,
                 rebuild: str) -> None:
        self.built_with, self.configured = built_with, configured
        super().__init__(folder, f"index {manifest} was built with embedder '{built_with}', "
                                 f"but '{configured}' is configured", rebuild)

    def __str__(self) -> str:
        return f"{super().__str__()} (with the same --model / QA_MODEL as here)"


# -- the embedder ----------------------------------------------------------------

class EmbedderFailed(QAError):
    """The configured embedder cannot be loaded, or failed to embed."""


# -- documents and builds ----------------------------------------------------------

class DocumentUnreadable(QAError):
    """A document cannot be used; ``file`` names it, ``reason`` says why."""

    def __init__(self, file: str, reason: str = "") -> None:
        self.file, self.reason = file, reason
        super().__init__(f"{file}: {reason}" if reason else file)


class BuildFailed(QAError):
    """The build could not run; the previous index is untouched."""


# -- settings and access ------------------------------------------------------------

class BadSetting(QAError, ValueError):
    """A flag or environment variable holds a value the program cannot use.

    ``name`` is the variable (QA_PORT) or flag (--port), ``accepts`` what it
    takes, ``value`` what it got."""

    def __init__(self, name: str, accepts: str, value: object) -> None:
        self.name, self.accepts, self.value = name, accepts, value
        super().__init__(f"{name}: expected {accepts}, got {value!r}")


class AccessRefused(QAError):
    """The page would be served to the network without a login nobody asked for."""


class StoreError(QAError):
    """The store (Milvus) cannot be reached, or does not hold what the index names.

    During a question the page says so in one Chinese line and the JSON API
    answers 503: the index is fine, the service it searches is not."""
