"""One worker's ingest in process, on PostgreSQL: leads per second and the worker's CPU per lead.

    python bench/ingest_cpu.py [N]        # N submissions (default 3,000), the load benchmark's leads
    python bench/ingest_cpu.py N --profile  # the same under cProfile, top functions by cumulative time

``bench/load.py`` measures the worker end to end as a separate process next
to the reference worker; this measures the same work without processes,
Redis or the web tier, so a change to ingest shows up in its CPU figure
(process time of this process only: PostgreSQL's own work is the wall-clock
difference). Submissions are written through ``submit_lead`` with a queue
that runs nothing, then drained with ``run_ingest`` in batches of 200 as the
worker does.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

import structlog

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from ingest_scale import NoQueue, fresh_database  # noqa: E402  (bench/ is on the path)

from captura.config import Settings  # noqa: E402
from captura.consent import CONTACT, consent_text  # noqa: E402
from captura.intake import ConsentGrant, LeadDraft, submit_lead  # noqa: E402
from captura.jobs import BATCH_SIZE, run_ingest  # noqa: E402
from captura.runtime import Runtime  # noqa: E402

DATABASE = "captura_bench_ingest_cpu"


def fresh_runtime() -> Runtime:
    url = fresh_database(DATABASE)
    return Runtime.start(Settings.from_env({"DATABASE_URL": url, "CAPTURA_INLINE_QUEUE": "1"}))


def submit(runtime: Runtime, count: int) -> None:
    """The load benchmark's leads: Spanish names, one company, an email and a mobile each."""
    grant = ConsentGrant(purpose=CONTACT, granted=True, wording=consent_text(CONTACT).text("es"),
                         wording_version=consent_text(CONTACT).version, language="es")
    for index in range(count):
        draft = LeadDraft(channel="api", consents=[grant], idempotency_key=f"cpu-{index}",
                          name=f"Persona Prueba {index}", email=f"lead{index}.cpu@example.com",
                          phone=f"+34 6{index:08d}", company="Bench Talleres S.L.",
                          interest="Quiere un presupuesto para su flota", language="es")
        submit_lead(draft, runtime.engine, NoQueue(), region="ES")


def drain(runtime: Runtime) -> None:
    while True:
        outcome = run_ingest(runtime, [], claim_more=BATCH_SIZE)
        if not outcome.stored and not outcome.failed:
            return


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", nargs="?", type=int, default=3_000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(40))
    runtime = fresh_runtime()
    submit(runtime, args.count)
    profile = cProfile.Profile() if args.profile else None
    wall, cpu = time.perf_counter(), time.process_time()
    if profile:
        profile.enable()
    drain(runtime)
    if profile:
        profile.disable()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{args.count:,} leads: {args.count / wall:,.0f} leads/s wall, {1e6 * cpu / args.count:,.0f} µs CPU per lead")
    if profile:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
    runtime.close()


if __name__ == "__main__":
    main()
