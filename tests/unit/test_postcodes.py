"""Postcodes: one validator for every layer, and the forms people give them in (issue 16)."""

from __future__ import annotations

import pytest

from nlp import extract
from nlp.contact import InvalidContact, normalize_postcode
from nlp.spelling import spelled_runs
from nlp.tokens import tokenize


@pytest.mark.parametrize(
    ("raw", "country", "written"),
    [
        ("w20ab", None, "W2 0AB"),
        ("SW1A 1AA", "GB", "SW1A 1AA"),
        ("28006", "ES", "28006"),
        ("900111234", "US", "90011-1234"),
        ("625 110", None, "625110"),
        ("k1a0b1", "CA", "K1A 0B1"),
        ("04005005", "BR", "04005-005"),
    ],
)
def test_a_postcode_is_written_as_its_country_writes_it(raw: str, country: str | None, written: str) -> None:
    assert normalize_postcode(raw, country) == written


@pytest.mark.parametrize(("raw", "country", "code"), [("", None, "postcode.empty"), ("ABC", None, "postcode.invalid"),
                                                      ("W2 0AB", "ES", "postcode.invalid"),
                                                      ("1" * 20, None, "postcode.too_long")])
def test_a_bad_postcode_says_why(raw: str, country: str | None, code: str) -> None:
    with pytest.raises(InvalidContact) as caught:
        normalize_postcode(raw, country)
    assert caught.value.code == code and caught.value.field == "postcode"


@pytest.mark.parametrize(
    ("text", "postcode"),
    [
        ("Customer: whiskey 2 0 alpha bravo", "W2 0AB"),
        ("Customer: my postcode is d y 62 5 j p", "DY62 5JP"),
        ("Customer: s w 1 a double a a", None),  # SW1AAAA fits no pattern: nothing invented
        ("Customer: my postcode is s for sugar w 1 a 1 a a", "SW1A 1AA"),
        ("Agent: and your postcode?\nCaller: whiskey 2 0 alpha bravo", "W2 0AB"),
        ("Agente: ¿me da su código postal?\nCliente: veintiocho cero cero seis", "28006"),
        ("Customer: my zip is 90011", "90011"),
        ("Cliente: el código postal es veintiocho cero cero seis", "28006"),
        ("Customer: Remitido por: Dra. Ana Ruiz. Paseo de la Castellana, 261 28046 Madrid", "28046"),
        ("Customer: Hospital Clínico, C/ Juan de Toledo 13, 02005-Albacete (España)", "02005"),
    ],
)
def test_postcodes_written_spoken_and_spelled(text: str, postcode: str | None) -> None:
    assert extract(text).to_dict()["postcode"] == postcode


def test_a_house_number_and_a_postcode_are_no_phone() -> None:
    data = extract("Customer: Remitido por: Dr. Pedro Gil. Paseo de la Castellana, 261 28046 Madrid").to_dict()
    assert data["postcode"] == "28046" and data["phone"] is None


def test_the_groups_of_a_phone_are_no_postcode() -> None:
    data = extract("Customer: call me on 986 745 8563 please").to_dict()
    assert data["postcode"] is None and data["phone"] == "+19867458563"


def test_a_spelled_run_keeps_each_positions_readings() -> None:
    run = spelled_runs(tokenize("and 39 oh u f"), "en", min_positions=3)[0]
    assert [position.options for position in run.positions][-3:] == [("0", "O"), ("U",), ("F",)]
    assert run.positions[0].certain is False  # "and" is an N only inside a run of sure letters
