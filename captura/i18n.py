"""Spanish and English, from one set of gettext catalogues.

Flask-Babel reads ``captura/translations`` for the web; the bot and the
command line read the same catalogues through ``translator``. Source strings
are English; ``es`` is the translation.
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

TRANSLATIONS_DIR = Path(__file__).with_name("translations")
LANGUAGES = ("es", "en")
DEFAULT_LANGUAGE = "en"


def supported(language: str | None) -> str:
    """Map "es-ES", "ES", "en_GB", None… to one of LANGUAGES."""
    prefix = (language or "").replace("_", "-").split("-")[0].lower()
    return prefix if prefix in LANGUAGES else DEFAULT_LANGUAGE


@cache
def translator(language: str) -> gettext.NullTranslations:
    """The catalogue for ``language`` (English needs none: the source strings are English)."""
    return gettext.translation("messages", TRANSLATIONS_DIR, languages=[supported(language)], fallback=True)


def translate(language: str | None, message: str, **values: object) -> str:
    """``message`` in ``language`` with ``%(name)s`` placeholders filled."""
    text = translator(supported(language)).gettext(message)
    return text % values if values else text


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it yet (gettext's convention)."""
    return message


# Reasons for refusing a field, by the stable codes of nlp.contact and intake.
FIELD_ERROR_MESSAGES = {
    "email.empty": N_("Please give an email address."),
    "email.too_long": N_("That email address is too long."),
    "email.no_at": N_("That email address has no @ sign."),
    "email.no_local": N_("That email address has nothing before the @."),
    "email.no_domain": N_("That address has no domain after the @ (like example.com)."),
    "email.invalid": N_("That is not a valid email address."),
    "phone.empty": N_("Please give a phone number."),
    "phone.too_long": N_("That phone number is too long."),
    "phone.no_country": N_("Please add the country code, like +34 or +1."),
    "phone.not_a_number": N_("That does not look like a phone number."),
    "phone.too_short": N_("That phone number is too short."),
    "phone.invalid": N_("That is not a valid phone number."),
    "postcode.empty": N_("Please give a postcode."),
    "postcode.too_long": N_("That postcode is too long."),
    "postcode.invalid": N_("That is not a valid postcode (like 28034, SW1A 1AA or 94105)."),
    "contact.missing": N_("Please give an email address or a phone number."),
    "consent.missing": N_("We can only keep your details if you agree; please tick the box."),
    "invalid.source_ref_reserved": N_("source_ref may not start with 'api-token:': that mark is for callers "
                                      "with an API token."),
    "invalid.consent_date": N_("The consent date must be within the last two years and not in the future."),
}


def field_error_message(code: str, language: str | None) -> str:
    """The sentence for a field error code, in ``language``."""
    return translate(language, FIELD_ERROR_MESSAGES.get(code, N_("This value is not valid.")))
