"""Text, languages and contact-data formats. Imports nothing else of Captura's.

``nlp.contact`` (validation shared with intake) stays light to import; the
extraction engine, which pulls in spaCy, is imported on first use of
``nlp.extract`` and friends.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from nlp.contact import InvalidContact, Phone, normalize_email, normalize_phone, parse_phone

if TYPE_CHECKING:
    from nlp.extractor import MAX_INPUT_CHARS, extract
    from nlp.findings import ConsentFinding, Extraction, ExtractionInputTooLarge, Finding
    from nlp.models import ModelNotInstalled

_LAZY = {
    "MAX_INPUT_CHARS": "nlp.extractor",
    "extract": "nlp.extractor",
    "ConsentFinding": "nlp.findings",
    "Extraction": "nlp.findings",
    "ExtractionInputTooLarge": "nlp.findings",
    "Finding": "nlp.findings",
    "ModelNotInstalled": "nlp.models",
}

__all__ = [
    "MAX_INPUT_CHARS",
    "ConsentFinding",
    "Extraction",
    "ExtractionInputTooLarge",
    "Finding",
    "InvalidContact",
    "ModelNotInstalled",
    "Phone",
    "extract",
    "normalize_email",
    "normalize_phone",
    "parse_phone",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'nlp' has no attribute {name!r}")
