#!/usr/bin/env python
"""Many people asking at once: drive the chat page through its HTTP API.

    python scripts/load_test.py [--url URL | --index DIR] [--clients 20] [--questions 25]
                                [--time-limit 300] [--timeout 60] [--repeat] [--json]

Without --url it starts the app (``python app.py`` on 127.0.0.1 and a free
port, on --index or $QA_INDEX; when that folder holds no index, the bundled
corpus is built into a temporary one first), waits until it answers, and
stops it at the end. With --url it uses a page that is already running.

Each client is one Gradio session, so one conversation: it connects (and
logs in with $QA_USER / $QA_PASSWORD when they are set), waits until every
client is connected, then asks its questions one after another through the
page's HTTP API (POST /gradio_api/call/ask, the reply read from the event
stream; no pause between questions), each reply checked. The clients are
coroutines in this one process (httpx), so the load generator itself takes
little of the CPU it measures. Questions come from data/eval/*.jsonl with
some odd ones mixed in (blank, a pasted document, markup, control
characters, emoji, English, 繁體, full-width digits); each client starts at
another place in the list and words them its own way (请问…, …呢？), so the
app's question cache does not help; --repeat sends them as they are, the
way an office asks the same questions again. An error is a request that failed or timed out, or a reply that is
missing or is an error notice. Latency is from sending a question to its
reply received, in seconds.

Bounded: at most --clients x --questions requests, every request within
--timeout seconds, the whole run within --time-limit seconds (questions not
asked by then count as errors). Exit status 0 when there was no error, 1
otherwise, 2 when the app could not be started or reached.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
ROOT = Path(__file__).resolve().parent.parent

ODD_QUESTIONS = [
    "",
    "   \n\t ",
    "疫情防控" * 5000,  # a pasted document: 20,000 characters
    "<script>alert(1)</script><img src=x onerror=alert(2)>学校开学",
    "疫苗\x00接种\x1b[31m要求\x7f",
    "打了针🙂能防住病毒吗？👍🏽",
    "'; DROP TABLE passages; -- 疫苗",
    "How should schools prepare before reopening?",
    "學校開學前要做哪些準備？",
    "第３篇第３部分講了什麼？",
]


# -- the questions --------------------------------------------------------------

# Ways to ask the same question: client c asks with variant c, so no two
# clients send the same text and the app's question cache does not help
# (with --repeat they all ask the plain questions, as an office would).
PREFIXES = ["", "请问", "请问一下，", "我想知道", "麻烦问一下："]
SUFFIXES = ["", "。", "呢？", "啊？"]


def variant(question: str, n: int) -> str:
    if not question.strip() or len(question) > 200 or n == 0:
        return question
    prefix, suffix = PREFIXES[n % len(PREFIXES)], SUFFIXES[(n // len(PREFIXES)) % len(SUFFIXES)]
    return prefix + question.rstrip("？?。") + suffix if suffix else prefix + question


def question_pool(odd: bool = True) -> list[str]:
    """The evaluation questions, with the odd ones spread among them."""
    questions: list[str] = []
    for path in sorted((ROOT / "data" / "eval").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():  # a question, or the turns of a conversation
                row = json.loads(line)
                questions += [row["q"]] if "q" in row else row.get("turns", [])
    if not questions:
        questions = ["打了针能防住病毒吗？", "小区封闭管理的重点是哪些地方？", "房子倒了的学校怎么办？"]
    if odd:
        step = max(1, len(questions) // len(ODD_QUESTIONS))
        for i, q in enumerate(ODD_QUESTIONS):
            questions.insert(i * (step + 1), q)
    return questions


# -- the app ----------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def has_index(folder: Path) -> bool:
    sys.path.insert(0, str(ROOT))
    from qa.errors import IndexProblem
    from qa.indexing import build_folder as store

    try:
        store.current_build(folder)
        return True
    except IndexProblem:
        return False


def wait_until_up(url: str, deadline: float, proc: subprocess.Popen | None = None) -> None:
    """Until the page answers (a login page counts), or ``deadline``."""
    import httpx

    last: Exception | None = None
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the app exited with status {proc.returncode}")
        try:
            if httpx.get(url + "config", timeout=5, trust_env=False).status_code in (200, 401):
                return
        except httpx.HTTPError as exc:
            last = exc
        time.sleep(0.5)
    raise RuntimeError(f"no answer from {url} in time ({last})")


class App:
    """``python app.py`` on 127.0.0.1 in a child process, stopped on exit."""

    def __init__(self, index: Path | None, scratch: Path, time_limit: float,
                 concurrency: int | None = None) -> None:
        self.scratch = scratch
        folder = Path(index) if index else None
        if folder is None:
            sys.path.insert(0, str(ROOT))

            from qa.settings import Settings

            folder = Settings.load().index
        if not has_index(folder):
            built = scratch / "index"
            print(f"no index in {folder}; building the bundled corpus into {built} …", flush=True)
            subprocess.run([sys.executable, "-m", "qa", "build", "--docs", str(ROOT / "data" / "speeches"),
                            "--index", str(built), "--quiet"], cwd=ROOT, check=True, timeout=time_limit)
            folder = built
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = scratch / "app.log"
        env = dict(os.environ, GRADIO_ANALYTICS_ENABLED="False", HF_HUB_OFFLINE="1")
        if concurrency:
            env["QA_CONCURRENCY"] = str(concurrency)
        with open(self.log, "wb") as out:
            self.proc = subprocess.Popen(
                [sys.executable, str(ROOT / "app.py"), "--host", "127.0.0.1", "--port", str(self.port),
                 "--index", str(folder)], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_until_up(self.url, time.monotonic() + min(time_limit, 180), self.proc)
        except Exception:
            self.stop()
            raise

    def tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def cpu_seconds(self) -> float | None:
        """CPU time the app has used so far (user + system), when psutil is there."""
        try:
            import psutil

            times = psutil.Process(self.proc.pid).cpu_times()
            return times.user + times.system
        except Exception:
            return None

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=15)


# -- the clients ------------------------------------------------------------------

@dataclass
class ClientRun:
    latencies: list[float] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)  # the question of each latency
    errors: list[str] = field(default_factory=list)  # one per failed question
    connect: float = 0.0
    not_asked: int = 0
    note: str = ""  # why questions were not asked


def check_reply(conversation: str, turns: int) -> str | None:
    """Why the conversation after a question is wrong, or None. ``turns``: the
    number of the last turn now (a blank question adds none)."""
    if turns == 0:
        return None if '<div class="turn"' not in conversation else "a blank question added a turn"
    at = conversation.find(f'id="turn-{turns}"')
    if at < 0 or f'id="turn-{turns + 1}"' in conversation:
        return f"turn {turns} is not the last one of the conversation"
    reply = conversation[at:]
    if 'class="notice error"' in reply:
        text = re.sub(r"<[^>]+>", "", reply.split('class="notice error"', 1)[1])[:200]
        return f"error reply: {text.strip()}"
    if "<script" in reply.lower():
        return "markup from the question came through"
    return None


class Session:
    """One person at the page: a Gradio session (its own conversation) asking
    through the page's HTTP API, POST /gradio_api/call/ask then the reply
    from GET /gradio_api/call/ask/<event>, as `curl` would."""

    def __init__(self, http, url: str) -> None:
        import secrets

        self.http, self.url = http, url
        self.session_hash = secrets.token_hex(6)

    async def login(self, auth: tuple[str, str] | None) -> None:
        await self.http.get(self.url + "config")
        if auth:
            r = await self.http.post(self.url + "login", data={"username": auth[0], "password": auth[1]})
            if r.status_code != 200:
                raise RuntimeError(f"login refused ({r.status_code})")

    async def ask(self, question: str, speech: int = 0, k: int = 5) -> str:
        """The conversation HTML after ``question``; raises on any failure."""
        r = await self.http.post(self.url + "gradio_api/call/ask",
                                 json={"data": [question, speech, k], "session_hash": self.session_hash})
        r.raise_for_status()
        event_id = r.json()["event_id"]
        event = None
        async with self.http.stream("GET", self.url + f"gradio_api/call/ask/{event_id}") as stream:
            stream.raise_for_status()
            async for line in stream.aiter_lines():
                if line.startswith("event:"):
                    event = line[6:].strip()
                elif line.startswith("data:") and event in ("complete", "error"):
                    data = json.loads(line[5:])
                    if event == "error":
                        raise RuntimeError(f"the app answered with an error: {str(data)[:200]}")
                    # the outputs, State left out: the conversation is the first HTML
                    return next((d for d in data if isinstance(d, str) and 'class="chat' in d), "")
        raise RuntimeError("the reply stream ended without a result")


async def run_client(http, url: str, questions: list[str], auth, ready, deadline: float,
                     timeout: float) -> ClientRun:
    """One session asking its questions in turn (after every client has connected)."""
    import asyncio

    run = ClientRun()
    session = Session(http, url)
    t0 = time.perf_counter()
    try:
        await asyncio.wait_for(session.login(auth), timeout)
    except Exception as exc:
        run.not_asked, run.note = len(questions), f"connect: {exc.__class__.__name__}: {exc}"[:300]
    run.connect = time.perf_counter() - t0
    await ready()
    turns = 0
    for i, question in enumerate(questions if not run.note else []):
        left = deadline - time.monotonic()
        if left <= 0:
            run.not_asked, run.note = len(questions) - i, "time limit reached"
            break
        start = time.perf_counter()
        run.asked.append(question)
        try:
            conversation = await asyncio.wait_for(session.ask(question), min(timeout, left))
        except Exception as exc:
            run.latencies.append(time.perf_counter() - start)
            run.errors.append(f"{exc.__class__.__name__}: {exc}"[:300])
            continue
        run.latencies.append(time.perf_counter() - start)
        turns += 1 if question.strip() else 0
        problem = check_reply(str(conversation), turns)
        if problem:
            run.errors.append(problem)
            found = re.findall(r'id="turn-(\d+)"', str(conversation))
            turns = int(found[-1]) if found else 0
    return run


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def run(url: str, clients: int = 20, questions: int = 25, time_limit: float = 300, timeout: float = 60,
        auth: tuple[str, str] | None = None, odd: bool = True, repeat: bool = False) -> dict:
    """Drive the page at ``url``; the figures of the run."""
    import asyncio

    import httpx

    pool = question_pool(odd)
    per_client = [[pool[(c * 7 + j) % len(pool)] for j in range(questions)] for c in range(clients)]
    if not repeat:
        per_client = [[variant(q, c) for q in qs] for c, qs in enumerate(per_client)]
    asked = [q for qs in per_client for q in qs]
    deadline = time.monotonic() + time_limit
    connected = 0
    all_in = None
    started = 0.0

    async def main() -> list[ClientRun]:
        nonlocal all_in, started
        all_in = asyncio.Event()

        async def ready() -> None:  # every client waits until all have connected
            nonlocal connected, started
            connected += 1
            if connected == clients:
                started = time.perf_counter()
                all_in.set()
            await all_in.wait()

        limits = httpx.Limits(max_connections=clients * 2 + 4, max_keepalive_connections=clients * 2 + 4)
        async with httpx.AsyncClient(timeout=httpx.Timeout(timeout), limits=limits, trust_env=False) as http:
            # one cookie jar per session, so each may log in for itself
            sessions = [httpx.AsyncClient(timeout=httpx.Timeout(timeout), limits=limits, trust_env=False)
                        for _ in range(clients)] if auth else [http] * clients
            try:
                return list(await asyncio.gather(*(run_client(sessions[c], url, per_client[c], auth, ready,
                                                              deadline, timeout) for c in range(clients))))
            finally:
                if auth:
                    for s in sessions:
                        await s.aclose()

    results: list[ClientRun | None] = asyncio.run(main())
    wall = time.perf_counter() - started
    runs = [r if r is not None else ClientRun(not_asked=questions, note="client did not finish") for r in results]
    latencies = [x for r in runs for x in r.latencies]
    failed = [e for r in runs for e in r.errors]
    not_asked = sum(r.not_asked for r in runs)
    return {
        "url": url, "clients": clients, "questions_per_client": questions,
        "distinct_questions": len(set(asked)),
        "requests": len(latencies), "failed": len(failed), "not_asked": not_asked,
        "errors": len(failed) + not_asked,
        "error_samples": sorted(set(failed) | {r.note for r in runs if r.note})[:10],
        "wall_s": round(wall, 2), "throughput_per_s": round(len(latencies) / wall, 2) if wall > 0 else 0.0,
        "latency_s": {name: round(percentile(latencies, q), 3)
                      for name, q in (("p50", 50), ("p90", 90), ("p95", 95), ("p99", 99), ("max", 100))},
        "mean_s": round(sum(latencies) / len(latencies), 3) if latencies else None,
        "connect_max_s": round(max((r.connect for r in runs), default=0.0), 2),
        "slowest": [[round(t, 3), q[:30] + ("…" if len(q) > 30 else "")] for t, q in
                    sorted(((t, q) for r in runs for t, q in zip(r.latencies, r.asked)), reverse=True)[:3]],
    }


def report_text(figures: dict) -> str:
    lat = figures["latency_s"]
    lines = [
        f"{figures['clients']} clients x {figures['questions_per_client']} questions "
        f"({figures['distinct_questions']} distinct) against {figures['url']}",
        f"requests: {figures['requests']}, errors: {figures['errors']} "
        f"({figures['failed']} failed, {figures['not_asked']} not asked)",
        f"latency (s): p50 {lat['p50']:.3f}  p90 {lat['p90']:.3f}  p95 {lat['p95']:.3f}  "
        f"p99 {lat['p99']:.3f}  max {lat['max']:.3f}",
        f"throughput: {figures['throughput_per_s']:.1f} questions/s over {figures['wall_s']:.1f} s "
        f"(slowest connect {figures['connect_max_s']:.2f} s)",
    ]
    if "app_cpu_s" in figures and figures["requests"]:
        lines.append(f"CPU: app {figures['app_cpu_s']:.1f} s ({figures['app_cpu_s'] / figures['requests'] * 1000:.0f} ms "
                     f"a question), load clients {figures['client_cpu_s']:.1f} s, on {os.cpu_count()} cores")
    lines.append("slowest: " + "; ".join(f"{t:.2f} s {q!r}" for t, q in figures["slowest"]))
    lines += [f"  error: {e}" for e in figures["error_samples"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=None, help="a running page (default: start app.py on 127.0.0.1)")
    parser.add_argument("--index", type=Path, default=None, help="index for the started app (default: $QA_INDEX or ./index)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--questions", type=int, default=25, help="questions per client")
    parser.add_argument("--time-limit", type=float, default=300, help="seconds for the whole run")
    parser.add_argument("--timeout", type=float, default=60, help="seconds for one question")
    parser.add_argument("--concurrency", type=int, default=None,
                        help="questions the started app answers at once ($QA_CONCURRENCY; default: the app's)")
    parser.add_argument("--no-odd", action="store_true", help="only the evaluation questions")
    parser.add_argument("--repeat", action="store_true",
                        help="every client asks the plain questions (default: each its own wording)")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args(argv)
    if not (1 <= args.clients <= 200 and 1 <= args.questions <= 1000):
        parser.error("--clients must be 1..200 and --questions 1..1000")
    url = args.url.rstrip("/") + "/" if args.url else None
    if url and not re.match(r"https?://", url):
        parser.error("--url must start with http:// or https://")
    user, password = os.environ.get("QA_USER"), os.environ.get("QA_PASSWORD")
    auth = (user, password) if user and password else None

    scratch = Path(tempfile.mkdtemp(prefix="qa-load-"))
    app = None
    try:
        if url is None:
            try:
                app = App(args.index, scratch, args.time_limit, args.concurrency)
            except Exception as exc:
                print(f"load_test: could not start the app: {exc}", file=sys.stderr)
                return 2
            url = app.url
        else:
            try:
                wait_until_up(url, time.monotonic() + 30)
            except RuntimeError as exc:
                print(f"load_test: {exc}", file=sys.stderr)
                return 2
        before = app.cpu_seconds() if app else None
        own_before = sum(os.times()[:4])
        figures = run(url, args.clients, args.questions, args.time_limit, args.timeout, auth, not args.no_odd,
                      args.repeat)
        figures["client_cpu_s"] = round(sum(os.times()[:4]) - own_before, 1)
        if app is not None and before is not None:
            after = app.cpu_seconds()
            if after is not None:
                figures["app_cpu_s"] = round(after - before, 1)
        if app is not None and app.proc.poll() is not None:
            figures["errors"] += 1
            figures["error_samples"].append(f"the app exited with status {app.proc.returncode}")
        print(json.dumps(figures, ensure_ascii=False) if args.json else report_text(figures), flush=True)
        if figures["errors"] and app is not None:
            print("last lines of the app's log:\n" + app.tail(), file=sys.stderr)
        return 0 if figures["errors"] == 0 else 1
    finally:
        if app is not None:
            app.stop()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
