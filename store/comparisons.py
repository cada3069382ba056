"""The comparison vector of two records: for each field, how well it agrees.

Each field gives one *level* ("exact", "typo", "different"...) or nothing when
either record lacks it: a missing field is evidence neither for nor against.
How much each level weighs is not decided here but learned from labelled
pairs (``store.match_model``, ``scripts/train_matcher.py``), so these
functions only describe what is seen, with the cut-offs that separate a typo
from another word (Jaro-Winkler and edit-distance bands, token sets, numeric
distance of house numbers, postcode prefixes, phone suffixes, acronyms).

Fields and their levels are listed in ``LEVELS``; the model has a weight for
each, and a test checks that the two agree.
"""

from __future__ import annotations

from collections.abc import Callable, Container
from functools import lru_cache, wraps
from typing import Any, TypeVar

from rapidfuzz.distance import OSA, JaroWinkler, Levenshtein
from rapidfuzz.fuzz import token_set_ratio

from store.addresses import AddressParts
from store.normalize import CompanyName, given_names_equivalent
from store.record_keys import MatchKeys

LEVELS: dict[str, tuple[str, ...]] = {
    "name": ("exact", "nickname", "typo", "partial", "initial", "swapped", "one_part", "surname_only",
             "given_only", "weak", "different"),
    "suffix": ("different",),
    "company": ("exact", "acronym", "reordered", "spelling", "descriptor_extra", "descriptor_differs", "contains",
                "numbered", "overlap", "different"),
    "organisation": ("exact", "acronym", "reordered", "spelling", "descriptor_extra", "descriptor_differs",
                     "contains", "numbered", "overlap", "different"),
    "legal_form": ("different",),
    "contact": ("both_same", "email_same", "email_same_phone_differs", "phone_same", "phone_same_email_differs",
                "email_near", "generic", "both_differ", "email_differs", "phone_differs"),
    "shared_contact": ("names_differ",),
    "name_and_contact": ("agree",),
    "firm_and_place": ("agree",),
    "address": ("exact", "number_street", "number_weak_street", "number_only", "near_number", "no_number",
                "other_number", "different"),
    "unit": ("different",),
    "postcode": ("exact", "near", "prefix", "different"),
    "city": ("exact", "similar", "different"),
    "dob": ("exact", "near", "year", "different"),
    "national_id": ("exact", "near", "different"),
    "other": ("same", "different"),
    "only_firm_name": ("yes",),
}
# Values repeat across pairs (given names, towns, streets, firms): each field's comparison is cached,
# its two arguments in a fixed order (the comparisons are symmetric), so (x, y) and (y, x) share an entry.
_CACHE = 1 << 17
_Value = TypeVar("_Value")
_Result = TypeVar("_Result")


def _symmetric_cache(order: Callable[[Any], Any] | None = None) -> Callable[
        [Callable[[_Value, _Value], _Result]], Callable[[_Value, _Value], _Result]]:
    def decorate(compare: Callable[[_Value, _Value], _Result]) -> Callable[[_Value, _Value], _Result]:
        cached = lru_cache(maxsize=_CACHE)(compare)

        @wraps(compare)
        def ordered(a: _Value, b: _Value) -> _Result:
            first = (a <= b) if order is None else (order(a) <= order(b))  # type: ignore[operator]
            return cached(a, b) if first else cached(b, a)

        ordered.cache_info = cached.cache_info  # type: ignore[attr-defined]
        return ordered

    return decorate

# Name levels under which two records with the same phone or email are two people sharing it.
NAMES_DIFFER = frozenset({"surname_only", "given_only", "weak", "different"})
NAMES_AGREE = frozenset({"exact", "nickname", "typo", "partial", "swapped"})
FIRMS_PARTLY = frozenset({"descriptor_extra", "descriptor_differs", "contains", "overlap"})
ONE_BUILDING = frozenset({"exact", "number_street", "number_weak_street"})
CONTACT_SAME = frozenset({"both_same", "email_same", "email_same_phone_differs", "phone_same",
                          "phone_same_email_differs"})


def compare_keys(a: MatchKeys, b: MatchKeys, generic: Container[str] = frozenset()) -> dict[str, str]:
    """Field → level for two folded records; fields missing on either side are left out.

    ``generic`` holds email and phone keys shared by too many different
    names to identify anyone (``store.matching.GenericKeys``).
    """
    levels: dict[str, str] = {}
    name = compare_names(a, b) if a.has_name and b.has_name else None
    if name is not None:
        levels["name"] = name
    if a.suffix and b.suffix and a.suffix != b.suffix:
        levels["suffix"] = "different"
    if a.company.words and b.company.words:
        _compare_firms(a, b, levels)
    email = _compare_email(a, b, generic) if a.email and b.email else None
    phone = _compare_phone(a, b, generic) if (a.phone7 or a.phone) and (b.phone7 or b.phone) else None
    if email or phone:
        levels["contact"] = _contact_level(email, phone)
    if name in NAMES_DIFFER and (email in _SHARED or phone in _SHARED):
        levels["shared_contact"] = "names_differ"  # a household's phone, an office's inbox
    elif name in NAMES_AGREE and levels.get("contact") in CONTACT_SAME:
        levels["name_and_contact"] = "agree"  # the same person's name on their own phone or email
    if not a.address.is_empty and not b.address.is_empty:
        _compare_places(a.address, b.address, levels)
    if a.postcode and b.postcode:
        levels["postcode"] = _compare_postcode(a.postcode, b.postcode)
    if a.city and b.city:
        levels["city"] = _compare_city(a.city, b.city)
    if a.dob and b.dob:
        levels["dob"] = _compare_dob(a.dob, b.dob)
    if a.national_id and b.national_id:
        levels["national_id"] = _compare_code(a.national_id, b.national_id)
    if a.extra and b.extra:
        _put(levels, "other", _compare_extra(a.extra, b.extra))
    if levels.get("organisation") in FIRMS_PARTLY and levels.get("address") in ONE_BUILDING:
        levels["firm_and_place"] = "agree"  # one site listed under two of its names ("Lowell" / "Marin-Lowell")
    if "organisation" in levels and a.only_firm_name and b.only_firm_name:
        # A register of names alone, where the name is all there is, is not a list of
        # sites where the same name may stand for another branch: the model weighs both.
        levels["only_firm_name"] = "yes"
    return levels

_SHARED = frozenset({"exact", "generic", "local"})


def _compare_firms(a: MatchKeys, b: MatchKeys, levels: dict[str, str]) -> None:
    """Without a person's name on either side the company is the entity itself
    (a business listing, a supplier): its name then counts as a person's does."""
    organisation = not a.has_name and not b.has_name
    level = compare_companies(a.company, b.company)
    if level is None:
        return
    levels["organisation" if organisation else "company"] = level
    if organisation and a.company.legal and b.company.legal and a.company.legal != b.company.legal:
        levels["legal_form"] = "different"  # an S.L. and an S.A. of one name are usually two firms


def _compare_places(a: AddressParts, b: AddressParts, levels: dict[str, str]) -> None:
    _put(levels, "address", compare_addresses(a, b))
    if a.unit and b.unit and a.unit != b.unit:
        levels["unit"] = "different"  # another flat or suite of the same building


def _put(levels: dict[str, str], name: str, level: str | None) -> None:
    if level is not None:
        levels[name] = level


def _jw(x: str, y: str) -> float:
    return JaroWinkler.normalized_similarity(x, y)


def _ratio(x: str, y: str) -> float:
    return Levenshtein.normalized_similarity(x, y)


def _one_edit(a: str, b: str) -> bool:
    """One typo (insertion, deletion, substitution or swap) in a word of four letters or more."""
    return min(len(a), len(b)) >= 4 and OSA.distance(a, b, score_cutoff=1) <= 1


@lru_cache(maxsize=_CACHE)
def _similar_words(a: str, b: str) -> bool:
    """The same word or a typo of it (words repeat across pairs: cached)."""
    return a == b or _one_edit(a, b) or (min(len(a), len(b)) >= 5 and _jw(a, b) >= 0.92)


# ---------------------------------------------------------------- people's names

AGREE_GIVEN = frozenset({"exact", "nickname", "similar"})
AGREE_SURNAME = frozenset({"exact", "similar", "partial"})


def compare_names(a: MatchKeys, b: MatchKeys) -> str | None:
    """One level for the whole name, so that given name and surname are judged together.

    Surnames are compared as sets (Spanish two-surname and one-surname forms
    meet); a given name and surname written in each other's place is
    "swapped"; a name of one word on either side is compared with both parts
    of the other ("one_part").
    """
    if not a.has_name or not b.has_name:
        return None
    if not (a.given and a.surnames and b.given and b.surnames):
        return _one_part_level(a, b)
    straight = _joint_level(_given_level(a.given, b.given), _surname_level(a.surnames, b.surnames))
    if straight in ("exact", "nickname", "typo", "partial", "initial"):
        return straight
    swapped = _joint_level(_given_level(a.given, b.surnames[0]),
                           _surname_level(a.surnames, (b.given, *b.surnames[1:])))
    if swapped in ("exact", "nickname", "typo", "partial"):
        return "swapped"
    return straight


def _joint_level(given: str, surname: str) -> str:
    if given == "exact" and surname == "exact":
        return "exact"
    if given == "nickname" and surname in ("exact", "similar"):
        return "nickname"
    if given in AGREE_GIVEN and surname in ("exact", "similar"):
        return "typo"
    if given in AGREE_GIVEN and surname == "partial":
        return "partial"
    if given == "initial" and surname in AGREE_SURNAME:
        return "initial"
    if surname in AGREE_SURNAME:
        return "surname_only"
    if given in AGREE_GIVEN and surname == "different":
        return "given_only"
    if surname == "weak" and given != "different":
        return "weak"
    return "different"


def _one_part_level(a: MatchKeys, b: MatchKeys) -> str:
    """A name of one word ("Brookhouse", "Ana") against the other's words."""
    words_a = [w for w in (a.given, *a.surnames) if w]
    words_b = [w for w in (b.given, *b.surnames) if w]
    if len(words_a) == len(words_b) == 1:
        level = _given_level(words_a[0], words_b[0])
        return {"exact": "exact", "nickname": "nickname", "similar": "typo"}.get(level, "different")
    if any(_similar_words(x, y) or given_names_equivalent(x, y) for x in words_a for y in words_b):
        return "one_part"
    return "different"


@_symmetric_cache()
def _given_level(a: str, b: str) -> str:
    if a == b:
        return "exact"
    if _digits_differ(a, b):
        return "different"
    if len(a) == 1 or len(b) == 1:
        return "initial" if a[0] == b[0] else "different"
    if given_names_equivalent(a, b):
        return "nickname"
    if _gender_variants(a, b):
        return "different"
    prefix = min(len(a), len(b)) >= 3 and (a.startswith(b) or b.startswith(a))
    if _jw(a, b) >= 0.88 or _one_edit(a, b) or prefix:
        return "similar"
    return "different"


def _gender_variants(a: str, b: str) -> bool:
    """Antonio/Antonia, Daniel/Daniela: siblings' names, not typos of each other."""
    short, long_ = sorted((a, b), key=len)
    if len(long_) == len(short) + 1:
        return long_ == short + "a"
    return len(a) == len(b) >= 3 and a[:-1] == b[:-1] and {a[-1], b[-1]} == {"a", "o"}


def _digits_differ(a: str, b: str) -> bool:
    """Names carrying different numbers ("Lead7", "Lead8") are machine-made and different."""
    return [c for c in a if c.isdigit()] != [c for c in b if c.isdigit()]


@_symmetric_cache()
def _surname_level(a: tuple[str, ...], b: tuple[str, ...]) -> str:
    if a == b or sorted(a) == sorted(b):
        return "exact"
    if set(a) & set(b):
        return "partial"
    joined_a, joined_b = "".join(a), "".join(b)
    if _digits_differ(joined_a, joined_b):
        return "different"
    best = max(max(_jw(x, y) for x in a for y in b), _jw(joined_a, joined_b))
    if best >= 0.9 or any(_one_edit(x, y) for x in a for y in b):
        return "similar"
    return "weak" if best >= 0.8 else "different"


# ---------------------------------------------------------------- companies


@_symmetric_cache(lambda company: company.key)
def compare_companies(a: CompanyName, b: CompanyName) -> str | None:
    """How two company names relate, from spelling variants to different firms.

    "spelling": word by word the same but for a typo or an abbreviation
    ("Dist. Martínez" / "Distribuciones Martinez"); "descriptor_extra": the
    names differ only by words that describe the trade ("Eyes on the Future" /
    "... Child Care Center"); "descriptor_differs": the same distinctive words
    in different trades ("Talleres Ruiz" / "Transportes Ruiz"); "contains": one
    name's distinctive words are all in the other, which has more ("Lafayette" /
    "Chicago Public Schools Lafayette"); "numbered": alike but for a number
    ("Inversiones Gil 2010" / "Inversiones Gil 2012").
    """
    if not a.words or not b.words:
        return None
    if a.key == b.key:
        return "exact"
    if (len(a.key) >= 2 and a.key == b.initials) or (len(b.key) >= 2 and b.key == a.initials):
        return "acronym"
    level = _word_level(a, b)
    if level in _ALIKE and _digits(a.key) and _digits(b.key) and _digits(a.key) != _digits(b.key):
        return "numbered"
    return level


_ALIKE = frozenset({"reordered", "spelling", "descriptor_extra", "contains"})


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _word_level(a: CompanyName, b: CompanyName) -> str:
    if sorted(a.words) == sorted(b.words):
        return "reordered"
    if _spelled_alike(a, b):
        return "spelling"
    short, long_ = sorted((a, b), key=lambda c: (len(c.distinctive), len(c.words)))
    if short.distinctive:
        exact = set(long_.distinctive)
        found = sum(1 for w in short.distinctive
                    if w in exact or any(_same_company_word(w, x, short, long_) for x in long_.distinctive))
        if found == len(short.distinctive):
            if len(long_.distinctive) > found:
                return "contains"
            return "descriptor_extra" if _covers(long_, short) else "descriptor_differs"
        if found:
            return "overlap"
    return "overlap" if token_set_ratio(" ".join(a.words), " ".join(b.words)) >= 90 else "different"


def _spelled_alike(a: CompanyName, b: CompanyName) -> bool:
    """Word by word alike, or one typo apart where a word was split or joined."""
    if len(a.words) == len(b.words):
        return all(_same_company_word(x, y, a, b) for x, y in zip(a.words, b.words, strict=True))
    return min(len(a.key), len(b.key)) >= 8 and OSA.distance(a.key, b.key, score_cutoff=1) <= 1


def _same_company_word(a: str, b: str, name_a: CompanyName, name_b: CompanyName) -> bool:
    """The same word, a typo of it, or its abbreviation written with a dot ("Dist." for "Distribuciones")."""
    if _similar_words(a, b):
        return True
    (short, short_name), (long_, _) = sorted(((a, name_a), (b, name_b)), key=lambda item: len(item[0]))
    return short in short_name.abbreviated and len(long_) >= len(short) + 2 and long_.startswith(short)


def _covers(longer: CompanyName, shorter: CompanyName) -> bool:
    """Every word of the shorter name (descriptors included) is in the longer one."""
    return all(any(_same_company_word(w, x, shorter, longer) for x in longer.words) for w in shorter.words)


# ---------------------------------------------------------------- contacts


def _contact_level(email: str | None, phone: str | None) -> str:
    """Email and phone judged together: people change one of them far more often than both."""
    phone_same, phone_differs = phone in ("exact", "local"), phone == "different"
    if email == "exact":
        return "both_same" if phone_same else "email_same_phone_differs" if phone_differs else "email_same"
    if phone_same:
        return "phone_same_email_differs" if email in ("different", "local") else "phone_same"
    if email == "local":
        return "email_near"
    if email == "different":
        return "both_differ" if phone_differs else "email_differs"
    if phone_differs:
        return "phone_differs"
    return "generic"



def _compare_email(a: MatchKeys, b: MatchKeys, generic: Container[str]) -> str | None:
    if not a.email or not b.email:
        return None
    if a.email == b.email:
        return "generic" if a.email_role or a.email in generic else "exact"
    local_a, local_b = a.email.partition("@")[0], b.email.partition("@")[0]
    if local_a == local_b and len(local_a) >= 5 and not (a.email_role or b.email_role):
        return "local"  # jgarcia@gmail.com and jgarcia@empresa.es: one person's two inboxes, often
    return "different"


def _compare_phone(a: MatchKeys, b: MatchKeys, generic: Container[str]) -> str | None:
    """Whole numbers, or the local number when one side was written without its area code."""
    if not a.phone7 or not b.phone7:
        if a.phone and b.phone:
            return _shared(a, b, generic) if a.phone == b.phone else "different"
        return None
    if (a.phone and a.phone == b.phone) or (a.phone9 and a.phone9 == b.phone9):
        return _shared(a, b, generic)
    if a.phone7 != b.phone7:
        return "different"
    if a.phone9 and b.phone9:
        return "different"  # the same seven digits after different area codes: two lines
    return "generic" if _shared(a, b, generic) == "generic" else (
        "exact" if not a.phone9 and not b.phone9 else "local")


def _shared(a: MatchKeys, b: MatchKeys, generic: Container[str]) -> str:
    shared = a.phone7 in generic or (a.phone and a.phone in generic) or (b.phone and b.phone in generic)
    return "generic" if shared else "exact"


# ---------------------------------------------------------------- places


def compare_addresses(a: AddressParts, b: AddressParts) -> str | None:
    """House number and street judged together: the same number on the same street is one building."""
    if not (a.street or a.number) or not (b.street or b.number):
        return None
    street = _street_similarity(a, b)
    if a.number and b.number:
        if a.number == b.number:
            if street >= 0.97:
                return "exact"
            if street >= 0.8:
                return "number_street"
            return "number_weak_street" if street >= 0.6 else "number_only"
        if street >= 0.8:
            return "near_number" if _numbers_near(a.number, b.number) else "other_number"
        return "different"
    return "no_number" if street >= 0.8 else "different"


@_symmetric_cache(lambda address: address.compact)
def _street_similarity(a: AddressParts, b: AddressParts) -> float:
    """0..1: how alike the streets are, by their letters (so split and joined words meet), their word
    sets, or the shorter one against the start of the longer (a locality left off: "12 Ballumbir St"
    and "12 Ballumbir Street Hornby Lighthouse"), whichever agrees most."""
    if not a.street or not b.street:
        return 0.0
    if a.street == b.street:
        return 1.0
    core_a, core_b = "".join(a.core), "".join(b.core)
    best = max(_ratio(a.compact, b.compact), _ratio(core_a, core_b))
    if min(len(core_a), len(core_b)) >= 4:
        best = max(best, token_set_ratio(" ".join(a.core), " ".join(b.core)) / 100 * 0.97)
    short, long_ = sorted((a.compact, b.compact), key=len)
    if len(short) >= 8:
        best = max(best, _ratio(short, long_[: len(short)]) * 0.95)
    return best


def _numbers_near(a: str, b: str) -> bool:
    """Two house numbers a typo apart ("1449"/"1494", "2140"/"2141"); "3" and "5" are two buildings."""
    if a.isdigit() and b.isdigit() and abs(int(a) - int(b)) <= 1:
        return True
    return len(a) == len(b) >= 2 and codes_agree(a, b)


def _compare_postcode(a: str, b: str) -> str | None:
    if not a or not b:
        return None
    if a == b:
        return "exact"
    if codes_agree(a, b):
        return "near"
    return "prefix" if len(a) >= 4 and a[:3] == b[:3] else "different"


@_symmetric_cache()
def _compare_city(a: str, b: str) -> str | None:
    if not a or not b:
        return None
    if a == b:
        return "exact"
    return "similar" if _jw(a, b) >= 0.88 or _one_edit(a, b) else "different"


def _compare_dob(a: str, b: str) -> str | None:
    level = _compare_code(a, b)
    if level == "different" and len(a) == len(b) == 8 and a[:4] == b[:4]:
        return "year"
    return level


def _compare_code(a: str, b: str) -> str | None:
    """Dates and identifiers: one typo or a swapped pair of digits is "near"."""
    if not a or not b:
        return None
    if a == b:
        return "exact"
    return "near" if codes_agree(a, b) else "different"


def codes_agree(a: str, b: str) -> bool:
    """Equal, or one typo apart: one changed character, two adjacent ones swapped,
    or (for YYYYMMDD dates) day and month swapped."""
    if a == b:
        return True
    if len(a) != len(b):
        return False
    diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(diffs) <= 1:
        return True
    first, second = diffs[0], diffs[-1]
    if len(diffs) == 2 and second == first + 1 and a[first] == b[second] and a[second] == b[first]:
        return True
    return len(a) == 8 and a.isdigit() and a[:4] == b[:4] and a[4:6] == b[6:8] and a[6:8] == b[4:6]


def _compare_extra(a: tuple[tuple[str, str], ...], b: tuple[tuple[str, str], ...]) -> str | None:
    """Other keys both records give: all equal, or at least one differs."""
    if not a or not b:
        return None
    values_b = dict(b)
    shared = [(value, values_b[key]) for key, value in a if key in values_b]
    if not shared:
        return None
    return "same" if all(x == y for x, y in shared) else "different"
