"""``captura demo``: fill an empty store with a few hundred realistic leads, in Spanish and English.

Every lead enters through ``captura.intake.submit_lead`` like a real one, so
it carries its consent (with wording, version and evidence), its interaction
and its field history. Submissions are collected and ingested in batches
(``captura.jobs.run_ingest``) instead of one job each, which is the only
shortcut. To look lived-in, each submission is dated in the past before it
is ingested (consents carry the same date), about one person in twelve comes
back later (more interactions), some people show up twice with different
contact data and once more with a mix of both (the duplicates queue), and
statuses and owners are set through the dashboard's own service, audited as
``demo``.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import phonenumbers
from sqlalchemy import func, select, update

from captura.consent import CONTACT, MARKETING, consent_text
from captura.intake import ConsentGrant, LeadDraft, submit_lead
from captura.jobs import run_ingest
from captura.runtime import Runtime
from store.db import unit_of_work
from store.models import Lead, Submission
from store.normalize import fold
from store.queries import assignable_staff
from store.review import LeadChanges, ensure_default_segments, update_lead
from store.scoring import score_lead

BATCH = 50
HISTORY_DAYS = 540
STATUS_WEIGHTS = {"new": 40, "contacted": 25, "qualified": 15, "won": 10, "lost": 10}
CHANNELS = ("form", "form", "api", "webchat", "telegram", "desk")

PEOPLE = {
    "es": {
        "first": ["María", "José", "Lucía", "Javier", "Carmen", "Álvaro", "Sofía", "Íñigo", "Nuria", "Raúl",
                  "Begoña", "Sergio", "Paula", "Andrés", "Marta", "Jesús", "Elena", "Óscar", "Ainhoa", "Rocío"],
        "last": ["García", "Martínez", "López", "Sánchez", "Pérez", "Gómez", "Fernández", "Ruiz", "Díaz", "Muñoz",
                 "Álvarez", "Romero", "Navarro", "Torres", "Domínguez", "Vázquez", "Ibáñez", "Castaño"],
        "company": ["Talleres {last} S.L.", "Construcciones {last} S.A.", "Clínica Dental {last}",
                    "Asesoría {last} y Asociados", "Transportes {last} S.L.", "Panadería La Espiga",
                    "Hotel Miramar S.A.", "Bodegas {last}", "Ferretería Central S.L.", "Inmobiliaria Sol S.L."],
        "city": ["Madrid", "Barcelona", "Sevilla", "Valencia", "Bilbao", "Zaragoza", "Málaga", "A Coruña"],
        "title": ["Gerente", "Director de compras", "Responsable de marketing", "Administradora", "Jefe de obra"],
        "interest": ["Quiere un presupuesto para 3 furgonetas", "Pide precio de la licencia anual",
                     "Interesada en una demo del producto", "Consulta sobre instalación urgente",
                     "Pregunta por el contrato de mantenimiento", "Solo quiere información general",
                     "Quiere comparar tarifas antes de comprar", "Necesita una prueba gratuita"],
        "say": "Hola, soy {name} de {company}. {interest}. Me podéis llamar al {phone} o escribir a {email}.",
    },
    "en": {
        "first": ["Emma", "Oliver", "Amelia", "Harry", "Olivia", "Jack", "Isla", "George", "Ava", "Noah",
                  "Grace", "Liam", "Chloe", "Ethan", "Sophie", "Ryan"],
        "last": ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Thomas", "O'Neill",
                 "Roberts", "Walker", "Wright", "Hughes", "Clarke"],
        "company": ["{last} & Sons Ltd", "{last} Logistics Ltd", "Northern Dental Care", "Bright Bakery Ltd",
                    "{last} Consulting LLP", "Harbour Hotel Group", "Green Valley Farms", "Acme Widgets Ltd"],
        "city": ["London", "Manchester", "Leeds", "Bristol", "Glasgow", "Cardiff", "Belfast"],
        "title": ["Operations manager", "Head of procurement", "Marketing lead", "Office manager", "Owner"],
        "interest": ["Wants a quote for 20 licenses", "Asked about pricing for the premium plan",
                     "Would like a demo next week", "Urgent: needs installation before March",
                     "Comparing contract options", "Just browsing for now", "Interested in a free trial",
                     "Asked for a budget proposal"],
        "say": "Hi, this is {name} from {company}. {interest}. Call me on {phone} or email {email}.",
    },
}


class DemoRefused(Exception):
    """The store already holds leads; ``--force`` adds the demo leads anyway."""


@dataclass
class DemoReport:
    submitted: int = 0
    leads: int = 0
    duplicate_pairs: int = 0
    statuses: dict[str, int] = field(default_factory=dict)


class _Collector:
    """A queue that only remembers ids, so the demo can ingest in batches."""

    kind = "demo"

    def __init__(self) -> None:
        self.ids: list[int] = []

    def enqueue_submission(self, submission_id: int) -> bool:
        self.ids.append(submission_id)
        return True


@dataclass
class _Person:
    language: str
    name: str
    email: str
    phone: str
    company: str
    city: str
    title: str
    interest: str
    marketing: bool


def store_is_empty(runtime: Runtime) -> bool:
    with runtime.sessions() as session:
        return not session.scalar(select(func.count()).select_from(Lead)) and \
            not session.scalar(select(func.count()).select_from(Submission))


def fill_demo(runtime: Runtime, people: int = 300, *, force: bool = False, seed: int | None = None) -> DemoReport:
    """Submit ``people`` sample people (plus returns and duplicates), ingest them, set statuses."""
    if not force and not store_is_empty(runtime):
        raise DemoRefused("the store already holds leads; use --force to add demo leads anyway")
    rng = random.Random(seed)
    run = uuid.uuid4().hex[:6]
    collector, dated = _Collector(), {}
    report = DemoReport()
    now = datetime.now(timezone.utc)
    for index in range(people):
        person = _person(rng, run, index)
        when = now - timedelta(days=rng.uniform(0, HISTORY_DAYS), minutes=rng.randint(0, 600))
        _submit(runtime, collector, dated, rng, person, when)
        if rng.random() < 0.08:  # comes back later with another question
            _submit(runtime, collector, dated, rng, person, when + timedelta(days=rng.uniform(1, 60)))
        if rng.random() < 0.05:  # a second record under other contact data, then a message mixing both
            twin = _Person(**{**person.__dict__, "email": f"{run}.{index}.alt@example.org",
                              "phone": _phone(rng, person.language)})
            _submit(runtime, collector, dated, rng, twin, when + timedelta(days=2))
            mixed = _Person(**{**person.__dict__, "phone": twin.phone})
            _submit(runtime, collector, dated, rng, mixed, when + timedelta(days=3))
            report.duplicate_pairs += 1
    report.submitted = len(collector.ids)
    _backdate_and_ingest(runtime, collector.ids, dated)
    report.leads, report.statuses = _work_the_pipeline(runtime, rng, collector.ids)
    return report


def _person(rng: random.Random, run: str, index: int) -> _Person:
    language = "es" if rng.random() < 0.6 else "en"
    words = PEOPLE[language]
    first, last = rng.choice(words["first"]), rng.choice(words["last"])
    second = f" {rng.choice(words['last'])}" if language == "es" and rng.random() < 0.7 else ""
    handle = f"{fold(first)}.{fold(last)}".replace(" ", "")
    return _Person(
        language=language, name=f"{first} {last}{second}",
        email=f"{handle}.{run}{index}@{'ejemplo.es' if language == 'es' else 'example.com'}",
        phone=_phone(rng, language), company=rng.choice(words["company"]).format(last=rng.choice(words["last"])),
        city=rng.choice(words["city"]), title=rng.choice(words["title"]), interest=rng.choice(words["interest"]),
        marketing=rng.random() < 0.6)


def _phone(rng: random.Random, language: str) -> str:
    """A number the intake accepts: a Spanish mobile typed the local way, or a UK mobile with +44."""
    while True:
        if language == "es":
            number = f"6{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)}"
        else:
            number = f"+44 79{rng.randint(10, 99)} {rng.randint(100000, 999999)}"
        if phonenumbers.is_valid_number(phonenumbers.parse(number, "ES")):
            return number


def _submit(runtime: Runtime, collector: _Collector, dated: dict[int, datetime], rng: random.Random,
            person: _Person, when: datetime) -> None:
    channel = rng.choice(CHANNELS)
    raw = PEOPLE[person.language]["say"].format(name=person.name, company=person.company, interest=person.interest,
                                                phone=person.phone, email=person.email)
    draft = LeadDraft(
        channel=channel, name=person.name, email=person.email if rng.random() < 0.9 else None, phone=person.phone,
        company=person.company if rng.random() < 0.85 else None, city=person.city if rng.random() < 0.6 else None,
        job_title=person.title if rng.random() < 0.5 else None, interest=person.interest, language=person.language,
        raw_text=raw, source_ref=f"demo:{channel}", consents=_consents(person, channel, when))
    receipt = submit_lead(draft, runtime.engine, collector, region=runtime.settings.default_region)
    dated[receipt.submission_id] = when


def _consents(person: _Person, channel: str, when: datetime) -> list[ConsentGrant]:
    purposes = [CONTACT, MARKETING] if person.marketing else [CONTACT]
    return [ConsentGrant(purpose=purpose, granted=True, wording=consent_text(purpose).text(person.language)
                         .format(company="Captura"), wording_version=consent_text(purpose).version,
                         language=person.language, given_at=when,
                         evidence={"kind": "demo", "channel": channel, "note": "sample data from captura demo"})
            for purpose in purposes]


def _backdate_and_ingest(runtime: Runtime, ids: list[int], dated: dict[int, datetime]) -> None:
    with unit_of_work(runtime.sessions) as session:
        for submission_id in ids:
            session.execute(update(Submission).where(Submission.id == submission_id)
                            .values(created_at=dated[submission_id]))
    for start in range(0, len(ids), BATCH):
        run_ingest(runtime, ids[start:start + BATCH])


def _work_the_pipeline(runtime: Runtime, rng: random.Random, ids: list[int]) -> tuple[int, dict[str, int]]:
    """Date each lead by its first submission, give it a status and maybe an owner, score it."""
    statuses: dict[str, int] = {}
    with unit_of_work(runtime.sessions) as session:
        ensure_default_segments(session)
        firsts = session.execute(select(Submission.lead_id, func.min(Submission.created_at))
                                 .where(Submission.id.in_(ids), Submission.lead_id.is_not(None))
                                 .group_by(Submission.lead_id)).all()
        owners = [None, None, *[user.id for user in assignable_staff(session)]]
        for lead_id, first_seen in firsts:
            lead = session.get(Lead, lead_id)
            assert lead is not None
            lead.created_at = first_seen
            status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
            update_lead(session, lead_id, LeadChanges(status=status, owner_id=rng.choice(owners), notes=""),
                        actor="demo")
            score_lead(session, lead)
            statuses[status] = statuses.get(status, 0) + 1
    return len(firsts), statuses
