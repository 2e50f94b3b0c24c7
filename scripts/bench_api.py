#!/usr/bin/env python
"""How fast the JSON API answers, next to the search itself and the page, in one run.

    python scripts/bench_api.py [--index DIR] [--clients 16] [--questions 20] [--threads 2]
                                [--time-limit 300] [--json]

Starts the app (``python app.py`` on 127.0.0.1 and a free port, as
scripts/load_test.py does: on --index or $QA_INDEX, or the bundled corpus
built into a temporary folder when that holds no index), then measures, one
after the other:

1. in-process: qa.Index.ask(...).to_dict() in this process on --threads threads;
2. API: --clients concurrent clients, each asking --questions questions in turn
   through POST /api/ask (httpx; one connection each);
3. API again with the same questions (the app's question-vector cache warm);
4. page: the same load through the page's API (/gradio_api/call/ask + event
   stream), as scripts/load_test.py drives it.

Each of 1, 2 and 4 asks its own wording of the evaluation questions (another
请问…/…呢？ variant), so none gets vectors another one cached. Reported:
questions/s, latency p50/p95 (from sending a question to its reply), errors
(a failed request, a status other than 200, a reply without results), the
app's CPU per question, and the API's throughput as a share of the
in-process one (target: ≥ 0.75, 0 errors, p95 < 1 s with 16 clients).
Exit status 0 when there was no error, 1 otherwise, 2 when the app could
not be started.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from load_test import App, percentile, question_pool, report_text, variant  # noqa: E402
from load_test import run as page_run  # noqa: E402

# load_test.py words client c's questions with variant c (c < clients); the
# in-process and API runs take the last variants, so no two runs share a question.
INPROCESS_VARIANT, API_VARIANT = 16, 18


def wordings(count: int, first_variant: int) -> list[str]:
    """``count`` questions: the evaluation questions in wording ``first_variant``, then the next."""
    pool = question_pool(odd=False)
    return [variant(pool[i % len(pool)], first_variant + i // len(pool)) for i in range(count)]


@dataclass
class Tally:
    """What one way of asking added up over the rounds."""

    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    wall: float = 0.0
    cpu: float | None = 0.0  # the answering process's CPU seconds (None: not measurable)
    client_cpu: float | None = None  # the load generator's, when it is another process

    def figures(self) -> dict:
        n = len(self.latencies)
        out = {"requests": n, "errors": len(self.errors), "error_samples": sorted(set(self.errors))[:5],
               "wall_s": round(self.wall, 2), "throughput_per_s": round(n / self.wall, 2) if self.wall > 0 else 0.0,
               "latency_s": {name: round(percentile(self.latencies, q), 3) for name, q in
                             (("p50", 50), ("p95", 95), ("max", 100))}}
        if n and self.cpu is not None:
            out["cpu_ms_per_question"] = round(self.cpu / n * 1000, 1)
        if n and self.client_cpu is not None:
            out["client_cpu_ms_per_question"] = round(self.client_cpu / n * 1000, 1)
        return out


def own_cpu() -> float:
    return sum(os.times()[:2])


def in_process_service(index: Path):
    from qa.api import index_for
    from qa.settings import Settings

    service = index_for(Settings.load(index=index))  # QA_MODEL and the rest, read as app.py reads them
    service.reload()
    service.ask("疫情防控工作")  # the first question pays for loading, as the app's warm_up does
    return service


def in_process(service, questions: list[str], threads: int, tally: Tally) -> None:
    """The search itself: the library called from ``threads`` threads."""
    def one(question: str) -> tuple[float, str | None]:
        start = time.perf_counter()
        try:
            service.ask(question, k=5).to_dict()
            return time.perf_counter() - start, None
        except Exception as exc:
            return time.perf_counter() - start, f"{exc.__class__.__name__}: {exc}"[:200]

    cpu, started = own_cpu(), time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        done = list(pool.map(one, questions))
    tally.wall += time.perf_counter() - started
    tally.cpu += own_cpu() - cpu
    tally.latencies += [t for t, _ in done]
    tally.errors += [e for _, e in done if e]


def post_in_turn(app: App, per_client: list[list[str]], timeout: float, deadline: float, tally: Tally,
                 path: str, body, answered, headers: dict | None = None) -> None:
    """Each client (one connection) posts ``body(question)`` to ``path`` for its questions in turn;
    a reply is an error unless its status is 200 and ``answered(json)`` holds."""
    import asyncio

    import httpx

    async def client(http: httpx.AsyncClient, questions: list[str]) -> None:
        for question in questions:
            if time.monotonic() > deadline:
                tally.errors.append("time limit reached")
                continue
            start = time.perf_counter()
            try:
                r = await http.post(app.url + path, json=body(question))
                if r.status_code != 200 or not answered(r.json()):
                    tally.errors.append(f"{r.status_code}: {r.text[:200]}")
            except Exception as exc:
                tally.errors.append(f"{exc.__class__.__name__}: {exc}"[:200])
            tally.latencies.append(time.perf_counter() - start)

    async def main() -> None:
        clients = [httpx.AsyncClient(timeout=timeout, trust_env=False, headers=headers) for _ in per_client]
        try:
            for http in clients:  # connect first, so the clock measures questions only
                await http.get(app.url + "api/openapi.json")
            with app_cpu(app, tally):
                started = time.perf_counter()
                await asyncio.gather(*(client(http, qs) for http, qs in zip(clients, per_client)))
                tally.wall += time.perf_counter() - started
        finally:
            for http in clients:
                await http.aclose()

    asyncio.run(main())


def through_api(app: App, per_client: list[list[str]], timeout: float, deadline: float, tally: Tally) -> None:
    """Each client asks its questions in turn through POST /api/ask."""
    post_in_turn(app, per_client, timeout, deadline, tally, "api/ask", lambda q: {"question": q, "k": 5},
                 lambda body: isinstance(body.get("results"), list))


@contextmanager
def app_cpu(app: App, tally: Tally):
    """Adds the app's CPU seconds (and this process's, as the clients') over the block to ``tally``."""
    before, own = app.cpu_seconds(), own_cpu()
    yield
    after = app.cpu_seconds()
    tally.client_cpu = (tally.client_cpu or 0.0) + own_cpu() - own
    if before is None or after is None or tally.cpu is None:
        tally.cpu = None
    else:
        tally.cpu += after - before


def line(name: str, f: dict) -> str:
    lat = f["latency_s"]
    cpu = f" · CPU {f['cpu_ms_per_question']:.0f} ms/question" if "cpu_ms_per_question" in f else ""
    if "client_cpu_ms_per_question" in f:
        cpu += f" (+ {f['client_cpu_ms_per_question']:.0f} in the clients)"
    return (f"{name:<28} {f['throughput_per_s']:6.1f} questions/s · p50 {lat['p50'] * 1000:5.0f} ms · "
            f"p95 {lat['p95'] * 1000:5.0f} ms · {f['requests']} asked, {f['errors']} errors{cpu}")


def part(items: list, r: int, rounds: int) -> list:
    return items[r * len(items) // rounds:(r + 1) * len(items) // rounds]


def measure(app: App, args) -> dict:
    """The four runs against ``app``. The in-process and API runs alternate in
    --rounds rounds (in-process first, then API first, …), so a machine that
    gets busier or quieter during the run weighs on both alike."""
    total = args.clients * args.questions
    index = Path(app.proc.args[app.proc.args.index("--index") + 1])  # the one App serves (maybe built)
    service = in_process_service(index)
    local_questions = wordings(total, INPROCESS_VARIANT)
    api_questions = wordings(total, API_VARIANT)
    per_client = [api_questions[c::args.clients] for c in range(args.clients)]
    deadline = time.monotonic() + args.time_limit
    local, api, again, page_cpu = Tally(), Tally(), Tally(), Tally()
    for r in range(args.rounds):
        runs = [lambda: in_process(service, part(local_questions, r, args.rounds), args.threads, local),
                lambda: through_api(app, [part(qs, r, args.rounds) for qs in per_client], args.timeout, deadline, api)]
        for run in runs if r % 2 == 0 else runs[::-1]:
            run()
    through_api(app, per_client, args.timeout, deadline, again)  # every question's vector is cached now
    with app_cpu(app, page_cpu):
        page = page_run(app.url, args.clients, args.questions, args.time_limit, args.timeout, odd=False)
    if page_cpu.cpu is not None and page["requests"]:
        page["cpu_ms_per_question"] = round(page_cpu.cpu / page["requests"] * 1000, 1)
        page["client_cpu_ms_per_question"] = round(page_cpu.client_cpu / page["requests"] * 1000, 1)
    results = {"clients": args.clients, "questions_per_client": args.questions, "threads": args.threads,
               "rounds": args.rounds, "cores": os.cpu_count(), "api_workers": api_workers(),
               "in_process": local.figures(), "api": api.figures(), "api_repeated": again.figures(), "page": page}
    if app.proc.poll() is not None:
        results["api"]["errors"] += 1
        results["api"]["error_samples"].append(f"the app exited with status {app.proc.returncode}")
    return results


def api_workers() -> int:
    from qa.web.api import workers

    return workers()


def with_app(prog: str, args, measure) -> dict | None:
    """``measure(app, args)`` against an app.py started on ``args.index`` in a
    scratch folder, stopped and removed after; None (said on stderr) when it cannot start."""
    scratch = Path(tempfile.mkdtemp(prefix=f"qa-{prog.replace('_', '-')}-"))
    try:
        try:
            app = App(args.index, scratch, args.time_limit)
        except Exception as exc:
            print(f"{prog}: could not start the app: {exc}", file=sys.stderr)
            return None
        try:
            return measure(app, args)
        finally:
            app.stop()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=None, help="index (default: $QA_INDEX or ./index)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent API and page clients")
    parser.add_argument("--questions", type=int, default=20, help="questions per client")
    parser.add_argument("--threads", type=int, default=2, help="threads of the in-process run")
    parser.add_argument("--rounds", type=int, default=4, help="rounds the in-process and API runs alternate in")
    parser.add_argument("--time-limit", type=float, default=300, help="seconds for all the API questions")
    parser.add_argument("--timeout", type=float, default=60, help="seconds for one question")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args(argv)
    if not (1 <= args.clients <= 16 and 1 <= args.questions <= 1000 and 1 <= args.threads <= 64
            and 1 <= args.rounds <= args.questions):
        parser.error("--clients must be 1..16 (the page run words each client's questions its own way), "
                     "--questions 1..1000, --threads 1..64, --rounds 1..--questions")

    results = with_app("bench_api", args, measure)
    if results is None:
        return 2

    inproc, api = results["in_process"]["throughput_per_s"], results["api"]["throughput_per_s"]
    results["api_share_of_in_process"] = round(api / inproc, 2) if inproc else None
    results["target_met"] = bool(results["api_share_of_in_process"] and results["api_share_of_in_process"] >= 0.75
                                 and results["api"]["errors"] == 0 and results["api"]["latency_s"]["p95"] < 1.0)
    errors = sum(results[k]["errors"] for k in ("in_process", "api", "api_repeated", "page"))
    if args.json:
        print(json.dumps(results, ensure_ascii=False))
    else:
        print(f"{args.clients} clients x {args.questions} questions; in-process on {args.threads} threads; "
              f"{os.cpu_count()} cores; API workers {results['api_workers']}; {args.rounds} alternating rounds")
        print(line(f"in-process ({args.threads} threads)", results["in_process"]))
        print(line(f"API ({args.clients} clients)", results["api"]))
        print(line("API, same questions again", results["api_repeated"]))
        print(line(f"page ({args.clients} clients)", results["page"]))
        print(f"API / in-process throughput: {results['api_share_of_in_process']} "
              f"(target ≥ 0.75, 0 errors, p95 < 1 s: {'met' if results['target_met'] else 'NOT met'})")
        for name in ("in_process", "api", "api_repeated"):
            for sample in results[name]["error_samples"]:
                print(f"  {name} error: {sample}")
        if results["page"]["errors"]:
            print(report_text(results["page"]))
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
