"""Text, languages and contact-data formats. Imports nothing else of Captura's."""

from nlp.contact import InvalidContact, Phone, normalize_email, normalize_phone, parse_phone

__all__ = ["InvalidContact", "Phone", "normalize_email", "normalize_phone", "parse_phone"]
