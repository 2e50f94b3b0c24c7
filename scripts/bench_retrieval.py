#!/usr/bin/env python
"""How fast Dify's external knowledge API (POST /retrieval) answers, next to the search itself, in one run.

    python scripts/bench_retrieval.py [--index DIR] [--clients 16] [--questions 20] [--threads 2]
                                      [--rounds 4] [--time-limit 300] [--json]

Starts the app (``python app.py`` on 127.0.0.1 and a free port, as
scripts/bench_api.py does: on --index or $QA_INDEX, or the bundled corpus
built into a temporary folder when that holds no index), then measures, in
--rounds rounds, each run taking each place in turn (in-process first, then /retrieval first, …):

1. in-process: qa.Index.ask(...).to_dict() in this process on --threads threads;
2. /retrieval: --clients concurrent clients, each posting its questions in
   turn as Dify does ({"knowledge_id": "default", "query", "retrieval_setting":
   {"top_k": 5, "score_threshold": 0}}; httpx, one connection each);
3. with --api, also POST /api/ask the same way, for comparison (the JSON API).

Each run asks its own wording of the evaluation questions, so neither gets
vectors the other cached. Reported: questions/s, latency p50/p95, errors (a
failed request, a status other than 200, a reply without a records list),
the app's CPU per question, and /retrieval's throughput as a share of the
in-process one (target: ≥ 0.75 with 0 errors). Exit status 0 when there was
no error, 1 otherwise, 2 when the app could not be started.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_api import (  # noqa: E402
    API_VARIANT,
    INPROCESS_VARIANT,
    Tally,
    in_process,
    in_process_service,
    line,
    part,
    post_in_turn,
    through_api,
    with_app,
    wordings,
)
from load_test import App  # noqa: E402


def through_retrieval(app: App, per_client: list[list[str]], timeout: float, deadline: float, tally: Tally,
                      headers: dict) -> None:
    """Each client posts its questions in turn to /retrieval, as Dify does."""
    post_in_turn(app, per_client, timeout, deadline, tally, "retrieval",
                 lambda q: {"knowledge_id": "default", "query": q,
                            "retrieval_setting": {"top_k": 5, "score_threshold": 0.0}},
                 lambda body: isinstance(body.get("records"), list), headers)


def measure(app: App, args) -> dict:
    total = args.clients * args.questions
    index = Path(app.proc.args[app.proc.args.index("--index") + 1])
    service = in_process_service(index)
    local_questions = wordings(total, INPROCESS_VARIANT)
    remote_questions = wordings(total, API_VARIANT)
    per_client = [remote_questions[c::args.clients] for c in range(args.clients)]
    deadline = time.monotonic() + args.time_limit
    tokens = [t for t in os.environ.get("QA_API_TOKEN", "").split(",") if t.strip()]
    headers = {"Authorization": f"Bearer {tokens[0].strip()}"} if tokens else {}
    api_questions = wordings(total, API_VARIANT + 2)
    api_per_client = [api_questions[c::args.clients] for c in range(args.clients)]
    local, remote, api = Tally(), Tally(), Tally()
    for r in range(args.rounds):
        runs = [lambda: in_process(service, part(local_questions, r, args.rounds), args.threads, local),
                lambda: through_retrieval(app, [part(qs, r, args.rounds) for qs in per_client], args.timeout,
                                          deadline, remote, headers)]
        if args.api:
            runs.append(lambda: through_api(app, [part(qs, r, args.rounds) for qs in api_per_client], args.timeout,
                                            deadline, api))
        for run in runs[r % len(runs):] + runs[:r % len(runs)]:  # each run takes each place in turn
            run()
    results = {"clients": args.clients, "questions_per_client": args.questions, "threads": args.threads,
               "rounds": args.rounds, "cores": os.cpu_count(), "in_process": local.figures(),
               "retrieval": remote.figures()}
    if args.api:
        results["api"] = api.figures()
    if app.proc.poll() is not None:
        results["retrieval"]["errors"] += 1
        results["retrieval"]["error_samples"].append(f"the app exited with status {app.proc.returncode}")
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=None, help="index (default: $QA_INDEX or ./index)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent /retrieval clients")
    parser.add_argument("--questions", type=int, default=20, help="questions per client")
    parser.add_argument("--threads", type=int, default=2, help="threads of the in-process run")
    parser.add_argument("--rounds", type=int, default=4, help="rounds the two runs alternate in")
    parser.add_argument("--time-limit", type=float, default=300, help="seconds for all the /retrieval questions")
    parser.add_argument("--timeout", type=float, default=60, help="seconds for one question")
    parser.add_argument("--api", action="store_true", help="also measure POST /api/ask, for comparison")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args(argv)
    if not (1 <= args.clients <= 16 and 1 <= args.questions <= 1000 and 1 <= args.threads <= 64
            and 1 <= args.rounds <= args.questions):
        parser.error("--clients must be 1..16, --questions 1..1000, --threads 1..64, --rounds 1..--questions")

    results = with_app("bench_retrieval", args, measure)
    if results is None:
        return 2

    inproc, remote = results["in_process"]["throughput_per_s"], results["retrieval"]["throughput_per_s"]
    results["retrieval_share_of_in_process"] = round(remote / inproc, 2) if inproc else None
    results["target_met"] = bool(results["retrieval_share_of_in_process"]
                                 and results["retrieval_share_of_in_process"] >= 0.75
                                 and results["retrieval"]["errors"] == 0)
    errors = sum(results[k]["errors"] for k in ("in_process", "retrieval", "api") if k in results)
    if args.json:
        print(json.dumps(results, ensure_ascii=False))
    else:
        print(f"{args.clients} clients x {args.questions} questions; in-process on {args.threads} threads; "
              f"{os.cpu_count()} cores; {args.rounds} alternating rounds")
        print(line(f"in-process ({args.threads} threads)", results["in_process"]))
        print(line(f"/retrieval ({args.clients} clients)", results["retrieval"]))
        if args.api:
            print(line(f"/api/ask ({args.clients} clients)", results["api"]))
        print(f"/retrieval / in-process throughput: {results['retrieval_share_of_in_process']} "
              f"(target ≥ 0.75, 0 errors: {'met' if results['target_met'] else 'NOT met'})")
        for name in ("in_process", "retrieval"):
            for sample in results[name]["error_samples"]:
                print(f"  {name} error: {sample}")
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
