"""The prospect's company: after "trabajo en", "de la empresa", "work for", "from", or ending in a legal form.

A capitalized run ending in "S.L." or "Inc." is a company wherever it stands;
after weak cues ("de", "from") a run is only taken when it looks like one.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from nlp.candidates import Block, Candidate
from nlp.cues import AGENT_LABELS, BUSINESS_NOUNS, COMPANY_CUES, PROSPECT_LABELS
from nlp.job_titles import DEPARTMENTS
from nlp.lang import cue, phrases, words
from nlp.lexicon import (
    CITIES,
    COMPANY_WORDS,
    COUNTRIES,
    CUED_CITIES,
    FILLERS,
    FIRST_NAMES,
    JOB_TITLE_HEADS,
    LEGAL_FORMS,
    NON_NAME_WORDS,
    SPOKEN_LEGAL_FORMS,
    STOP_WORDS,
    spoken_legal_form_at,
)
from nlp.tokens import Token, fold, is_lowercase_text

MAX_COMPANY_WORDS = 6
_WEAK_CUES = frozenset(phrases("WEAK_COMPANY_CUES"))
_INDEFINITE = words("INDEFINITE_ARTICLES")
_ARTICLES = words("COMPANY_ARTICLES")
_CONNECTORS = words("COMPANY_CONNECTORS") | {"&", "-", "+"}
_GENERIC_NOUNS = words("GENERIC_COMPANY_NOUNS")
# "looking at fleet insurance", "good at sales": "at" after these words introduces no workplace.
_NOT_A_WORKPLACE_BEFORE_AT = words("NOT_A_WORKPLACE_BEFORE_AT")

_AGENT_COMPANY_CUES = cue("agent_company")


def find_companies(block: Block) -> list[Candidate]:
    tokens = block.words.tokens
    lowercase = is_lowercase_text(block.turn.text)
    found = []
    for first, after in block.words.cue_ends(COMPANY_CUES):
        cue = " ".join(token.folded for token in tokens[first:after])
        span = company_span(tokens, after, lowercase)
        if not span:
            continue
        if tokens[after].folded in _INDEFINITE if after < len(tokens) else False:
            continue
        weak = cue in _WEAK_CUES
        if cue == "at" and first > 0 and tokens[first - 1].folded in _NOT_A_WORKPLACE_BEFORE_AT:
            continue
        after_title = first > 0 and tokens[first - 1].folded in JOB_TITLE_HEADS | DEPARTMENTS
        if weak and not after_title and not _looks_like_company(tokens, span, lowercase, "company" in block.asked):
            continue
        if tokens[span[0]].folded in DEPARTMENTS:
            span = _past_department(tokens, span)  # "la gerente de compras", "gerente de finanzas de Grupo Valdés"
            if span is None:
                continue
        # "purchasing lead at Lotus Trading": a weak cue right after a job title introduces the employer
        found.append(_candidate(tokens, span, lowercase, 0.55 if weak else 0.8))
    found += _legal_form_companies(tokens, lowercase)
    found += _named_businesses(tokens, lowercase)
    found += _capitalized_businesses(tokens, lowercase)
    if not found and "company" in block.asked:
        span = company_span(tokens, _answer_start(tokens), lowercase, answer=True)
        if span and span[0] <= 3:
            found.append(_candidate(tokens, span, lowercase, 0.65))
    return _without_nested(found)


_CODE = re.compile(r"(?=(?:.*\d){3})(?=(?:.*[^\W\d]){3})")  # "GATR780312HN4": a tax id or a reference
_TIME = re.compile(r"^\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.|h|hs|hrs)?$")


def plausible_company(value: str) -> bool:
    """Whatever found it, a company is not a bare town, region or country ("trabajo en Majes"), a code
    ("RFC GATR780312HN4"), a time ("6pm"), a chat role ("Visitor") or letters spelled one by one."""
    words = [fold(word).strip(".,") for word in value.split()]
    joined = " ".join(words)
    if not joined or joined in CUED_CITIES or joined in COUNTRIES or len(joined.replace(" ", "")) < 2:
        return False
    if joined in AGENT_LABELS or joined in PROSPECT_LABELS or _TIME.match(joined):
        return False
    if len(words) > 1 and all(len(word) == 1 for word in words):
        return False
    return not any(_CODE.match(word) for word in words)


_DEPARTMENT_OF = words("DEPARTMENT_OF")  # "finanzas de Grupo Valdés", "head of sales at Acme"


def _past_department(tokens: list[Token], span: tuple[int, int]) -> tuple[int, int] | None:
    """The firm after a title's department ("finanzas de Grupo Valdés SpA"); None when there is only the department."""
    position = span[0]
    while position <= span[1] and tokens[position].folded in DEPARTMENTS:
        position += 1
    if position < span[1] and tokens[position].folded in _DEPARTMENT_OF:
        return position + 1, span[1]
    return None


def _without_nested(found: list[Candidate]) -> list[Candidate]:
    """A cue inside a company's own name ("… ese a de ce ve") does not start a second company."""
    return [c for c in found if not any(o is not c and o.start <= c.start and c.end <= o.end and
                                        (o.start, o.end) != (c.start, c.end) and o.confidence >= c.confidence
                                        for o in found)]


def agent_companies(block: Block) -> set[str]:
    """Companies an agent speaks for ("Gracias por llamar a X"): never the prospect's."""
    tokens = block.words.tokens
    lowercase = is_lowercase_text(block.turn.text)
    names = set()
    for _, after in block.words.cue_ends(_AGENT_COMPANY_CUES):
        span = company_span(tokens, after, lowercase)
        if span:
            names.add(company_key(" ".join(t.text for t in tokens[span[0] : span[1] + 1])))
    if block.turn.speaker:  # "Dentalia (WhatsApp):", "Kevin (Slotwise):" name the firm in the label
        names |= {company_key(part) for part in re.split(r"[()]", block.turn.speaker) if len(part.strip()) > 3}
    return names


def company_key(value: str) -> str:
    """Comparable form: folded, without punctuation or legal form."""
    words = [word for word in re.sub(r"[^\w\s]", " ", value.lower()).split() if word not in LEGAL_FORMS]
    return " ".join(words)


def _answer_start(tokens: list[Token]) -> int:
    index = 0
    while index < len(tokens) and (tokens[index].folded in NON_NAME_WORDS or not tokens[index].is_word):
        index += 1
    return index


def _is_company_word(token: Token, lowercase: bool) -> bool:
    if not token.is_word:
        return False
    if token.folded in NON_NAME_WORDS - COMPANY_WORDS or not any(char.isalpha() for char in token.text):
        return False
    return lowercase or token.is_capitalized or token.text[:1].isdigit()


def company_span(tokens: list[Token], index: int, lowercase: bool, answer: bool = False) -> tuple[int, int] | None:
    """Token indices [first, last] of the company name at ``index``, or None.

    In the answer to "what's the name of the business?" a lower-case "and"/"y"
    joins words ("stone and daughters bakery"); elsewhere only before a company word.
    """
    while index < len(tokens) and (tokens[index].folded in _ARTICLES or tokens[index].folded in _GENERIC_NOUNS):
        index += 1
    if index >= len(tokens) or not _is_company_word(tokens[index], lowercase):
        return None
    if lowercase and tokens[index].folded in BUSINESS_NOUNS:
        return _business_led_span(tokens, index)
    last, position = index, index + 1
    while position < len(tokens) and position - index < MAX_COMPANY_WORDS:
        token = tokens[position]
        if token.folded in LEGAL_FORMS or token.folded.rstrip(".") in LEGAL_FORMS:
            return index, position
        spelled = _spelled_legal_form(tokens, position)
        if spelled:
            return index, spelled
        if not lowercase and token.is_capitalized and token.is_word:
            last, position = position, position + 1
            continue
        if _is_company_word(token, lowercase) and not (lowercase and _ends_a_lowercase_name(token)):
            last, position = position, position + 1
            continue
        following = tokens[position + 1] if position + 1 < len(tokens) else None
        joins = following is not None and (not lowercase or answer or following.folded in COMPANY_WORDS)
        if token.folded in _CONNECTORS and joins and _is_company_word(following, lowercase):
            position += 1
            continue
        break
    return index, last


# Inside a name that starts with what the business is, articles and a few adjectives belong to it:
# "pollería el buen sabor", "hotel campestre los guaduales", "clínica santa fe del bajío".
_INSIDE_A_BUSINESS_NAME = _ARTICLES | _CONNECTORS | words("BUSINESS_NAME_WORDS")


_CLAUSE_WORDS = STOP_WORDS | words("PLACE_ADVERBS")
_VERB_ENDINGS_ENDING_A_NAME = tuple(sorted(words("VERB_ENDINGS_ENDING_A_NAME")))  # "queríamos"


def _ends_a_lowercase_name(token: Token) -> bool:
    """A stop word, "acá"/"here", or a first-person-plural Spanish verb ("queríamos") ends a lower-case name."""
    word = token.folded
    return word in _CLAUSE_WORDS or (len(word) >= 7 and word.endswith(_VERB_ENDINGS_ENDING_A_NAME))


def _business_led_span(tokens: list[Token], index: int) -> tuple[int, int] | None:
    """A lower-case name led by a kind of business, up to the first word that starts the sentence's next part.

    "llamo del hotel campestre los guaduales pues…" gives "hotel campestre los guaduales"; a bare
    "una pollería y…" gives nothing, because a kind of business alone is not a name.
    """
    last, position = None, index + 1
    while position < len(tokens) and position - index <= MAX_COMPANY_WORDS:
        token = tokens[position]
        spelled = _spelled_legal_form(tokens, position)
        if spelled is not None and last is not None:
            return index, spelled
        if not token.is_word or token.folded in FILLERS or (
            _ends_a_lowercase_name(token) and token.folded not in _INSIDE_A_BUSINESS_NAME
        ):
            break
        if token.folded not in _INSIDE_A_BUSINESS_NAME:
            last = position
        position += 1
    return (index, last) if last is not None else None


_ONE_LETTER_WORDS = words("ONE_LETTER_WORDS")  # "… s a s y necesitamos": "y" is a word, not a further letter


def _spelled_legal_form(tokens: list[Token], index: int) -> int | None:
    """ASR writes "S.L." as "s l" or, said the Spanish way, "ese ele": the index of its last letter, or None.

    A single letter right after a letter-by-letter form means the spelling goes on: it is not this form.
    """
    form = spoken_legal_form_at([token.folded for token in tokens[index : index + 5]], 0)
    if not form:
        return None
    after = index + len(form)
    following = tokens[after].folded if after < len(tokens) else ""
    if len(following) == 1 and following not in _ONE_LETTER_WORDS and len(form[-1]) == 1:
        return None
    return after - 1


def _looks_like_company(tokens: list[Token], span: tuple[int, int], lowercase: bool, asked: bool) -> bool:
    words = tokens[span[0] : span[1] + 1]
    folded = [token.folded for token in words]
    if any(word in LEGAL_FORMS or word in COMPANY_WORDS for word in folded) or _spelled_legal_form(
        words, len(words) - 2
    ):
        return True
    if _possessive_business(words):
        return True
    if lowercase and not asked:
        return False
    return plausible_company(" ".join(folded)) and not (len(words) == 1 and folded[0] in FIRST_NAMES)


# What people say they run before naming it: "a small cafe called The Daily Grind".
_NAMED_AFTER = COMPANY_WORDS | BUSINESS_NOUNS  # "a bakery called X", "Acme Solutions, X"
_NAMING_CUES = frozenset(phrases("NAMING_CUES"))
_NAMING_WINDOW = 4


def _named_businesses(tokens: list[Token], lowercase: bool) -> list[Candidate]:
    """ "I run a small cafe called the daily grind", "we're a restaurant in Miami, Trattoria Rossi".

    The name after "called"/"llamado", or set off by a comma, counts only when a business noun
    comes just before it.
    """
    found = []
    for index, token in enumerate(tokens):
        after = None
        if token.folded in _NAMING_CUES:
            after = index + 1
        elif token.folded == "se" and tokens[index + 1 : index + 2] and tokens[index + 1].folded == "llama":
            after = index + 2
        elif token.text == "," and not lowercase:
            after = index + 1
        if after is None or after >= len(tokens):
            continue
        before = [t.folded for t in tokens[max(0, index - _NAMING_WINDOW) : index]]
        if not any(word in _NAMED_AFTER for word in before):
            continue
        if token.text == "," and not tokens[after].is_capitalized:
            continue
        # after "called"/"se llama" the name is spelled out as in an answer: "sugar and salt" keeps its "and"
        span = company_span(tokens, after, lowercase, answer=token.text != ",")
        if not span:
            continue
        words = " ".join(t.folded for t in tokens[span[0] : span[1] + 1])
        if words in CITIES or words in COUNTRIES or (tokens[span[0]].folded in FIRST_NAMES and span[0] == span[1]):
            continue
        if token.text == "," and (span[1] + 1 < len(tokens) and tokens[span[1] + 1].is_word):
            continue  # an apposition ends its clause: "..., Trattoria Rossi." not "..., Maria said"
        found.append(_candidate(tokens, span, lowercase, NAMED_BUSINESS_CONFIDENCE if token.text != "," else 0.75))
    return found


NAMED_BUSINESS_CONFIDENCE = 0.8  # "a bakery called Sugar and Salt": named outright, as a cue introduces a value


def _capitalized_businesses(tokens: list[Token], lowercase: bool) -> list[Candidate]:
    """ "tengo la Pastelería Dulce Antojo en La Serena": a capitalized kind of business leading a capitalized name."""
    if lowercase:
        return []
    found = []
    for index, token in enumerate(tokens[:-1]):
        following = tokens[index + 1]
        if not (token.is_capitalized and token.folded in BUSINESS_NOUNS and following.is_capitalized):
            continue
        if index > 0 and tokens[index - 1].is_capitalized and tokens[index - 1].is_word:
            continue  # inside a longer name, which its own cue finds
        span = company_span(tokens, index, lowercase)
        if span and span[1] > index:
            found.append(_candidate(tokens, span, lowercase, 0.7))
    return found


def _possessive_business(words: list[Token]) -> bool:
    """ "jake's auto body", "Murphy's Garage": an owner's name in the possessive, then what they run."""
    first = words[0].text.replace("’", "'")
    return len(words) >= 2 and first.lower().endswith("'s") and len(first) > 3


_LEGAL_FORMS_ALSO_WORDS = words("LEGAL_FORMS_ALSO_WORDS")  # "sa", "co": taken only when capitalized


def _legal_form_companies(tokens: list[Token], lowercase: bool) -> list[Candidate]:
    found = []
    for index, token in enumerate(tokens):
        if token.folded not in LEGAL_FORMS or index == 0 or len(token.folded) < 2:
            continue
        if token.folded in _LEGAL_FORMS_ALSO_WORDS and not token.text[:1].isupper():
            continue
        first = index
        while first > 0 and index - first < MAX_COMPANY_WORDS - 1 and tokens[first].folded not in BUSINESS_NOUNS:
            previous = tokens[first - 1]
            if (_is_company_word(previous, lowercase) and previous.folded not in STOP_WORDS | {"trabajo", "work"}) or (
                previous.folded in _CONNECTORS | _ARTICLES  # "constructora los andes limitada"
                and first > 1
                and _is_company_word(tokens[first - 2], lowercase)
                and tokens[first - 2].folded not in FIRST_NAMES
                and not (previous.folded in {"de", "del"} and tokens[first].folded in COMPANY_WORDS)
                and tokens[first - 2].folded not in DEPARTMENTS  # "gerente de finanzas de Grupo Valdés SpA"
            ):
                first -= 1
            else:
                break
        if first < index and tokens[first].folded not in _CONNECTORS:
            found.append(_candidate(tokens, (first, index), lowercase, 0.9))
    return found


def _candidate(tokens: list[Token], span: tuple[int, int], lowercase: bool, confidence: float) -> Candidate:
    words = tokens[span[0] : span[1] + 1]
    shown = [_display(token, lowercase) for token in words]
    for form, written in SPOKEN_LEGAL_FORMS.items():  # "… ese a de ce ve" is shown as "S.A. de C.V."
        if len(words) > len(form) and tuple(token.folded for token in words[-len(form) :]) == form:
            shown = [*shown[: -len(form)], written]
            break
    return Candidate("company", " ".join(shown), words[0].start, words[-1].end, confidence)


def _display(token: Token, lowercase: bool) -> str:
    if not lowercase:
        return token.text
    if token.folded in LEGAL_FORMS and len(token.folded.rstrip(".")) <= 4:  # "SL", "LLC"; but "Limitada"
        return token.text.upper()
    return token.text if token.folded in _CONNECTORS else token.text[:1].upper() + token.text[1:]


# A firm's e-mail domain spells its name: "rob@delgadosons.com" is Delgado & Sons Plumbing.
_DOMAIN_FILLER = words("DOMAIN_FILLER") | {"&"} | LEGAL_FORMS
_TRADE_WORDS = COMPANY_WORDS | BUSINESS_NOUNS | LEGAL_FORMS | words("TRADE_WORDS")
_DOMAIN_MATCH = 90  # rapidfuzz ratio between a name's letters and the domain's
_DOMAIN_BOOST = 0.2
_DOMAIN_SPAN_CONFIDENCE = 0.7


def domain_label(email: str, free_mail: frozenset[str]) -> str | None:
    """The firm part of an address ("delgadosons" in rob@delgadosons.com); None for free mail."""
    label = email.rsplit("@", 1)[-1].split(".")[0].lower()
    return None if label in free_mail or len(label) < 4 else label


def with_domain_companies(candidates: list[Candidate], blocks: list[Block], label: str) -> list[Candidate]:
    """Company candidates that spell the e-mail's domain gain confidence; if none does, the words that spell it
    in the prospect's turns become one ("halden and moss solicitors" for s.mccarthy@haldenmoss.co.uk)."""
    if any(c.field == "name" and _personal(label, c.value) for c in candidates):
        return candidates  # iker@mendi.eus is Iker Mendi's own domain, not a firm
    boosted, best_match = [], 0.0
    for candidate in candidates:
        if candidate.field == "company" and _spells(candidate.value, label):
            candidate = Candidate("company", candidate.value, candidate.start, candidate.end,
                                  min(candidate.confidence + _DOMAIN_BOOST, 1.0), candidate.speaker)
            best_match = max(best_match, candidate.confidence)
        boosted.append(candidate)
    if any(c.field == "company" and label in _letters(c.value) for c in boosted):
        return boosted  # a candidate already holds the whole domain, and maybe more ("… S.L.")
    addresses = [(c.start, c.end) for c in candidates if c.field == "email"]
    spelled = [found for block in blocks for found in _spelled_in(block, label, addresses)][:1]
    # the words that spell the whole domain beat a part of them ("halden" for haldenmoss)
    return boosted + [Candidate("company", c.value, c.start, c.end, max(c.confidence, best_match + 0.01), c.speaker)
                      for c in spelled]


def _personal(label: str, name: str) -> bool:
    """A domain made of the person's own names and initials ("mendi", "ikermendi", "jsmith"); "delgadosons"
    is a family firm."""
    rest = label
    for word in sorted(fold(name).split(), key=len, reverse=True):
        rest = rest.replace(word, "") if len(word) > 2 else rest
    return len(rest) < len(label) and len(rest) <= 2


def _letters(value: str) -> str:
    return "".join(word for word in re.sub(r"[^\w\s&]", " ", fold(value)).split() if word not in _DOMAIN_FILLER)


def _spells(value: str, label: str) -> bool:
    letters = _letters(value)
    return len(letters) >= 4 and (letters in label or label in letters or fuzz.ratio(letters, label) >= _DOMAIN_MATCH)


def _spelled_in(block: Block, label: str, addresses: list[tuple[int, int]]) -> list[Candidate]:
    """The first run of words spelling ``label``, outside the e-mail addresses themselves."""
    tokens = block.words.tokens
    lowercase = is_lowercase_text(block.turn.text)
    for start in range(len(tokens)):
        if not tokens[start].is_word or tokens[start].folded in _DOMAIN_FILLER:
            continue
        if any(first <= tokens[start].start < last for first, last in addresses):
            continue
        for end in range(start, min(start + MAX_COMPANY_WORDS, len(tokens))):
            letters = _letters(" ".join(t.text for t in tokens[start : end + 1]))
            if not label.startswith(letters):
                break
            if len(letters) >= len(label) - 2 and fuzz.ratio(letters, label) >= _DOMAIN_MATCH:
                candidate = _candidate(tokens, _with_trade_words(tokens, start, end), lowercase,
                                       _DOMAIN_SPAN_CONFIDENCE)
                return [candidate] if plausible_company(candidate.value) else []
    return []


def _with_trade_words(tokens: list[Token], first: int, last: int) -> tuple[int, int]:
    """ "halden and moss" + "solicitors", "Grupo" + "Textil Angelópolis", "Estudio Benítez" + "& Asociados"."""
    while first > 0 and tokens[first - 1].folded in _TRADE_WORDS:
        first -= 1
    while last + 1 < len(tokens):
        following = tokens[last + 1].folded
        bare = following.rstrip(".")
        if following in _TRADE_WORDS or bare in LEGAL_FORMS or f"{bare}." in LEGAL_FORMS:
            last += 1
        elif following in _CONNECTORS and last + 2 < len(tokens) and tokens[last + 2].folded in _TRADE_WORDS:
            last += 2
        else:
            break
    return first, last
