"""The ``captura`` command: run the product, manage the store, talk to the queue.

Each area adds its commands here, one line each, so ``captura --help`` is the
map of everything an operator can do.
"""

from __future__ import annotations

import importlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

import click
from sqlalchemy.orm import Session

from captura.config import Settings, SettingsError
from captura.logs import configure_logging
from captura.runtime import Runtime, install_runtime
from store import migrations
from store.db import read_only

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


class LazyGroup(click.Group):
    """A group whose area commands are imported only when run (``extract`` would load spaCy for every call)."""

    lazy_commands = {"extract": "nlp.cli:extract_command", "dedupe": "store.dedupe_cli:dedupe"}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy_commands])

    def invoke(self, ctx: click.Context) -> object:
        """A setting the environment got wrong is the operator's to fix: one line, no traceback."""
        try:
            return super().invoke(ctx)
        except SettingsError as error:
            raise click.ClickException(str(error)) from error

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy_commands:
            module, _, attribute = self.lazy_commands[name].partition(":")
            return getattr(importlib.import_module(module), attribute)
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup)
def main() -> None:
    """Captura: conversations in, clean and consented leads out."""
    configure_logging()


@main.group()
def db() -> None:
    """The database schema."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply pending migrations (safe to run again)."""
    settings = Settings.from_env()
    migrations.upgrade(settings.database_url)
    click.echo(f"Database is up to date ({_describe_database(settings.database_url)}).")


@main.command()
@click.option("--host", default=DEFAULT_HOST, show_default=True)
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int, help="Web processes.")
def up(host: str, port: int, workers: int) -> None:
    """Migrate, then run the web, the worker (with Redis) and the bot (with a token) together."""
    settings = Settings.from_env()
    migrations.upgrade(settings.database_url)
    runtime = _start_runtime(settings)
    _recover_pending(runtime)
    _announce_first_admin(runtime)
    click.echo(f"Captura is running: form at http://{host}:{port}/form , API at http://{host}:{port}/api/v1/leads"
               f" , dashboard at http://{host}:{port}/review/leads")
    click.echo(f"Database: {_describe_database(settings.database_url)}")
    click.echo(_describe_queue(runtime))
    commands = [[*_self(), "web", "--host", host, "--port", str(port), "--workers", str(workers)]]
    if runtime.queue.kind == "redis":
        commands.append([*_self(), "worker"])
    if settings.telegram_bot_token:
        commands.append([*_self(), "bot"])
        click.echo("Telegram bot: starting (TELEGRAM_BOT_TOKEN is set).")
    runtime.close()
    _supervise(commands)


@main.command()
@click.option("--host", default=DEFAULT_HOST, show_default=True)
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int)
def web(host: str, port: int, workers: int) -> None:
    """Serve the form, the API and the dashboard with gunicorn."""
    settings = Settings.from_env()
    _require_current_schema(settings)
    if not os.environ.get("SECRET_KEY"):
        # All web processes must share one key, or sessions and CSRF tokens break between them.
        os.environ["SECRET_KEY"] = settings.secret_key
        click.echo("SECRET_KEY is not set: using a random key for this run (sessions end on restart).",
                   err=True)
    sqlite = settings.database_url.startswith("sqlite")
    os.execvp(sys.executable, gunicorn_command("webforms:create_app()", host, port, workers, sqlite=sqlite))


WEB_THREADS = 4
WORKER_CLASS = "captura.gunicorn_worker.BufferingThreadWorker"
CONNECTIONS_PER_THREAD = 8


def gunicorn_command(app: str, host: str, port: int, workers: int, *, sqlite: bool = False,
                     access_log: bool = True) -> list[str]:
    """The web tier's gunicorn invocation (the load benchmark serves its reference the same way).

    PostgreSQL: threaded workers, so requests waiting on a commit overlap.
    SQLite: one thread per worker, twice as many workers: with one writer at
    a time, a thread holding the write lock while it waits for the GIL would
    stall every other writer. Still threaded rather than sync workers, for
    keep-alive: a sync worker closes every connection, and reconnecting cost
    the SQLite door a fifth of its rate (780 against 1,015 req/s, measured
    side by side).
    Each worker holds at most ``CONNECTIONS_PER_THREAD`` connections per
    thread: a client's keep-alive pool opens its connections all at once,
    and the worker that wakes first would otherwise accept nearly all of
    them (63 of 64 measured) and keep them, running one worker's GIL flat
    out while the other idles. At its cap a worker stops accepting and
    closes surplus idle connections, so the pool spreads across workers.
    The worker class reads each request whole before a thread takes it, so a
    slow client holds no thread (``captura.gunicorn_worker``).
    gunicorn itself believes no forwarding header (``X-Forwarded-Proto``,
    ``SCRIPT_NAME``), not even from localhost: with ``CAPTURA_TRUSTED_PROXIES``
    the application's ProxyFix does, for the number of proxies configured.
    No control socket: its default path is one per machine, so stopping one
    instance removed another's.
    """
    threads, processes = (1, workers * 2) if sqlite else (WEB_THREADS, workers)
    concurrency = ["--workers", str(processes), "--worker-class", WORKER_CLASS, "--threads", str(threads),
                   "--worker-connections", str(threads * CONNECTIONS_PER_THREAD)]
    trust_nobody = ["--forwarded-allow-ips", "", "--no-control-socket"]
    logging = ["--access-logfile", "-", "--logger-class", "captura.gunicorn_hooks.MaskedAccessLogger"]
    return [sys.executable, "-m", "gunicorn", app, "--bind", f"{host}:{port}", *concurrency, *trust_nobody,
            "--config", "python:captura.gunicorn_hooks",
            "--graceful-timeout", "10", *(logging if access_log else [])]


@main.command()
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker(burst: bool) -> None:
    """Run the intake worker (rq) on the intake queue."""
    from worker import run_worker

    settings = Settings.from_env()
    _require_current_schema(settings)
    sys.exit(run_worker(settings, burst=burst))


@main.command()
def status() -> None:
    """Submissions by state and the queue's depth."""
    from store.queries import submission_counts

    runtime = _start_runtime(Settings.from_env())
    with read_only(runtime.engine) as connection:
        counts = submission_counts(connection)
    for state, count in counts.items():
        click.echo(f"{state:>9}: {count}")
    depth = runtime.queue.depth()
    click.echo(f"    queue: {'unknown (Redis does not answer)' if depth is None else depth} "
               f"({runtime.queue.kind})")


@main.group()
def submissions() -> None:
    """Submissions that need a hand."""


@submissions.command("retry")
@click.argument("submission_ids", nargs=-1, type=int)
def submissions_retry(submission_ids: tuple[int, ...]) -> None:
    """Put failed submissions (all, or the ids given) back in the queue."""
    from captura.jobs import retry_failed

    runtime = _start_runtime(Settings.from_env())
    click.echo(f"Re-queued {retry_failed(runtime, list(submission_ids) or None)} failed submission(s).")


@submissions.command("sweep")
def submissions_sweep() -> None:
    """Enqueue submissions left pending (after an outage), now."""
    from captura.jobs import sweep_pending

    runtime = _start_runtime(Settings.from_env())
    click.echo(f"Re-queued {sweep_pending(runtime, older_than=timedelta(0))} pending submission(s).")


@main.command()
@click.argument("email_or_phone")
def access(email_or_phone: str) -> None:
    """Print, as JSON, everything held about the person with this email or phone."""
    import json

    from store.privacy import access_report, find_lead_ids

    runtime = _start_runtime(Settings.from_env())
    keys = _person_keys(email_or_phone, runtime)
    with runtime.sessions() as session:
        report = access_report(session, find_lead_ids(session, keys=keys))
    click.echo(json.dumps(report, ensure_ascii=False, indent=2))


@main.command()
@click.argument("email_or_phone")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def erase(email_or_phone: str, yes: bool) -> None:
    """Erase the person with this email or phone from every table, and say what was removed."""
    from store.db import unit_of_work
    from store.privacy import erase_leads, find_lead_ids

    runtime = _start_runtime(Settings.from_env())
    keys = _person_keys(email_or_phone, runtime)
    with unit_of_work(runtime.sessions) as session:
        lead_ids = find_lead_ids(session, keys=keys)
        if not yes and sys.stdin.isatty():
            click.confirm(f"Erase {len(lead_ids)} lead(s) and every pending submission of this person?", abort=True)
        report = erase_leads(session, lead_ids, actor="cli:erase", region=runtime.settings.default_region,
                             extra_keys=keys)
    click.echo(f"Erased {len(report.lead_ids)} lead(s).")
    for table, count in sorted(report.removed.items()):
        click.echo(f"  {table}: {count}")


@main.command()
@click.option("--webhook-url", default=None, help="Receive updates by webhook at this public URL (else polling).")
@click.option("--listen", default="0.0.0.0", show_default=True, help="Webhook mode: address to listen on.")
@click.option("--port", default=8443, show_default=True, type=int, help="Webhook mode: port to listen on.")
def bot(webhook_url: str | None, listen: str, port: int) -> None:
    """Run the Telegram bot (TELEGRAM_BOT_TOKEN; TELEGRAM_API_BASE_URL for another Bot API server)."""
    from bot.telegram import run_polling, run_webhook

    settings = Settings.from_env()
    if not settings.telegram_bot_token:
        raise click.ClickException("TELEGRAM_BOT_TOKEN is not set.")
    _require_current_schema(settings)
    runtime = _start_runtime(settings)
    try:
        if webhook_url:
            run_webhook(runtime, webhook_url, listen=listen, port=port)
        else:
            run_polling(runtime)
    except RuntimeError as error:
        raise click.ClickException(str(error)) from error


@main.command()
@click.option("--lang", type=click.Choice(["es", "en"]), default=None, help="Language to start in.")
@click.option("--chat-key", default="local", show_default=True, help="Which console conversation to continue.")
def chat(lang: str | None, chat_key: str) -> None:
    """Talk to the lead-capture bot on this terminal (reads lines from stdin, prints the replies)."""
    from bot.console import run_console

    settings = Settings.from_env()
    _require_current_schema(settings)
    run_console(_start_runtime(settings), sys.stdin, sys.stdout, chat_key=chat_key, language=lang)


@main.group()
def duplicates() -> None:
    """The store's possible duplicates."""


@duplicates.command("scan")
def duplicates_scan() -> None:
    """Re-scan every lead and company for duplicates ingest missed, and queue them for review (nothing is merged)."""
    from store.db import unit_of_work
    from store.rescan import rescan_duplicates

    runtime = _start_runtime(Settings.from_env())
    with unit_of_work(runtime.sessions) as session:
        report = rescan_duplicates(session, region=runtime.settings.default_region,
                                   thresholds=runtime.settings.thresholds,
                                   progress=lambda line: click.echo(line, err=True))
    click.echo(f"Scanned {report.leads} leads: {report.queued} new pair(s) of likely duplicates queued for review.")
    click.echo(f"Scanned {report.companies} companies: {report.companies_queued} new pair(s) of likely duplicate "
               "companies queued for review.")


@main.command("export")
@click.option("--segment", help="A saved segment's name.")
@click.option("--format", "export_format", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@click.option("--filter", "filters", multiple=True, metavar="KEY=VALUE",
              help="A filter of the leads list, e.g. status=qualified or inactive_months=6 (repeatable).")
def export_leads(segment: str | None, export_format: str, filters: tuple[str, ...]) -> None:
    """Write the leads that may receive marketing (CSV with Mailchimp columns, or JSON) to stdout."""
    from store.db import read_only, unit_of_work
    from store.export import record_export, stream_export
    from store.queries import InvalidFilter, LeadFilter, segment_filter

    runtime = _start_runtime(Settings.from_env())
    try:
        lead_filter = LeadFilter.parse(dict(item.partition("=")[::2] for item in filters))
        with unit_of_work(runtime.sessions) as session:
            if segment:
                lead_filter = segment_filter(session, segment) or _no_segment(segment)
            count = record_export(session, lead_filter, export_format, actor="cli:export", segment=segment)
    except InvalidFilter as error:
        raise click.BadParameter(str(error), param_hint="--filter") from None
    with read_only(runtime.engine) as connection:
        for chunk in stream_export(connection, lead_filter, export_format):
            click.echo(chunk, nl=False)
    click.echo(f"Exported {count} lead(s) with a granted marketing consent.", err=True)


def _no_segment(name: str):  # type: ignore[no-untyped-def]
    raise click.BadParameter(f"there is no segment called {name!r}", param_hint="--segment")


@main.command()
@click.option("--people", default=300, show_default=True, type=click.IntRange(1, 5_000))
@click.option("--force", is_flag=True, help="Add the demo leads even when the store is not empty.")
@click.option("--seed", type=int, help="Make the sample reproducible.")
def demo(people: int, force: bool, seed: int | None) -> None:
    """Fill an empty store with realistic sample leads (Spanish and English) through the intake path."""
    from captura.demo import DemoRefused, fill_demo

    settings = Settings.from_env()
    migrations.upgrade(settings.database_url)
    runtime = _start_runtime(settings)
    try:
        report = fill_demo(runtime, people, force=force, seed=seed)
    except DemoRefused as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Demo: {report.submitted} submissions became {report.leads} leads "
               f"({report.duplicate_pairs} possible duplicates queued).")
    click.echo("  by status: " + ", ".join(f"{k} {v}" for k, v in sorted(report.statuses.items())))


@main.group()
def user() -> None:
    """Staff accounts (agent, sales, admin)."""


@user.command("add")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(["agent", "sales", "admin"]))
@click.option("--name", default="", help="The person's name, shown in the dashboard.")
def user_add(email: str, role: str, name: str) -> None:
    """Create a staff account; the password is read from stdin when it is not a terminal, else prompted."""
    from store.staff import add_user

    password = _read_password()
    account = _staff_change(lambda session: add_user(session, email, role, password, name=name,
                                                     actor="cli:user-add"))
    click.echo(f"Created {account.role} {account.email} (id {account.id}).")


@user.command("password")
@click.argument("email")
def user_password(email: str) -> None:
    """Set a new password (stdin when not a terminal, else prompted); the person's sessions end."""
    from store.staff import find_account_id, set_password

    password = _read_password()
    account = _staff_change(lambda session: set_password(session, find_account_id(session, email), password,
                                                         actor="cli:user-password"))
    click.echo(f"New password set for {account.email}; their sessions are signed out.")


@user.command("reset")
@click.argument("email")
def user_reset(email: str) -> None:
    """Give a random one-time password (printed once) that must be changed at the next sign-in."""
    from store.staff import find_account_id, reset_password

    account, password = _staff_change(lambda session: reset_password(session, find_account_id(session, email),
                                                                      actor="cli:user-reset"))
    click.echo(f"One-time password for {account.email}: {password}")
    click.echo("  They choose their own when they sign in; this password is not shown again.")


@user.command("unlock")
@click.argument("email")
def user_unlock(email: str) -> None:
    """Forget the account's failed sign-ins from every address, so it can be signed in to again."""
    from store.staff import find_account_id, unlock

    cleared = _staff_change(lambda session: unlock(session, find_account_id(session, email), actor="cli:user-unlock"))
    click.echo(f"Unlocked {email.strip().lower()} ({cleared} address(es) had failed sign-ins).")


def _read_password() -> str:
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")


Result = TypeVar("Result")


def _staff_change(change: Callable[[Session], Result]) -> Result:
    """One change to staff accounts in its own transaction; a refusal is one line, not a traceback."""
    from store.db import unit_of_work
    from store.staff import StaffError

    runtime = _start_runtime(Settings.from_env())
    try:
        with unit_of_work(runtime.sessions) as session:
            return change(session)
    except StaffError as error:
        raise click.ClickException(str(error)) from None


def _announce_first_admin(runtime: Runtime) -> None:
    """First run: create the admin (printing its one-time password: no default ships) and the default segments."""
    from store.db import unit_of_work
    from store.review import ensure_default_segments
    from store.staff import ensure_first_admin

    with unit_of_work(runtime.sessions) as session:
        created = ensure_first_admin(session)
        ensure_default_segments(session)
    if created:
        email, password = created
        click.echo(f"First run: created the admin {email} with the one-time password {password}")
        click.echo("  Sign in at /login (you then choose a password of your own) and add real accounts with "
                   "`captura user add EMAIL --role ROLE`; this password is not shown again.")


def _person_keys(email_or_phone: str, runtime: Runtime) -> list[tuple[str, str]]:
    from store.privacy import contact_keys

    keys = contact_keys(email_or_phone, runtime.settings.default_region)
    if not keys:
        raise click.BadParameter("give a valid email address or phone number", param_hint="EMAIL_OR_PHONE")
    return keys


def _start_runtime(settings: Settings) -> Runtime:
    """The process's runtime, on a database whose schema is current (else one line saying what to run)."""
    runtime = Runtime.start(settings)
    try:
        _check_schema(runtime)
    except click.ClickException:
        runtime.close()
        raise
    install_runtime(runtime)
    return runtime


def _recover_pending(runtime: Runtime) -> None:
    from captura.jobs import sweep_pending

    count = sweep_pending(runtime, older_than=timedelta(0))
    if count:
        click.echo(f"Re-queued {count} submission(s) left pending by an earlier run.")


def _require_current_schema(settings: Settings) -> None:
    runtime = Runtime.start(settings)
    try:
        _check_schema(runtime)
    finally:
        runtime.close()


def _check_schema(runtime: Runtime) -> None:
    if not migrations.schema_is_current(runtime.engine, runtime.settings.database_url):
        raise click.ClickException("The database schema is not current: run `captura db upgrade` first.")


def _describe_database(url: str) -> str:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"SQLite file {parsed.database}"
    return f"{parsed.get_backend_name()} at {parsed.host or 'local socket'}/{parsed.database}"


def _describe_queue(runtime: Runtime) -> str:
    if runtime.queue.kind == "redis":
        return f"Queue: Redis ({runtime.settings.redis_url or 'redis://127.0.0.1:6379/0'}), worker started."
    return "Queue: inline (no Redis answered): jobs run in the web process right after each submission."


def _self() -> list[str]:
    return [sys.executable, "-m", "captura"]


def _supervise(commands: list[list[str]]) -> None:
    """Run the processes until one exits or we are interrupted; then stop them all."""
    processes = [subprocess.Popen(command) for command in commands]
    stopping = False

    def _stop(*_args: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    while not stopping and all(process.poll() is None for process in processes):
        time.sleep(0.5)
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
    failed = [p for p in processes if p.returncode not in (0, -signal.SIGTERM, None)]
    sys.exit(1 if failed and not stopping else 0)
