"""Validation and normalization of contact points: the one implementation.

Intake, extraction, de-duplication and search all call these functions, so an
email or a phone number means the same thing everywhere in Captura. Errors
carry a stable ``code`` (for example ``email.no_domain``) that adapters turn
into a sentence in the prospect's language; ``nlp`` itself knows no language
catalogue.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import phonenumbers
from email_validator import EmailNotValidError, validate_email

MAX_EMAIL_LENGTH = 254
MAX_PHONE_LENGTH = 40


class InvalidContact(ValueError):
    """A value that cannot be an email address or a phone number.

    ``code`` is stable and machine-readable; ``detail`` is an English
    explanation for logs and API clients.
    """

    def __init__(self, field: str, code: str, detail: str) -> None:
        super().__init__(f"{field}: {detail}")
        self.field = field
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class Phone:
    """A validated phone number: E.164 for matching, national form for display."""

    e164: str
    national: str
    region: str | None
    extension: str | None = None


def normalize_email(raw: str, *, check_deliverability: bool = False) -> str:
    """Return the address lower-cased, with an IDNA domain, or raise InvalidContact.

    Deliverability (a DNS look-up) is off by default: Captura must work
    offline and a prospect typing at a form should not wait on DNS.
    """
    value = (raw or "").strip()
    if not value:
        raise InvalidContact("email", "email.empty", "The email address is empty.")
    if len(value) > MAX_EMAIL_LENGTH:
        raise InvalidContact("email", "email.too_long", "The email address is too long.")
    if "@" not in value:
        raise InvalidContact("email", "email.no_at", "The email address has no @ sign.")
    local, _, domain = value.rpartition("@")
    if not local:
        raise InvalidContact("email", "email.no_local", "The email address has nothing before the @.")
    if "." not in domain:
        raise InvalidContact("email", "email.no_domain", "The email address has no domain after the @.")
    try:
        checked = validate_email(value, check_deliverability=check_deliverability)
    except EmailNotValidError as error:
        raise InvalidContact("email", "email.invalid", str(error)) from error
    return checked.normalized.lower()


def parse_phone(raw: str, region: str | None = None) -> Phone:
    """Parse and validate a phone number written in any common form.

    ``region`` (ISO 3166 alpha-2, such as ``ES``) is the country assumed when
    the number has no ``+`` prefix; without it such a number is refused
    rather than guessed.
    """
    number = _valid_number(raw, region)
    return Phone(
        e164=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
        national=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL),
        region=phonenumbers.region_code_for_number(number),
        extension=number.extension,
    )


def normalize_phone(raw: str, region: str | None = None) -> str:
    """Return the number in E.164 form (``+34612345678``) or raise InvalidContact.

    The doors call this one: it skips the display forms ``parse_phone`` also works out.
    """
    return phonenumbers.format_number(_valid_number(raw, region), phonenumbers.PhoneNumberFormat.E164)


def _valid_number(raw: str, region: str | None) -> phonenumbers.PhoneNumber:
    value = (raw or "").strip()
    if not value:
        raise InvalidContact("phone", "phone.empty", "The phone number is empty.")
    if len(value) > MAX_PHONE_LENGTH:
        raise InvalidContact("phone", "phone.too_long", "The phone number is too long.")
    try:
        number = phonenumbers.parse(value, region.upper() if region else None)
    except phonenumbers.NumberParseException as error:
        raise InvalidContact("phone", _parse_error_code(error), str(error)) from error
    if not phonenumbers.is_valid_number(number):
        raise InvalidContact("phone", "phone.invalid", "That is not a valid phone number.")
    return number


def _parse_error_code(error: phonenumbers.NumberParseException) -> str:
    kinds = phonenumbers.NumberParseException
    return {
        kinds.INVALID_COUNTRY_CODE: "phone.no_country",
        kinds.NOT_A_NUMBER: "phone.not_a_number",
        kinds.TOO_SHORT_NSN: "phone.too_short",
        kinds.TOO_SHORT_AFTER_IDD: "phone.too_short",
        kinds.TOO_LONG: "phone.too_long",
    }.get(error.error_type, "phone.invalid")


MAX_POSTCODE_LENGTH = 12
_POSTCODE_FORMATS_FILE = Path(__file__).parent / "data" / "postcodes.json"


@dataclass(frozen=True)
class PostcodeFormat:
    """How one country writes its postcodes: the compact pattern and where its separator goes."""

    compact: re.Pattern[str]
    split: int | None = None
    separator: str = ""

    def written(self, compact: str) -> str:
        if self.split is None or len(compact) <= abs(self.split) or (self.split > 0 and len(compact) == self.split):
            return compact
        return compact[: self.split] + self.separator + compact[self.split :]


def _load_postcode_formats() -> dict[str, PostcodeFormat]:
    table = json.loads(_POSTCODE_FORMATS_FILE.read_text(encoding="utf-8"))
    return {
        country: PostcodeFormat(re.compile(spec["compact"]), spec.get("split"), spec.get("separator", ""))
        for country, spec in table.items()
        if not country.startswith("_")
    }


POSTCODE_FORMATS = _load_postcode_formats()
_POSTCODE_NOISE = re.compile(r"[\s.\-]+")


def normalize_postcode(raw: str, country: str | None = None) -> str:
    """The postcode as its country writes it ("w20ab" → "W2 0AB", "28006" → "28006"), or InvalidContact.

    With ``country`` the code must fit that country's format; without one, any known
    country's format will do (a form that asks for no country still gets a checked value).
    """
    value = (raw or "").strip()
    if not value:
        raise InvalidContact("postcode", "postcode.empty", "The postcode is empty.")
    if len(value) > MAX_POSTCODE_LENGTH:
        raise InvalidContact("postcode", "postcode.too_long", "The postcode is too long.")
    compact = _POSTCODE_NOISE.sub("", value).upper()
    countries = [country.upper()] if country else list(POSTCODE_FORMATS)
    for code in countries:
        postcode_format = POSTCODE_FORMATS.get(code)
        if postcode_format and postcode_format.compact.fullmatch(compact):
            return postcode_format.written(compact)
    raise InvalidContact("postcode", "postcode.invalid", "That is not a valid postcode.")
