"""General behaviours added for unseen conversations (development examples, not the blind set)."""

from __future__ import annotations

import pytest

from nlp import extract
from nlp.cues import asked_fields
from nlp.extractor import gather_evidence
from nlp.organizations import plausible_company


def _get(text: str, lang: str, field: str):
    data = extract(text, lang=lang).to_dict()
    if field == "consent":
        return data["consent"]["granted"] if data["consent"] else None
    return data[field]


def _proposed(text: str, lang: str, field: str) -> set[str]:
    """What the rules propose for ``field``: the finders' reading, before the learned ranker chooses.

    Where a weak cue ("from", "at") is the only evidence, the ranker — trained on real chats in which such a
    cue is as often wrong — may choose otherwise; these tests pin what the finders read.
    """
    return {candidate.value for candidate in gather_evidence(text, lang).candidates if candidate.field == field}


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("cliente: sí es teresa molina cuarenta arroba yahoo punto es", "es", "teresamolina40@yahoo.es"),
        (
            "rep: and your email\ncaller: sure it's mark evans twenty one at gmail dot com",
            "en",
            "markevans21@gmail.com",
        ),
        ("cliente: es pablo noventa y nueve arroba gmail punto com", "es", "pablo99@gmail.com"),
        ("cliente: juan punto perez arroba gmail punto com", "es", "juan.perez@gmail.com"),
    ],
)
def test_number_words_end_a_dictated_local_part(text: str, lang: str, expected: str) -> None:
    assert _get(text, lang, "email") == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Cliente: carla arroba outlook punto com. Perdón, es gmail, no outlook.", "es", "carla@gmail.com"),
        (
            "Cliente: lucas@yahoo.es\nAgente: Anotado.\nCliente: Uy, no es yahoo, es gmail punto com",
            "es",
            "lucas@gmail.com",
        ),
        (
            "Customer: ben.k@outlook.com\nAgent: thanks\nCustomer: sorry, not outlook, it is gmail dot com",
            "en",
            "ben.k@gmail.com",
        ),
        ("Cliente: ana@yahoo.es, no es broma, la uso a diario", "es", "ana@yahoo.es"),
    ],
)
def test_a_later_correction_of_the_provider_replaces_the_domain(text: str, lang: str, expected: str) -> None:
    assert _get(text, lang, "email") == expected


@pytest.mark.parametrize(
    ("question", "answer", "lang", "expected"),
    [
        ("Agente: ¿Le damos de alta en el boletín?", "Cliente: Sí, vale.", "es", True),
        ("Agente: ¿Quiere recibir nuestras promociones?", "Cliente: No, gracias.", "es", False),
        ("Agent: Can I add you to our mailing list?", "Customer: sure", "en", True),
        ("Agent: Shall we keep you posted on new offers?", "Customer: no thanks", "en", False),
    ],
)
def test_marketing_list_questions_are_consent_questions(question, answer, lang, expected) -> None:
    text = f"Cliente: hola\n{question}\n{answer}" if lang == "es" else f"Customer: hi\n{question}\n{answer}"
    assert _get(text, lang, "consent") is expected


def test_a_prospect_mentioning_a_newsletter_is_not_asked_for_consent() -> None:
    text = "Cliente: Hola, me llegó vuestro boletín y quería información del curso de yoga."
    assert _get(text, "es", "consent") is None


def test_plural_interest_cue() -> None:
    text = "Cliente: Somos una gestoría. Nos interesa un programa de facturación electrónica."
    assert _get(text, "es", "interest") == "un programa de facturación electrónica"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cliente: Me llamo Jordi Vila i Soler.", "Jordi Vila i Soler"),
        ("Cliente: Hola, soy Carme Roca i Puig, de Lleida.", "Carme Roca i Puig"),
    ],
)
def test_catalan_conjunction_inside_a_surname(text: str, expected: str) -> None:
    assert _get(text, "es", "name") == expected


def test_english_pronoun_i_does_not_join_a_name() -> None:
    assert _get("Customer: This is Jack and i Need help", "en", "name") == "Jack"


@pytest.mark.parametrize(
    ("text", "lang", "name", "title", "company"),
    [
        (
            "Lead: Tom Reyes, Operations Manager, Bluefin Logistics",
            "en",
            "Tom Reyes",
            "Operations Manager",
            "Bluefin Logistics",
        ),
        (
            "Lead: Hello - Dana Levi | VP of Sales | Northstar Analytics",
            "en",
            "Dana Levi",
            "VP of Sales",
            "Northstar Analytics",
        ),
        (
            "Cliente: Necesito un presupuesto.\nSaludos,\nMarta Gil Sanz\nDirectora Financiera\nHierros del Norte",
            "es",
            "Marta Gil Sanz",
            "Directora Financiera",
            "Hierros del Norte",
        ),
    ],
)
def test_name_title_company_segments(text: str, lang: str, name: str, title: str, company: str) -> None:
    data = extract(text, lang=lang).to_dict()
    assert (data["name"], data["job_title"], data["company"]) == (name, title, company)


def test_lowercase_answer_to_the_business_question_keeps_its_connector() -> None:
    text = "rep: and whats the name of your business\ncaller: miller and cousins hardware"
    assert _get(text, "en", "company") == "Miller and Cousins Hardware"


def test_answer_to_the_company_question_is_not_the_speakers_name() -> None:
    text = "Agent: And the name of your company?\nCustomer: Blue Harbor Coffee"
    data = extract(text, lang="en").to_dict()
    assert (data["company"], data["name"]) == ("Blue Harbor Coffee", None)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Caller: Hi, we're relocating from Seattle to Boston next spring.", "en"),
        ("Cliente: Nos mudamos de Bilbao a Madrid en julio.", "es"),
        ("Customer: I'd like to book flights to Miami for four people.", "en"),
    ],
)
def test_places_in_a_move_or_trip_are_not_the_prospects_city(text: str, lang: str) -> None:
    assert _get(text, lang, "city") is None


def test_a_residence_cue_outranks_a_place_mentioned_later() -> None:
    text = "Cliente: Vivo en Toledo pero quiero comprar un local en Valencia."
    assert _get(text, "es", "city") == "Toledo"


def test_catalan_conjunction_in_spanish_asr() -> None:
    text = "agente: me dice su nombre\ncliente: sí mire soy joan puig i vidal"
    assert _get(text, "es", "name") == "Joan Puig i Vidal"


def test_a_title_after_a_comma_needs_its_head_within_three_words() -> None:
    text = "Visitor: Hello! Wei Zhang here, purchasing lead at Lotus Trading. We need tape."
    data = extract(text, lang="en").to_dict()
    assert (data["name"], data["job_title"]) == ("Wei Zhang", "purchasing lead")
    assert "Lotus Trading" in _proposed(text, "en", "company")


def test_bot_developer_case_name_then_company_with_legal_form() -> None:
    data = extract("Soy Marta Ruiz de Talleres Ruiz S.L., marta@talleresruiz.es, 612 345 678", lang="es").to_dict()
    assert (data["name"], data["company"], data["phone"]) == ("Marta Ruiz", "Talleres Ruiz S.L.", "+34612345678")


def test_spanish_marketing_offer_is_a_consent_question_but_a_quote_is_not() -> None:
    asked = "Cliente: Tengo una clínica.\nAgente: ¿Le mandamos novedades por email?\nCliente: Mejor no."
    assert _get(asked, "es", "consent") is False
    told = "Cliente: hola\nAgente: Le mandamos el presupuesto por email hoy.\nCliente: vale gracias"
    assert _get(told, "es", "consent") is None


def test_a_country_after_the_city_is_not_the_city() -> None:
    text = (
        "Rep: Can I get your name?\nCaller: Yeah, Siobhan Kelly.\n"
        "Rep: and where are you calling from?\nCaller: Galway, Ireland"
    )
    assert _get(text, "en", "city") == "Galway"


def test_possessive_business_name_and_looking_at() -> None:
    text = "caller: yeah hi it's jake from jake's auto body we're looking at fleet insurance"
    assert _proposed(text, "en", "company") == {"Jake's Auto Body"}
    assert _get(text, "en", "interest") == "fleet insurance"


@pytest.mark.parametrize(
    ("answer", "name", "company", "city"),
    [
        ("Caller: Yes, Pete Sorensen, Sorensen Lumber.", "Pete Sorensen", "Sorensen Lumber", None),
        ("Caller: Pete Sorensen, Chicago.", "Pete Sorensen", None, "Chicago"),
    ],
)
def test_answer_to_the_name_question_then_a_company(answer: str, name: str, company, city) -> None:
    text = f"Agent: Great, who am I speaking with?\n{answer}"
    data = extract(text, lang="en").to_dict()
    assert (data["name"], data["city"]) == (name, city)
    assert _proposed(text, "en", "company") == ({company} if company else set())


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Client: Please contact me at +44 7911 123456 or +44 20 7123 4567 ext. 301.", "en", "+447911123456"),
        ("Cliente: Mi móvil es el 612 345 678 o al 913 456 789 por las tardes.", "es", "+34612345678"),
        ("Cliente: Mi móvil es el 612 345 678, perdón, el 622 345 678.", "es", "+34622345678"),
    ],
)
def test_a_number_after_or_is_the_second_choice(text: str, lang: str, expected: str) -> None:
    assert _get(text, lang, "phone") == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Customer: hey, do you guys do gutter cleaning for two story homes?", "en", "gutter cleaning"),
        ("Caller: Hi, how much is a deep clean for a three bedroom apartment?", "en", "a deep clean"),
        ("Cliente: Buenas, ¿cuánto cuesta la limpieza de sofás a domicilio?", "es", "la limpieza de sofás"),
        ("Cliente: ¿Me podríais informar sobre los cursos de cocina para niños?", "es", "los cursos de cocina"),
        ("Cliente: Os contacto por el anuncio del local en alquiler.", "es", "el anuncio del local"),
    ],
)
def test_questions_about_an_offer_give_the_interest(text: str, lang: str, expected: str) -> None:
    assert expected in (_get(text, lang, "interest") or "")


def test_an_opt_out_is_not_an_interest() -> None:
    assert _get("Cliente: Hola, quiero darme de baja y que borren mis datos.", "es", "interest") is None


def test_an_interest_cut_by_the_length_limit_does_not_end_on_a_preposition() -> None:
    text = "Message: We want to add battery storage to 40 homes in Phoenix."
    assert not _get(text, "en", "interest").endswith((" in", " we"))


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Caller: I need pricing on refrigerated trucking from Chicago to Denver.", "en"),
        ("Cliente: Necesito un porte de Zaragoza a Valencia la semana que viene.", "es"),
    ],
)
def test_both_ends_of_a_route_are_not_the_prospects_city(text: str, lang: str) -> None:
    assert _get(text, lang, "city") is None


def test_bracketed_speaker_labels() -> None:
    text = (
        "[Agent] Hello, you've reached Northside Dental, my direct line is 312 555 0100.\n"
        "[Patient] hi this is graciela fuentes i'd like to book a cleaning\n"
        "[Agent] sure, phone number?\n[Patient] it's 312 555 7788"
    )
    data = extract(text, lang="en").to_dict()
    assert (data["name"], data["phone"]) == ("Graciela Fuentes", "+13125557788")
    assert data["details"]["name"]["speaker"] == "Patient"


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("caller: i own a little bakery called sweet crumbs in dayton", "en", "Sweet Crumbs"),
        ("Cliente: Tengo una tienda de bicis que se llama Pedalea, en Vigo.", "es", "Pedalea"),
        (
            "Customer: Hi, I'm Marco Ricci, we're a small restaurant in Miami, Trattoria Ricci. Need a POS.",
            "en",
            "Trattoria Ricci",
        ),
        ("Customer: We have an office in Madrid, Spain.", "en", None),
    ],
)
def test_a_business_named_after_its_kind(text: str, lang: str, expected) -> None:
    assert _get(text, lang, "company") == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Homeowner: It's Carla Stone. But please don't put me on any mailing lists.", "en", False),
        ("Cliente: Me llamo Ana Ruiz, y no me apunten a nada de publicidad.", "es", False),
        ("Customer: Sounds great, sign me up for the newsletter too.", "en", True),
        ("Cliente: Apúntame al boletín, me interesa.", "es", True),
    ],
)
def test_volunteered_marketing_permission_or_refusal(text: str, lang: str, expected: bool) -> None:
    assert _get(text, lang, "consent") is expected


@pytest.mark.parametrize(
    ("text", "lang", "name", "phone"),
    [
        (
            "thank you for calling apex roofing this is tyler how can i help you today hi tyler yeah i need a "
            "roof inspection my name is deshawn carter and my number is four six nine three three one two two "
            "eight eight",
            "en",
            "Deshawn Carter",
            "+14693312288",
        ),
        (
            "gracias por llamar a muebles lópez le atiende nuria en qué puedo ayudarle hola nuria me llamo "
            "valentina restrepo mi móvil es seis cero cero uno dos tres cuatro cinco seis",
            "es",
            "Valentina Restrepo",
            "+34600123456",
        ),
    ],
)
def test_unpunctuated_asr_splits_after_the_agents_offer_of_help(text: str, lang: str, name: str, phone: str) -> None:
    data = extract(text, lang=lang).to_dict()
    assert (data["name"], data["phone"]) == (name, phone)


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("cliente: hola soy de alcoy y quería información del seguro", "es", "Alcoy"),  # a town, in ASR lower case
        ("cliente: vivo en ponferrada desde hace años", "es", "Ponferrada"),
        ("Caller: we're based in Reading, so the Thames Valley office would suit", "en", "Reading"),
        ("Agent: which city are you in?\nCaller: kalamazoo", "en", "Kalamazoo"),
    ],
)
def test_towns_beyond_the_large_cities_after_a_strong_cue_or_when_asked(text: str, lang: str, expected: str) -> None:
    assert _get(text, lang, "city") == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Caller: I was reading your page about mobile plans", "en"),  # Reading and Mobile are towns too
        ("cliente: le llamo desde orange por la factura", "es"),  # a company after a weak cue
    ],
)
def test_town_names_that_are_words_are_not_cities_without_a_cue(text: str, lang: str) -> None:
    assert _get(text, lang, "city") is None


def test_a_question_naming_a_kind_of_business_asks_for_the_company() -> None:
    text = ("Usuario: buenas, tenemos una clínica dental en Getafe\nBot: ¡Claro! ¿Cómo te llamas?\n"
            "Usuario: Pilar Soria\nBot: ¿Y el nombre de la clínica?\nUsuario: Clínica Dental Sonríe")
    assert _get(text, "es", "company") == "Clínica Dental Sonríe"
    assert _get(text, "es", "name") == "Pilar Soria"


def test_how_the_company_is_called_is_not_the_persons_name() -> None:
    text = ("agente: vale y cómo se llama la empresa\ncliente: hierros del duero\n"
            "agente: y usted es\ncliente: félix cuesta")
    assert _get(text, "es", "company") == "Hierros del Duero"
    assert _get(text, "es", "name") == "Félix Cuesta"


def test_a_lower_case_name_given_after_called_keeps_its_and() -> None:
    text = "caller: hi my name is priya natarajan i run a small bakery in austin called sugar and salt"
    assert _get(text, "en", "company") == "Sugar and Salt"


def test_where_the_person_lives_outranks_where_the_firm_sits() -> None:
    text = "cliente: mire yo soy de valladolid pero la empresa tiene la sede en madrid"
    assert _get(text, "es", "city") == "Valladolid"


@pytest.mark.parametrize(
    ("text", "lang", "name", "city"),
    [
        ("Agente: ¿con quién hablo?\nCliente: Santiago Burgos", "es", "Santiago Burgos", None),
        ("Agente: ¿su nombre?\nCliente: Rosario Núñez", "es", "Rosario Núñez", None),
        ("Cliente: soy de Santiago y busco un seguro", "es", None, "Santiago"),
        ("Caller: I'm based in Charlotte, looking for payroll software", "en", None, "Charlotte"),
    ],
)
def test_first_names_that_are_also_cities(text: str, lang: str, name, city) -> None:  # type: ignore[no-untyped-def]
    assert (_get(text, lang, "name"), _get(text, lang, "city")) == (name, city)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("caller: it's john dot smith at gmail dot com", "john.smith@gmail.com"),  # no "email" said
        ("caller: ok it's mary at hotmail.com", "mary@hotmail.com"),
        ("caller: yeah we're at yahoo finance dot com conference", None),  # a provider, but not its domain
        ("caller: i'm at home right now, call me later", None),
    ],
)
def test_at_before_a_mail_provider_is_an_at_sign(text: str, expected) -> None:  # type: ignore[no-untyped-def]
    assert _get(text, "en", "email") == expected


@pytest.mark.parametrize(
    ("question", "answer", "lang", "expected"),
    [
        ("Agent: Can our account manager call you next week?", "Customer: yes please", "en", True),
        ("Agent: Ok if I follow up by phone to go through packages?", "Customer: yes! after 6pm", "en", True),
        ("Agent: Want us to text you if an earlier slot opens up?", "Customer: yes pls", "en", True),
        ("Agent: Shall we whatsapp you the demo link?", "Customer: sure", "en", True),
        ("Agent: Would you like to subscribe to our monthly deals?", "Customer: Not at this time, thank you.",
         "en", False),
        ("Agente: ¿Nos das permiso para llamarte y enviarte el estudio?", "Cliente: si claro", "es", True),
        ("Agente: ¿Está de acuerdo en que le llamemos para el seguimiento?", "Cliente: sí, llámenme", "es", True),
        ("Agente: ¿Te podemos sumar a nuestra lista de novedades?", "Cliente: no gracias", "es", False),
        ("Agente: ¿Quiere que le contactemos un comercial?", "Cliente: vale", "es", True),
    ],
)
def test_offers_to_follow_up_are_consent_questions(question, answer, lang, expected) -> None:
    text = f"Cliente: hola\n{question}\n{answer}" if lang == "es" else f"Customer: hi\n{question}\n{answer}"
    assert _get(text, lang, "consent") is expected


def test_a_prospect_offering_to_call_back_is_not_asked_for_consent() -> None:
    text = "Customer: hi, can I call you back tomorrow about the quote?\nAgent: of course\nCustomer: great"
    assert _get(text, "en", "consent") is None


@pytest.mark.parametrize(
    "stamp",
    ["[14/03 10:42] ", "14/03/2024, 10:42 - ", "[3/14/24, 10:42:13 PM] ", "[9/5/24, 11:21 a. m.] "],
)
def test_chat_exports_with_a_date_before_the_time_keep_their_speakers(stamp: str) -> None:
    text = "\n".join(stamp + line for line in (
        "Talleres Norte: Hola, gracias por escribir a Talleres Norte. ¿Tu nombre?",
        "Facu: Facundo Ibarra, de Quilmes",
        "Talleres Norte: ¿Te podemos sumar a nuestra lista de novedades?",
        "Facu: no gracias",
    ))
    assert (_get(text, "es", "name"), _get(text, "es", "consent")) == ("Facundo Ibarra", False)


@pytest.mark.parametrize(
    ("text", "lang", "city"),
    [
        ("cliente: una marisquería aquí en cambados se llama mariscos outeiro", "es", None),  # below 15k
        ("cliente: somos de trujillo y queremos info del curso", "es", "Trujillo"),
        ("cliente: tengo una pollería acá en arequipa", "es", "Arequipa"),
        ("Customer: we're a 25-person accountancy firm in Galway looking for IT support", "en", "Galway"),
        ("Usuario: me interesan placas solares, es un adosado en Dos Hermanas", "es", "Dos Hermanas"),
        ("Customer: we are in coimbatore and need looms serviced", "en", "Coimbatore"),  # Indian cities of 100k+
        ("Customer: our office is in burnaby, the lunch is at the vancouver clinic", "en", "Burnaby"),
        ("Visitor: I'm at head office in Quebec City, delivery goes to Moncton though", "en", "Quebec City"),
        ("Customer: we want the launch in March, maybe in May", "en", None),  # towns that are words
    ],
)
def test_towns_after_local_cues_and_capitalized_after_in(text: str, lang: str, city) -> None:  # type: ignore[no-untyped-def]
    assert _get(text, lang, "city") == city


@pytest.mark.parametrize(
    ("question", "answer", "lang", "city"),
    [
        ("Agente: listo y ustedes dónde están ubicados", "Cliente: en tuluá valle", "es", "Tuluá"),
        ("Ejecutivo: ya y ustedes están en santiago", "Cliente: no en concepción", "es", "Concepción"),
        ("Rep: What's the postcode?", "Customer: S7 1FL, sheffield", "en", "Sheffield"),
        ("Rep: Where's your team based, Harjit?", "Visitor: Manchester mostly", "en", "Manchester"),
    ],
)
def test_answers_to_where_questions_name_a_town(question: str, answer: str, lang: str, city: str) -> None:
    assert _get(f"{question}\n{answer}", lang, "city") == city


def test_a_town_in_a_street_name_is_neither_the_city_nor_a_company() -> None:
    text = ("Asistente: ¿Me confirmas la dirección con código postal?\n"
            "Usuario: calle Real de Utrera 14, 41700")
    assert (_get(text, "es", "city"), _get(text, "es", "company")) == (None, None)


@pytest.mark.parametrize(
    ("text", "lang", "company"),
    [
        ("cliente: buenos días le llamo del hotel campestre los guaduales pues queríamos una demo", "es",
         "Hotel Campestre Los Guaduales"),
        ("cliente: hablo de la clínica santa fe del bajío estamos viendo lo de los vales", "es",
         "Clínica Santa Fe del Bajío"),
        ("cliente: eh mire le hablo de grupo logístico norteño queríamos información", "es",
         "Grupo Logístico Norteño"),
        ("Agente: señor su pollería cómo se llama y dónde queda\nCliente: pollería el buen sabor acá en arequipa", "es",
         "Pollería El Buen Sabor"),
        ("Cliente: tengo la Pastelería Dulce Antojo en La Serena, soy la dueña", "es", "Pastelería Dulce Antojo"),
        ("cliente: tengo una pollería y estoy buscando un sistema de ventas", "es", None),  # a kind, not a name
    ],
)
def test_names_led_by_the_kind_of_business(text: str, lang: str, company) -> None:  # type: ignore[no-untyped-def]
    assert _get(text, lang, "company") == company


def test_a_business_question_is_not_a_name_question() -> None:
    text = "Agente: señor su pollería cómo se llama\nCliente: pollería el buen sabor"
    assert _get(text, "es", "name") is None


@pytest.mark.parametrize(
    ("text", "lang", "phone"),
    [
        # a Peruvian mobile reads as a valid Spanish landline unless the conversation says where it is
        ("Usuario: Rosa Huamán 956118402 rosa.huaman78@gmail.com, somos de Trujillo, Perú", "es", "+51956118402"),
        ("Cliente: el cel es 984 321 654 y el mail jquispe arroba polleria punto com punto pe", "es",
         "+51984321654"),
        ("Caller: it's oh four two eight seven seven one three nine oh, email tom at nguyen dot com dot au", "en",
         "+61428771390"),
        ("Cliente: mi móvil es 956 118 402", "es", "+34956118402"),  # no hint: Spain first, as before
        ("Customer: call 0871 234 567 or mail kate@hotmail.com", "en", None),  # ".com" hints nothing
    ],
)
def test_the_conversation_tells_the_phones_country(text: str, lang: str, phone) -> None:  # type: ignore[no-untyped-def]
    assert _get(text, lang, "phone") == phone


def test_the_deployments_region_comes_after_the_conversations_hints_and_before_the_languages() -> None:
    peruvian = "Cliente: mi número es 956 118 402, escribidme a ana@empresa.com.pe"
    assert extract(peruvian, lang="es", region="ES").to_dict()["phone"] == "+51956118402"
    colombian = "Cliente: mi número es 315 487 2090"  # valid in Mexico too, the language's second country
    assert extract(colombian, lang="es", region="CO").to_dict()["phone"] == "+573154872090"
    american = "Customer: call me on (617) 555-0123"  # a Spanish deployment still reads an American number
    assert extract(american, lang="en", region="ES").to_dict()["phone"] == "+16175550123"


def test_speaker_labels_left_inline_by_an_asr_export_still_split_turns() -> None:
    text = ("spk_1: good morning lakeside dentistry this is carol speaking spk_2: hi is this the vet "
            "spk_1: no sorry this is a dental office spk_2: oh sorry wrong number")
    assert _get(text, "en", "name") is None  # Carol is the receptionist, and "speaking" is no surname


def test_a_name_does_not_repeat_its_own_first_word() -> None:
    text = "agente: perfecto y su nombre\ncliente: xosé manuel outeiro piñeiro xosé con equis"
    assert _get(text, "es", "name") == "Xosé Manuel Outeiro Piñeiro"


def test_an_order_number_is_nobodys_name() -> None:
    text = "Customer: where is my order?? #A77812 its been 9 days\nAgent: Hi, I'm Jordan with BrightNest."
    assert _get(text, "en", "name") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cliente: el correo jp punto delagarza arroba gln punto com punto eme equis", "jp.delagarza@gln.com.mx"),
        ("cliente: i guion fuenzalida arroba losandes punto ce ele", "i-fuenzalida@losandes.cl"),
        ("cliente: compras arroba distribuidora el roble todo junto punto com punto eme equis",
         "compras@distribuidoraelroble.com.mx"),
        ("cliente: es ana arroba gmail punto es", "ana@gmail.es"),  # a spoken "es" stays the word it is
    ],
)
def test_spelled_country_domains_and_words_said_as_one(text: str, expected: str) -> None:
    assert _get(text, "es", "email") == expected


@pytest.mark.parametrize(
    ("text", "lang", "company", "title"),
    [
        ("agente: y de qué empresa me llama\ncliente: de distribuidora el roble ese a de ce ve yo soy la gerente "
         "de compras", "es", "Distribuidora El Roble S.A. de C.V.", "gerente de compras"),
        ("cliente: gaspar valdés ortúzar gerente de finanzas de grupo valdés spa", "es", "Grupo Valdés SPA",
         "gerente de finanzas"),
        ("cliente: xavier puig soler soy el encargado de obra de construcciones puig e hijos", "es",
         "Construcciones Puig e Hijos", "encargado de obra"),
        ("caller: hey this is dave uh david okafor vp of sales at lonestar beverage distributors", "en",
         "Lonestar Beverage Distributors", "vp of sales"),
    ],
)
def test_titles_with_departments_and_the_firm_after_them(text: str, lang: str, company: str, title: str) -> None:
    assert (_get(text, lang, "company"), _get(text, lang, "job_title")) == (company, title)


_RUN_ON_CALL = (
    "arriendos del sur buenas tardes habla marcela aló sí buenas tardes mire llamaba para cotizar el arriendo de "
    "andamios para una obra ya perfecto con quién hablo ignacio fuenzalida de constructora los andes limitada soy "
    "ingeniero de proyectos ya ignacio y ustedes dónde están ubicados en temuco provincia de cautín y por cuánto "
    "tiempo unos tres meses ya y un celular el nueve ochenta y tres veintiuno cuarenta y cinco sesenta y siete y un "
    "correo i guion fuenzalida arroba losandes punto ce ele ya perfecto y lo podemos contactar para enviarle ofertas "
    "más adelante ya dale no hay problema ya le mando la cotización desde ventas arroba arriendosdelsur punto ce ele"
)


def test_an_unlabelled_run_on_call_is_read_between_the_agents_questions() -> None:
    data = extract(_RUN_ON_CALL, lang="es").to_dict()
    found = {field: data[field] for field in ("name", "email", "phone", "company", "job_title", "city")}
    assert found == {
        "name": "Ignacio Fuenzalida", "email": "i-fuenzalida@losandes.cl", "phone": "+56983214567",
        "company": "Constructora Los Andes Limitada", "job_title": "ingeniero de proyectos", "city": "Temuco",
    }
    assert data["consent"]["granted"] is True


def test_a_short_unlabelled_message_is_not_cut_at_questions() -> None:
    text = "hola me llamo ana ruiz y un teléfono de contacto es el 612 345 678 gracias"
    data = extract(text, lang="es").to_dict()
    assert (data["name"], data["phone"]) == ("Ana Ruiz", "+34612345678")


def test_a_region_after_the_town_only_says_where_the_town_is() -> None:
    text = "Agente: ¿ustedes dónde están?\nCliente: en pergamino provincia de buenos aires"
    assert _get(text, "es", "city") == "Pergamino"


def test_a_run_on_consent_question_ends_where_the_answer_begins() -> None:
    text = (
        "hello you've reached sunwise solar this is jake speaking oh hi um yeah i was after some info on solar "
        "panels and a battery for my house yep no worries mate what's your name tom nguyen lovely and whereabouts "
        "are you tom we're out in penrith beautiful our install team's actually based in parramatta so not far at "
        "all and is it alright if one of our consultants gives you a call back tomorrow to go through some options "
        "yeah sweet that's fine after four is best"
    )
    data = extract(text, lang="en").to_dict()
    assert (data["name"], data["city"], data["consent"]["granted"]) == ("Tom Nguyen", "Penrith", True)


def test_labels_with_a_bracketed_company_or_name_are_speakers() -> None:
    text = ("Kevin (Slotwise): Hi! I'm Kevin from Slotwise. What brings you here today?\n"
            "Visitor: I'd like a demo of your scheduling API.\n"
            "Kevin (Slotwise): Best email to send the invite to?\n"
            "Visitor: rahul@trellishealth.in\n"
            "Kevin (Slotwise): Sent from kevin@slotwise.com")
    assert _get(text, "en", "email") == "rahul@trellishealth.in"


@pytest.mark.parametrize(
    ("text", "lang", "name"),
    [
        ("Agent: Who am I speaking with?\nVisitor: Callum Fraser, Head of Talent.\nAgent: Decision maker?\n"
         "Visitor: Not quite, my boss Morag Kerr makes the call on fees", "en", "Callum Fraser"),
        ("Parent name: Lerato Dlamini\nLearner name: Kabelo Dlamini\nEmail: lerato@outlook.com", "en",
         "Lerato Dlamini"),
        ("Agente: ¿con quién hablo?\nCliente: Julián Ortega, y si no estoy llame a mi socio Ramiro Díaz", "es",
         "Julián Ortega"),
    ],
)
def test_people_the_prospect_mentions_are_not_the_prospect(text: str, lang: str, name: str) -> None:
    assert _get(text, lang, "name") == name


_MAIL_THREAD = """From: Niamh Gallagher <niamh@corribcraft.ie>
To: quotes@westshorebrokers.ie
Subject: Liability cover for brewery

Hi, I'm one of the co-founders of Corrib Craft Brewing Ltd in Galway and we need public liability cover.

Thanks,
Niamh Gallagher

----

From: Conor Walsh <conor.walsh@westshorebrokers.ie>

Hi Niamh, I'll have quotes by Friday. My direct line is 091 555 218.
Conor Walsh, Westshore Insurance Brokers
"""


def test_a_mail_thread_is_read_message_by_message() -> None:
    data = extract(_MAIL_THREAD, lang="en").to_dict()
    assert (data["name"], data["email"], data["company"]) == (
        "Niamh Gallagher", "niamh@corribcraft.ie", "Corrib Craft Brewing Ltd")


def test_a_prospect_replying_yes_to_a_newsletter_in_writing_consents() -> None:
    text = "Cliente: Respecto a su pregunta: sí, pueden agregarme a su boletín mensual."
    assert _get(text, "es", "consent") is True


@pytest.mark.parametrize(
    ("text", "lang", "phone"),
    [
        ("Cliente: tengo una pollería acá en arequipa, mi celular es 984 321 654", "es", "+51984321654"),
        ("Cliente: somos de Medellín, el celular es 315 487 2090", "es", "+573154872090"),
        ("Caller: we're based in Pune, my mobile is 98450 23456", "en", "+919845023456"),
        ("Cliente: vivo en Madrid, mi móvil es 612 345 678", "es", "+34612345678"),
    ],
)
def test_the_towns_country_tells_the_phones_format(text: str, lang: str, phone: str) -> None:
    assert _get(text, lang, "phone") == phone


_FORM_THEN_CHAT = """Formulario web – Clínica Veterinaria Artxanda
Nombre: Iker
Apellidos: Etxeberria Goikoetxea
Teléfono: 944 12 35 67
Localidad: Getxo
¿Acepta recibir comunicaciones comerciales de la clínica?: No
---
Recepción (Ane): Kaixo Iker, te escribimos desde la Clínica Veterinaria Artxanda. Tenemos hueco el lunes.
Iker: Perfecto, mejor llamadme al móvil: 688 30 14 72
Recepción (Ane): Anotado. Nuestro teléfono es el 944 00 11 22."""


def test_a_pasted_form_then_a_chat() -> None:
    data = extract(_FORM_THEN_CHAT, lang="es").to_dict()
    assert (data["name"], data["phone"], data["city"], data["company"]) == (
        "Iker Etxeberria Goikoetxea", "+34688301472", "Getxo", None)  # the clinic is the agent's
    assert data["consent"]["granted"] is False


def test_a_label_used_once_by_someone_addressed_by_name_is_a_speaker() -> None:
    text = ("Dentalia (WhatsApp): Hola Valeria, te escribe Andrea de Dentalia. ¿Te sirve el viernes?\n"
            "Valeria: mejor a las 4:30, mi celular es 315 782 4410\n"
            "Dentalia (WhatsApp): Claro. Cualquier cosa nos llamas al 602 486 1200.")
    assert extract(text, lang="es", region="CO").to_dict()["phone"] == "+573157824410"


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        # the caller who greets and gives their number is not taken for the agent
        ("S1: good afternoon harbour catering this is lena\nS2: hi i'm organizing a company lunch\n"
         "S1: can i get your name\nS2: it's wendy chen\nS1: okay and a phone number\n"
         "S2: six oh four seven seven nine two one three eight", "+16047792138"),
        ("sofi: hola quería saber precios de las clases\npowerfit: Soy Nico de PowerFit. Pasame nombre y un cel\n"
         "sofi: Sofía Benítez, 612 345 678\npowerfit: Listo. Cualquier cosa escribinos al 913 000 000", "+34612345678"),
    ],
)
def test_who_asks_for_the_data_is_the_agent(text: str, phone: str) -> None:
    assert _get(text, "es" if "hola" in text else "en", "phone") == phone


def test_a_child_named_after_the_parent_is_not_the_caller() -> None:
    text = ("Admissions: Good morning, admissions, this is Shalini. May I know your name?\n"
            "Caller: Ananya Krishnan. My son's name is Arjun Krishnan, he is in Grade 2.\n"
            "Admissions: And email ID?\nCaller: Ananya dot K 85 at the rate gmail dot com.")
    data = extract(text, lang="en").to_dict()
    assert (data["name"], data["email"]) == ("Ananya Krishnan", "ananya.k85@gmail.com")


def test_a_customer_label_that_is_a_full_name_names_the_customer() -> None:
    text = ("Jordan Leblanc: hey! do you guys do house calls for cats?\n"
            "Harbourview Animal Hospital: Hi Jordan! We sure do. What's the best number to reach you?\n"
            "Jordan Leblanc: 902 555 0163, thats my cell\n"
            "Harbourview Animal Hospital: Booked! Our clinic line is 902-555-0100.")
    assert _get(text, "en", "name") == "Jordan Leblanc"


def test_a_first_name_corrected_alone_keeps_the_surname() -> None:
    text = ("Speaker 1: Can I grab your name?\nSpeaker 2: Sean Mackenzie.\n"
            "Speaker 2: Sorry, Shawn with a W.\nSpeaker 1: Got it. And a callback number?")
    assert _get(text, "en", "name") == "Shawn Mackenzie"


def test_having_moved_to_a_town_means_living_there() -> None:
    text = "Customer: no we just moved to Perth from Darwin last month"
    assert _get(text, "en", "city") == "Perth"


@pytest.mark.parametrize(
    "value", ["Galway", "México", "RFC GATR780312HN4", "6pm", "Visitor", "P R Y C E", "K"],
)
def test_towns_codes_times_roles_and_spelled_letters_are_no_company(value: str) -> None:
    assert not plausible_company(value)


@pytest.mark.parametrize("value", ["Grupo Valdés SpA", "3M", "Acme", "Tan & Partners LLC"])
def test_ordinary_company_names_stay(value: str) -> None:
    assert plausible_company(value)


@pytest.mark.parametrize(
    ("text", "lang", "interest"),
    [
        ("caller: we're looking at upgrading our irrigation controllers", "en", "upgrading our irrigation controllers"),
        ("Customer: we're after public and product liability cover", "en", "public and product liability cover"),
        ("cliente: ando buscando un departamento de dos recámaras en renta", "es",
         "un departamento de dos recámaras en renta"),
        ("cliente: buenas, es para cotizar una camioneta 4x4 usada", "es", "una camioneta 4x4 usada"),
    ],
)
def test_more_ways_of_saying_what_one_wants(text: str, lang: str, interest: str) -> None:
    assert _get(text, lang, "interest") == interest


@pytest.mark.parametrize(
    ("text", "lang", "city"),
    [
        ("Agente: ¿Viven en Querétaro?\nCliente: Sí, en Querétaro, por Juriquilla", "es", "Querétaro"),
        ("Asesor: Gracias, Karina. ¿Usted es de Arequipa?\nCliente: sí, de acá de Arequipa", "es", "Arequipa"),
        ("Caller: We've just moved up to Leeds from Cardiff.", "en", "Leeds"),
        ("Speaker 2: I'm the owner of Rosebud Bakery over on Alberta Street here in Portland.", "en", "Portland"),
        ("Visitor: We're a 40-clinic chain based out of Hyderabad.", "en", "Hyderabad"),
    ],
)
def test_confirmed_towns_and_towns_after_a_street(text: str, lang: str, city: str) -> None:
    assert _get(text, lang, "city") == city


def test_the_answer_about_someone_elses_name_is_not_the_callers() -> None:
    text = ("Speaker 1: ¿Cómo se llama el alumno?\nSpeaker 2: Mateo Silva Fernández. Termina sexto.\n"
            "Speaker 1: Perfecto. ¿Y usted es?\nSpeaker 2: La mamá, Lucía Fernández.")
    assert _get(text, "es", "name") == "Lucía Fernández"


def test_staff_taking_over_from_a_bot_are_agents() -> None:
    text = ("Bot: Hola, ¿sos empresa o particular?\nVisitante: empresa\n"
            "Martina (Envíos Ya): Hola! Soy Martina. ¿Me pasás tu nombre y un celular?\n"
            "Visitante: Agustina Ledesma, cel 11 5823-4471\nMartina (Envíos Ya): Genial, te escribo.")
    assert _get(text, "es", "name") == "Agustina Ledesma"


@pytest.mark.parametrize(
    ("text", "lang", "name"),
    [
        ("caller: hey marco this is dave uh david okafor vp of sales at lonestar", "en", "David Okafor"),
        ("speaker 1: con quién hablo\nspeaker 2: xavi bueno xavier puig soler soy el encargado", "es",
         "Xavier Puig Soler"),
        ("Kayla: Full name and company?\nRob: Robert Delgado, Delgado & Sons Plumbing.", "en", "Robert Delgado"),
    ],
)
def test_a_name_restarted_in_full_and_the_full_name_question(text: str, lang: str, name: str) -> None:
    assert _get(text, lang, "name") == name


@pytest.mark.parametrize(
    ("text", "lang", "email"),
    [
        ("[Cliente] Juancho punto Restrepo a roba hotmail punto com.", "es", "juancho.restrepo@hotmail.com"),
        ("Caller: Yeah, it's fiona underscore blackwood at sign hotmail dot co dot uk.", "en",
         "fiona_blackwood@hotmail.co.uk"),
    ],
)
def test_misheard_and_spelled_out_at_signs(text: str, lang: str, email: str) -> None:
    assert _get(text, lang, "email") == email


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("Cliente: mi cel es 11 5823-4417, vivo en Buenos Aires", "+5491158234417"),  # a mobile takes the 9
        ("Cliente: el fijo de la oficina es 11 5823-4417, estamos en Buenos Aires", "+541158234417"),
    ],
)
def test_argentine_mobiles_take_their_nine(text: str, phone: str) -> None:
    assert _get(text, "es", "phone") == phone


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("Agent: and the company\nCaller: we're halden and moss solicitors in leeds\nAgent: and email\n"
         "Caller: s dot mccarthy at haldenmoss dot co dot uk", "Halden and Moss Solicitors"),
        ("Agent: Name and business?\nClient: its Destiny Walker, Honeybee Candles, its just me\n"
         "Agent: email?\nClient: hello@honeybeecandles.co", "Honeybee Candles"),
        ("Agent: Who's calling?\nCaller: Tom from the garage\nAgent: email?\nCaller: tom@gmail.com", None),
    ],
)
def test_a_work_address_spells_the_firm(text: str, company) -> None:  # type: ignore[no-untyped-def]
    assert _get(text, "en", "company") == company


def test_a_label_led_by_a_role_word_is_a_speaker() -> None:
    text = ("Email: lerato.dlamini@outlook.com\n"
            "Admissions Office: Dear Ms Dlamini, write to admissions@staidans.co.za with questions.")
    assert _get(text, "en", "email") == "lerato.dlamini@outlook.com"


def test_a_personal_domain_is_not_a_firm() -> None:
    data = extract("I'm Iker Mendi, iker@mendi.eus", lang="en").to_dict()
    assert (data["name"], data["company"]) == ("Iker Mendi", None)


def test_an_unpunctuated_interest_ends_at_a_hesitation_or_a_new_clause() -> None:
    text = "caller: hi i need a quote for a new roof we had uh some hail damage last week"
    assert _get(text, "en", "interest") == "a new roof"  # not "… we had uh some hail damage"


@pytest.mark.parametrize(
    ("text", "lang", "city", "phone"),
    [
        ("Speaker 2: We need temp staff at our Auckland depot. Call me on 09 377 4120.", "en", "Auckland",
         "+6493774120"),
        ("Cliente: somos una empresa de Guayaquil, el celular es 098 745 6123", "es", "Guayaquil", "+593987456123"),
    ],
)
def test_more_large_cities_are_known_anywhere(text: str, lang: str, city: str, phone: str) -> None:
    assert (_get(text, lang, "city"), _get(text, lang, "phone")) == (city, phone)


def test_the_prospects_own_staff_are_someone_else() -> None:
    text = ("Agente: ¿Me da un número?\nXavier Mendoza: 098 745 6123. Pero las compras las ve mi administradora, "
            "Jessica Vera.\nAgente: Muy bien.\nXavier Mendoza: gracias")
    assert _get(text, "es", "name") == "Xavier Mendoza"


def test_a_surname_corrected_alone_keeps_the_first_name() -> None:
    text = ("Agent (Mel): Can I grab your name and email?\nVisitor: Sarah McEwan, sarah.mcewan@xtra.co.nz\n"
            "Visitor: sorry typo!! it's McEwen with an E. sarah.mcewen@xtra.co.nz\nAgent (Mel): No problem")
    assert (_get(text, "en", "name"), _get(text, "en", "email")) == ("Sarah McEwen", "sarah.mcewen@xtra.co.nz")


def test_a_label_with_an_ampersand_is_a_speaker() -> None:
    text = ("Tash (Feast & Co): Hi! I'm Tash. Call us on (02) 9876 5432.\nVisitor: hi, catering for 40 please\n"
            "Tash (Feast & Co): Sure! Your email?\nVisitor: mia@gmail.com")
    assert (_get(text, "en", "name"), _get(text, "en", "company")) == (None, None)


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("agente: con quién hablo\ncliente: jhon fredy muñoz le hablo de lácteos san pedro s a s y necesitamos "
         "estanterías", "Lácteos San Pedro SAS"),
        ("cliente: llamo de talleres urola s l para un compresor", "Talleres Urola S.L."),
    ],
)
def test_letter_by_letter_legal_forms_are_written_as_people_write_them(text: str, company: str) -> None:
    assert _get(text, "es", "company") == company


def test_a_name_stops_before_le_hablo_de() -> None:
    text = "agente: con quién hablo\ncliente: jhon fredy muñoz le hablo de lácteos san pedro s a s"
    assert _get(text, "es", "name") == "Jhon Fredy Muñoz"


def test_an_account_number_is_no_satellite_phone() -> None:
    text = ("Agent: Can you verify the account number?\nCustomer: 8812 0044 7193\n"
            "Agent: Thanks. And the name on the account?\nCustomer: Linda Hoffmann")
    assert _get(text, "en", "phone") is None


def test_a_reference_number_question_asks_for_no_phone() -> None:
    assert "phone" not in asked_fields("me da el numero de pedido")
    assert "phone" in asked_fields("me da un numero de contacto")


@pytest.mark.parametrize(
    ("text", "lang", "phone"),
    [
        ("Agent: Can I confirm the best number is 406-587-2290?\nCustomer: yes thats right", "en", "+14065872290"),
        ("Agent: Can I confirm the best number is 406-587-2290?\nCustomer: no, use 406-555-0199", "en",
         "+14065550199"),
        ("Agente: Nuestro número es el 915 000 000, ¿de acuerdo?\nCliente: sí, gracias", "es", None),
    ],
)
def test_a_read_back_the_prospect_confirms_is_theirs(text: str, lang: str, phone) -> None:  # type: ignore[no-untyped-def]
    assert _get(text, lang, "phone") == phone
