"""scripts/soak.py: its verdict on a memory series and its bounds."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import soak  # noqa: E402


def test_verdict_tells_a_plateau_from_steady_growth():
    levelled = soak.verdict([436, 484, 505, 516, 538, 565, 571, 567, 575, 596, 583])
    assert levelled["flat"] and levelled["second_half_growth_mib"] == pytest.approx(18.0)
    growing = soak.verdict([436, 488, 506, 520, 534, 555, 561, 582, 605, 622, 632])
    assert not growing["flat"] and growing["second_half_growth_mib"] == pytest.approx(77.0)


@pytest.mark.parametrize("argv", [["--rounds", "0"], ["--rounds", "51"], ["--clients", "500"],
                                  ["--questions", "0"]])
def test_soak_refuses_unbounded_runs(argv, capsys):
    with pytest.raises(SystemExit) as caught:
        soak.main(argv)
    assert caught.value.code == 2 and "must be" in capsys.readouterr().err


def test_rss_of_this_process_is_read():
    import mmap
    import os

    import psutil

    before = soak.rss_mib(os.getpid())
    assert abs(before - psutil.Process().memory_info().rss / 2**20) < 16  # what the kernel says, within a page table
    # 64 MiB of fresh pages (an anonymous mapping, not memory the allocator may
    # already hold), each one written to: that much more is resident
    ballast = mmap.mmap(-1, 64 * 2**20)
    for offset in range(0, len(ballast), mmap.PAGESIZE):
        ballast[offset] = 1
    assert soak.rss_mib(os.getpid()) - before > 48
    ballast.close()
