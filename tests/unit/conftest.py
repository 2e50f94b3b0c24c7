"""The unit tier stays honest: a test here that starts a process or listens on
a socket fails at once, naming where it belongs."""
from __future__ import annotations

import socket
import subprocess

import pytest

from qa.ingest import pdf_text_layer

MESSAGE = "unit tests start no process or server: move this test to tests/integration"


@pytest.fixture(autouse=True)
def no_process_or_server(monkeypatch):
    def no_process(self, *args, **kwargs):
        pytest.fail(f"{MESSAGE} (it started {args[0] if args else kwargs.get('args')!r})", pytrace=False)

    def no_listen(self, *args, **kwargs):
        pytest.fail(f"{MESSAGE} (it listened on {self.getsockname()!r})", pytrace=False)

    monkeypatch.setattr(subprocess.Popen, "__init__", no_process)
    # PDF text layers are read here in-process by pypdf; the PDFium child is tested in tests/integration
    monkeypatch.setattr(pdf_text_layer, "USE_CHILD", False)
    monkeypatch.setattr(socket.socket, "listen", no_listen)
