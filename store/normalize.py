"""Normalizers for matching: one place for company, person, email and phone keys.

Every *key* here is for comparison only and is never stored as the lead's
value: display forms keep accents and legal forms, keys fold them away so that
"Talleres Ruiz S.L." and "TALLERES RUIZ, SL" meet. Intake, batch dedupe and
search all call these functions, so a key means the same thing everywhere.

Built on existing libraries rather than re-implemented: Unidecode folds
accents and Unicode confusables (a Cyrillic "А" becomes a Latin "A"), cleanco
knows legal forms worldwide, nameparser finds titles, suffixes and the
"Surname, Given" order, ``nicknames`` supplies English hypocorisms and
``nlp.contact`` remains the one email/phone validator.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from cleanco.clean import normalize_terms, prepare_default_terms
from nameparser import HumanName
from unidecode import unidecode

from nlp.contact import InvalidContact, normalize_email, normalize_phone
from store.match_lexicon import COMPANY_ABBREVIATIONS, COMPANY_DESCRIPTORS, LEGAL_FORM_KINDS

# ---------------------------------------------------------------- text folding


def fold(text: str | None) -> str:
    """Fold text for comparison: NFKC, ASCII transliteration, case, spacing.

    NFKC first turns full-width and compatibility characters into plain ones;
    Unidecode then maps accents *and* look-alike scripts (Cyrillic, Greek) to
    ASCII, so a confusable cannot hide a difference nor crash a comparison.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", str(text))
    text = unidecode(text).casefold()
    return " ".join(text.split())


_NON_WORD = re.compile(r"[^a-z0-9&]+")
# Single letters or digits separated by dots or hyphens: "i.b.m.", "i-b-m", "s. l."
_DOTTED_ACRONYM = re.compile(r"\b[a-z0-9](?:[.\-]\s?[a-z0-9]\b)+\.?")


def _collapse_acronyms(folded: str) -> str:
    return _DOTTED_ACRONYM.sub(lambda m: re.sub(r"[.\-\s]", "", m.group(0)), folded)


def _words(folded: str) -> str:
    return " ".join(_NON_WORD.sub(" ", folded).split())


# ---------------------------------------------------------------- companies

# Legal forms cleanco (2.3) does not know, mostly Spanish-speaking ones. Data,
# not logic: extend here when a legal form slips through.
_EXTRA_LEGAL_FORMS = (
    "slu", "s l u", "sau", "s a u", "s coop", "scoop", "s coop and", "cb", "c b", "sc", "s c",
    "slp", "sll", "slne", "sal", "scp", "pty", "pty ltd", "proprietary limited",
    "sociedad limitada", "sociedad limitada unipersonal", "sociedad anonima",
    "sociedad cooperativa", "y cia", "& cia", "cia", "y compania", "& co", "and co", "co",
    "sa de cv", "s de rl", "s de rl de cv", "eirl", "ltda", "spa", "s p a", "sas", "s a s",
    "inc", "incorporated", "corp", "corporation", "company", "limited", "ltd", "llc", "llp", "plc",
)


_CONNECTORS = frozenset({"&", "and", "y", "e", "und", "et"})
# cleanco terms that are words of firms' names more often than legal forms ("Acme UK" is not "Acme").
_NOT_LEGAL_FORMS = ("uk", "private", "ok")


@lru_cache(maxsize=1)
def _legal_terms() -> tuple[frozenset[tuple[str, ...]], int]:
    """cleanco's legal-form terms plus ours, as word tuples, and the longest length."""
    terms = {tuple(t.split()) for t in normalize_terms(_EXTRA_LEGAL_FORMS)}
    terms |= {tuple(p) for _, p in prepare_default_terms()}
    terms -= {(), *((word,) for word in _NOT_LEGAL_FORMS)}
    return frozenset(terms), max(len(t) for t in terms)


def _strip_legal_forms(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Strip trailing legal forms repeatedly ("Foo GmbH & Co KG"); returns (name tokens, legal-form words).

    Same rule as cleanco's ``basename`` (suffix terms, longest first) on
    cleanco's term list, but with a set look-up: calling ``basename`` costs a
    scan of every term per call, too slow for 100,000 records. A form is not
    stripped when less than two letters of name would remain ("I BM" is IBM,
    "Corporation" stays a name).
    """
    terms, longest = _legal_terms()
    legal: list[str] = []
    stripped = True
    while stripped:
        stripped = False
        for size in range(min(longest, len(tokens) - 1), 0, -1):
            if tuple(tokens[-size:]) in terms and len("".join(tokens[:-size])) >= 2:
                legal[:0] = tokens[-size:]
                tokens = tokens[:-size]
                while len(tokens) > 1 and tokens[-1] in _CONNECTORS:
                    tokens = tokens[:-1]
                stripped = True
                break
    return tokens, legal


@dataclass(frozen=True)
class CompanyName:
    """A company name folded for matching: its words, and the kind of its legal form.

    ``words`` are folded, abbreviations spelled out ("Hnos." → "hermanos"),
    connectors ("&", "y", "and") and legal forms left out. ``legal`` is the
    kind of legal form written ("limitada" for S.L., S.L.U., Sociedad
    Limitada; ``store.match_lexicon.LEGAL_FORM_KINDS``), "" when none.
    """

    words: tuple[str, ...] = ()
    legal: str = ""
    abbreviated: frozenset[str] = field(default=frozenset(), compare=False)  # words written cut short, with a dot

    @cached_property
    def key(self) -> str:
        """The words joined: "Talleres Ruiz" and "TalleresRuiz" meet."""
        return "".join(self.words)

    @cached_property
    def distinctive(self) -> tuple[str, ...]:
        """Words that tell this firm from others of its trade ("ruiz" in "Talleres Ruiz"), each once."""
        return tuple(dict.fromkeys(w for w in self.words if w not in COMPANY_DESCRIPTORS))

    @cached_property
    def initials(self) -> str:
        """First letters of the words that are not articles: "International Business Machines" → "ibm"."""
        return "".join(w[0] for w in self.words if w not in _ARTICLES) if len(self.words) > 1 else ""


_ARTICLES = frozenset({"the", "of", "de", "del", "la", "las", "los", "el", "for", "a", "an"})


@lru_cache(maxsize=200_000)
def parse_company(name: str | None) -> CompanyName:
    """Fold a company name into ``CompanyName`` (empty for an empty name)."""
    folded = _collapse_acronyms(fold(name).replace("'", "").replace("\u2019", ""))
    words = _words(folded).replace("&", " & ").split()
    if not words:
        return CompanyName()
    shortened = frozenset(_ABBREVIATED.findall(folded))
    tokens, legal = _strip_legal_forms(words)
    tokens = _join_spelled_letters([t for t in tokens if t not in _CONNECTORS] or tokens)
    expanded = [COMPANY_ABBREVIATIONS.get(t, t) for t in tokens]
    kept = [w for t in expanded for w in t.split() if w not in _CONNECTORS] or tokens
    if len(kept) > 1 and kept[0] == "the":
        kept = kept[1:]
    return CompanyName(words=tuple(kept), legal=_legal_kind(legal), abbreviated=shortened & set(kept))


_ABBREVIATED = re.compile(r"\b([a-z]{2,})\.")  # "Dist.", "Const.": a word cut short, marked by its dot


def _join_spelled_letters(tokens: list[str]) -> list[str]:
    """Letters written apart are one acronym: "i b m" → "ibm"; a short name of bits is one too: "I BM"."""
    if 1 < len(tokens) <= 3 and all(len(t) <= 3 for t in tokens) and any(len(t) == 1 for t in tokens):
        return ["".join(tokens)]
    joined: list[str] = []
    letters: list[str] = []
    for token in tokens:
        if len(token) == 1 and token.isalpha():
            letters.append(token)
            continue
        if letters:
            joined.append("".join(letters))
            letters = []
        joined.append(token)
    if letters:
        joined.append("".join(letters))
    return joined


def _legal_kind(words: list[str]) -> str:
    """The kind of the legal form written; "" when none, or one whose kind we do not know (better no
    evidence than a false difference)."""
    if not words:
        return ""
    written = " ".join(w for w in words if w not in _CONNECTORS)
    return _LEGAL_KIND_OF.get(written) or _LEGAL_KIND_OF.get(words[-1], "")


_LEGAL_KIND_OF = {form: kind for kind, forms in LEGAL_FORM_KINDS.items() for form in forms}


def company_key(name: str | None) -> str:
    """Return the matching key of a company name ("" when there is none).

    Case, accents, confusables, punctuation and spacing are folded, dotted or
    hyphenated acronyms collapse ("I.B.M." → "ibm") and trailing legal forms in
    Spanish, English and other languages are removed, so "IBM", "I-B-M" and
    "ibm corporation" share one key. A name made only of a legal form
    ("Corporation") keeps its words rather than becoming empty, because an
    empty key would match every other company with no name.
    """
    return parse_company(name).key


def company_display(name: str | None) -> str:
    """Tidy a company name for display: spacing and comma before the legal form.

    Accents, case and legal forms are kept: they are part of the firm's name.
    """
    if not name:
        return ""
    text = unicodedata.normalize("NFC", str(name))
    text = " ".join(text.split())
    return re.sub(r"\s+,", ",", text).strip(" ,;")


# ---------------------------------------------------------------- people

# Particles that begin Spanish, Portuguese, Dutch, French... surnames; kept
# attached to the surname that follows them.
_PARTICLES = frozenset({"de", "del", "la", "las", "los", "y", "i", "da", "das", "do", "dos",
                        "van", "von", "der", "den", "di", "du", "le", "mac", "san", "st", "e"})

# Spanish hypocorisms: Spanish nicknames bear little resemblance to the name
# (Pepe = José, Paco = Francisco), so string similarity cannot find them and
# the ``nicknames`` package covers English only. Data, not logic.
SPANISH_HYPOCORISMS: dict[str, str] = {
    "pepe": "jose", "pepa": "josefa", "paco": "francisco", "curro": "francisco",
    "pancho": "francisco", "quico": "francisco", "kiko": "francisco", "paca": "francisca",
    "paqui": "francisca", "nacho": "ignacio", "chema": "jose maria", "josema": "jose maria",
    "txema": "jose maria", "manolo": "manuel", "lola": "dolores", "loli": "dolores",
    "concha": "concepcion", "conchi": "concepcion", "charo": "rosario", "chelo": "consuelo",
    "merche": "mercedes", "maite": "maria teresa", "mayte": "maria teresa", "pili": "pilar",
    "quique": "enrique", "kike": "enrique", "rafa": "rafael", "fito": "adolfo", "lalo": "eduardo",
    "beto": "alberto", "toni": "antonio", "tono": "antonio", "nando": "fernando", "chus": "jesus",
    "chucho": "jesus", "isa": "isabel", "marisa": "maria luisa", "tere": "teresa", "juanjo": "juan jose",
    "fran": "francisco", "alex": "alejandro", "guille": "guillermo", "santi": "santiago",
    "javi": "javier", "dani": "daniel", "edu": "eduardo", "nico": "nicolas", "rocio": "rocio",
    "sole": "soledad", "inma": "inmaculada", "mari": "maria", "puri": "purificacion",
    "luci": "lucia", "trini": "trinidad", "tina": "cristina", "cris": "cristina",
}


@lru_cache(maxsize=1)
def _nicknamer():
    try:
        from nicknames import NickNamer
    except ImportError:  # optional dependency: matching still works without English nicknames
        return None
    return NickNamer()


@lru_cache(maxsize=100_000)
def _english_canonicals(name: str) -> frozenset[str]:
    nicknamer = _nicknamer()
    if nicknamer is None or not name.isalpha():
        return frozenset()
    return frozenset(c for c in nicknamer.canonicals_of(name) if " " not in c)


@lru_cache(maxsize=200_000)
def given_names_equivalent(a: str, b: str) -> bool:
    """True when one folded given name is a nickname of the other (Bob/Robert, Pepe/José).

    The relation is direct on purpose: the English nickname data is broad
    ("Bill" is listed under both William and Robert), so two names that merely
    share a third one (Robert and William via "Bill") are *not* equivalent.
    Two Spanish hypocorisms of one name (Paco, Curro) are. The English data
    also lists cognates (John under Ivan); an English nickname must therefore
    be shorter than its full name to count.
    """
    if a == b:
        return True
    if not a or not b:
        return False
    spanish_a, spanish_b = SPANISH_HYPOCORISMS.get(a, a).split()[0], SPANISH_HYPOCORISMS.get(b, b).split()[0]
    if spanish_a == spanish_b:
        return True
    short, full = sorted((a, b), key=len)
    return len(short) < len(full) and full in _english_canonicals(short)


@dataclass(frozen=True)
class PersonName:
    """A person's name split into given names and surnames, accents kept.

    ``surnames`` holds each surname as one unit with its particles ("de la
    Fuente"): Spanish names carry two, English usually one. The split of a
    single free-text string is a heuristic: with two or three units the first
    is the given name, with four or more the last two are surnames ("Juan
    Carlos García López"). Matching compares surnames as sets, so a wrong
    split between a middle name and a first surname costs little.
    """

    given: tuple[str, ...] = ()
    surnames: tuple[str, ...] = ()
    title: str = ""
    suffix: str = ""
    nickname: str = ""
    raw: str = field(default="", compare=False)

    @property
    def display(self) -> str:
        return " ".join([*self.given, *self.surnames, self.suffix]).strip()

    @property
    def given_folded(self) -> tuple[str, ...]:
        return tuple(_name_fold(g) for g in self.given if _name_fold(g))

    @property
    def surnames_folded(self) -> tuple[str, ...]:
        return tuple(_name_fold(s) for s in self.surnames if _name_fold(s))

    @property
    def first_given(self) -> str:
        folded = self.given_folded
        return folded[0].split()[0] if folded else ""

    @property
    def is_empty(self) -> bool:
        return not (self.given or self.surnames)


@lru_cache(maxsize=100_000)
def _name_fold(text: str) -> str:
    """Fold a name part and drop particles: "de la Fuente" → "fuente"."""
    words = _words(fold(text).replace("'", "").replace("\u2019", "")).replace("&", " ").split()
    kept = [w for w in words if w not in _PARTICLES]
    return " ".join(kept or words)


def _units(text: str) -> list[str]:
    """Split into name units, gluing particles to the next word ("de la Fuente")."""
    units: list[str] = []
    pending: list[str] = []
    for word in text.replace(",", " ").split():
        if fold(word).strip(".") in _PARTICLES:
            pending.append(word)
            continue
        units.append(" ".join([*pending, word]))
        pending = []
    if pending:  # trailing particle: keep it as a word of the last unit
        if units:
            units[-1] = " ".join([units[-1], *pending])
        else:
            units.append(" ".join(pending))
    return units


def _split_units(units: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if len(units) <= 1:
        return tuple(units), ()
    if len(units) <= 3:
        return (units[0],), tuple(units[1:])
    return tuple(units[:-2]), tuple(units[-2:])


@lru_cache(maxsize=1)
def _titles_and_suffixes() -> frozenset[str]:
    from nameparser.config import CONSTANTS

    return frozenset(CONSTANTS.titles) | frozenset(CONSTANTS.suffix_acronyms) | frozenset(
        CONSTANTS.suffix_not_acronyms
    )


def _needs_nameparser(text: str) -> bool:
    """nameparser is slow; plain "Given Surname Surname" strings do not need it."""
    if any(ch in text for ch in ',"()\''):
        return True
    words = _titles_and_suffixes()
    return any(word.strip(".").lower() in words for word in text.split())


@lru_cache(maxsize=200_000)
def parse_person_name(
    name: str | None = None, *, given: str | None = None, surname: str | None = None
) -> PersonName:
    """Parse a person's name; separate ``given``/``surname`` fields win when present.

    nameparser handles titles ("Dr."), suffixes ("Jr.", "III"), quoted
    nicknames and "Surname, Given" order; the given/surname split then follows
    Spanish-friendly rules because nameparser treats a second surname as a
    middle name.
    """
    if given or surname:
        return PersonName(
            given=(" ".join(given.split()),) if given and given.strip() else (),
            surnames=tuple(_units(surname or "")),
            raw=f"{given or ''} {surname or ''}".strip(),
        )
    text = " ".join(str(name or "").split())
    if not text:
        return PersonName()
    if not _needs_nameparser(text):
        given_parts, surname_parts = _split_units(_units(text))
        return PersonName(given_parts, surname_parts, raw=text)
    parsed = HumanName(text)
    if "," in text and parsed.first and parsed.last:
        given_units, surname_units = _units(f"{parsed.first} {parsed.middle}"), _units(parsed.last)
        return PersonName((" ".join(given_units),) if given_units else (), tuple(surname_units),
                          parsed.title, parsed.suffix, parsed.nickname, text)
    core = " ".join(p for p in (parsed.first, parsed.middle, parsed.last) if p) or text
    given_parts, surname_parts = _split_units(_units(core))
    return PersonName(given_parts, surname_parts, parsed.title, parsed.suffix, parsed.nickname, text)


def person_key(name: PersonName | str | None) -> str:
    """Order-insensitive folded key of a full name: "López García, José" = "jose garcia lopez".

    Accents, case, particles, titles and suffixes are folded away; the tokens
    are sorted so swapped surnames and "Surname, Given" order meet.
    """
    person = name if isinstance(name, PersonName) else parse_person_name(name)
    tokens = " ".join([*person.given_folded, *person.surnames_folded]).split()
    return " ".join(sorted(tokens))


def person_display(name: PersonName | str | None) -> str:
    """Display form: accents kept, words capitalised, particles in lower case."""
    person = name if isinstance(name, PersonName) else parse_person_name(name)
    words = person.display.split()
    return " ".join(w.lower() if fold(w) in _PARTICLES else _capitalise(w) for w in words)


def _capitalise(word: str) -> str:
    if word.isupper() and len(word) <= 3 and word.rstrip(".").isalpha() and word != word.title():
        return word  # "III", "JR" stay as written
    return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))


# ---------------------------------------------------------------- emails

# Google documents that Gmail ignores dots in the local part and everything
# after "+": https://support.google.com/mail/answer/7436150 and /answer/12096.
_DOT_AND_PLUS_INSENSITIVE = frozenset({"gmail.com", "googlemail.com"})
_DOMAIN_ALIASES = {"googlemail.com": "gmail.com"}

# Local parts that name a role or a shared inbox rather than a person.
ROLE_LOCAL_PARTS = frozenset({
    "info", "information", "informacion", "sales", "ventas", "venta", "contact", "contacto",
    "contacta", "hello", "hola", "hi", "admin", "administracion", "administration", "office",
    "oficina", "support", "soporte", "help", "ayuda", "comercial", "marketing", "rrhh", "hr",
    "jobs", "empleo", "careers", "noreply", "no-reply", "donotreply", "recepcion", "reception",
    "enquiries", "inquiries", "consultas", "team", "equipo", "mail", "email", "correo", "general",
    "facturacion", "billing", "accounts", "pedidos", "orders", "reservas", "bookings", "webmaster",
    "postmaster", "secretaria", "direccion", "gerencia", "atencionalcliente", "clientes",
    "customerservice", "service", "servicio", "news", "newsletter", "prensa", "press",
})


def email_match_key(email: str | None) -> str:
    """Matching key of an email address ("" if there is none), never for storage.

    The address goes through ``nlp.contact.normalize_email``; for Gmail only,
    whose rules are documented by Google, dots and a "+tag" in the local part
    are dropped and googlemail.com becomes gmail.com. Other providers keep
    their local part as written because their rules are not documented. An
    address that fails validation still yields a folded key: matching should
    use what we have, validation is intake's job.
    """
    if not email or not str(email).strip():
        return ""
    value = str(email).strip()
    # For a plain ASCII address normalize_email returns exactly value.lower(), at many times the cost.
    value = value.lower() if _PLAIN_EMAIL.match(value) else _validated_or_folded(value)
    if not value:
        return ""
    local, _, domain = value.rpartition("@")
    domain = _DOMAIN_ALIASES.get(domain, domain)
    if domain in _DOT_AND_PLUS_INSENSITIVE:
        local = local.split("+", 1)[0].replace(".", "")
    return f"{local}@{domain}"


_PLAIN_EMAIL = re.compile(
    r"^[A-Za-z0-9_%+\-]+(?:\.[A-Za-z0-9_%+\-]+)*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$"
)


@lru_cache(maxsize=100_000)
def _validated_or_folded(email: str) -> str:
    try:
        value = normalize_email(email)
    except InvalidContact:
        value = fold(email).replace(" ", "")
    return value if "@" in value else ""


def is_role_email(email_key: str) -> bool:
    """True for shared role inboxes (info@, ventas@...) that identify no person."""
    local = email_key.partition("@")[0].split("+", 1)[0]
    return local in ROLE_LOCAL_PARTS or local.replace(".", "").replace("_", "") in ROLE_LOCAL_PARTS


# ---------------------------------------------------------------- phones


@lru_cache(maxsize=200_000)
def phone_match_key(phone: str | None, region: str | None = "ES") -> str:
    """E.164 form of a phone via ``nlp.contact.normalize_phone`` ("" if invalid or missing).

    ``region`` is the country assumed for numbers written without "+".
    """
    if not phone or not str(phone).strip():
        return ""
    try:
        return normalize_phone(str(phone), region)
    except InvalidContact:
        return ""


def phone_digits_suffix(phone: str | None, length: int = 7) -> str:
    """Last ``length`` digits of whatever was written, for blocking invalid or foreign numbers."""
    digits = "".join(ch for ch in unicodedata.normalize("NFKC", str(phone or "")) if ch.isdigit())
    return digits[-length:] if len(digits) >= length else ""


# ---------------------------------------------------------------- dates and identifiers

_ISO_DATE = re.compile(r"^(\d{4})\D?(\d{1,2})\D?(\d{1,2})$")
_DAY_FIRST_DATE = re.compile(r"^(\d{1,2})\D(\d{1,2})\D(\d{4})$")


def date_key(value: str | int | None) -> str:
    """A date of birth as YYYYMMDD digits ("" if absent).

    Accepts ISO dates ("1985-03-12", "19850312") and day-first dates
    ("12/03/1985", the Spanish and European order). Anything else keeps its
    digits so that identical odd values still compare equal.
    """
    text = fold(str(value)) if value is not None else ""
    if not text:
        return ""
    if match := _ISO_DATE.match(text):
        year, month, day = match.groups()
        return f"{year}{int(month):02d}{int(day):02d}"
    if match := _DAY_FIRST_DATE.match(text):
        day, month, year = match.groups()
        return f"{year}{int(month):02d}{int(day):02d}"
    return "".join(ch for ch in text if ch.isalnum())


def identifier_key(value: str | int | None) -> str:
    """A national id or similar code: folded, letters and digits only."""
    return "".join(ch for ch in fold(str(value)) if ch.isalnum()) if value is not None else ""


@lru_cache(maxsize=100_000)
def place_key(value: str | None) -> str:
    """A city, suburb or postcode: folded, punctuation removed."""
    return _words(fold(value))
