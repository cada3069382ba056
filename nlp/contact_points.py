"""E-mail addresses and phone numbers in a block, written or spoken.

Whatever is found goes through ``nlp.contact`` — the same validation intake
uses — so an extracted value is always one intake would accept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

from nlp.candidates import Block, Candidate
from nlp.contact import InvalidContact, normalize_email, normalize_phone
from nlp.cues import AGENT_OWN_CUES, CITY_CUES, CORRECTION_CUES, EMAIL_CUES, NUMBER_NEGATIVE_CUES, PHONE_CUES
from nlp.lang import SUPPORTED_LANGUAGES, alternation, any_word, cue, mapping, tables_of, words
from nlp.lexicon import CITIES, CITY_COUNTRIES, CITY_FIRST_WORDS, MAX_CITY_WORDS
from nlp.spoken import LETTER_NAMES, DigitRun, dictated_emails, digit_runs
from nlp.tokens import Token, fold

_WRITTEN_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_DEFAULT_REGIONS = {code: tuple(tables_of(code)["USUAL_REGIONS"]) for code in SUPPORTED_LANGUAGES}
_CURRENCY_AFTER = re.compile(rf"^\s*(?:€|\$|£|eur|usd|%|{alternation('currency')})", re.IGNORECASE)
MIN_PHONE_DIGITS = 7


def regions_for(language: str, region: str | None, hinted: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Where to read a local number, in order: the conversation's own hints, the deployment's region, then
    the language's usual countries. The region configured for a company in Spain is a guess about every
    caller; "soy de Arequipa" is about this one."""
    own = (region.upper(),) if region else ()
    return tuple(dict.fromkeys((*hinted, *own, *_DEFAULT_REGIONS.get(language, ("US",)))))


@dataclass(frozen=True)
class PhoneRegions:
    """The regions a local number is read in, in order, and the language's home country.

    A number shaped like a home-country number ("(987) 565-7785" in English) stays there, unverified, even
    when its area code is unassigned: it is never re-read as the language's *second* country's number (+44…)
    just because that one would validate. Hints and the deployment's region still come first.
    """

    order: tuple[str, ...]
    home: str
    borrowed: frozenset[str]  # the language's other usual countries, neither hinted nor configured

    @classmethod
    def of(cls, language: str, region: str | None, hinted: tuple[str, ...] = ()) -> PhoneRegions:
        defaults = _DEFAULT_REGIONS.get(language, ("US",))
        chosen = {*hinted, *((region.upper(),) if region else ())}
        return cls(regions_for(language, region, hinted), defaults[0],
                   frozenset(code for code in defaults[1:] if code not in chosen))

    def keeps_home(self, region: str, digits: str) -> bool:
        """A number valid in a borrowed region that has the home country's shape belongs to the home country."""
        return region in self.borrowed and _national_shape(digits, self.home)

    def shaped(self, digits: str) -> str | None:
        """The first hinted, configured or home region whose national shape the number has."""
        return next((region for region in self.order if region not in self.borrowed
                     and _national_shape(digits, region)), None)


# Country-code domains that tell where a conversation happens ("@agropampa.com.ar", "dot com dot au").
# ".co" alone is a start-up domain in English, so Colombia needs ".com.co" or Spanish text.
_DOMAIN_REGIONS = {
    "ar": "AR", "mx": "MX", "cl": "CL", "pe": "PE", "es": "ES", "ec": "EC", "uy": "UY", "ve": "VE", "bo": "BO",
    "py": "PY", "cr": "CR", "gt": "GT", "pa": "PA", "uk": "GB", "ie": "IE", "au": "AU", "nz": "NZ", "in": "IN",
    "ca": "CA", "za": "ZA", "co": "CO",
}
_WRITTEN_DOMAIN_END = re.compile(r"@[\w-]+(?:\.[\w-]+)*\.([a-z]{2})(?![\w.])", re.IGNORECASE)
_SPOKEN_DOMAIN_END = re.compile(
    rf"(?<!\w){any_word('EMAIL_AT')} [\w ]{{1,60}}?{any_word('SPOKEN_DOT')} ([a-z]{{2}})(?!\w)",
    re.IGNORECASE,
)
_SPELLED_DOMAIN_END = cue("spelled_domain_end")  # "arroba … punto ce ele": the two letters
_COUNTRY_REGIONS = mapping("COUNTRY_REGIONS")
# Towns count as a hint after a residence cue ("somos de trujillo", "based in Pune", "acá en arequipa"), large
# cities also when written with their capital ("our Auckland depot"): a town named in passing in lower-case
# chat ("singapore to delhi", "carla houston") says nothing about where the person's phone is.
_MAX_HINTS = 2  # the matcher runs once per region; the first hints are the telling ones
_RESIDENCE_WINDOW = 4  # words before a town searched for the cue
_COUNTRY_NAME = re.compile(r"(?<!\w)(" + "|".join(sorted(_COUNTRY_REGIONS, key=len, reverse=True)) + r")(?!\w)")


def context_regions(text: str, language: str) -> tuple[str, ...]:
    """Countries the conversation itself points at: e-mail domains, then country names, then towns.

    "mi cel es 11 5823-4417 … getcheverry arroba agropampa punto com punto ar" is an Argentine number,
    though Spanish alone would suggest Spain or Mexico.
    """
    folded = fold(text)
    codes = [match.group(1).lower() for match in _WRITTEN_DOMAIN_END.finditer(text)]
    codes += [match.group(1).lower() for match in _SPOKEN_DOMAIN_END.finditer(folded)]
    codes += ["".join(LETTER_NAMES.get(letter, "?") for letter in match.groups())
              for match in _SPELLED_DOMAIN_END.finditer(folded)]
    regions = [_DOMAIN_REGIONS[code] for code in codes
               if code in _DOMAIN_REGIONS and (code != "co" or language == "es")]
    regions += [_COUNTRY_REGIONS[match.group(1)] for match in _COUNTRY_NAME.finditer(folded)]
    regions += _town_regions(_PLACE_WORD.findall(text))
    return tuple(dict.fromkeys(regions))[:_MAX_HINTS]


_PLACE_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def _town_regions(written: list[str]) -> list[str]:
    """Countries of the towns the text names: "acá en arequipa" points at Peru, "our Auckland depot" at New
    Zealand (a large city written with its capital), "singapore to delhi" at nothing."""
    words = [fold(word) for word in written]
    found = []
    for index in range(len(words)):
        if words[index] not in CITY_FIRST_WORDS:
            continue
        for width in range(MAX_CITY_WORDS, 0, -1):
            name = " ".join(words[index : index + width])
            country = CITY_COUNTRIES.get(name)
            named = name in CITIES and written[index][:1].isupper()
            if country and (named or _after_a_residence_cue(words[max(0, index - _RESIDENCE_WINDOW) : index])):
                found.append(country)
                break
    return found


def _after_a_residence_cue(before: list[str]) -> bool:
    window = " ".join(before)
    return any(match.end() == len(window) for match in CITY_CUES.finditer(window))


def find_emails(block: Block) -> list[Candidate]:
    """Written addresses first; dictated ones ("arroba", "at ... dot") where the context is about e-mail."""
    candidates = []
    for token in block.words.tokens:
        if "@" in token.text and _WRITTEN_EMAIL.fullmatch(token.text.strip(".'")):
            candidates += _email_candidate(block, token.text.strip(".'"), token.start, token.end, 0.95)
    email_context = "email" in block.asked or bool(EMAIL_CUES.search(block.words.folded))
    for dictated in dictated_emails(block.words.tokens, allow_spoken_at=email_context):
        if not any(c.start <= dictated.start < c.end for c in candidates):
            candidates += _email_candidate(block, dictated.address, dictated.start, dictated.end, 0.88)
    return candidates


def _email_candidate(block: Block, raw: str, start: int, end: int, confidence: float) -> list[Candidate]:
    try:
        address = normalize_email(raw)
    except InvalidContact:
        return []
    if _belongs_to_agent(block, start):
        return []
    return [Candidate("email", address, start, end, confidence + _answer_bonus(block, "email")
                      + _correction_bonus(block, start))]


def find_phones(block: Block) -> list[Candidate]:
    """Numbers phonenumbers recognizes as written, plus spoken digit runs; never IDs, dates or amounts."""
    regions = PhoneRegions.of(block.language, block.region, block.hinted_regions)
    candidates = _written_phones(block, regions)
    previous: DigitRun | None = None
    for run in digit_runs(block.words.tokens):
        if any(c.start <= run.start < c.end for c in candidates):
            continue
        if len(run.digits) < MIN_PHONE_DIGITS:
            run = _corrected_tail(block, previous, run)
            if run is None:
                continue
        previous = run
        reading = read_number(run, regions)
        if reading and _plausible_phone(block, run.start, run.end, spoken=run.spoken):
            if reading.unplaced and looks_like_a_date(run.digits):
                continue
            doubt = reading.doubt + (UNCUED_DOUBT if reading.unplaced and not _given_as_a_phone(block, run) else 0.0)
            confidence = (0.85 if run.spoken else 0.8) + _answer_bonus(block, "phone") - doubt
            confidence += _correction_bonus(block, run.start)
            confidence -= _alternative_penalty(block, run.start)
            number = _as_argentine_mobile(block, run.start, reading.number)
            start = _with_open_bracket(block.words.tokens, run)
            candidates.append(Candidate("phone", number, start, run.end, confidence, verified=reading.verified))
    return candidates


def _with_open_bracket(tokens: list[Token], run: DigitRun) -> int:
    """Where "(751) 421-8694" starts: the area code's bracket belongs to the number a reviewer is shown."""
    inside = [token.text for token in tokens if run.start <= token.start < run.end]
    before = [token for token in tokens if token.end == run.start and token.text == "("]
    return before[0].start if before and ")" in inside else run.start


_MOBILE_WORDS = cue("mobile")
_MOBILE_WINDOW = 8


def _as_argentine_mobile(block: Block, start: int, number: str) -> str:
    """An Argentine mobile dialled from abroad takes a 9 after +54; people never say it ("mi cel es 11 5823-4417").

    When the number is called a mobile and the 9 makes a valid mobile number, add it.
    """
    if not number.startswith("+54") or number.startswith("+549"):
        return number
    index = block.words.index_at(start)
    if not _MOBILE_WORDS.search(block.words.window_before(index, _MOBILE_WINDOW)):
        return number
    mobile = phonenumbers.parse("+549" + number[3:])
    if phonenumbers.is_valid_number(mobile) and phonenumbers.number_type(mobile) in _MOBILE_TYPES:
        return phonenumbers.format_number(mobile, phonenumbers.PhoneNumberFormat.E164)
    return number


_MOBILE_TYPES = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}


def _corrected_tail(block: Block, previous: DigitRun | None, run: DigitRun) -> DigitRun | None:
    """ "...oh one two three. wait no, oh one three two": a short run after a correction replaces the end."""
    if previous is None or len(run.digits) >= len(previous.digits) or len(previous.digits) < MIN_PHONE_DIGITS:
        return None
    index = block.words.index_at(run.start)
    if not CORRECTION_CUES.search(block.words.window_before(index, 4)):
        return None
    digits = previous.digits[: len(previous.digits) - len(run.digits)] + run.digits
    return DigitRun(digits, previous.plus, run.start, run.end, run.spoken)


def _written_phones(block: Block, regions: PhoneRegions) -> list[Candidate]:
    text, offset = block.turn.text, block.turn.start
    found: list[Candidate] = []
    if sum(char.isdigit() for char in text) < MIN_PHONE_DIGITS:
        return found  # most turns hold no number; the matcher would scan them once per region
    for region in regions.order:
        for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID):
            start, end = offset + match.start, offset + match.end
            if any(c.start < end and start < c.end for c in found):
                continue
            if _national(match.raw_string) and regions.keeps_home(region, _digits(match.raw_string)):
                continue  # "751 421 8694" in an American chat is an unassigned US number, not a UK mobile
            try:
                number = normalize_phone(match.raw_string, region)
            except InvalidContact:
                continue
            if _plausible_phone(block, start, end, spoken=False):
                confidence = 0.9 + _answer_bonus(block, "phone") + _correction_bonus(block, start)
                confidence -= _alternative_penalty(block, start)
                found.append(Candidate("phone", _as_argentine_mobile(block, start, number), start, end, confidence))
    return found


@dataclass(frozen=True)
class NumberReading:
    """A digit run read as a phone number: E.164 when it fits a country, else the digits as said.

    ``verified`` is False when the number has the length of the country it was read in but not a
    number plan that country assigns ("(987) 565-7785"), or fits no country at all: it is kept, marked,
    and never re-read as another country's number (+44…) just because that one would validate.
    """

    number: str
    verified: bool
    doubt: float  # subtracted from the finder's confidence

    @property
    def unplaced(self) -> bool:
        """No country's numbering plan fits: only the digits as said."""
        return not self.number.startswith("+")


_UNASSIGNED_DOUBT = 0.1
_UNPLACED_DOUBT = 0.2
# Digits that fit no country and follow no phone cue: as often a policy, SSN or account number as a phone.
# Kept, well below the rules' threshold, so the reader's ranker can weigh them with the conversation's topic.
UNCUED_DOUBT = 0.4
_MAX_UNPLACED_DIGITS = 13
# A run read as international without its "+" needs a country code and a whole national number: "261 28046",
# a street number and a postcode, is no Bolivian phone.
_MIN_INTERNATIONAL_DIGITS = 11


def read_number(run: DigitRun, regions: PhoneRegions) -> NumberReading | None:
    """Valid in the first region that holds it (unless it is a home-shaped number in a borrowed region), else
    kept unverified in the first hinted, configured or home country whose shape it has, else its digits."""
    if run.plus:
        number = _valid_in(f"+{run.digits}", None)
        return NumberReading(number, True, 0.0) if number else None
    for region in regions.order:
        number = _valid_in(run.digits, region)
        if number and not regions.keeps_home(region, run.digits):
            return NumberReading(number, True, 0.0)
    shaped = regions.shaped(run.digits)
    if shaped:
        parsed = phonenumbers.parse(run.digits, shaped)
        return NumberReading(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), False,
                             _UNASSIGNED_DOUBT)
    international = _valid_in(f"+{run.digits}", None) if len(run.digits) >= _MIN_INTERNATIONAL_DIGITS else None
    if international and _geographic(international):
        return NumberReading(international, True, 0.0)
    if len(run.digits) <= _MAX_UNPLACED_DIGITS:
        return NumberReading(run.digits, False, _UNPLACED_DOUBT)
    return None


def _national_shape(digits: str, region: str) -> bool:
    """The number has a possible length and matches the country's general national pattern ("[2-9]\\d{9}"
    in North America)."""
    try:
        parsed = phonenumbers.parse(digits, region)
    except phonenumbers.NumberParseException:
        return False
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    pattern = metadata.general_desc.national_number_pattern if metadata else None
    return bool(pattern and phonenumbers.is_possible_number(parsed)
                and re.fullmatch(pattern, str(parsed.national_number)))


def _valid_in(raw: str, region: str | None) -> str | None:
    try:
        return normalize_phone(raw, region)
    except InvalidContact:
        return None


_DATE_LAYOUTS = ((0, 2, 4), (2, 0, 4), (6, 4, 0))  # where day, month and year start: ddmmyyyy, mmddyyyy, yyyymmdd


def looks_like_a_date(digits: str) -> bool:
    """ "22062018", "06212018": eight digits that read as a date of the last or this century."""
    if len(digits) != 8:
        return False
    for day_at, month_at, year_at in _DATE_LAYOUTS:
        day, month, year = (int(digits[day_at : day_at + 2]), int(digits[month_at : month_at + 2]),
                            int(digits[year_at : year_at + 4]))
        if 1 <= day <= 31 and 1 <= month <= 12 and 1900 <= year <= 2099:
            return True
    return False


def _given_as_a_phone(block: Block, run: DigitRun) -> bool:
    """A phone cue just before the digits, or the agent's question for a phone."""
    index = block.words.index_at(run.start)
    return "phone" in block.asked or bool(PHONE_CUES.search(block.words.window_before(index, 6)))


def _national(raw: str) -> bool:
    return not raw.lstrip().startswith(("+", "00"))


def _digits(raw: str) -> str:
    return "".join(char for char in raw if char.isdigit())


def _geographic(number: str) -> bool:
    """A run read as international without a "+" must land in a country: "8812 0044 7193", an account number,
    is a valid satellite number (+881) and nobody's phone."""
    return phonenumbers.region_code_for_number(phonenumbers.parse(number)) not in (None, "001", "ZZ")


def _plausible_phone(block: Block, start: int, end: int, spoken: bool) -> bool:
    """Reject numbers introduced as orders, references, postcodes or amounts, and the agent's own line."""
    index = block.words.index_at(start)
    if _last_cue_is_negative(block.words.window_before(index, 4)):
        return False
    relative_end = end - block.turn.start
    if _CURRENCY_AFTER.match(block.turn.text[relative_end : relative_end + 8]):
        return False
    if _house_number_and_postcode(block, start, end, index):
        return False
    return not _belongs_to_agent(block, start)


STREET_WORDS = words("STREET_WORDS")
_ADDRESS_WINDOW = 8  # words before a number searched for a street word
_GROUPS = re.compile(r"\d+")


def _house_number_and_postcode(block: Block, start: int, end: int, index: int) -> bool:
    """ "Paseo de la Castellana, 261 28046 Madrid": a house number then a five-digit postcode, after a street."""
    groups = _GROUPS.findall(block.turn.text[start - block.turn.start : end - block.turn.start])
    if len(groups) < 2 or len(groups[-1]) != 5:
        return False
    before = block.words.window_before(index, _ADDRESS_WINDOW).split()
    return any(word.rstrip(".") in STREET_WORDS for word in before)


def _last_cue_is_negative(before: str) -> bool:
    """ "order number 612..." is an order, "pedido... mi teléfono 612..." a phone: the nearest cue decides."""
    negatives = [match.end() for match in NUMBER_NEGATIVE_CUES.finditer(before)]
    if not negatives:
        return False
    positives = [match.start() for match in PHONE_CUES.finditer(before)]
    return not positives or max(positives) < max(negatives)


def _belongs_to_agent(block: Block, start: int) -> bool:
    index = block.words.index_at(start)
    return bool(AGENT_OWN_CUES.search(block.words.window_before(index, 8)))


_ALTERNATIVE = re.compile(rf"(?:^| ){any_word('ALTERNATIVE_WORDS')}(?: {any_word('ALTERNATIVE_PREPOSITIONS')})?$")


def _alternative_penalty(block: Block, start: int) -> float:
    """ "call me at 612... or 913...": the number after "or" is the second choice, not a correction."""
    index = block.words.index_at(start)
    return 0.05 if _ALTERNATIVE.search(block.words.window_before(index, 2)) else 0.0


def _answer_bonus(block: Block, field: str) -> float:
    """The answer to "¿y su correo?" is the caller's more surely than an address said in passing."""
    return 0.03 if field in block.asked else 0.0


def _correction_bonus(block: Block, start: int) -> float:
    """A value right after "perdón", "sorry, I meant"... replaces an earlier one."""
    index = block.words.index_at(start)
    return 0.05 if CORRECTION_CUES.search(block.words.window_before(index, 8)) else 0.0


_DOMAIN_WORD = r"[a-z0-9][a-z0-9-]*"
_NEW_DOMAIN = rf"(?P<new>{_DOMAIN_WORD})(?:\s*(?:\.|punto|dot)\s*(?P<tld>[a-z]{{2,6}}))?"
_DOMAIN_CORRECTIONS = (
    # "es hotmail, no outlook", "it's gmail not outlook"
    re.compile(
        rf"(?<!\w)(?:es|it'?s|is|era|was|con)\s+{_NEW_DOMAIN}\s*,?\s*(?:y\s+|and\s+)?(?:no|not)\s+"
        rf"(?:es\s+|is\s+|en\s+)?(?P<old>{_DOMAIN_WORD})(?!\w)"
    ),
    # "no es yahoo, es gmail punto com", "not outlook, it's gmail"
    re.compile(
        rf"(?<!\w)(?:no|not)\s+(?:es\s+|is\s+|it'?s\s+|en\s+)?(?P<old>{_DOMAIN_WORD})\s*,?\s*"
        rf"(?:(?:sino|es|it'?s|it|is|but|pero|en)\s+)+{_NEW_DOMAIN}(?!\w)"
    ),
)


def corrected_domain(address: str, folded_after: str) -> str | None:
    """An e-mail whose provider is corrected afterwards: "...outlook punto es. Ah no, es hotmail, no outlook".

    Only a correction that names the address's own domain label as the wrong
    one counts; the result is validated like any other address.
    """
    local, _, domain = address.rpartition("@")
    labels = domain.split(".")
    for pattern in _DOMAIN_CORRECTIONS:
        for match in pattern.finditer(folded_after):
            old, new, tld = match.group("old"), match.group("new"), match.group("tld")
            if old != labels[0] or new == old:
                continue
            fixed = [new, *labels[1:]]
            if tld:
                fixed = [new, tld]
            try:
                return normalize_email(f"{local}@{'.'.join(fixed)}")
            except InvalidContact:
                continue
    return None
