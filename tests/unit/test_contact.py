"""The one validator of emails and phones (nlp.contact)."""

import pytest

from nlp.contact import InvalidContact, normalize_email, normalize_phone, parse_phone


@pytest.mark.parametrize(("raw", "expected"), [
    ("Juan.Perez@Gmail.com", "juan.perez@gmail.com"),
    ("  ana@ejemplo.es ", "ana@ejemplo.es"),
    ("josé@correos.es", "josé@correos.es"),
    ("info@xn--bcher-kva.de", "info@bücher.de"),
])
def test_emails_are_normalized(raw: str, expected: str) -> None:
    assert normalize_email(raw) == expected


@pytest.mark.parametrize(("raw", "code"), [
    ("", "email.empty"),
    ("juan.perez", "email.no_at"),
    ("@gmail.com", "email.no_local"),
    ("juan@gmail", "email.no_domain"),
    ("juan@@gmail.com", "email.invalid"),
    ("a" * 300 + "@x.com", "email.too_long"),
])
def test_bad_emails_say_why(raw: str, code: str) -> None:
    with pytest.raises(InvalidContact) as caught:
        normalize_email(raw)
    assert caught.value.code == code
    assert caught.value.field == "email"


@pytest.mark.parametrize(("raw", "region", "expected"), [
    ("612 345 678", "ES", "+34612345678"),
    ("+34 612-345-678", None, "+34612345678"),
    ("0034 612345678", "ES", "+34612345678"),
    ("(617) 555-0123", "US", "+16175550123"),
    ("+44 20 7946 0958", "ES", "+442079460958"),
])
def test_phones_become_e164(raw: str, region: str | None, expected: str) -> None:
    assert normalize_phone(raw, region) == expected


def test_phone_keeps_extension_and_region() -> None:
    phone = parse_phone("+1 617 555 0123 ext. 45", None)
    assert (phone.e164, phone.extension, phone.region) == ("+16175550123", "45", "US")


@pytest.mark.parametrize(("raw", "region", "code"), [
    ("612 345 678", None, "phone.no_country"),
    ("hello", "ES", "phone.not_a_number"),
    ("12", "ES", "phone.invalid"),
    ("+34 000 000 000", None, "phone.invalid"),
    ("1" * 60, "ES", "phone.too_long"),
])
def test_bad_phones_say_why(raw: str, region: str | None, code: str) -> None:
    with pytest.raises(InvalidContact) as caught:
        normalize_phone(raw, region)
    assert caught.value.code == code
