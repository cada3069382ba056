"""The learned reader: the shipped models load, and read what the rules alone could not (issue 16).

The texts here are written for these tests in the manner of real customer-only chats, contact blocks
and ASR calls; none is taken from the development or measure files.
"""

from __future__ import annotations

import pytest

from nlp import extract
from nlp.extractor import gather_evidence
from nlp.reader.ranker import Ranker
from nlp.reader.tagger import Tagger
from nlp.reader.training import Case, labelled_turns


def test_the_shipped_models_load_and_cover_the_ranked_fields() -> None:
    assert Tagger().available
    assert all(Ranker.load().covers(field) for field in ("name", "phone", "company", "postcode"))


def test_a_bare_answer_in_a_customer_only_chat_is_the_name() -> None:
    text = ("Customer: hi\nCustomer: i want to check my seat number\nCustomer: velmurugan\n"
            "Customer: hk 93 b\nCustomer: ok thanks")
    assert extract(text).to_dict()["name"] == "velmurugan"


def test_a_contact_block_splits_person_firm_and_address() -> None:
    text = ("Customer: Remitido por: Dra. Lucía Gómez Herrera. Servicio de Cardiología. Hospital Universitario "
            "de Burgos. Avda. Islas Baleares, 3. 09006 Burgos. E-mail: lgomez@ejemplo.es")
    data = extract(text).to_dict()
    assert (data["name"], data["company"], data["postcode"], data["phone"]) == (
        "Lucía Gómez Herrera", "Hospital Universitario de Burgos", "09006", None)


def test_a_title_typed_without_its_space_does_not_hide_the_name() -> None:
    data = extract("Customer: Responsable clínico: Dr.Tomás Urrutia Leal. Correo: turrutia@ejemplo.es").to_dict()
    assert data["name"] == "Tomás Urrutia Leal"


def test_a_call_repeats_and_spells_what_it_gives() -> None:
    text = ("Customer: s w 1 a 1 a a\nCustomer: sierra whiskey 1 alpha 1 alpha alpha\nCustomer: Harriet Dunmore\n"
            "Customer: Harriet Dunmore\nCustomer: h a r r i e t\nCustomer: 12th of May 1961")
    data = extract(text).to_dict()
    assert (data["name"], data["postcode"], data["phone"]) == ("Harriet Dunmore", "SW1A 1AA", None)


def test_a_home_shaped_number_stays_home_unverified() -> None:
    result = extract("Customer: hi\nCustomer: my number is 987 421 8694")  # 987: no assigned area code
    assert result.phone.value == "+19874218694"
    assert result.to_dict()["details"]["phone"]["verified"] is False


def test_an_unverified_number_is_shown_as_written_with_its_bracket() -> None:
    result = extract("my phone is (751) 421-8694")
    assert result.phone.raw == "(751) 421-8694" and result.phone.verified is False


def test_a_date_written_as_digits_is_no_phone() -> None:
    assert extract("Customer: my card was blocked\nCustomer: 22062018\nCustomer: ok").phone is None


def test_a_correction_replaces_what_was_said_before() -> None:
    text = "Agent: And your name?\nCaller: Tamsin Greaves.\nCaller: Sorry, Tamzin with a Z."
    assert extract(text).to_dict()["name"] == "Tamzin Greaves"


def test_labels_are_put_where_the_value_was_said() -> None:
    case = Case("x", "Agent: your name?\nCustomer: it's Ana Lucía Prieto\nAgent: thanks Ana Lucía Prieto",
                {"name": "Ana Lucía Prieto"})
    labelled = [(view.turn.role, labels) for view, labels in labelled_turns(case)]
    assert labelled[1] == ("prospect", ["O", "B-name", "I-name", "I-name"])  # "it's" is one token
    assert all(label == "O" for label in labelled[2][1])  # the agent repeating it teaches nothing


@pytest.mark.parametrize(
    "text",
    ["", "🙂🙂🙂 👍", "x" * 200_000, "a " * 99_000,
     "Agent: Bonjour, je m'appelle Pierre Lavigne de la société Acme.\nClient: Oui bonjour, c'est pour un devis."],
)
def test_bad_input_gives_little_or_nothing_and_never_the_agents_values(text: str) -> None:
    data = extract(text).to_dict()
    assert data["name"] != "Pierre Lavigne" and data["company"] != "Acme"
    assert gather_evidence(text).language in ("en", "es")
