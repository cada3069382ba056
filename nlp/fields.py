"""The one register of a lead's fields: what each is, how long it may be, how it is asked and shown.

Every layer takes its list of fields from here: the extractor's result, the
chat's questions and summary, the web form and the transcript desk, the API
schema and intake's draft, the store's columns, history, merge, erasure and
access report, the review page and the export. Adding a field is adding one
``Field`` below (and a column with its migration); a layer that kept its own
tuple would silently drop the new field somewhere between the door and the
store.

Labels and questions are English source strings marked with ``N_`` for the
gettext catalogue (``make translations``); each layer translates them in the
reader's language. ``nlp`` imports nothing of ours, so the marker is local.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from nlp.contact import MAX_POSTCODE_LENGTH, InvalidContact, normalize_postcode, parse_phone
from nlp.contact_points import regions_for

Kind = Literal["text", "long_text", "email", "phone", "postcode"]
MAX_TEXT = 300
MAX_LONG_TEXT = 2_000


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it (gettext's convention)."""
    return message


@dataclass(frozen=True)
class Field:
    """One field of a lead.

    ``column``: the ``leads`` column holding it (None: email and phone are
    contact points, the name and company have keys of their own).
    ``latest_wins``: a later answer replaces the stored value (a name and a
    company keep the first; a merge lets a person choose).
    ``chat_question``: the chat may ask for it as an optional question
    (enabled by ``CAPTURA_CHAT_QUESTIONS``); ``chat_keeps`` False means the
    chat keeps a volunteered value only when that question is enabled.
    ``form_name``/``form_label``: how the web form names and asks it, when
    the form may show it (``form_optional``; ``form_default`` whether it is
    shown without a ``CAPTURA_FORM_CONFIG``).
    ``scored``: counts for the completeness score. ``shown``: on the review
    page. ``exported``: a column of its own in the export, after the
    Mailchimp ones (the name, email, phone and company are among those).
    """

    name: str
    kind: Kind
    label: str
    max_length: int = MAX_TEXT
    chat_label: str | None = None
    column: str | None = None
    latest_wins: bool = False
    chat_question: str | None = None
    chat_keeps: bool = True
    form_optional: bool = False
    form_default: bool = True
    form_name: str | None = None
    form_label: str | None = None
    autocomplete: str | None = None
    scored: bool = True
    shown: bool = True
    exported: bool = False

    @property
    def on_form(self) -> str:
        """The name of the field on the web form and in the form configuration."""
        return self.form_name or self.name

    @property
    def asked_on_form(self) -> str:
        return self.form_label or self.label

    @property
    def in_chat(self) -> str:
        """How the chat's summary names it."""
        return self.chat_label or self.label


REGISTRY: tuple[Field, ...] = (
    Field("name", "text", N_("Name"), form_label=N_("Your name"), autocomplete="name"),
    Field("email", "email", N_("Email"), autocomplete="email"),
    Field("phone", "phone", N_("Phone"), form_optional=True, autocomplete="tel"),
    Field("company", "text", N_("Company"), chat_question=N_("Which company are you writing from? (optional)"),
          form_optional=True, autocomplete="organization"),
    Field("job_title", "text", N_("Job title"), column="job_title", latest_wins=True, form_optional=True,
          form_default=False, autocomplete="organization-title"),
    Field("city", "text", N_("City"), column="city", latest_wins=True, form_optional=True, form_default=False,
          autocomplete="address-level2"),
    Field("postcode", "postcode", N_("Postcode"), max_length=MAX_POSTCODE_LENGTH, column="postcode", latest_wins=True,
          chat_question=N_("What is your postcode? (optional)"), chat_keeps=False, form_optional=True,
          form_default=False, autocomplete="postal-code", scored=False, exported=True),
    Field("interest", "long_text", N_("Interest"), max_length=MAX_LONG_TEXT, chat_label=N_("What you need"),
          column="interest", latest_wins=True,
          chat_question=N_("What do you need from us? A line or two is enough. (optional)"), form_optional=True,
          form_name="message", form_label=N_("How can we help?")),
)
BY_NAME: dict[str, Field] = {field.name: field for field in REGISTRY}

FIELD_NAMES: tuple[str, ...] = tuple(field.name for field in REGISTRY)
"""Every field, in the order forms, summaries and reports show them."""
CONTACT_FIELDS: tuple[str, ...] = tuple(f.name for f in REGISTRY if f.kind in ("email", "phone"))
"""Stored as contact points (validated, normalized, matched on), not as lead values."""
VALUE_FIELDS: tuple[str, ...] = tuple(f.name for f in REGISTRY if f.name not in CONTACT_FIELDS)
"""Stored as the lead's values, each with its history in ``lead_values``."""
COLUMN_FIELDS: tuple[str, ...] = tuple(f.name for f in REGISTRY if f.column)
"""Held in a ``leads`` column of the same name (the name and the company have keys of their own)."""
LATEST_WINS: tuple[str, ...] = tuple(f.name for f in REGISTRY if f.latest_wins)
CHAT_QUESTIONS: tuple[str, ...] = tuple(f.name for f in REGISTRY if f.chat_question)
"""The optional questions the chat can ask (``CAPTURA_CHAT_QUESTIONS`` picks among them)."""
DEFAULT_CHAT_QUESTIONS: tuple[str, ...] = ("company", "interest")
VALIDATED_FIELDS: tuple[str, ...] = tuple(f.name for f in REGISTRY if f.kind in ("email", "phone", "postcode"))
"""Fields with a format of their own, checked and normalized by ``nlp.contact`` before they are kept."""

FORM_OPTIONAL: tuple[Field, ...] = tuple(f for f in REGISTRY if f.form_optional)
SCORED_FIELDS: tuple[str, ...] = tuple(f.name for f in REGISTRY if f.scored)
SHOWN_COLUMNS: tuple[Field, ...] = tuple(f for f in REGISTRY if f.column and f.shown)
"""What the review page lists among the lead's details (the name heads the page, the company links)."""
EXPORTED_FIELDS: tuple[str, ...] = tuple(f.name for f in REGISTRY if f.exported)


def chat_kept(questions: tuple[str, ...]) -> tuple[str, ...]:
    """The fields a chat keeps when it asks ``questions``: a postcode only where the chat asks for one."""
    return tuple(f.name for f in REGISTRY if f.chat_keeps or f.name in questions)


def postcode_countries(phone: str | None, language: str | None, region: str | None) -> tuple[str, ...]:
    """Where the person's postcode is read, in order: their phone's country, their language's usual
    countries, then the deployment's region ("sw1a1aa" from an English speaker is British, "28034" Spanish)."""
    phone_region = _phone_region(phone, region)
    usual = regions_for(language or "", None, (phone_region,) if phone_region else ())
    return tuple(dict.fromkeys((*usual, *((region.upper(),) if region else ()))))


def normalize_lead_postcode(raw: str, *, phone: str | None = None, language: str | None = None,
                            region: str | None = None) -> str:
    """The postcode as the person's country writes it, or InvalidContact ("postcode.invalid"…).

    The countries of ``postcode_countries`` are tried first; a code that fits none of them but is a
    valid postcode elsewhere (someone writing from abroad) is kept in that country's form. A value
    no known country writes is refused, so nothing unusable reaches the store.
    """
    value = (raw or "").strip()
    for country in postcode_countries(phone, language, region):
        try:
            return normalize_postcode(value, country)
        except InvalidContact as error:
            if error.code != "postcode.invalid":
                raise
    return normalize_postcode(value)


def _phone_region(phone: str | None, region: str | None) -> str | None:
    if not phone:
        return None
    try:
        return parse_phone(phone, region).region
    except InvalidContact:
        return None
