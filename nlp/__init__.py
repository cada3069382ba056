"""Text, languages and contact-data formats. Imports nothing else of Captura's."""

from nlp.contact import InvalidContact, Phone, normalize_email, normalize_phone, parse_phone
from nlp.extract import MAX_INPUT_CHARS, extract
from nlp.findings import ConsentFinding, Extraction, ExtractionInputTooLarge, Finding
from nlp.models import ModelNotInstalled

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
