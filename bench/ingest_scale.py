"""Ingest time per lead as the store grows: is it flat from 1,000 to 1,000,000 leads?

    python bench/ingest_scale.py            # 1k, 10k, 100k, 1M leads in the store (PostgreSQL)
    python bench/ingest_scale.py --quick    # 1k, 10k, 100k

Fills a PostgreSQL database with synthetic leads (contact points and match
keys included, loaded with COPY), and at each size ingests the same mix of
new submissions through the real path (``submit_lead`` then the worker's
``run_ingest``): 60 % new people, 25 % returning by email or phone, 15 %
fuzzy variants (another address, a misspelt name, the company written
differently). Prints milliseconds per lead at each size and the ratio to the
smallest store. Goal: within 2x.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import psycopg

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from captura.config import Settings  # noqa: E402
from captura.consent import CONTACT, consent_text  # noqa: E402
from captura.intake import ConsentGrant, LeadDraft, submit_lead  # noqa: E402
from captura.jobs import run_ingest  # noqa: E402
from captura.runtime import Runtime  # noqa: E402
from store import migrations  # noqa: E402
from store.blocking import firm_keys  # noqa: E402
from store.matching import LeadRecord, blocking_keys  # noqa: E402
from store.normalize import company_key, parse_company, person_key  # noqa: E402

PG_ADMIN = os.environ.get("BENCH_PG_ADMIN", "postgresql://root@127.0.0.1:5432/postgres")
DATABASE = "captura_bench_scale"
GIVEN = ["María", "José", "Lucía", "Javier", "Carmen", "David", "Ana", "Pedro", "Laura", "Pablo", "John", "Emma",
         "Olivia", "James", "Sophia", "William", "Aitor", "Nerea", "Jordi", "Montserrat"]
SURNAMES = ["García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Smith",
            "Johnson", "Brown", "Taylor", "Etxeberria", "Puig", "Ferrer", "Navarro", "Torres", "Ruiz", "Díaz", "Moreno"]
COMPANIES = ["Talleres {} S.L.", "{} Consulting Ltd", "Construcciones {} S.A.", "{} & Sons Inc.", "Panadería {}"]
SUBMISSIONS_PER_STEP = 600


def person(index: int) -> dict[str, str]:
    rng = random.Random(index)
    surname = rng.choice(SURNAMES)
    return {"name": f"{rng.choice(GIVEN)} {surname} {rng.choice(SURNAMES)}",
            "company": rng.choice(COMPANIES).format(f"{surname}{index % 5000}"),
            "email": f"persona{index}@empresa{index % 997}.example",
            "phone": f"+346{index:08d}", "city": rng.choice(["Madrid", "Sevilla", "Bilbao", "Boston", "Leeds"])}


def fresh_database(name: str = DATABASE) -> str:
    """An empty, migrated PostgreSQL database ``name`` (dropped first if it exists); its URL."""
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    url = PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    migrations.upgrade(url)
    return url


def bulk_load(url: str, start: int, stop: int) -> None:
    """Leads ``start..stop-1`` with their company (and its match keys), contact points and match keys, by COPY."""
    now = datetime.now(timezone.utc)
    with psycopg.connect(url) as connection:
        companies = dict(connection.execute("SELECT key, id FROM companies").fetchall())
        next_company = max(companies.values(), default=0) + 1
        first_id = connection.execute("SELECT coalesce(max(id), 0) + 1 FROM leads").fetchone()[0]
        people = [(first_id + n, person(index)) for n, index in enumerate(range(start, stop))]
        new_companies = []
        for _, data in people:
            key = company_key(data["company"])
            if key not in companies:
                companies[key] = next_company
                new_companies.append((next_company, data["company"], key, now))
                next_company += 1
        with connection.cursor() as cursor:
            _copy(cursor, "companies (id, name, key, created_at)", new_companies)
            _copy(cursor, "company_match_keys (company_id, key)",
                  [(company_id, key) for company_id, name, _key, _at in new_companies
                   for key in sorted(firm_keys(parse_company(name)))])
            _copy(cursor, "leads (id, display_name, name_key, company_id, city, status, score, first_channel, "
                          "created_at, updated_at)",
                  [(i, d["name"], person_key(d["name"]), companies[company_key(d["company"])], d["city"],
                    "new", 0, "import", now, now) for i, d in people])
            _copy(cursor, "contact_points (lead_id, kind, value, raw_value, verified, created_at)",
                  [row for i, d in people for row in ((i, "email", d["email"], d["email"], False, now),
                                                      (i, "phone", d["phone"], d["phone"], False, now))])
            _copy(cursor, "match_keys (lead_id, key)",
                  [(i, key) for i, d in people for key in sorted(blocking_keys(LeadRecord(id=i, **d)))])
            cursor.execute("SELECT setval('leads_id_seq', %s)", (first_id + len(people),))
            cursor.execute("SELECT setval('companies_id_seq', %s)", (next_company,))
        connection.execute("ANALYZE")


def _copy(cursor: psycopg.Cursor, target: str, rows: list[tuple]) -> None:
    with cursor.copy(f"COPY {target} FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def drafts(size: int, step: int) -> list[LeadDraft]:
    """The same mix at every size: new people, returning ones, fuzzy variants of stored ones."""
    rng = random.Random(step)
    grant = ConsentGrant(purpose=CONTACT, granted=True, wording=consent_text(CONTACT).text("es"),
                         wording_version=consent_text(CONTACT).version, language="es")
    result = []
    for n in range(SUBMISSIONS_PER_STEP):
        roll, stored = rng.random(), person(rng.randrange(size))
        if roll < 0.60:
            data = person(10_000_000 + step * SUBMISSIONS_PER_STEP + n)
        elif roll < 0.85:
            data = {**stored, "email": stored["email"] if n % 2 else None, "phone": None if n % 2 else stored["phone"]}
        else:
            data = {**stored, "email": f"otra{n}.{step}@gmail.com", "phone": None,
                    "name": stored["name"].replace("a", "á", 1), "company": stored["company"].upper()}
        result.append(LeadDraft(channel="import", consents=[grant], idempotency_key=f"s{step}-{n}",
                                **{k: v for k, v in data.items() if v}))
    return result


class NoQueue:
    kind = "none"

    def enqueue_submission(self, submission_id: int, *, force: bool = False) -> bool:
        return True


def measure(runtime: Runtime, size: int, step: int) -> float:
    """Milliseconds per lead to ingest one step's submissions into a store of ``size`` leads."""
    for draft in drafts(size, step):
        submit_lead(draft, runtime.engine, NoQueue(), region="ES")
    began = time.perf_counter()
    while True:
        outcome = run_ingest(runtime, [], claim_more=200)
        if not outcome.stored and not outcome.failed:
            break
    return (time.perf_counter() - began) * 1000 / SUBMISSIONS_PER_STEP


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="stop at 100,000 leads")
    parser.add_argument("--database", default=DATABASE, help="the scratch database (dropped and created)")
    args = parser.parse_args()
    sizes = [1_000, 10_000, 100_000] + ([] if args.quick else [1_000_000])
    url = fresh_database(args.database)
    import structlog

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(40))
    runtime = Runtime.start(Settings.from_env({"DATABASE_URL": url, "CAPTURA_INLINE_QUEUE": "1"}))
    loaded, figures = 0, []
    for step, size in enumerate(sizes):
        began = time.perf_counter()
        bulk_load(url, loaded, size)
        loaded = size
        print(f"loaded {size:>9,} leads in {time.perf_counter() - began:6.1f} s", file=sys.stderr, flush=True)
        figures.append((size, measure(runtime, size, step)))
    base = figures[0][1]
    print(f"{'leads in store':>15} {'ms per lead':>12} {'vs smallest':>12}")
    for size, ms in figures:
        print(f"{size:>15,} {ms:>12.2f} {ms / base:>11.2f}x")
    runtime.close()


if __name__ == "__main__":
    main()
