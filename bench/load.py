"""Load benchmark: web -> Redis -> workers -> PostgreSQL, side by side with the reference pieces.

    python bench/load.py            # full run (several minutes)
    python bench/load.py --quick    # under 3 minutes
    python bench/load.py --quick --json

Serves the reference door (``bench/reference.py``), Captura's door on
PostgreSQL and Captura's door on the embedded SQLite default side by side
with the same gunicorn settings, and loads them in turn with the same
generator, round after round: the rate of a shared box moves with its
neighbours, and interleaving puts every door under the same conditions.
The PostgreSQL doors (ours and the reference) are then loaded the same way
at 70% of each one's own peak, open loop, for the p99 at steady load.
Then it drains each backlog with one worker process (ours: ``captura
worker``; the reference: rq ``SimpleWorker`` doing one INSERT + COMMIT per
lead), each timed from its first stored row to its last (start-up is not
store time), fires a burst at Captura with two workers running and samples
the backlog. It ends by checking that every accepted lead is stored exactly once.

The load generator, the servers, PostgreSQL and Redis share this machine's
cores: absolute rates move from run to run, the ratios are the figures to read.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx
import psycopg
from redis import Redis
from rq import Queue

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench import loadgen  # noqa: E402
from bench.reference import SCHEMA  # noqa: E402
from captura.cli import gunicorn_command  # noqa: E402
from store import migrations  # noqa: E402

PG_ADMIN = os.environ.get("BENCH_PG_ADMIN", "postgresql://root@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
DATABASE = "captura_bench_load"
WEB_WORKERS = 2
CONNECTIONS = 16
# Load comes from one address: it is a server-to-server caller with a token (exempt from the public door's
# per-address rate limit). The reference door ignores the header.
BENCH_TOKEN = "bench:load-benchmark-token"
BENCH_AUTH = f"Bearer {BENCH_TOKEN.split(':')[1]}"


# The 70 % phase follows the peak phases: for its first second or two every door (the reference's too)
# answers slowly while the box writes back what the peaks wrote. Steady state is what the p99 is about.
LEAD_IN_SECONDS = 3.0
GENERATOR_NICE = int(os.environ.get("BENCH_GENERATOR_NICE", "-5"))


def prioritize_generator() -> None:
    """Run the load generator ahead of the servers on the CPU (when allowed), the servers at normal priority.

    The generator counts latency from when each request was due; if the
    scheduler leaves it waiting behind the servers it loads, that wait is
    counted as the servers' latency. Every door is measured this way.
    """
    try:
        os.setpriority(os.PRIO_PROCESS, 0, GENERATOR_NICE)
    except PermissionError:
        log("note: not allowed to raise the load generator's priority; latencies include its scheduling waits")


def _normal_priority() -> None:
    """For the servers and workers this script starts: back to the default priority."""
    with suppress(PermissionError):
        os.setpriority(os.PRIO_PROCESS, 0, 0)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def database_url(name: str) -> str:
    return PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"


def fresh_database() -> str:
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{DATABASE}"')
    url = database_url(DATABASE)
    migrations.upgrade(url)
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(SCHEMA)
    return url


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serve(app: str, env: dict[str, str]) -> Iterator[str]:
    port = free_port()
    sqlite = env.get("DATABASE_URL", "").startswith("sqlite")
    command = gunicorn_command(app, "127.0.0.1", port, WEB_WORKERS, sqlite=sqlite, access_log=False)
    process = subprocess.Popen(command, cwd=REPO, env={**os.environ, **env, "PYTHONPATH": str(REPO)},
                               preexec_fn=_normal_priority,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process)
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def _wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    for _ in range(150):
        if process.poll() is not None:
            raise SystemExit(f"server {url} exited with {process.returncode}")
        try:
            httpx.get(url + "/", timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit(f"server {url} did not start")


def lead_body(run: str):  # type: ignore[no-untyped-def]
    def make(index: int) -> tuple[bytes, dict[str, str]]:
        body = {"name": f"Persona Prueba {index}", "email": f"lead{index}.{run}@example.com",
                "phone": f"+34 6{index % 100_000_000:08d}", "company": "Bench Talleres S.L.",
                "message": "Quiere un presupuesto para su flota", "language": "es",
                "consent": {"granted": True}}
        return json.dumps(body).encode(), {"Idempotency-Key": f"{run}-{index}", "Authorization": BENCH_AUTH}
    return make


def cpu_times() -> list[int]:
    """The machine's CPU counters (user … steal) from /proc/stat, to tell how much the box's neighbours took."""
    with open("/proc/stat") as stat:
        return [int(value) for value in stat.readline().split()[1:9]]


def steal_percent(before: list[int], after: list[int]) -> float:
    """Share of CPU time the hypervisor gave to other machines between two readings (0 off a VM)."""
    deltas = [b - a for a, b in zip(before, after, strict=True)]
    return round(100 * deltas[7] / sum(deltas), 1) if sum(deltas) else 0.0


def door_peaks(doors: dict[str, tuple[str, int]], make_body, seconds: float,  # type: ignore[no-untyped-def]
               rounds: int) -> dict[str, loadgen.LoadResult]:
    """Each door's peak rate: ``seconds`` of closed-loop load per door, in ``rounds`` interleaved slices.

    ``doors`` maps a name to (url, first request index); indexes stay apart across doors and rounds.
    """
    for url, start in doors.values():  # warm-up
        loadgen.closed_loop(url, make_body, connections=CONNECTIONS, seconds=1.0, start=start + 10_000_000)
    results = {name: loadgen.LoadResult() for name in doors}
    for round_number in range(rounds):
        for name, (url, start) in doors.items():
            results[name].add(loadgen.closed_loop(url, make_body, connections=CONNECTIONS, seconds=seconds / rounds,
                                                  start=start + round_number * 200_000))
    for name, result in results.items():
        log(f"  {name}: {result.summary()}")
    return results


def steady_rates(doors: dict[str, tuple[str, int, float]], make_body, seconds: float,  # type: ignore[no-untyped-def]
                 rounds: int) -> dict[str, loadgen.LoadResult]:
    """Open-loop load at each door's own ``rate`` for ``seconds``, in ``rounds`` interleaved slices.

    ``doors`` maps a name to (url, first request index, rate). Each door
    first gets ``LEAD_IN_SECONDS`` untimed; the lead-in's accepted ids are
    kept with the result (they must be stored too). Interleaving, as for the
    peaks: the first door after the peak phases would otherwise meet a
    busier box than the next one.
    """
    results = {name: loadgen.LoadResult() for name in doors}
    for name, (url, start, rate) in doors.items():
        log(f"door: {name} at 70% of its peak ({rate:.0f} req/s), after {LEAD_IN_SECONDS:.0f} s untimed ...")
        lead_in = loadgen.open_loop(url, make_body, rate=rate, seconds=LEAD_IN_SECONDS, start=start + 500_000)
        results[name].accepted_ids += lead_in.accepted_ids
    for round_number in range(rounds):
        for name, (url, start, rate) in doors.items():
            results[name].add(loadgen.open_loop(url, make_body, rate=rate, seconds=seconds / rounds,
                                                start=start + round_number * 50_000))
    for name, result in results.items():
        log(f"  {name} at 70%: {result.summary()}")
    return results


PENDING_SQL = "SELECT count(*) FROM submissions WHERE status = 'pending'"


def pending(url: str) -> int:
    with psycopg.connect(url) as connection:
        return connection.execute(PENDING_SQL).fetchone()[0]


def drain_ours(db_url: str, env: dict[str, str], workers: int, sample_every: float = 0.5,
               timeline: list[tuple[float, int]] | None = None) -> tuple[int, float]:
    """Start ``workers`` Captura workers, wait until nothing is pending; returns (stored, seconds) at full speed.

    Timed as ``drain_reference`` times its worker (``StoreClock``): process start-up is not store time.
    """
    clock = StoreClock(db_url, "SELECT count(*) FROM submissions WHERE status = 'stored'")
    began = time.perf_counter()
    processes = [subprocess.Popen([sys.executable, "-m", "captura", "worker"], cwd=REPO, preexec_fn=_normal_priority,
                                  env={**os.environ, **env, "PYTHONPATH": str(REPO)},
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(workers)]
    try:
        next_sample = began
        while (left := clock.pending()) > 0:
            clock.tick()
            if timeline is not None and time.perf_counter() >= next_sample:
                timeline.append((round(time.perf_counter() - began, 1), left))
                next_sample += sample_every
            time.sleep(StoreClock.POLL_SECONDS)
        clock.tick()
        if timeline is not None:
            timeline.append((round(time.perf_counter() - began, 1), 0))  # drained
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            process.wait(timeout=30)
        clock.close()
    return clock.rate_window()


class StoreClock:
    """Times a draining worker from its first stored row to its last, by polling a count on one connection.

    A worker process spends a second or two importing and connecting before
    it stores anything; a running deployment's workers do not, so that is
    not store time. Both workers (ours and the reference) are timed this
    way: the rows already counted at the first sighting are left out with
    the time they took, so neither gets a batch for free.
    """

    POLL_SECONDS = 0.05

    def __init__(self, db_url: str, count_sql: str) -> None:
        self.connection = psycopg.connect(db_url, autocommit=True)
        self.count_sql = count_sql
        self.initial = self._count()
        self.first: tuple[float, int] | None = None
        self.last: tuple[float, int] | None = None

    def _count(self) -> int:
        return self.connection.execute(self.count_sql).fetchone()[0]

    def pending(self) -> int:
        return self.connection.execute(PENDING_SQL).fetchone()[0]

    def tick(self) -> None:
        now, count = time.perf_counter(), self._count()
        if count > (self.last or (0.0, self.initial))[1]:
            self.first = self.first or (now, count)
            self.last = (now, count)

    def rate_window(self) -> tuple[int, float]:
        """(rows stored between the first and last sighting, seconds between them)."""
        if self.first is None or self.last is None or self.last[0] <= self.first[0]:
            return 0, 0.0
        return self.last[1] - self.first[1], self.last[0] - self.first[0]

    def close(self) -> None:
        self.connection.close()


def drain_reference(db_url: str, queue_name: str) -> tuple[int, float]:
    """Run the reference SimpleWorker until its queue is empty; (rows stored, seconds) at full speed."""
    env = {**os.environ, "REFERENCE_DATABASE_URL": db_url, "REFERENCE_REDIS_URL": REDIS_URL,
           "REFERENCE_QUEUE": queue_name, "PYTHONPATH": str(REPO)}
    clock = StoreClock(db_url, "SELECT count(*) FROM reference_leads")
    process = subprocess.Popen([str(Path(sys.executable).parent / "rq"), "worker", "--burst", "-w",
                                "rq.worker.SimpleWorker", "--url", REDIS_URL, "--logging_level", "ERROR", queue_name],
                               cwd=REPO, env=env, stdout=subprocess.DEVNULL, preexec_fn=_normal_priority)
    try:
        while process.poll() is None:
            clock.tick()
            time.sleep(StoreClock.POLL_SECONDS)
        clock.tick()
    finally:
        clock.close()
    if process.returncode:
        raise SystemExit(f"reference worker exited with {process.returncode}")
    return clock.rate_window()


def verify_exactly_once(db_url: str, accepted_ids: set[int]) -> dict[str, int]:
    with psycopg.connect(db_url) as connection:
        stored = {row[0] for row in connection.execute(
            "SELECT id FROM submissions WHERE status = 'stored'")}
        leads = connection.execute("SELECT count(*) FROM leads").fetchone()[0]
        emails = connection.execute(
            "SELECT count(DISTINCT value) FROM contact_points WHERE kind = 'email'").fetchone()[0]
        extra_interactions = connection.execute(
            "SELECT count(*) - count(DISTINCT submission_id) FROM interactions").fetchone()[0]
    # Every benchmark lead is a different person with its own email: one lead per email, one interaction each.
    return {"accepted": len(accepted_ids), "stored": len(accepted_ids & stored),
            "lost": len(accepted_ids - stored), "duplicated": max(0, leads - emails) + extra_interactions,
            "merged_wrongly": max(0, emails - leads)}


def run(quick: bool) -> dict[str, object]:
    seconds = 6.0 if quick else 15.0
    rounds = 3 if quick else 5
    burst = 3_000 if quick else 20_000
    run_id = uuid.uuid4().hex[:6]
    db_url = fresh_database()
    ours_queue, ref_queue, sqlite_queue = f"bench-ours-{run_id}", f"bench-ref-{run_id}", f"bench-sqlite-{run_id}"
    ours_env = {"DATABASE_URL": db_url, "REDIS_URL": REDIS_URL, "CAPTURA_QUEUE": ours_queue,
                "SECRET_KEY": "bench-only-secret-key-of-at-least-32-bytes", "CAPTURA_DEFAULT_REGION": "ES",
                "CAPTURA_API_TOKENS": BENCH_TOKEN}
    sqlite_env = {**ours_env, "DATABASE_URL": _sqlite_database(), "CAPTURA_QUEUE": sqlite_queue}
    ref_env = {"REFERENCE_DATABASE_URL": db_url, "REFERENCE_REDIS_URL": REDIS_URL, "REFERENCE_QUEUE": ref_queue}
    make_body = lead_body(run_id)
    accepted: set[int] = set()

    with serve("bench.reference:create_app()", ref_env) as ref_url, \
            serve("webforms:create_app()", sqlite_env) as sqlite_url, \
            serve("webforms:create_app()", ours_env) as url:
        log(f"door: reference, captura (PostgreSQL), captura (SQLite) in {rounds} interleaved rounds ...")
        peak_cpu = cpu_times()
        peaks = door_peaks({"reference": (ref_url + "/leads", 5_000_000),
                            "captura": (url + "/api/v1/leads", 0),
                            "captura-sqlite": (sqlite_url + "/api/v1/leads", 3_000_000)},
                           make_body, seconds, rounds)
        reference, ours, sqlite_door = peaks["reference"], peaks["captura"], peaks["captura-sqlite"]
        accepted |= set(ours.accepted_ids)
        steady_cpu = cpu_times()
        rate = 0.7 * ours.rps
        steadies = steady_rates({"captura": (url + "/api/v1/leads", 1_000_000, rate),
                                 "reference": (ref_url + "/leads", 6_000_000, 0.7 * reference.rps)},
                                make_body, seconds, rounds)
        steady, reference_steady = steadies["captura"], steadies["reference"]
        doors_done_cpu = cpu_times()
        steal = {"peaks": steal_percent(peak_cpu, steady_cpu),
                 "at_70_percent": steal_percent(steady_cpu, doors_done_cpu)}
        accepted |= set(steady.accepted_ids)

        log(f"store: draining {pending(db_url)} pending submissions with one captura worker ...")
        stored, store_seconds = drain_ours(db_url, ours_env, workers=1)
        log("store: draining the reference queue with one SimpleWorker ...")
        ref_jobs, ref_seconds = drain_reference(db_url, ref_queue)

        log(f"backlog: burst of {burst} posts with two workers running ...")
        timeline: list[tuple[float, int]] = []
        status_lines: list[str] = []
        burst_result = _burst(url, make_body, burst, db_url, ours_env, timeline, status_lines)
        accepted |= set(burst_result.accepted_ids)

    Queue(sqlite_queue, connection=Redis.from_url(REDIS_URL)).delete(delete_jobs=True)
    check = verify_exactly_once(db_url, accepted)
    store_rps = stored / store_seconds if store_seconds else 0.0
    ref_worker_rps = ref_jobs / ref_seconds if ref_seconds else 0.0
    return {
        "door_rps": round(ours.rps, 1), "reference_door_rps": round(reference.rps, 1),
        "door_ratio": round(ours.rps / reference.rps, 3) if reference.rps else None,
        "door_p99_ms": round(steady.percentile(99), 1), "door_p99_rate": round(rate, 1),
        "door_peak_p99_ms": round(ours.percentile(99), 1),
        # The reference's p99 at 70% of its own peak, measured in the same rounds as ours: on a shared box the
        # door's p99 moves tenfold between runs, so the goal is judged against this, not an absolute number.
        "reference_door_p99_ms": round(reference_steady.percentile(99), 1),
        "reference_door_p99_rate": round(0.7 * reference.rps, 1),
        "reference_door_peak_p99_ms": round(reference.percentile(99), 1),
        "sqlite_door_rps": round(sqlite_door.rps, 1),
        "sqlite_door_ratio": round(sqlite_door.rps / reference.rps, 3) if reference.rps else None,
        "store_rps": round(store_rps, 1), "reference_worker_rps": round(ref_worker_rps, 1),
        "store_ratio": round(store_rps / ref_worker_rps, 3) if ref_worker_rps else None,
        "burst": burst, "burst_accepted": len(burst_result.accepted_ids),
        "backlog_timeline": timeline, "captura_status_pending": status_lines,
        "steal_percent": steal_percent(peak_cpu, doors_done_cpu), "steal_percent_by_phase": steal,
        **check,
    }


def _burst(url: str, make_body, count: int, db_url: str, env: dict[str, str],  # type: ignore[no-untyped-def]
           timeline: list[tuple[float, int]], status_lines: list[str]) -> loadgen.LoadResult:
    """Post ``count`` leads as fast as possible while two workers drain; sample the backlog.

    Besides the timeline (a SQL count every half second), ``captura status`` itself is run every few
    seconds, as an operator would, and its ``pending`` line kept.
    """
    result: dict[str, loadgen.LoadResult] = {}
    poster = threading.Thread(target=lambda: result.setdefault("r", loadgen.open_loop(
        url + "/api/v1/leads", make_body, rate=count / 8, seconds=8, start=2_000_000)))
    poster.start()
    time.sleep(1.0)
    done = threading.Event()
    watcher = threading.Thread(target=_watch_status, args=(env, done, status_lines))
    watcher.start()
    drain_thread = threading.Thread(target=drain_ours, args=(db_url, env, 2, 0.5, timeline))
    drain_thread.start()
    poster.join()
    drain_thread.join()
    while pending(db_url):
        drain_ours(db_url, env, 2, 0.5, timeline)
    done.set()
    watcher.join()
    return result["r"]


def _watch_status(env: dict[str, str], done: threading.Event, lines: list[str], every: float = 3.0) -> None:
    """Run ``captura status`` every ``every`` seconds until ``done``, and once more after (the drained state)."""
    began = time.perf_counter()
    while True:
        finished = done.is_set()
        output = subprocess.run([sys.executable, "-m", "captura", "status"], cwd=REPO, capture_output=True,
                                text=True, env={**os.environ, **env, "PYTHONPATH": str(REPO)}).stdout
        pending_line = next((line.strip() for line in output.splitlines() if "pending" in line), "?")
        lines.append(f"{time.perf_counter() - began:.0f}s {pending_line}")
        if finished:
            return
        done.wait(every)


def _sqlite_database() -> str:
    """A fresh, migrated SQLite file: the embedded default."""
    import tempfile

    url = f"sqlite:///{tempfile.mkdtemp(prefix='captura-bench-')}/captura.db"
    migrations.upgrade(url)
    return url


def _thinned(timeline: list[tuple[float, int]], at_most: int = 40) -> list[tuple[float, int]]:
    """At most ``at_most`` samples spread over the whole timeline, the last one (the drained state) kept."""
    step = max(1, -(-len(timeline) // at_most))
    return timeline[::step] + ([timeline[-1]] if timeline and (len(timeline) - 1) % step else [])


def print_table(figures: dict[str, object]) -> None:
    rows = [
        ("door req/s (PostgreSQL)", figures["door_rps"], figures["reference_door_rps"], figures["door_ratio"]),
        ("door req/s (SQLite default)", figures["sqlite_door_rps"], figures["reference_door_rps"],
         figures["sqlite_door_ratio"]),
        ("door p99 ms at peak", figures["door_peak_p99_ms"], figures["reference_door_peak_p99_ms"], ""),
        (f"door p99 ms at 70% of own peak ({figures['door_p99_rate']}/s, ref {figures['reference_door_p99_rate']}/s)",
         figures["door_p99_ms"], figures["reference_door_p99_ms"], ""),
        ("store leads/s (1 worker)", figures["store_rps"], figures["reference_worker_rps"], figures["store_ratio"]),
    ]
    print(f"{'':58} {'ours':>10} {'reference':>10} {'ratio':>8}")
    for name, ours, ref, ratio in rows:
        print(f"{name:58} {ours!s:>10} {ref!s:>10} {ratio!s:>8}")
    print(f"burst of {figures['burst']}: backlog over time (s, pending): {_thinned(figures['backlog_timeline'])}")
    print(f"CPU taken by the box's neighbours (steal) while the doors were loaded: {figures['steal_percent']}% "
          f"({figures['steal_percent_by_phase']})")
    print(f"captura status during the burst: {figures['captura_status_pending']}")
    print(f"accepted {figures['accepted']}, stored {figures['stored']}, lost {figures['lost']}, "
          f"duplicated {figures['duplicated']}, merged wrongly {figures['merged_wrongly']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="shorter phases (under 3 minutes)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    prioritize_generator()
    figures = run(args.quick)
    if args.json:
        print(json.dumps(figures))
    else:
        print_table(figures)


if __name__ == "__main__":
    main()
