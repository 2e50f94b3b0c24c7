#!/usr/bin/env python
"""Does the app's memory level off under sessions? Rounds of load, memory after each.

    python scripts/soak.py [--index DIR] [--rounds 10] [--clients 40] [--questions 5]
                           [--login] [--round-time-limit 300] [--json]

Starts ``python app.py`` on 127.0.0.1 (as scripts/load_test.py does; the
bundled corpus is built into a temporary index when there is none), then
runs --rounds rounds of the load test against it: each round --clients new
sessions (new conversations, each with --questions questions). After each
round it reads the app's resident memory (RSS). With --login the app asks
for a login and every client logs in, so login tokens pile up as well.

Memory is judged flat when the last half of the rounds adds less than 5% (or
less than 25 MiB) to what the app held at the middle round. Bounded: at most
50 rounds of 200 clients, each round within --round-time-limit seconds.
Exit status 0 when flat and error-free, 1 otherwise, 2 when the app could
not be started.
"""
from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load_test  # noqa: E402

FLAT_SHARE, FLAT_MIB = 0.05, 25.0


def rss_mib(pid: int) -> float:
    """Resident memory of a process, from /proc (psutil elsewhere)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import psutil

    return psutil.Process(pid).memory_info().rss / 2**20


def verdict(memory: list[float]) -> dict:
    """Growth over the second half of the rounds, and whether that is flat."""
    middle = memory[len(memory) // 2]
    tail = memory[-1] - middle
    return {"start_mib": round(memory[0], 1), "middle_mib": round(middle, 1), "end_mib": round(memory[-1], 1),
            "second_half_growth_mib": round(tail, 1),
            "flat": tail < max(FLAT_SHARE * middle, FLAT_MIB)}


def soak(index: Path | None, rounds: int, clients: int, questions: int, login: bool,
         round_time_limit: float, log=print) -> dict:
    scratch = Path(tempfile.mkdtemp(prefix="qa-soak-"))
    saved = {k: os.environ.get(k) for k in ("QA_USER", "QA_PASSWORD")}
    auth = ("soak", secrets.token_hex(8)) if login else None
    if auth:
        os.environ["QA_USER"], os.environ["QA_PASSWORD"] = auth
    try:
        app = load_test.App(index, scratch, round_time_limit)
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    try:
        memory = [rss_mib(app.proc.pid)]
        log(f"app on {app.url}: {memory[0]:.0f} MiB before the first round")
        table = []
        for n in range(1, rounds + 1):
            figures = load_test.run(app.url, clients=clients, questions=questions, time_limit=round_time_limit,
                                    auth=auth)
            time.sleep(1)  # let the last replies be freed
            memory.append(rss_mib(app.proc.pid))
            row = {"round": n, "requests": figures["requests"], "errors": figures["errors"],
                   "p95_s": figures["latency_s"]["p95"], "rss_mib": round(memory[-1], 1)}
            table.append(row)
            log(f"round {n:2d}: {row['requests']} questions, {row['errors']} errors, p95 {row['p95_s']:.2f} s, "
                f"RSS {row['rss_mib']:.0f} MiB")
        return {"rounds": table, "sessions": rounds * clients, "login": login, **verdict(memory)}
    finally:
        app.stop()
        shutil.rmtree(scratch, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=None, help="index for the app (default: $QA_INDEX or ./index)")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--clients", type=int, default=40, help="new sessions each round")
    parser.add_argument("--questions", type=int, default=5, help="questions per session")
    parser.add_argument("--login", action="store_true", help="require a login; every client logs in")
    parser.add_argument("--round-time-limit", type=float, default=300)
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args(argv)
    if not (1 <= args.rounds <= 50 and 1 <= args.clients <= 200 and 1 <= args.questions <= 100):
        parser.error("--rounds must be 1..50, --clients 1..200, --questions 1..100")
    try:
        result = soak(args.index, args.rounds, args.clients, args.questions, args.login, args.round_time_limit,
                      log=(lambda *a: print(*a, file=sys.stderr, flush=True)) if args.json else print)
    except RuntimeError as exc:
        print(f"soak.py: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result))
    else:
        print(f"memory: {result['start_mib']:.0f} MiB at start, {result['middle_mib']:.0f} at round "
              f"{args.rounds // 2}, {result['end_mib']:.0f} at the end: "
              f"{'flat' if result['flat'] else 'still growing'} "
              f"({result['second_half_growth_mib']:+.0f} MiB over the second half)")
    errors = sum(r["errors"] for r in result["rounds"])
    return 0 if result["flat"] and not errors else 1


if __name__ == "__main__":
    raise SystemExit(main())
