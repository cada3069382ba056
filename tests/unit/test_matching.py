"""Pair decisions on hand-picked leads in Spanish and English, and blocking keys."""

from __future__ import annotations

import pytest

from store.matching import (
    GenericKeys,
    LeadRecord,
    Thresholds,
    best_match,
    blocking_keys,
    contact_values,
    match_keys,
    score_pair,
)


def lead(id_: str, **fields) -> LeadRecord:
    return LeadRecord.from_dict({"id": id_, **fields})


SAME = [
    (  # accents dropped, gmail dots and +tag, legal form spelled differently
        lead("a", name="José García López", company="Talleres Ruiz S.L.", email="jose.garcia@gmail.com"),
        lead(
            "b", name="JOSE GARCIA LOPEZ", company="TALLERES RUIZ, SL", email="josegarcia+web@googlemail.com"
        ),
    ),
    (  # nickname, phone with and without +34, one surname only
        lead("a", name="Francisco Martínez Soto", phone="+34 612 345 678", city="Sevilla"),
        lead("b", name="Paco Martínez", phone="612345678", city="Sevilla"),
    ),
    (  # swapped surnames, "Surname, Given" order, new email, same phone
        lead("a", name="María Fernández Ruiz", email="mfernandez@acme.es", phone="655 111 222"),
        lead("b", name="Ruiz Fernández, María", email="maria.fr@gmail.com", phone="+34655111222"),
    ),
    (  # English nickname and typo, same email
        lead("a", name="Robert Johnson", email="rob.johnson@outlook.com", company="Acme Corp."),
        lead("b", name="Bob Jonhson", email="Rob.Johnson@outlook.com"),
    ),
    (  # Febrl-style record: typos in names and address, same date of birth
        lead(
            "a",
            given_name="lachlan",
            surname="berry",
            address="69 giblin street killarney",
            postcode="4814",
            city="bittern",
            date_of_birth="19990219",
        ),
        lead(
            "b",
            given_name="lachlan",
            surname="bery",
            address="69 giblin st killarney",
            postcode="4814",
            city="bitern",
            date_of_birth="19990219",
        ),
    ),
]

DISTINCT = [
    (  # a common name at the same large employer in the same city: review, not merge
        lead("a", name="John Smith", company="IBM", city="New York"),
        lead("b", name="John Smith", company="I.B.M. Corp", city="New York"),
    ),
    (  # two different John Smiths: names alone never merge
        lead("a", name="John Smith", city="London"),
        lead("b", name="John Smith", city="London"),
    ),
    (  # same name, different companies, emails and phones
        lead("a", name="Juan Pérez", company="Reformas Gil", email="juan@reformasgil.es", phone="611000111"),
        lead(
            "b", name="Juan Pérez", company="Bodegas Soto", email="jperez@bodegassoto.com", phone="699888777"
        ),
    ),
    (  # colleagues sharing the company's info@ inbox
        lead("a", name="Laura Gómez", company="Acme S.A.", email="info@acme.es"),
        lead("b", name="Pedro Sanz", company="Acme S.A.", email="info@acme.es"),
    ),
    (  # family: same surnames, phone and address, different given names
        lead(
            "a",
            name="Carmen Ortega Ruiz",
            phone="+34 915 555 123",
            address="Calle Mayor 3, 2º",
            city="Madrid",
        ),
        lead("b", name="Luis Ortega Ruiz", phone="915555123", address="Calle Mayor 3, 2º", city="Madrid"),
    ),
    (  # father and son
        lead("a", name="James Brown Jr.", email="jb@brown.com", address="12 Oak Street"),
        lead("b", name="James Brown Sr.", email="jbrown@gmail.com", address="12 Oak Street"),
    ),
    (  # Cyrillic look-alike in an otherwise different name does not create a match
        lead("a", name="\u0410na Torres", email="ana@a.es"),
        lead("b", name="Eva Torres", email="eva@b.es"),
    ),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_same_person(a: LeadRecord, b: LeadRecord) -> None:
    result = score_pair(a, b)
    assert result.decision == "same", result.parts


@pytest.mark.parametrize(("a", "b"), DISTINCT)
def test_never_merged(a: LeadRecord, b: LeadRecord) -> None:
    result = score_pair(a, b)
    assert result.decision != "same", result.parts


def test_score_is_symmetric_and_explained() -> None:
    a, b = SAME[0]
    forward, backward = score_pair(a, b), score_pair(b, a)
    assert forward.score == backward.score
    assert forward.parts["contact"][0] == "email_same"
    assert forward.parts["contact"][1] > 0
    assert forward.parts["company"][0] == "exact"
    assert 0.0 <= forward.score <= 1.0


def test_same_name_and_company_only_goes_to_review() -> None:
    a = lead("a", name="Ana López", company="Grupo Vega S.L.")
    b = lead("b", name="Ana Lopez", company="GRUPO VEGA SL")
    assert score_pair(a, b).decision == "review"


def test_thresholds_are_configurable() -> None:
    a = lead("a", name="Ana López", company="Grupo Vega S.L.")
    b = lead("b", name="Ana Lopez", company="GRUPO VEGA SL")
    score = score_pair(a, b).score
    assert score_pair(a, b, Thresholds(auto_merge=score, review=score)).decision == "review"
    assert score_pair(a, b, Thresholds(auto_merge=1.0, review=1.0)).decision == "distinct"
    with pytest.raises(ValueError):
        Thresholds(auto_merge=0.5, review=0.9)


def test_a_frequent_personal_key_is_downweighted() -> None:
    a = lead("a", name="Marta Díaz", phone="+34 600 111 222")
    b = lead("b", name="Marta Diaz", phone="600111222")
    keys = [match_keys(a), match_keys(b)]
    assert score_pair(*keys).parts["contact"][0] == "phone_same"
    switchboard = GenericKeys({"+34600111222"})
    assert score_pair(*keys, generic=switchboard).parts["contact"][0] == "generic"
    assert score_pair(*keys, generic=switchboard).decision != "same"


def test_generic_keys_from_frequency() -> None:
    staff = [
        match_keys(lead(str(i), name=n, phone="+34 910 000 000"))
        for i, n in enumerate(["Ana Ruiz", "Luis Gil", "Eva Sanz", "Pablo Vidal", "Marta Cano", "Rosa Pons"])
    ]
    assert "+34910000000" in GenericKeys.from_keys(staff, max_names=4)
    assert "+34910000000" not in GenericKeys.from_keys(staff[:3], max_names=4)


def test_blocking_keys_of_one_record() -> None:
    keys = blocking_keys(
        lead(
            "a",
            name="José García",
            company="Talleres Ruiz S.L.",
            email="Jose.Garcia@gmail.com",
            phone="612 345 678",
        )
    )
    assert "e:josegarcia@gmail.com" in keys
    assert "p:+34612345678" in keys
    assert "p7:2345678" in keys
    assert any(k.startswith("sc:") and k.endswith(":talleresruiz") for k in keys)


def test_role_email_is_not_a_blocking_key() -> None:
    keys = blocking_keys(lead("a", name="Ana", email="info@acme.com"))
    assert not any(k.startswith("e:") for k in keys)


def test_empty_record_has_no_blocking_keys() -> None:
    assert blocking_keys(lead("a")) == set()
    assert match_keys(lead("a", name="  ", email=None)).is_empty


def test_one_typo_in_a_short_given_name_still_merges() -> None:
    a = lead("a", name="José Crespo Cabrera", email="jose_crespo47@outlook.com", phone="668-19-58-70")
    b = lead("b", name="Jlsé Crespo Cabrera", email="JOSE_CRESPO47@outlook.com", phone="668195870")
    assert score_pair(a, b).decision == "same"


@pytest.mark.parametrize(
    ("first", "second"), [("Antonio", "Antonia"), ("Daniel", "Daniela"), ("Mario", "María")]
)
def test_siblings_with_gendered_names_sharing_a_home_stay_apart(first: str, second: str) -> None:
    a = lead(
        "a", name=f"{first} Vidal Soto", phone="915 555 123", address="Calle Real 3, 1º", postcode="28001"
    )
    b = lead(
        "b", name=f"{second} Vidal Soto", phone="915 555 123", address="Calle Real 3, 1º", postcode="28001"
    )
    result = score_pair(a, b)
    assert result.parts["name"][0] == "surname_only"
    assert result.parts["shared_contact"][1] < 0
    assert result.decision != "same"


def test_same_personal_email_alone_is_enough_but_not_with_different_names() -> None:
    assert (
        score_pair(lead("a", email="l.vidal@gmail.com"), lead("b", email="lvidal@gmail.com")).decision
        == "same"
    )
    a = lead("a", name="Lucía Vidal", email="casa.vidal@gmail.com")
    b = lead("b", name="Pedro Vidal", email="casa.vidal@gmail.com")
    assert score_pair(a, b).decision != "same"


def test_best_match_for_ingest() -> None:
    new = lead("new", name="Pepe García", email="jose.garcia@gmail.com")
    candidates = [
        ("c1", lead("c1", name="Ana García", email="ana@x.es")),
        ("c2", lead("c2", name="José García", email="josegarcia@gmail.com")),
    ]
    found = best_match(new, candidates)
    assert found is not None and found[0] == "c2" and found[1].decision == "same"
    assert best_match(new, candidates[:1]) is None


def test_contact_values_feed_generic_counting() -> None:
    keys = match_keys(lead("a", email="Info@Acme.com", phone="600 111 222"))
    assert contact_values(keys) == ("info@acme.com", "+34600111222", "0111222")


def test_a_given_name_that_is_also_a_surname_does_not_bypass_the_family_rule() -> None:
    a = lead("a", name="Santiago Santiago Reyes", phone="+34951332418", address="Gran Vía 72, 6º")
    b = lead("b", name="Fernando Santiago Flores", phone="951-33-24-18", address="Gran Vía 72, 6º")
    assert score_pair(a, b).decision != "same"


def test_given_and_surname_fields_swapped_still_match() -> None:
    a = lead("a", given_name="lachlan", surname="berry", date_of_birth="19990219", postcode="4814")
    b = lead("b", given_name="berry", surname="lachlan", date_of_birth="19990219", postcode="4814")
    assert score_pair(a, b).decision == "same"


def test_company_is_the_entity_when_no_person_is_named() -> None:
    a = lead("a", company="Talleres Ruiz S.L.", address="Calle Mayor 3", city="Madrid")
    b = lead("b", company="TALLERES RUIZ, SL", address="Calle Mayor 3", city="Madrid")
    result = score_pair(a, b)
    assert result.parts["organisation"][0] == "exact"
    assert result.decision == "same"
    other = lead("c", company="Talleres Gil S.L.", address="Calle Mayor 5", city="Madrid")
    assert score_pair(a, other).decision == "distinct"
