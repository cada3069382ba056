"""The conversation engine on a real store (SQLite and PostgreSQL), with the real ``nlp.extract``."""

from __future__ import annotations

import json
import threading
import uuid
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot.engine import MAX_MESSAGE_CHARS, RATE_LIMIT_MESSAGES, ChatEvent, ConversationEngine, Reply, Turn
from bot.state import chat_lock, drop_state, load_state, save_state, take_turn
from captura.consent import CONTACT, wording_for
from captura.runtime import Runtime
from store.models import Base, Consent, ContactPoint, Conversation, Interaction, Lead, Submission


class Chat:
    """One prospect talking to the engine through a channel, with the state saved like an adapter does."""

    def __init__(self, runtime: Runtime, chat_key: str = "100", *, language: str | None = "es",
                 channel: str = "telegram", engine: ConversationEngine | None = None) -> None:
        self.runtime, self.chat_key, self.language, self.channel = runtime, chat_key, language, channel
        self.engine = engine or ConversationEngine(runtime)
        self.turns: list[Turn] = []
        self.update_id = 0

    def send(self, text: str, kind: str = "text", payload: str | None = None,
             event_id: str | None = None) -> list[Reply]:
        self.update_id += 1
        event = ChatEvent(kind=kind, text=text, channel=self.channel, chat_key=self.chat_key,  # type: ignore[arg-type]
                          language_hint=self.language, payload=payload,
                          event_id=event_id or f"{self.chat_key}-{self.update_id}")
        turn = take_turn(self.runtime, self.engine, event)  # what every adapter does: handle, then save
        json.dumps(turn.state)  # the contract: always JSON-serializable
        self.turns.append(turn)
        return turn.replies

    def press(self, label_start: str) -> list[Reply]:
        """Press the button of the last replies whose label starts with ``label_start``."""
        for reply in reversed(self.turns[-1].replies):
            for label, payload in reply.buttons:
                if label.startswith(label_start):
                    return self.send(label, kind="button", payload=payload)
        raise AssertionError(f"no button {label_start!r} in {self.turns[-1].replies}")

    @property
    def state(self) -> dict[str, Any]:
        return load_state(self.runtime, self.channel, self.chat_key) or {}


def text_of(replies: list[Reply]) -> str:
    return "\n".join(reply.text for reply in replies)


def leads(runtime: Runtime) -> list[Lead]:
    with runtime.sessions() as session:
        return list(session.scalars(select(Lead).where(Lead.erased_at.is_(None))))


def count(runtime: Runtime, model: Any) -> int:
    with runtime.sessions() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def contact_points(runtime: Runtime) -> set[tuple[str, str]]:
    with runtime.sessions() as session:
        return {(c.kind, c.value) for c in session.scalars(select(ContactPoint))}


def test_spanish_chat_fills_three_fields_in_one_turn_and_stores_one_consented_lead(inline_runtime: Runtime) -> None:
    chat = Chat(inline_runtime)
    greeting = text_of(chat.send("/start", kind="command"))
    assert "Captura" in greeting and "/privacy" in greeting and "¿Cómo te llamas?" in greeting

    replies = text_of(chat.send("Soy Marta Ruiz de Talleres Ruiz, marta@talleresruiz.es, 612 345 678"))
    assert chat.state["fields"] == {"name": "Marta Ruiz", "email": "marta@talleresruiz.es",
                                    "phone": "+34612345678", "company": "Talleres Ruiz"}
    assert "¿Qué necesitas" in replies  # only what is missing is asked

    replies = text_of(chat.send("Un presupuesto para reformar la nave"))
    wording = wording_for(CONTACT, "es", "Captura")
    assert "Marta Ruiz" in replies and "+34612345678" in replies and wording in replies
    assert leads(inline_runtime) == []  # nothing before consent

    assert "Gracias, Marta Ruiz" in text_of(chat.send("sí, claro"))
    assert chat.turns[-1].finished
    [lead] = leads(inline_runtime)
    assert (lead.display_name, lead.company.name if lead.company else None) == ("Marta Ruiz", "Talleres Ruiz")
    assert lead.interest == "Un presupuesto para reformar la nave" and lead.language == "es"
    assert contact_points(inline_runtime) == {("email", "marta@talleresruiz.es"), ("phone", "+34612345678")}
    with inline_runtime.sessions() as session:
        consent = session.scalars(select(Consent)).one()
        submission = session.scalars(select(Submission)).one()
        interaction = session.scalars(select(Interaction)).one()
    assert consent.granted and consent.purpose == CONTACT and consent.wording == wording
    assert consent.channel == "telegram" and consent.language == "es"
    assert consent.evidence["answer"] == "sí, claro" and consent.evidence["answer_kind"] == "text"
    assert submission.source_ref == "telegram:100" and submission.idempotency_key.startswith("telegram:100:")
    assert "Soy Marta Ruiz" in (interaction.raw_text or "")
    assert chat.state["fields"] == {}  # the chat state keeps no personal data once stored


def test_english_chat_with_buttons_validation_and_a_correction(inline_runtime: Runtime) -> None:
    chat = Chat(inline_runtime, "200", language="en")
    chat.send("/start", kind="command")
    assert "How can we reach you, John Smith?" in text_of(chat.send("I'm John Smith"))
    assert "no domain after the @" in text_of(chat.send("john@acme"))
    assert chat.state["step"] == "asking_contact"
    assert "Which company" in text_of(chat.send("john@acme.com"))
    assert "What do you need" in text_of(chat.send("Acme Ltd"))
    replies = text_of(chat.press("Skip"))
    assert "Company: Acme Ltd" in replies and "Do you agree?" in replies
    replies = text_of(chat.send("no, my email is john.smith@acme.com"))
    assert "john.smith@acme.com" in replies and "Do you agree?" in replies
    chat.press("Yes")
    assert chat.turns[-1].finished
    [lead] = leads(inline_runtime)
    assert lead.language == "en"
    assert contact_points(inline_runtime) == {("email", "john.smith@acme.com")}
    with inline_runtime.sessions() as session:
        consent = session.scalars(select(Consent)).one()
    assert consent.evidence["answer_kind"] == "button" and consent.wording == wording_for(CONTACT, "en", "Captura")
    assert "john.smith@acme.com" in consent.evidence["summary"]


def test_refusing_consent_keeps_nothing(inline_runtime: Runtime) -> None:
    chat = Chat(inline_runtime, "300")
    chat.send("Hola, me llamo Ana Gómez y mi correo es ana@gomez.es")
    chat.send("saltar")
    chat.send("nada")
    replies = text_of(chat.send("prefiero que no"))
    assert "no he guardado" in replies
    assert chat.turns[-1].finished
    assert count(inline_runtime, Submission) == 0 and count(inline_runtime, Lead) == 0
    assert "ana@gomez.es" not in json.dumps(chat.state)


@pytest.mark.parametrize("answer", ["vale", "Sí", "ok", "de acuerdo", "yes please", "👍"])
def test_typed_yes_counts_as_consent(sqlite_url: str, answer: str) -> None:
    from tests.conftest import make_runtime

    runtime = make_runtime(sqlite_url, redis=False)
    chat = Chat(runtime, "301")
    chat.send("Soy Luis Pérez, luis@perez.es, trabajo en Pérez Hermanos, quiero un presupuesto para una web")
    assert chat.state["step"] == "awaiting_consent"
    chat.send(answer)
    assert len(leads(runtime)) == 1
    runtime.close()


def test_language_follows_the_hint_then_the_text_then_an_explicit_switch(inline_runtime: Runtime) -> None:
    chat = Chat(inline_runtime, "400", language="en")
    assert "What is your name?" in text_of(chat.send("/start", kind="command"))
    assert "¿Cómo podemos contactarte" in text_of(chat.send("Hola, me llamo Pedro Sánchez y quiero información"))
    assert chat.state["lang"] == "es"
    replies = text_of(chat.send("English please"))
    assert "How can we reach you, Pedro Sánchez?" in replies
    assert "¿Cómo podemos" in text_of(chat.send("en español"))
    chat.send("pedro@sanchez.es")
    assert chat.state["lang"] == "es"


def test_an_unmatched_consent_button_and_commands_out_of_order_never_store(inline_runtime: Runtime) -> None:
    chat = Chat(inline_runtime, "500")
    assert "anterior" in text_of(chat.send("Sí", kind="button", payload="consent:yes:7"))
    chat.send("/mydata", kind="command")
    chat.send("/forget", kind="command")
    chat.send("/nonsense", kind="command")
    chat.send("Soy Eva Martín, eva@martin.es")
    assert "anterior" in text_of(chat.send("Sí", kind="button", payload="consent:yes:0"))
    chat.send("/privacy", kind="command")
    chat.send("/help", kind="command")
    chat.send("/start", kind="command")
    assert chat.state["fields"]["email"] == "eva@martin.es"  # /start mid-chat carries on
    assert count(inline_runtime, Submission) == 0
    chat.send("/cancel", kind="command")
    assert chat.state["fields"] == {} and count(inline_runtime, Submission) == 0


def test_stale_summary_button_does_not_consent_to_changed_data(inline_runtime: Runtime) -> None:
    chat = Chat(inline_runtime, "501")
    chat.send("Soy Eva Martín, eva@martin.es, de Martín SL, quiero un presupuesto para una web")
    old_yes = next(payload for reply in chat.turns[-1].replies for label, payload in reply.buttons
                   if payload.startswith("consent:yes"))
    chat.send("no, mi correo es eva@martinsl.es")
    chat.send("Sí", kind="button", payload=old_yes)
    assert count(inline_runtime, Submission) == 0
    chat.press("Sí")
    assert contact_points(inline_runtime) == {("email", "eva@martinsl.es")}


def test_bad_input_gets_polite_replies(inline_runtime: Runtime) -> None:
    chat = Chat(inline_runtime, "600")
    assert "solo puedo leer texto" in text_of(chat.send("", kind="unsupported"))
    assert "demasiado largo" in text_of(chat.send("x" * (MAX_MESSAGE_CHARS + 1)))
    replies = text_of(chat.send("+34 699 111 222", kind="contact", payload="Rosa Vidal"))
    assert chat.state["fields"] == {"name": "Rosa Vidal", "phone": "+34699111222"}
    assert "¿Desde qué empresa" in replies
    assert count(inline_runtime, Submission) == 0


def test_a_burst_is_rate_limited_with_one_polite_note(sqlite_url: str) -> None:
    from tests.conftest import make_runtime

    runtime = make_runtime(sqlite_url, redis=False)
    now = [1000.0]
    chat = Chat(runtime, "700", engine=ConversationEngine(runtime, clock=lambda: now[0]))
    replies = [chat.send(f"mensaje {i}") for i in range(RATE_LIMIT_MESSAGES + 5)]
    notes = [r for r in replies[RATE_LIMIT_MESSAGES:] if r]
    assert len(notes) == 1 and "más rápido" in notes[0][0].text
    now[0] += 60
    assert chat.send("Soy Carmen Ruiz")  # answered again after a pause
    assert chat.state["fields"]["name"] == "Carmen Ruiz"
    runtime.close()


def test_a_redelivered_event_is_ignored_and_yields_one_lead(inline_runtime: Runtime) -> None:
    chat = Chat(inline_runtime, "800")
    chat.send("Soy Pablo Díaz, pablo@diaz.es, de Díaz SA, quiero un presupuesto para una web")
    before = chat.state
    chat.send("sí", event_id="u-99")
    assert chat.send("sí", event_id="u-99") == []  # the same update again: silence
    # A crash after submitting but before saving the state: the same answer again is a replay.
    engine = ConversationEngine(inline_runtime)
    turn = engine.handle(before, ChatEvent(kind="text", text="sí", channel="telegram", chat_key="800",
                                           language_hint="es", event_id="u-99"))
    assert turn.finished
    assert count(inline_runtime, Submission) == 1 and len(leads(inline_runtime)) == 1


def test_two_chats_interleaved_never_share_state(inline_runtime: Runtime) -> None:
    ana, bob = Chat(inline_runtime, "901"), Chat(inline_runtime, "902", language="en")
    ana.send("Soy Ana Torres")
    bob.send("I'm Bob Stone")
    ana.send("ana@torres.es")
    bob.send("+44 20 7946 0958")
    assert ana.state["fields"] == {"name": "Ana Torres", "email": "ana@torres.es"}
    assert bob.state["fields"] == {"name": "Bob Stone", "phone": "+442079460958"}
    for chat in (ana, bob):
        chat.press("Skip" if chat is bob else "Saltar")
        chat.send("skip")
        chat.send("yes" if chat is bob else "sí")
    names = {lead.display_name for lead in leads(inline_runtime)}
    assert names == {"Ana Torres", "Bob Stone"}


def test_mydata_and_forget_use_the_privacy_module(inline_runtime: Runtime) -> None:
    chat = Chat(inline_runtime, "1000")
    chat.send("Soy Laura Gil, laura@gil.es, de Gil SL, quiero un presupuesto para una web")
    chat.send("sí")
    assert "laura@gil.es" in text_of(chat.send("/mydata", kind="command"))
    other = Chat(inline_runtime, "1001")
    assert "No guardamos ningún dato" in text_of(other.send("/mydata", kind="command"))
    chat.send("/forget", kind="command")
    assert leads(inline_runtime) == [] and load_state(inline_runtime, "telegram", "1000") is None
    assert ("email", "laura@gil.es") not in contact_points(inline_runtime)
    assert "No guardamos ningún dato" in text_of(chat.send("/mydata", kind="command"))


def test_state_store_upserts_and_drops(database_url: str) -> None:
    from tests.conftest import make_runtime

    runtime = make_runtime(database_url, redis=False)
    if runtime.engine.dialect.name == "postgresql":
        with runtime.engine.begin() as connection:
            connection.execute(Conversation.__table__.delete())
    assert load_state(runtime, "webchat", "k") is None
    save_state(runtime, "webchat", "k", {"step": "a"})
    save_state(runtime, "webchat", "k", {"step": "b"})
    save_state(runtime, "telegram", "k", {"step": "c"})
    assert load_state(runtime, "webchat", "k") == {"step": "b"}
    assert count(runtime, Conversation) == 2
    drop_state(runtime, "webchat", "k")
    assert load_state(runtime, "webchat", "k") is None and load_state(runtime, "telegram", "k") == {"step": "c"}
    runtime.close()


EVENTS = st.one_of(
    st.sampled_from(["Soy Marta Ruiz", "marta@ruiz.es", "612 345 678", "Talleres Ruiz", "un presupuesto", "sí",
                     "no", "saltar", "English please", "en español", "no, mi email es m@r.es", "marta@", "hola",
                     "x" * 3000, ""]).map(lambda text: ("text", text, None)),
    st.sampled_from(["/start", "/cancel", "/help", "/privacy", "/mydata", "/forget", "/bogus", "/"]).map(
        lambda text: ("command", text, None)),
    st.sampled_from(["consent:yes:1", "consent:no:1", "consent:yes:2", "skip:company", "skip:interest",
                     "lang:en", "consent", "garbage::"]).map(lambda payload: ("button", "?", payload)),
    st.just(("contact", "+34 699 111 222", "Rosa Vidal")),
    st.just(("unsupported", "", None)),
)


KEPT_TABLES = {"staff_users", "rate_limits", "alembic_version"}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(script=st.lists(EVENTS, min_size=1, max_size=12))
def test_any_sequence_of_events_never_crashes_and_stores_only_after_a_yes(sqlite_url: str, script: list) -> None:
    from tests.conftest import make_runtime

    runtime = make_runtime(sqlite_url, redis=False)
    try:
        chat = Chat(runtime, f"fuzz-{uuid.uuid4().hex[:8]}", engine=ConversationEngine(runtime, rate_limit=None))
        before = count(runtime, Submission)
        for kind, text, payload in script:
            replies = chat.send(text, kind=kind, payload=payload)
            assert replies, f"no reply to {kind} {text!r}"
            submitted = count(runtime, Submission) > before
            if submitted and not chat.turns[-1].finished:
                raise AssertionError("a submission without a finished consent turn")
            before = count(runtime, Submission)
    finally:
        with runtime.engine.begin() as connection:
            for table in reversed(Base.metadata.sorted_tables):  # children before the rows they point at
                if table.name not in KEPT_TABLES:
                    connection.execute(table.delete())
        runtime.close()


@pytest.mark.postgres
def test_turns_of_one_chat_wait_for_each_other_across_processes(postgres_url: str) -> None:
    from tests.conftest import make_runtime

    runtime = make_runtime(postgres_url, redis=False)
    engine = ConversationEngine(runtime)

    def event(chat_key: str) -> ChatEvent:
        return ChatEvent(kind="command", text="/help", channel="telegram", chat_key=chat_key, language_hint="en")

    try:
        with chat_lock(runtime, "telegram", "lock-1"):  # another process is in the middle of this chat's turn
            same_chat = threading.Thread(target=take_turn, args=(runtime, engine, event("lock-1")))
            same_chat.start()
            same_chat.join(timeout=1.0)
            assert same_chat.is_alive()  # waits for it
            assert take_turn(runtime, engine, event("lock-2")).replies  # other chats do not wait
        same_chat.join(timeout=10)
        assert not same_chat.is_alive() and load_state(runtime, "telegram", "lock-1") is not None
    finally:
        drop_state(runtime, "telegram", "lock-1")
        drop_state(runtime, "telegram", "lock-2")
        runtime.close()


@pytest.mark.redis
def test_mydata_and_forget_cover_a_request_still_in_the_queue(redis_runtime: Runtime) -> None:
    from tests.conftest import drain

    chat = Chat(redis_runtime, "1100")
    chat.send("Soy Raúl Soto, raul@soto.es, de Soto SL, quiero un presupuesto para una web")
    chat.send("sí")
    assert "1 solicitud(es) recibida(s) y aún en proceso" in text_of(chat.send("/mydata", kind="command"))
    chat.send("/forget", kind="command")
    with redis_runtime.sessions() as session:
        submission = session.scalars(select(Submission)).one()
    assert submission.status == "rejected" and "raul@soto.es" not in json.dumps(submission.payload)
    drain(redis_runtime)  # the worker finds nothing left to store
    assert leads(redis_runtime) == [] and ("email", "raul@soto.es") not in contact_points(redis_runtime)


def test_a_chat_cannot_read_nor_erase_someone_elses_lead_by_typing_their_email(inline_runtime: Runtime) -> None:
    from captura.intake import ConsentGrant, LeadDraft, submit_lead

    wording = wording_for(CONTACT, "es", "Captura")
    submit_lead(LeadDraft(channel="form", name="Victoria Sanz", email="victoria@sanz.es", phone="611 222 333",
                          interest="Seguro de hogar", consents=[ConsentGrant(
                              purpose=CONTACT, granted=True, wording=wording, wording_version="contact-2026-11")]),
                inline_runtime.engine, inline_runtime.queue, region="ES")
    intruder = Chat(inline_runtime, "1200")
    intruder.send("Soy Pepe Intruso, victoria@sanz.es, de Intrusos SL, quiero un presupuesto para una web")
    intruder.send("sí")
    assert len(leads(inline_runtime)) == 1  # intake merged the chat into Victoria's lead, as designed

    shown = text_of(intruder.send("/mydata", kind="command"))
    assert "victoria@sanz.es" in shown  # what the chat itself gave…
    assert "611" not in shown and "Seguro de hogar" not in shown and "Victoria" not in shown  # …and nothing else

    replies = text_of(intruder.send("/forget", kind="command"))
    assert "retirado tu consentimiento" in replies
    [lead] = leads(inline_runtime)  # Victoria's data was not erased from a stranger's chat…
    assert ("phone", "+34611222333") in contact_points(inline_runtime)
    with inline_runtime.sessions() as session:
        consents = session.scalars(select(Consent).where(Consent.lead_id == lead.id).order_by(Consent.id)).all()
    assert consents[-1].granted is False and consents[-1].evidence["source_ref"] == "telegram:1200"  # …but flagged
    assert load_state(inline_runtime, "telegram", "1200") is None
