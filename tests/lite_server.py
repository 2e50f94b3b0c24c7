"""A milvus-lite server in its own process, bound to 127.0.0.1, for the tests
that need several processes on one Milvus (a .db file opens in one process only)."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

from helpers import free_port
from qa.testing import stop_process


class LiteServer:
    def __init__(self, data_dir: Path) -> None:
        self.port = free_port()
        self.uri = f"http://127.0.0.1:{self.port}"
        self.log = Path(data_dir).with_suffix(".log")
        with open(self.log, "wb") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "milvus_lite", "server", "--data-dir", str(data_dir),
                 "--host", "127.0.0.1", "--port", str(self.port)], stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"milvus-lite server did not start: {self.log.read_text()[-2000:]}")
                time.sleep(0.2)

    def stop(self) -> None:
        stop_process(self.proc, timeout=15)
