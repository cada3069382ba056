"""Benchmark of the review dashboard on 100,000 leads in PostgreSQL.

Creates the database ``captura_bench_review`` (dropped afterwards unless
``--keep``), migrates it, bulk-loads realistic leads with their companies,
emails and phones, consent records and interactions through COPY (not
through the queue: this measures the dashboard, not the intake), then times,
through the Flask test client (server time: routing, queries, templates):

- the leads list with a search and a filter (median and p95),
- the lead page (median and p95),
- the CSV export of every consented lead (wall time, and the peak resident
  memory growth while it streams, sampled from /proc, plus tracemalloc's
  peak in a second pass: both stay flat when the export streams).

Goals: list < 100 ms median and < 200 ms p95; lead page < 50 ms; export of
100,000 < 10 s without holding it in memory.

    python bench/review.py            # 100,000 leads
    python bench/review.py --quick    # 10,000 leads
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from captura.consent import CONTACT, MARKETING, consent_text
from captura.demo import PEOPLE
from store import migrations
from store.models import LEAD_STATUSES
from store.normalize import company_key, fold
from store.scoring import LeadFacts, compute_score

DATABASE = "captura_bench_review"
GOALS = {"list_median": 100.0, "list_p95": 200.0, "lead_median": 50.0, "export_seconds": 10.0}
SEARCHES = ["garcia", "lopez", "smith", "talleres", "bodegas", "612", "example.com", "maria", "o'neill", "ibanez"]
CHANNELS = ("form", "api", "webchat", "telegram", "desk")
NOW = datetime.now(timezone.utc)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 leads instead of 100,000")
    parser.add_argument("--leads", type=int, help="how many leads (overrides --quick)")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--pg-admin", default="postgresql://root@127.0.0.1:5432/postgres")
    parser.add_argument("--requests", type=int, default=60, help="requests per timed page")
    args = parser.parse_args()
    count = args.leads or (10_000 if args.quick else 100_000)
    url = args.pg_admin.rsplit("/", 1)[0] + f"/{DATABASE}"
    _recreate(args.pg_admin)
    try:
        migrations.upgrade(url)
        started = time.perf_counter()
        load(url, count)
        print(f"loaded {count:,} leads in {time.perf_counter() - started:.1f} s")
        results = measure(url, count, args.requests)
        report(results)
    finally:
        if not args.keep:
            with psycopg.connect(args.pg_admin, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


def _recreate(admin_url: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{DATABASE}"')


# --- loading -------------------------------------------------------------------------------------------------

def load(url: str, count: int) -> None:
    """COPY companies, leads, contact points, consents and interactions; then ANALYZE."""
    rng = random.Random(42)
    companies = _companies(rng, max(count // 5, 10))
    with psycopg.connect(url) as connection:
        with connection.cursor() as cursor:
            _copy(cursor, "companies", ("id", "name", "key", "created_at"),
                  ((i, name, key, NOW) for i, (name, key) in enumerate(companies, start=1)))
            people = [_person(rng, i, len(companies)) for i in range(1, count + 1)]
            _copy(cursor, "leads", ("id", "display_name", "name_key", "company_id", "job_title", "city", "interest",
                                    "language", "status", "score", "first_channel", "created_at", "updated_at",
                                    "last_interaction_at"), (p["lead"] for p in people))
            _copy(cursor, "contact_points", ("lead_id", "kind", "value", "raw_value", "verified", "created_at"),
                  (row for p in people for row in p["contacts"]))
            _copy(cursor, "consents", ("lead_id", "purpose", "granted", "channel", "wording", "wording_version",
                                       "language", "evidence", "given_at", "recorded_at"),
                  (row for p in people for row in p["consents"]))
            _copy(cursor, "interactions", ("lead_id", "channel", "occurred_at", "summary", "raw_text"),
                  (row for p in people for row in p["interactions"]))
            for table in ("companies", "leads"):
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        connection.commit()
        connection.autocommit = True
        connection.execute("ANALYZE")


def _copy(cursor: psycopg.Cursor, table: str, columns: tuple[str, ...], rows: Iterator[tuple[object, ...]]) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _companies(rng: random.Random, count: int) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    while len(seen) < count:
        words = PEOPLE[rng.choice(("es", "en"))]
        name = rng.choice(words["company"]).format(last=rng.choice(words["last"])) + f" {len(seen) + 1}"
        seen.setdefault(company_key(name), name)
    return [(name, key) for key, name in seen.items()]


def _person(rng: random.Random, lead_id: int, companies: int) -> dict[str, list[tuple[object, ...]] | tuple]:
    language = "es" if rng.random() < 0.6 else "en"
    words = PEOPLE[language]
    name = f"{rng.choice(words['first'])} {rng.choice(words['last'])} {rng.choice(words['last'])}"
    created = NOW - timedelta(days=rng.uniform(0, 900))
    channel = rng.choice(CHANNELS)
    interest = rng.choice(words["interest"])
    email = f"{fold(name).replace(' ', '.')}.{lead_id}@{'ejemplo.es' if language == 'es' else 'example.com'}"
    phone = f"+34{600_000_000 + lead_id}" if language == "es" else f"+447{700_000_000 + lead_id}"
    times = sorted(created + timedelta(days=rng.uniform(0, 120)) for _ in range(rng.randint(1, 3)))
    times = [min(t, NOW) for t in times]
    say = words["say"].format(name=name, company="", interest=interest, phone=phone, email=email)
    score = compute_score(LeadFacts(present_fields=6, contact_points=2, verified_contact_points=0,
                                    texts=(interest,), interactions=len(times), last_interaction_at=times[-1]),
                          now=NOW).total
    lead = (lead_id, name, fold(name), rng.randint(1, companies), rng.choice(words["title"]),
            rng.choice(words["city"]), interest, language, rng.choice(LEAD_STATUSES), score, channel, created,
            created, times[-1])
    evidence = json.dumps({"kind": "bench", "channel": channel})
    consents = [(lead_id, purpose, True, channel, consent_text(purpose).text(language), consent_text(purpose).version,
                 language, evidence, created, created) for purpose in (CONTACT, MARKETING)]
    if rng.random() < 0.03:  # withdrew marketing later: the export must leave them out
        consents.append((lead_id, MARKETING, False, "email", "withdrawn", "withdrawal", language, evidence,
                         times[-1], times[-1]))
    return {
        "lead": lead,
        "contacts": [(lead_id, "email", email, email, False, created),
                     (lead_id, "phone", phone, phone, False, created)],
        "consents": consents,
        "interactions": [(lead_id, channel, when, interest, say) for when in times],
    }


# --- measuring -----------------------------------------------------------------------------------------------

def measure(url: str, count: int, requests: int) -> dict[str, float | int]:
    from captura.config import Settings
    from captura.runtime import Runtime
    from store.db import unit_of_work
    from store.staff import add_user
    from webforms import create_app

    settings = Settings.from_env({"DATABASE_URL": url, "CAPTURA_INLINE_QUEUE": "1",
                                  "SECRET_KEY": "bench-only-secret-key-of-at-least-32-bytes"})
    runtime = Runtime.start(settings)
    with unit_of_work(runtime.sessions) as session:
        add_user(session, "bench@captura.test", "sales", "bench password", actor="bench")
    client = create_app(runtime=runtime).test_client()
    page = client.get("/login")
    token = page.get_data(as_text=True).split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    assert client.post("/login", data={"email": "bench@captura.test", "password": "bench password",
                                       "csrf_token": token}).status_code == 302
    rng = random.Random(7)
    list_urls = [f"/review/leads?search={rng.choice(SEARCHES)}&status={rng.choice(LEAD_STATUSES)}"
                 for _ in range(requests // 2)]
    list_urls += [f"/review/leads?consent=marketing&score_min=40&sort=-score&page={rng.randint(1, 20)}",
                  "/review/leads?inactive_months=6", "/review/leads"] * (requests // 6)
    list_times = _timed(client.get, list_urls)
    lead_times = _timed(client.get, [f"/review/leads/{rng.randint(1, count)}" for _ in range(requests)])
    export_seconds, exported, rss_growth = _export(client, sample_rss=True)
    tracemalloc.start()
    _export(client, sample_rss=False)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    runtime.close()
    return {
        "leads": count, "list_median": _ms(statistics.median(list_times)), "list_p95": _ms(_p95(list_times)),
        "lead_median": _ms(statistics.median(lead_times)), "lead_p95": _ms(_p95(lead_times)),
        "export_seconds": export_seconds, "exported": exported, "export_rss_growth_mb": rss_growth / 2**20,
        "export_traced_peak_mb": traced_peak / 2**20,
    }


def _timed(get: Callable[[str], object], urls: list[str]) -> list[float]:
    get(urls[0])  # warm the caches and the template compiler
    times = []
    for url in urls:
        started = time.perf_counter()
        response = get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)  # type: ignore[attr-defined]
    return times


def _export(client, *, sample_rss: bool) -> tuple[float, int, int]:  # type: ignore[no-untyped-def]
    """Stream the CSV export, counting rows; returns (seconds, rows, peak RSS growth in bytes)."""
    baseline, peak, done = _rss(), [0], threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _rss() - baseline)
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    if sample_rss:
        sampler.start()
    started = time.perf_counter()
    response = client.get("/review/export?format=csv", buffered=False)
    rows = sum(chunk.count(b"\n") for chunk in response.response) - 1
    seconds = time.perf_counter() - started
    done.set()
    if sample_rss:
        sampler.join()
    return seconds, rows, peak[0]


def _rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values)


def _ms(seconds: float) -> float:
    return seconds * 1000


def report(results: dict[str, float | int]) -> None:
    def ok(name: str) -> str:
        return "ok" if results[name] < GOALS[name] else "MISSED"

    print(f"leads in the store:      {results['leads']:,}")
    print(f"list (search + filter):  median {results['list_median']:.1f} ms ({ok('list_median')}, goal < 100), "
          f"p95 {results['list_p95']:.1f} ms ({ok('list_p95')}, goal < 200)")
    print(f"lead page:               median {results['lead_median']:.1f} ms ({ok('lead_median')}, goal < 50), "
          f"p95 {results['lead_p95']:.1f} ms")
    print(f"CSV export:              {results['exported']:,} consented leads in {results['export_seconds']:.2f} s "
          f"({ok('export_seconds')}, goal < 10)")
    print(f"export memory:           peak RSS growth {results['export_rss_growth_mb']:.1f} MB, "
          f"tracemalloc peak {results['export_traced_peak_mb']:.1f} MB (streamed, not held)")


if __name__ == "__main__":
    main()
