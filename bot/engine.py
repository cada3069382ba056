"""The conversation engine: consent-first lead capture by chat, for any channel.

A plain state machine, declared once in ``ConversationEngine.STEPS`` /
``BUTTONS`` / ``COMMANDS``, with one handler per state named for what the
person did. Adapters (Telegram, the web chat widget, the console) turn their
messages into a ``ChatEvent``, call ``handle`` with the state they saved last
time, send the ``Reply``s and save ``Turn.state`` (see ``bot.state``)::

    engine = ConversationEngine(runtime)
    turn = engine.handle(state, ChatEvent(kind="text", text="Hola", channel="webchat", chat_key="abc"))
    turn.state, turn.replies, turn.finished

The flow: greet and say who is asking and why; read every field of each
message at once with ``nlp.extract``; ask only for what is missing (a name
and an email or phone are required; the optional questions, company and
interest unless ``CAPTURA_CHAT_QUESTIONS`` names others such as the postcode,
are asked once and can be skipped); validate with ``nlp.contact`` and re-ask with the reason;
accept corrections at any point; read back a summary; ask for explicit
consent with the consent register's exact wording; on yes hand a draft to
``captura.intake.submit_lead``, on no keep nothing.

The engine never raises: whatever goes wrong, the person gets a polite reply
and the previous state is kept, so no half-stored lead and no lost chat.
"""

from __future__ import annotations

import copy
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Literal

import structlog

from bot.answers import is_greeting, is_skip, language_request, sounds_like_correction, yes_or_no
from bot.rights import forget_chat, what_we_hold
from captura.consent import CONTACT, consent_text, wording_for
from captura.i18n import field_error_message, supported, translate
from captura.intake import (
    MAX_TEXT_FIELD,
    ConsentGrant,
    IdempotencyConflict,
    InvalidLead,
    LeadDraft,
    submit_lead,
)
from captura.runtime import Runtime
from nlp import ExtractionInputTooLarge, InvalidContact, extract, normalize_email, normalize_phone
from nlp.contact import MAX_POSTCODE_LENGTH
from nlp.fields import (
    BY_NAME,
    CHAT_QUESTIONS,
    DEFAULT_CHAT_QUESTIONS,
    FIELD_NAMES,
    REGISTRY,
    VALIDATED_FIELDS,
    VALUE_FIELDS,
    chat_kept,
    normalize_lead_postcode,
)
from store.db import unit_of_work

log = structlog.get_logger(__name__)

EventKind = Literal["text", "button", "command", "contact", "unsupported"]
STATE_VERSION = 1
MAX_MESSAGE_CHARS = 2_000
"""Longer messages get a polite "please be brief" instead of being read: a lead needs a few lines."""
MAX_TRANSCRIPT_CHARS = 20_000
RATE_LIMIT_MESSAGES = 12
RATE_LIMIT_SECONDS = 10.0
"""More than 12 messages in 10 seconds is a paste burst or a script, not a person typing."""
REMEMBERED_EVENTS = 50
MIN_WORDS_TO_FOLLOW_LANGUAGE = 4
"""Shorter messages ("Marta Ruiz", "ok") say too little about the language to switch on them."""

# From the field register (nlp.fields); the optional questions asked come from CAPTURA_CHAT_QUESTIONS.
FIELDS = chat_kept(DEFAULT_CHAT_QUESTIONS)
OPTIONAL_QUESTIONS = DEFAULT_CHAT_QUESTIONS
FIELD_LABELS = {field.name: field.in_chat for field in REGISTRY}
INTAKE_CHANNELS = {"console": "demo"}
"""Chat channels that intake knows under another name (the console is a demo door)."""

# Steps of the conversation.
ASKING_NAME = "asking_name"
ASKING_CONTACT = "asking_contact"
ASKING_PREFIX = "asking_"
ASKING_COMPANY = "asking_company"
ASKING_INTEREST = "asking_interest"
ASKING_POSTCODE = "asking_postcode"
AWAITING_CONSENT = "awaiting_consent"
CLOSED = "closed"


@dataclass(frozen=True)
class ChatEvent:
    """One thing the person did in a chat.

    ``kind``: "text" (``text``), "button" (``payload`` from a Reply button,
    ``text`` its label), "command" (``text`` like "/start"), "contact" (a
    shared contact card: ``text`` its phone number, ``payload`` its name) or
    "unsupported" (a sticker, photo, voice note…). ``event_id`` identifies
    the delivery (Telegram's ``update_id``) so a redelivered event is ignored.
    """

    kind: EventKind
    text: str = ""
    channel: str = "console"
    chat_key: str = ""
    language_hint: str | None = None
    payload: str | None = None
    event_id: str | None = None

    @property
    def source_ref(self) -> str:
        return f"{self.channel}:{self.chat_key}"


@dataclass(frozen=True)
class Reply:
    """One message to send; ``buttons`` are (label, payload) pairs, sent back as a "button" event."""

    text: str
    buttons: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Turn:
    """The engine's answer to one event: the state to save, the replies to send, whether the chat ended.

    An empty ``state`` means "keep nothing about this chat": drop its saved state (after /forget).
    """

    state: dict[str, Any]
    replies: list[Reply]
    finished: bool = False


class Conversation:
    """The state of one chat while a turn runs, and the replies it collects."""

    def __init__(self, state: dict[str, Any], event: ChatEvent, now: float) -> None:
        self.state = state
        self.event = event
        self.now = now
        self.replies: list[Reply] = []
        self.finished = False

    @classmethod
    def fresh(cls, event: ChatEvent, now: float, language: str | None = None, pinned: bool = False) -> Conversation:
        """A new conversation: a new id (part of the idempotency key), no personal data."""
        state = {"v": STATE_VERSION, "id": uuid.uuid4().hex, "step": ASKING_NAME,
                 "lang": supported(language or event.language_hint), "lang_pinned": pinned,
                 "fields": {}, "asked": [], "transcript": [], "revision": 0, "seen": [], "times": []}
        return cls(state, event, now)

    @property
    def lang(self) -> str:
        return self.state.get("lang") or supported(self.event.language_hint)

    @property
    def step(self) -> str:
        return self.state.get("step", CLOSED)

    @property
    def fields(self) -> dict[str, str]:
        return self.state["fields"]

    def say(self, text: str, buttons: list[tuple[str, str]] | None = None) -> None:
        self.replies.append(Reply(text, list(buttons or [])))

    def forget_personal_data(self, step: str = CLOSED) -> None:
        """Keep only what is not about the person: language, redelivery and rate-limit bookkeeping."""
        keep = ("v", "id", "lang", "lang_pinned", "greeted", "seen", "times", "submission_id")
        self.state = {key: self.state[key] for key in keep if key in self.state}
        self.state.update(step=step, fields={}, asked=[], transcript=[], revision=0)

    def turn(self) -> Turn:
        return Turn(self.state, self.replies, self.finished)


Handler = Callable[["ConversationEngine", Conversation], None]


class ConversationEngine:
    """Turns chat events into replies and, with the person's consent, into one lead.

    Pure with respect to its channel: the state goes in and out as a JSON
    dict, so the caller decides where it lives. ``rate_limit`` is (messages,
    seconds) per chat, None for a trusted channel such as the console;
    ``clock`` is injectable for its tests.
    """

    def __init__(self, runtime: Runtime, *, clock: Callable[[], float] = time.time,
                 rate_limit: tuple[int, float] | None = (RATE_LIMIT_MESSAGES, RATE_LIMIT_SECONDS)) -> None:
        self.runtime = runtime
        self.clock = clock
        self.rate_limit = rate_limit
        self.questions: tuple[str, ...] = runtime.settings.chat_questions
        self.kept_fields = chat_kept(self.questions)

    # -- the one entry point -------------------------------------------------

    def handle(self, state: dict[str, Any] | None, event: ChatEvent) -> Turn:
        """Answer ``event`` given the chat's saved ``state`` (None for a new chat); never raises."""
        now = self.clock()
        if state and state.get("v") == STATE_VERSION:
            convo = Conversation(copy.deepcopy(state), event, now)
        else:
            convo = Conversation.fresh(event, now)
        if event.event_id is not None and event.event_id in convo.state["seen"]:
            log.info("bot.redelivered_event_ignored", channel=event.channel)
            return Turn(convo.state, [], convo.step == CLOSED)
        try:
            self._dispatch(convo, event, is_new=not state)
        except Exception as error:  # the person gets an apology; the traceback's locals would hold their data
            log.error("bot.turn_failed", channel=event.channel, step=convo.step, error=repr(error)[:500])
            return self._apology(state, event, now)
        self._remember(convo, event)
        return convo.turn()

    def _dispatch(self, convo: Conversation, event: ChatEvent, *, is_new: bool) -> None:
        if self._too_fast(convo):
            return
        if event.kind == "command":
            name = event.text.strip().split()[0].lstrip("/").split("@")[0].lower() if event.text.strip() else ""
            self.COMMANDS.get(name, ConversationEngine.sent_unknown_command)(self, convo)
            return
        if not convo.state.get("greeted"):
            self._greet(convo)
        if event.kind == "button":
            kind = (event.payload or "").split(":")[0]
            self.BUTTONS.get(kind, ConversationEngine.pressed_stale_button)(self, convo)
        elif event.kind in ("text", "contact"):
            if convo.step == CLOSED and not convo.state.get("submission_id"):
                self._begin_again(convo)  # after a cancel, a refusal or /forget, writing again begins anew
                is_new = True
            if event.kind == "contact":
                self.shared_contact(convo)
            else:
                self._read_text(convo, is_new)
        else:
            self.sent_unsupported(convo)

    def _read_text(self, convo: Conversation, is_new: bool) -> None:
        text = convo.event.text.strip()
        if not text:
            self.sent_unsupported(convo)
        elif len(text) > MAX_MESSAGE_CHARS:
            self.sent_too_long(convo)
        elif language_request(text):
            self.asked_for_language(convo, language_request(text) or convo.lang)
        elif is_new:
            self.wrote_first(convo)
        else:
            self.STEPS[convo.step](self, convo)

    # -- what the person did, one handler each -----------------------------------

    def started(self, convo: Conversation) -> None:
        """/start: greet a new (or finished) chat; mid-conversation, carry on instead of losing answers."""
        if convo.step == CLOSED or not convo.state.get("greeted"):
            self._begin_again(convo)
            self._greet(convo)
            self._ask_next(convo)
            return
        convo.say(translate(convo.lang, "We are already talking: let's carry on where we left off. "
                                        "Send /cancel to start over."))
        self._ask_next(convo)

    def wrote_first(self, convo: Conversation) -> None:
        """The first message of a chat may already hold everything ("Soy Marta Ruiz, marta@…")."""
        self._take_details(convo, asked=None)
        self._ask_next(convo)

    def received_name(self, convo: Conversation) -> None:
        self._take_required(convo, "name")

    def received_contact(self, convo: Conversation) -> None:
        self._take_required(convo, "contact")

    def received_optional_answer(self, convo: Conversation) -> None:
        """The answer to one of the optional questions (company, interest, postcode…)."""
        self._answered_optional(convo, convo.step.removeprefix(ASKING_PREFIX))

    def skipped_question(self, convo: Conversation) -> None:
        """The "Skip" button of an optional question."""
        question = (convo.event.payload or "").partition(":")[2]
        if question in self.questions and convo.step == f"{ASKING_PREFIX}{question}":
            convo.state["asked"].append(question)
            self._ask_next(convo)
        else:
            self.pressed_stale_button(convo)

    def answered_consent_question(self, convo: Conversation) -> None:
        """Typed text while the consent question is open: a yes, a no, or a correction."""
        text = convo.event.text
        answer = yes_or_no(text)
        if answer is True:
            self.granted_consent(convo)
        elif answer is False:
            self.declined_consent(convo)
        elif self._take_details(convo, asked=None):
            self._ask_next(convo, changed=True)
        else:
            self._record_transcript(convo, text)
            convo.say(translate(convo.lang, "Please answer yes or no. If something in the summary is wrong, "
                                            "just write the right value."), self._consent_buttons(convo))

    def pressed_consent_button(self, convo: Conversation) -> None:
        """A Yes/No button; only the buttons of the summary on screen count."""
        _, answer, revision = ((convo.event.payload or "") + "::").split(":")[:3]
        current = convo.step == AWAITING_CONSENT and revision == str(convo.state.get("revision"))
        if current and answer == "yes":
            self.granted_consent(convo)
        elif current and answer == "no":
            self.declined_consent(convo)
        else:
            self.pressed_stale_button(convo)

    def granted_consent(self, convo: Conversation) -> None:
        """Yes: hand the draft, with the wording shown and the answer as evidence, to intake."""
        draft = self._draft(convo)
        try:
            receipt = submit_lead(draft, self.runtime.engine, self.runtime.queue,
                                  region=self.runtime.settings.default_region,
                                  check_deliverability=self.runtime.settings.check_email_deliverability)
        except IdempotencyConflict as conflict:
            receipt_id = conflict.submission_id  # this conversation was already submitted
        except InvalidLead as invalid:
            for error in invalid.errors.values():
                convo.say(field_error_message(error.code, convo.lang))
            for name in invalid.errors:
                convo.fields.pop(name, None)
            self._ask_next(convo)
            return
        else:
            receipt_id = receipt.submission_id
        log.info("bot.lead_submitted", channel=convo.event.channel, submission_id=receipt_id)
        name = convo.fields.get("name", "")
        convo.forget_personal_data()
        convo.state["submission_id"] = receipt_id
        convo.say(translate(convo.lang, "Thank you, %(name)s! Your request is registered (reference %(ref)s) "
                                        "and our team will contact you soon. /mydata shows what we keep about "
                                        "you; /forget erases it.", name=name, ref=receipt_id))
        convo.finished = True

    def declined_consent(self, convo: Conversation) -> None:
        """No: keep nothing, and say so."""
        convo.forget_personal_data()
        convo.say(translate(convo.lang, "Understood: I have not stored your details and I have deleted what you "
                                        "wrote in this chat. If you change your mind, send /start."))
        convo.finished = True

    def shared_contact(self, convo: Conversation) -> None:
        """A contact card is real data: its phone number, and its name when we have none yet."""
        if convo.step == CLOSED:
            self.wrote_after_closing(convo)
            return
        phone, name = convo.event.text.strip(), (convo.event.payload or "").strip()
        self._record_transcript(convo, f"{name} {phone}".strip())
        try:
            convo.fields["phone"] = normalize_phone(phone, self.runtime.settings.default_region)
        except InvalidContact as error:
            convo.say(field_error_message(error.code, convo.lang))
        if name and not convo.fields.get("name"):
            convo.fields["name"] = name[:MAX_TEXT_FIELD]
        self._ask_next(convo, changed=convo.step == AWAITING_CONSENT)

    def asked_for_language(self, convo: Conversation, language: str) -> None:
        """"English please" / "en español": switch, and repeat the open question in that language."""
        convo.state.update(lang=language, lang_pinned=True)
        convo.say(translate(language, "Of course, let's continue in English."))
        self._ask_next(convo)

    def pressed_language_button(self, convo: Conversation) -> None:
        self.asked_for_language(convo, supported((convo.event.payload or "").partition(":")[2]))

    def cancelled(self, convo: Conversation) -> None:
        """/cancel: forget this conversation (nothing was stored: consent comes last)."""
        convo.forget_personal_data()
        convo.say(translate(convo.lang, "Done: I have forgotten this conversation. Send /start whenever you "
                                        "want to begin again."))
        convo.finished = True

    def asked_privacy(self, convo: Conversation) -> None:
        convo.say(self._privacy_notice(convo))
        self._ask_next(convo)

    def asked_for_help(self, convo: Conversation) -> None:
        convo.say(translate(convo.lang, "I take your contact details so our team can answer your request.\n"
                                        "/start - begin\n/cancel - forget this conversation\n"
                                        "/privacy - how we use your data\n/mydata - what we keep about you\n"
                                        "/forget - erase everything we keep about you\n/help - this list\n"
                                        "Write \"English please\" or \"en español\" to change the language."))
        self._ask_next(convo)

    def asked_for_their_data(self, convo: Conversation) -> None:
        """/mydata: what the store holds that this chat gave (the right of access), in a few lines."""
        with self.runtime.sessions() as session:
            holdings = what_we_hold(session, convo.event.source_ref, self.runtime.settings.default_region)
        lines = [self._describe_lead(convo.lang, lead) for lead in holdings.leads]
        if holdings.waiting:
            lines.append(translate(convo.lang, "%(count)s request(s) received and still being processed.",
                                   count=holdings.waiting))
        if convo.fields:
            lines.append(translate(convo.lang, "In this conversation (not stored yet):") + "\n"
                         + self._summary_lines(convo))
        if not lines:
            lines.append(translate(convo.lang, "We hold no data about this chat."))
        convo.say("\n\n".join(lines))
        self._ask_next(convo)

    def asked_to_forget(self, convo: Conversation) -> None:
        """/forget: erase what this chat gave, everywhere (bot.rights over store.privacy), and this conversation."""
        event = convo.event
        with unit_of_work(self.runtime.sessions) as session:
            outcome = forget_chat(session, event.channel, event.chat_key, region=self.runtime.settings.default_region,
                                  evidence={"event_id": event.event_id})
        log.info("bot.forgotten", channel=event.channel, erased=outcome.erased_leads,
                 withdrawn=outcome.withdrawn_leads)
        if outcome.withdrawn_leads:
            convo.say(translate(convo.lang, "Some of the details you gave are linked to information we received "
                                            "another way, so I cannot erase them from a chat. I have withdrawn "
                                            "your consent and forgotten this conversation; our team will complete "
                                            "the erasure."))
        else:
            convo.say(translate(convo.lang, "Done: I have erased everything we kept about this chat and this "
                                            "conversation."))
        convo.state = {}  # an empty state: the adapter drops the chat's row (bot.state.take_turn)
        convo.finished = True

    def wrote_after_closing(self, convo: Conversation) -> None:
        """A message after a stored request: say what they can do; do not start collecting again."""
        convo.say(translate(convo.lang, "Your request is already registered; our team will contact you. "
                                        "Send /start for a new request, /mydata to see your data or /forget "
                                        "to erase it."))
        convo.finished = True

    def sent_unsupported(self, convo: Conversation) -> None:
        """Stickers, photos, voice notes, files: we only read text."""
        convo.say(translate(convo.lang, "Sorry, I can only read text messages. Please write your answer."))
        self._ask_next(convo)

    def sent_too_long(self, convo: Conversation) -> None:
        convo.say(translate(convo.lang, "That message is too long for me (the limit is %(limit)s characters). "
                                        "Please send just the essentials.", limit=MAX_MESSAGE_CHARS))
        self._ask_next(convo)

    def sent_unknown_command(self, convo: Conversation) -> None:
        convo.say(translate(convo.lang, "I don't know that command. Send /help to see what I can do."))
        self._ask_next(convo)

    def pressed_stale_button(self, convo: Conversation) -> None:
        """A button from an earlier message: it no longer applies, so ask the current question again."""
        convo.say(translate(convo.lang, "That button belongs to an earlier message."))
        self._ask_next(convo)

    STEPS: dict[str, Handler] = {
        ASKING_NAME: received_name,
        ASKING_CONTACT: received_contact,
        **dict.fromkeys((f"{ASKING_PREFIX}{name}" for name in CHAT_QUESTIONS), received_optional_answer),
        AWAITING_CONSENT: answered_consent_question,
        CLOSED: wrote_after_closing,
    }
    BUTTONS: dict[str, Handler] = {
        "consent": pressed_consent_button,
        "skip": skipped_question,
        "lang": pressed_language_button,
    }
    COMMANDS: dict[str, Handler] = {
        "start": started,
        "cancel": cancelled,
        "stop": cancelled,
        "privacy": asked_privacy,
        "help": asked_for_help,
        "mydata": asked_for_their_data,
        "forget": asked_to_forget,
    }

    # -- reading details ----------------------------------------------------------

    def _take_required(self, convo: Conversation, question: str) -> None:
        """A required question: when the answer gave nothing usable and no reason was given yet, say so."""
        if not self._take_details(convo, asked=question) and not convo.replies and not is_greeting(convo.event.text):
            convo.say(translate(convo.lang, "Sorry, I did not catch that."))
        self._ask_next(convo)

    def _answered_optional(self, convo: Conversation, question: str) -> None:
        """An answer, a "skip", or a correction of something else (then the question comes again, once)."""
        if is_skip(convo.event.text):
            self._record_transcript(convo, convo.event.text)
        elif self._take_details(convo, asked=question) and not convo.fields.get(question):
            self._ask_next(convo, changed=True)
            return
        convo.state["asked"].append(question)
        self._ask_next(convo)

    def _take_details(self, convo: Conversation, *, asked: str | None) -> bool:
        """Read every field of the message at once; validate; report problems. True when something changed.

        ``asked`` is the question on screen: a bare answer ("Talleres Ruiz")
        that extraction cannot label is taken as the answer to it.
        """
        text = convo.event.text.strip()
        self._record_transcript(convo, text)
        found = self._extract(convo, text)
        gave_contact = bool({"email", "phone"} & found.keys())
        if asked == "interest" and not gave_contact and self._plausible_bare(asked, text):
            found["interest"] = text  # free text: the whole answer says more than the extracted phrase
        unlabelled = not (found.keys() - {"name", "city"})  # only the guesses a bare answer often yields
        if asked in ("name", "company") and asked not in found and unlabelled and not sounds_like_correction(text):
            found = {asked: text} if self._plausible_bare(asked, text) else {}
        if asked == "postcode" and "postcode" not in found and self._bare_postcode(text) and not gave_contact:
            found = {"postcode": text}  # checked as a postcode below, the reason told if it is none
        if "email" not in found and "@" in text:
            self._valid_contact(convo, "email", next(word for word in text.split() if "@" in word).strip(",;."))
        changed = False
        for name, value in found.items():
            if name in VALIDATED_FIELDS:
                value = self._valid_contact(convo, name, value)
                if value is None:
                    continue
            if self._may_replace(convo, name, asked, text) and self._keep(convo, name, value):
                changed = True
        if asked == "contact" and not gave_contact and "@" not in text:
            changed = self._bare_phone(convo, text, quiet=changed) or changed
        return changed

    def _extract(self, convo: Conversation, text: str) -> dict[str, str]:
        words = len(text.split())
        try:
            extraction = extract(text, lang=None if words >= MIN_WORDS_TO_FOLLOW_LANGUAGE else convo.lang,
                                 region=self.runtime.settings.default_region)
        except ExtractionInputTooLarge:
            return {}
        if words >= MIN_WORDS_TO_FOLLOW_LANGUAGE and not convo.state.get("lang_pinned"):
            convo.state["lang"] = extraction.language
        return {name: finding.value for name, finding in extraction.findings().items() if name in self.kept_fields}

    @staticmethod
    def _plausible_bare(asked: str, text: str) -> bool:
        """Whether a message with no recognisable field can be the answer to ``asked``."""
        if yes_or_no(text) is not None or language_request(text) or is_greeting(text):
            return False
        if asked == "name":
            words = text.replace("-", " ").replace("'", " ").split()
            return 0 < len(words) <= 5 and all(word.isalpha() for word in words)
        if asked == "company":
            return 0 < len(text) <= 120
        return asked == "interest" and len(text) >= 2

    @staticmethod
    def _bare_postcode(text: str) -> bool:
        """Whether a message can be a bare answer to "your postcode?": short, with a digit ("28034", "sw1a1aa")."""
        return len(text) <= MAX_POSTCODE_LENGTH and any(ch.isdigit() for ch in text)

    def _bare_phone(self, convo: Conversation, text: str, *, quiet: bool) -> bool:
        """Asked for an email or phone and none was found: digits get nlp.contact's reason, words a reminder."""
        if sum(ch.isdigit() for ch in text) < 6:
            if not quiet:
                convo.say(field_error_message("contact.missing", convo.lang))
            return False
        value = self._valid_contact(convo, "phone", text)
        return value is not None and self._keep(convo, "phone", value)

    def _valid_contact(self, convo: Conversation, kind: str, value: str) -> str | None:
        """The value normalized by nlp.contact (the one validator), or None after telling the person why."""
        settings = self.runtime.settings
        try:
            if kind == "email":
                return normalize_email(value, check_deliverability=settings.check_email_deliverability)
            if kind == "postcode":
                return normalize_lead_postcode(value, phone=convo.fields.get("phone"), language=convo.lang,
                                               region=settings.default_region)
            return normalize_phone(value, settings.default_region)
        except InvalidContact as error:
            convo.say(field_error_message(error.code, convo.lang))
            return None

    @staticmethod
    def _may_replace(convo: Conversation, name: str, asked: str | None, text: str) -> bool:
        """A new email or phone always corrects the old one ("no, my email is …"); other fields only when
        they were asked for or the message sounds like a correction, so "I want to talk to Juan about
        prices" does not rename the prospect."""
        return (name in ("email", "phone") or not convo.fields.get(name) or name == asked
                or sounds_like_correction(text))

    @staticmethod
    def _keep(convo: Conversation, name: str, value: str) -> bool:
        """Store a field value (normalized spacing, capped); True when it changed."""
        value = " ".join(value.split())[:BY_NAME[name].max_length]
        if name == "name" and value.islower():
            value = value.title()
        if not value or convo.fields.get(name) == value:
            return False
        convo.fields[name] = value
        return True

    def _record_transcript(self, convo: Conversation, text: str) -> None:
        """The person's own messages become the lead's interaction text (erased with the person)."""
        transcript: list[str] = convo.state["transcript"]
        if sum(len(line) for line in transcript) + len(text) <= MAX_TRANSCRIPT_CHARS:
            transcript.append(text)

    # -- asking ---------------------------------------------------------------------

    def next_step(self, state: dict[str, Any]) -> str:
        """What to ask next: only what is still missing, each optional question (CAPTURA_CHAT_QUESTIONS) once."""
        fields = state["fields"]
        if not fields.get("name"):
            return ASKING_NAME
        if not (fields.get("email") or fields.get("phone")):
            return ASKING_CONTACT
        for question in self.questions:
            if not fields.get(question) and question not in state["asked"]:
                return f"{ASKING_PREFIX}{question}"
        return AWAITING_CONSENT

    def _ask_next(self, convo: Conversation, *, changed: bool = False) -> None:
        """Move to the next step and ask its question; nothing once the conversation is closed."""
        if convo.step == CLOSED:
            return
        step = self.next_step(convo.state)
        convo.state["step"] = step
        if step == AWAITING_CONSENT:
            self._ask_consent(convo, changed=changed)
        else:
            text, buttons = self._question(convo, step)
            convo.say(text, buttons)

    def _question(self, convo: Conversation, step: str) -> tuple[str, list[tuple[str, str]]]:
        lang = convo.lang
        if step == ASKING_NAME:
            return translate(lang, "What is your name? You can also write everything at once: name, email or "
                                   "phone, company and what you need."), []
        if step == ASKING_CONTACT:
            return translate(lang, "How can we reach you, %(name)s? Write your email address or your phone "
                                   "number.", name=convo.fields.get("name", "")), []
        question = step.removeprefix(ASKING_PREFIX)
        if question in self.questions:
            return (translate(lang, BY_NAME[question].chat_question or ""),
                    [(translate(lang, "Skip"), f"skip:{question}")])
        return self._consent_question(convo), self._consent_buttons(convo)

    def _ask_consent(self, convo: Conversation, *, changed: bool) -> None:
        """Read back the summary, then ask for consent with the register's exact wording."""
        convo.state["revision"] = int(convo.state.get("revision", 0)) + 1
        heading = (translate(convo.lang, "Updated. This is what I have:") if changed
                   else translate(convo.lang, "This is what I have:"))
        convo.say(heading + "\n" + self._summary_lines(convo) + "\n"
                  + translate(convo.lang, "If something is wrong, just write the right value."))
        convo.say(self._consent_question(convo), self._consent_buttons(convo))

    def _consent_question(self, convo: Conversation) -> str:
        wording = wording_for(CONTACT, convo.lang, self.runtime.settings.company_name)
        convo.state["consent_shown"] = {"wording": wording, "language": convo.lang,
                                        "version": consent_text(CONTACT).version}
        return wording + "\n\n" + translate(convo.lang, "Do you agree?")

    def _consent_buttons(self, convo: Conversation) -> list[tuple[str, str]]:
        revision = convo.state.get("revision", 0)
        return [(translate(convo.lang, "Yes, I agree"), f"consent:yes:{revision}"),
                (translate(convo.lang, "No"), f"consent:no:{revision}")]

    def _summary_lines(self, convo: Conversation) -> str:
        return "\n".join(f"• {translate(convo.lang, FIELD_LABELS[name])}: {convo.fields[name]}"
                         for name in FIELD_NAMES if convo.fields.get(name))

    @staticmethod
    def _begin_again(convo: Conversation) -> None:
        """A new conversation (new id) in the same chat, keeping its language and delivery bookkeeping."""
        fresh = Conversation.fresh(convo.event, convo.now, convo.lang, pinned=bool(convo.state.get("lang_pinned")))
        for key in ("seen", "times", "greeted"):
            if key in convo.state:
                fresh.state[key] = convo.state[key]
        convo.state = fresh.state

    def _greet(self, convo: Conversation) -> None:
        convo.state["greeted"] = True
        convo.say(translate(convo.lang, "Hello! I am the assistant of %(company)s. I will take your contact "
                                        "details so our team can answer your request.",
                            company=self.runtime.settings.company_name)
                  + "\n" + self._privacy_notice(convo, short=True))

    def _privacy_notice(self, convo: Conversation, *, short: bool = False) -> str:
        company = self.runtime.settings.company_name
        if short:
            return translate(convo.lang, "Privacy: %(company)s keeps your details only if you agree at the end, "
                                         "only to answer you. /privacy for details, /help for commands.",
                             company=company)
        return translate(convo.lang, "Who is asking: %(company)s. Why: to answer your request. What: only the "
                                     "details you write here, and only after you agree. You can ask what we "
                                     "keep (/mydata) and have it erased (/forget) at any time; /cancel forgets "
                                     "this conversation.", company=company)

    # -- submitting -------------------------------------------------------------------

    def _draft(self, convo: Conversation) -> LeadDraft:
        """The lead draft: fields, the transcript, and the consent with its evidence."""
        event, shown = convo.event, convo.state.get("consent_shown") or {}
        channel = INTAKE_CHANNELS.get(event.channel, event.channel)
        answer_kind = "button" if event.kind == "button" else "text"
        grant = ConsentGrant(
            purpose=CONTACT, granted=True, wording=shown["wording"], wording_version=shown["version"],
            language=shown["language"], given_at=datetime.fromtimestamp(convo.now, timezone.utc),
            evidence={"kind": "chat", "channel": event.channel, "source_ref": event.source_ref,
                      "conversation_id": convo.state["id"], "answer_kind": answer_kind,
                      "answer": event.text if answer_kind == "text" else f"{event.text} [{event.payload}]",
                      "event_id": event.event_id, "summary": self._summary_lines(convo)},
        )
        return LeadDraft(
            channel=channel, **{name: convo.fields.get(name) for name in FIELD_NAMES}, language=convo.lang,
            raw_text="\n".join(convo.state["transcript"]) or None, source_ref=event.source_ref,
            idempotency_key=f"{event.channel}:{event.chat_key}:{convo.state['id']}", consents=[grant],
        )

    # -- /mydata ---------------------------------------------------------------------------------

    @staticmethod
    def _describe_lead(lang: str, lead: dict[str, Any]) -> str:
        lines = [f"• {translate(lang, FIELD_LABELS['name'])}: {lead['name']}"] if lead.get("name") else []
        lines += [f"• {translate(lang, FIELD_LABELS[point['kind']])}: {point['value']}"
                  for point in lead["contact_points"]]
        for key in (name for name in VALUE_FIELDS if name != "name"):
            if lead.get(key):
                lines.append(f"• {translate(lang, FIELD_LABELS[key])}: {lead[key]}")
        for consent in lead["consents"]:
            state = translate(lang, "given") if consent["granted"] else translate(lang, "withdrawn")
            lines.append("• " + translate(lang, "Consent (%(purpose)s): %(state)s on %(date)s",
                                          purpose=consent["purpose"], state=state,
                                          date=(consent["given_at"] or "")[:10]))
        return "\n".join(lines)

    # -- bookkeeping -------------------------------------------------------------------------

    def _too_fast(self, convo: Conversation) -> bool:
        """A per-chat rate limit: a burst gets one polite note and is otherwise ignored."""
        if self.rate_limit is None:
            return False
        most, seconds = self.rate_limit
        times = [t for t in convo.state.get("times", []) if convo.now - t < seconds]
        times.append(convo.now)
        convo.state["times"] = times[-(most + 1):]
        if len(times) <= most:
            convo.state["slowed_down"] = False
            return False
        if not convo.state.get("slowed_down"):
            convo.state["slowed_down"] = True
            convo.say(translate(convo.lang, "You are writing faster than I can read. Please wait a few seconds "
                                            "and send your message again."))
        return True

    @staticmethod
    def _remember(convo: Conversation, event: ChatEvent) -> None:
        if event.event_id is not None and convo.state:
            convo.state["seen"] = [*convo.state.get("seen", []), event.event_id][-REMEMBERED_EVENTS:]

    def _apology(self, state: dict[str, Any] | None, event: ChatEvent, now: float) -> Turn:
        """Something failed (the database, a bug): keep the previous state and say so politely."""
        kept = copy.deepcopy(state) if state else Conversation.fresh(event, now).state
        return Turn(kept, [Reply(translate(kept.get("lang"), "Sorry, something went wrong on our side and I "
                                                             "could not process that. Please try again in a "
                                                             "moment."))])
