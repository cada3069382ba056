"""Word lists that validate candidates: what can (not) be a name, a title, a city, a legal form.

They check shape and plausibility of values found after cue phrases; they are
not the source of values. The words live in the language tables (``nlp/lang``),
folded (lower case, no accents); each list here is the union of every language's.
"""

from __future__ import annotations

from pathlib import Path

from nlp import lang
from nlp.tokens import fold

FILLERS = lang.words("FILLERS")
HESITATIONS = lang.words("HESITATIONS")
YES_WORDS = lang.words("YES_WORDS")
NO_WORDS = lang.words("NO_WORDS")

NAME_PARTICLES = lang.words("NAME_PARTICLES")

STOP_WORDS = lang.words("STOP_WORDS")
NON_NAME_WORDS = STOP_WORDS | FILLERS | lang.words("NON_NAMES")

FIRST_NAMES = lang.words("FIRST_NAMES")

JOB_TITLE_HEADS = lang.words("JOB_TITLE_HEADS")

LEGAL_FORMS = lang.words("LEGAL_FORMS")
# Legal forms spelled out, and how they are written: "ese a de ce ve" is "S.A. de C.V.", "s a s" is "SAS".
SPOKEN_LEGAL_FORMS = {tuple(spoken.split()): written for spoken, written in lang.mapping("SPOKEN_LEGAL_FORMS").items()}


_SPOKEN_LEGAL_FORMS_LONGEST_FIRST = sorted(SPOKEN_LEGAL_FORMS, key=len, reverse=True)


def spoken_legal_form_at(words: list[str], index: int) -> tuple[str, ...] | None:
    """The longest spelled legal form starting at ``words[index]`` (folded words), or None."""
    for form in _SPOKEN_LEGAL_FORMS_LONGEST_FIRST:
        if tuple(words[index : index + len(form)]) == form:
            return form
    return None


COMPANY_WORDS = lang.words("COMPANY_WORDS")

CITIES = frozenset(lang.phrases("CITIES"))
# Towns of 15,000+ people in Spanish- and English-speaking countries, with their country (GeoNames,
# scripts/build_city_list.py): trusted only after a strong cue or when the city was asked, since many are
# also words or surnames. The country says which national format a local phone number is in.
CITY_COUNTRIES = {
    fold(name): country
    for name, _, country in (
        line.partition("\t")
        for line in (Path(__file__).parent / "data" / "cities.txt").read_text(encoding="utf-8").splitlines()
        if line.strip()
    )
}
CUED_CITIES = CITIES | frozenset(CITY_COUNTRIES)
MAX_CITY_WORDS = max(len(city.split()) for city in CUED_CITIES)
CITY_FIRST_WORDS = frozenset(city.split()[0] for city in CUED_CITIES)

# Countries and regions: a place, but never the answer "which city?". "Galway, Ireland" is Galway.
COUNTRIES = frozenset(lang.phrases("COUNTRIES"))
