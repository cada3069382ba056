"""Normalizer tables and properties: each key must fold what it claims and no more."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.normalize import (
    company_display,
    company_key,
    date_key,
    email_match_key,
    fold,
    given_names_equivalent,
    is_role_email,
    parse_person_name,
    person_display,
    person_key,
    phone_digits_suffix,
    phone_match_key,
)


@pytest.mark.parametrize(
    "variant", ["IBM", "I.B.M.", "I-B-M", "IBM Corp.", "ibm corporation", "I. B. M.", "IBM, Inc.", "  ibm  "]
)
def test_ibm_variants_share_one_key(variant: str) -> None:
    assert company_key(variant) == "ibm"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Talleres Ruiz S.L.", "TALLERES RUIZ, SL"),
        ("Talleres Ruiz S.L.", "Talleres Ruiz"),
        ("Construcciones Pérez S.A.", "CONSTRUCCIONES PEREZ SA"),
        ("Foo S.L.U.", "foo"),
        ("Bodegas Hermanos S.Coop.", "Bodegas Hermanos"),
        ("Acme GmbH & Co. KG", "ACME"),
        ("Acme Pty Ltd", "Acme Limited"),
        ("Rossi S.p.A.", "ROSSI"),
        ("Müller AG", "Muller"),
        ("Dupont SARL", "DUPONT SAS"),
        ("Philips N.V.", "Philips BV"),
        ("Barnes & Noble Inc", "Barnes and Noble"),
        ("Smith LLC", "Smith, L.L.C."),
        ("Tesco PLC", "tesco plc"),
    ],
)
def test_legal_forms_and_spelling_fold_away(a: str, b: str) -> None:
    assert company_key(a) == company_key(b) != ""


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Talleres Ruiz", "Talleres Ruíz Hermanos"),
        ("IBM", "IBS"),
        ("Acme", "Acme Foods"),
    ],
)
def test_different_companies_keep_different_keys(a: str, b: str) -> None:
    assert company_key(a) != company_key(b)


@pytest.mark.parametrize("name", ["Corporation", "S.L.", "Ltd", "Inc."])
def test_a_name_made_only_of_a_legal_form_keeps_a_key(name: str) -> None:
    assert company_key(name) != ""


def test_company_display_keeps_accents_and_legal_form() -> None:
    assert company_display("  Cárnicas   Núñez ,  S.L. ") == "Cárnicas Núñez, S.L."


def test_cyrillic_confusable_folds_to_latin_without_crashing() -> None:
    cyrillic_a = "\u0410cme Inc"  # Cyrillic capital A
    assert company_key(cyrillic_a) == company_key("Acme Inc") == "acme"
    assert fold("Ｊｏｓé") == "jose"  # full-width letters too


@pytest.mark.parametrize(
    ("raw", "given", "surnames"),
    [
        ("Juan Carlos García López", ("Juan", "Carlos"), ("García", "López")),
        ("García López, Juan", ("Juan",), ("García", "López")),
        ("María de la Fuente y Pérez", ("María",), ("de la Fuente", "y Pérez")),
        ("Dr. John Smith Jr.", ("John",), ("Smith",)),
        ("Ana", ("Ana",), ()),
    ],
)
def test_person_names_split_spanish_style(raw: str, given: tuple, surnames: tuple) -> None:
    person = parse_person_name(raw)
    assert person.given == given
    assert person.surnames == surnames


def test_suffix_is_kept_apart_from_the_surname() -> None:
    person = parse_person_name("Dr. John Smith Jr.")
    assert person.suffix == "Jr."
    assert person.surnames_folded == ("smith",)


def test_person_key_folds_accents_order_and_particles() -> None:
    assert (
        person_key("José García López") == person_key("GARCIA LOPEZ, Jose") == person_key("josé lópez garcía")
    )
    assert person_key("María de la Fuente") == "fuente maria"


def test_person_display_keeps_accents() -> None:
    assert person_display("MARÍA DE LA FUENTE") == "María de la Fuente"


def test_separate_given_and_surname_fields_win() -> None:
    person = parse_person_name(given="Ana María", surname="de la Fuente")
    assert person.given == ("Ana María",) and person.surnames == ("de la Fuente",)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("pepe", "jose", True),
        ("paco", "francisco", True),
        ("paco", "curro", True),
        ("bob", "robert", True),
        ("bill", "william", True),
        ("robert", "william", False),  # both list "bill" as a nickname: not the same name
        ("jose", "juan", False),
    ],
)
def test_nicknames(a: str, b: str, same: bool) -> None:
    assert given_names_equivalent(a, b) is same


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("John.Smith@gmail.com", "johnsmith+leads@googlemail.com"),
        ("J.O.H.N@GMAIL.COM", "john@gmail.com"),
        ("Ana@Example.com", "ana@example.com"),
    ],
)
def test_email_match_keys_meet(a: str, b: str) -> None:
    assert email_match_key(a) == email_match_key(b)


def test_dots_and_tags_matter_outside_gmail() -> None:
    assert email_match_key("john.smith@outlook.com") != email_match_key("johnsmith@outlook.com")
    assert email_match_key("ana+x@example.com") != email_match_key("ana@example.com")


def test_role_addresses() -> None:
    assert is_role_email(email_match_key("Info@acme.com"))
    assert is_role_email(email_match_key("ventas@talleres.es"))
    assert not is_role_email(email_match_key("ana.lopez@acme.com"))


def test_email_without_at_has_no_key() -> None:
    assert email_match_key("not an email") == ""


def test_phones_via_nlp_contact_with_region() -> None:
    assert phone_match_key("612 345 678") == phone_match_key("+34 612-345-678") == "+34612345678"
    assert phone_match_key("0034612345678") == "+34612345678"
    assert phone_match_key("(415) 555-2671", "US") == "+14155552671"
    assert phone_match_key("12") == ""
    assert phone_digits_suffix("+34 612 345 678") == "2345678"


@pytest.mark.parametrize("raw", ["1985-03-12", "19850312", "12/03/1985", "1985-3-12"])
def test_dates(raw: str) -> None:
    assert date_key(raw) == "19850312"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_normalizers_never_raise(text: str) -> None:
    company_key(text)
    company_display(text)
    person_key(text)
    person_display(text)
    email_match_key(text)
    phone_match_key(text)
    date_key(text)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_company_key_is_idempotent(text: str) -> None:
    key = company_key(text)
    assert company_key(key) == key
