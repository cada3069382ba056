"""The consent register: every purpose we ask for, its exact wording, its version.

Consent wording is legal text, not interface copy: a consent record must say
which words the person agreed to, so each text carries a version that changes
whenever the words change, and both languages are kept side by side here
(one place) rather than in the interface catalogues.
"""

from __future__ import annotations

from dataclasses import dataclass

CONTACT = "contact"
MARKETING = "marketing"
LANGUAGES = ("es", "en")


@dataclass(frozen=True)
class ConsentText:
    purpose: str
    version: str
    wording: dict[str, str]

    def text(self, language: str | None) -> str:
        """The wording in ``language``, Spanish or English (English when unknown)."""
        return self.wording.get(language or "en", self.wording["en"])


PURPOSES: dict[str, ConsentText] = {
    CONTACT: ConsentText(
        purpose=CONTACT,
        version="contact-2026-11",
        wording={
            "en": (
                "I agree that {company} stores the contact details I give here and contacts me "
                "about my request. I can withdraw this consent and ask for my data to be erased "
                "at any time."
            ),
            "es": (
                "Acepto que {company} guarde los datos de contacto que facilito aquí y me contacte "
                "sobre mi solicitud. Puedo retirar este consentimiento y pedir que se borren mis "
                "datos en cualquier momento."
            ),
        },
    ),
    MARKETING: ConsentText(
        purpose=MARKETING,
        version="marketing-2026-11",
        wording={
            "en": "I also agree to receive news and offers from {company} by email or phone.",
            "es": "También acepto recibir novedades y ofertas de {company} por correo o teléfono.",
        },
    ),
}

REQUIRED_PURPOSE = CONTACT


def consent_text(purpose: str) -> ConsentText:
    """The register entry for ``purpose``; KeyError for a purpose we never ask for."""
    return PURPOSES[purpose]


def wording_for(purpose: str, language: str | None, company: str) -> str:
    """The exact sentence shown to the person, with the company's name filled in."""
    return consent_text(purpose).text(language).format(company=company)
