"""A second build in a real process, paused at a stage (tests/_build_helper.py)."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

HELPER = Path(__file__).resolve().parent / "_build_helper.py"


def start_paused_build(docs: Path, index: Path, stage: str, tmp_path: Path):
    """A real second process running a build, stopped at ``stage``."""
    sig = tmp_path / f"paused-{stage}"
    proc = subprocess.Popen([sys.executable, str(HELPER), str(docs), str(index), str(sig), stage],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not sig.exists():
        if proc.poll() is not None:
            pytest.fail(f"helper build ended early: {proc.communicate()}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("helper build never reached its pause")
        time.sleep(0.05)
    return proc, sig
