"""Every cue phrase, compiled from the language tables (``nlp/lang``), matched against folded text.

Cues are the generalizable part of the engine: the way people say who they are, where
they work, or that they agree to be contacted, regardless of the exact wording of any one
script. The phrases themselves live in ``nlp/lang/<code>/tables.py``; each kind here is
the union of every language's phrases, so a Spanish text with an English cue still matches.
"""

from __future__ import annotations

from nlp.lang import LANGUAGES, cue, words

AGENT_LABELS = words("AGENT_LABELS")
PROSPECT_LABELS = words("PROSPECT_LABELS")
FIELD_LABELS = words("FIELD_LABELS")

CONSENT_QUESTION = cue("consent_question")
# Questions that name a marketing list or channel instead of the act of contacting.
# Only read as consent questions in an agent's turn (a prospect may mention a newsletter).
MARKETING_QUESTION = cue("marketing_question")
AGENT_BEHAVIOUR = [CONSENT_QUESTION, cue("agent_greeting")]

# Kinds of business: "¿Y el nombre de la clínica?" and "a bakery called …" name the prospect's company.
BUSINESS_NOUNS = words("BUSINESS_NOUNS")

_FIELD_QUESTIONS = {field: cue(field, "QUESTIONS") for field in LANGUAGES.kinds("QUESTIONS")}
# "¿su pollería cómo se llama?" asks for the business's name, not the person's.
_BUSINESS_NAME_QUESTION = cue("business_name_question")
# "¿Cómo se llama el alumno?", "what's your son's name?": the answer names someone else.
_SOMEONE_ELSES_NAME_QUESTION = cue("someone_elses_name_question")


def asked_fields(folded: str) -> frozenset[str]:
    """Fields an agent's turn asks for: they tell how to read the prospect's next answer.

    "someone_else" marks a question about another person's name, whose answer is not the prospect's.
    """
    if _SOMEONE_ELSES_NAME_QUESTION.search(folded):
        folded = _SOMEONE_ELSES_NAME_QUESTION.sub(" ", folded)
        return frozenset({"someone_else"}) | asked_fields(folded) - {"name"}
    folded = _BUSINESS_NAME_QUESTION.sub(" nombre del negocio ", folded)
    return frozenset(field for field, pattern in _FIELD_QUESTIONS.items() if pattern.search(folded))


ASKS_PROSPECT = cue("asks_prospect")

# Cue phrases that introduce the prospect's own value. Strong cues need no other evidence.
NAME_STRONG = cue("name_strong")
SURNAME_FIELD = cue("surname_field")
NAME_WEAK = cue("name_weak")
# "es Juan Pérez" is a name, "es Windows" is not: these cues need a known first name.
NAME_BARE = cue("name_bare")
COMPANY_CUES = cue("company")
CITY_CUES = cue("city")
# Cities in a move or a trip ("me mudo de Sevilla a Madrid", "a trip to Cancun") are not where the
# prospect is: the place left, the destination, or both.
TRAVEL_CUES = cue("travel")
JOB_CUES = cue("job")
INTEREST_CUES = cue("interest")
# Leaving rather than buying: "quiero darme de baja", "I want to unsubscribe" is no interest.
OPT_OUT = cue("opt_out")
# After-sales matters: a call about them is customer service, not a sales interest.
SERVICE_MATTER_CUES = cue("service_matter")
CORRECTION_CUES = cue("correction")
# Someone else the prospect names: "my boss Morag Kerr makes the call", "Learner name: Kabelo".
THIRD_PARTY_WORDS = words("THIRD_PARTY_WORDS")
# The agent's or the company's own contact points: never the prospect's.
AGENT_OWN_CUES = cue("agent_own")
# Numbers introduced by these are identifiers, amounts or dates, not phones.
NUMBER_NEGATIVE_CUES = cue("number_negative")
EMAIL_CUES = cue("email")
PHONE_CUES = cue("phone")
POSTCODE_CUES = cue("postcode")
