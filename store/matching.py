"""Pair scoring and blocking: is this lead the same person as that one?

The score is a Fellegi–Sunter style sum of evidence: each field contributes a
weight in *bits* (log2 of how much more likely the observed agreement or
disagreement is for the same person than for two different people), the sum
plus a prior becomes a probability-like score in 0..1. Missing fields
contribute nothing, so sparse leads are judged on what they have. ``parts``
keeps every contribution so the dashboard can show why two leads matched.

Rules that keep merges honest:

* names alone never merge: without corroborating evidence outside the name
  the decision is at most "review";
* a role inbox (info@, ventas@...) or a key shared by many different names
  (a switchboard) is weak evidence (see ``GenericKeys``);
* clearly different given names, dates of birth or national ids are strong
  evidence against; with different given names only a date of birth or a
  national id can justify a merge, which keeps family members sharing a
  phone, an address or an email apart.

Ingest integration (one lead at a time, flat cost as the store grows):

1. ``keys = match_keys(LeadRecord.from_dict(data), region)``;
2. store ``blocking_keys(keys)`` in an indexed key table and read the leads
   sharing any key, at most ``MAX_CANDIDATES_PER_KEY`` rows per key (the
   exact kinds "e", "p" and "id" first);
3. build ``GenericKeys`` from a per-value count of distinct
   ``name_signature`` over ``contact_values(keys)`` (or pass none);
4. ``best_match(keys, candidates, thresholds, generic=...)`` → the candidate
   to merge with ("same"), to queue for review ("review") or None.
"""

from __future__ import annotations

import math
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import jellyfish
from rapidfuzz.distance import OSA, JaroWinkler, Levenshtein
from rapidfuzz.fuzz import token_set_ratio, token_sort_ratio

from store.normalize import (
    company_key,
    date_key,
    email_match_key,
    given_names_equivalent,
    identifier_key,
    is_role_email,
    parse_person_name,
    phone_digits_suffix,
    phone_match_key,
    place_key,
)

Decision = Literal["same", "review", "distinct"]

# Field names of the JSON Lines records that may carry a national identifier.
NATIONAL_ID_FIELDS = ("national_id", "soc_sec_id", "ssn", "dni", "nif", "nie", "tax_id")


@dataclass(frozen=True)
class Thresholds:
    """Score cut-offs: ``auto_merge`` ≤ score → same; ``review`` ≤ score → review queue."""

    auto_merge: float = 0.92
    review: float = 0.75

    def __post_init__(self) -> None:
        if not 0.0 <= self.review <= self.auto_merge <= 1.0:
            raise ValueError("thresholds must satisfy 0 <= review <= auto_merge <= 1")

    def decide(self, score: float) -> Decision:
        if score >= self.auto_merge:
            return "same"
        return "review" if score >= self.review else "distinct"


DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class LeadRecord:
    """One lead as the matcher sees it; every field may be missing."""

    id: Any
    name: str | None = None
    company: str | None = None
    email: str | None = None
    phone: str | None = None
    city: str | None = None
    address: str | None = None
    postcode: str | None = None
    date_of_birth: str | None = None
    given_name: str | None = None
    surname: str | None = None
    national_id: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LeadRecord:
        """Build from a JSON object; unknown keys go to ``extra``, national ids are recognised."""
        known = {"id", "name", "company", "email", "phone", "city", "address", "postcode",
                 "date_of_birth", "given_name", "surname", "national_id"}
        values = {k: _text(data.get(k)) for k in known - {"id"}}
        if not values["national_id"]:
            values["national_id"] = next((_text(data[k]) for k in NATIONAL_ID_FIELDS if _text(data.get(k))),
                                         None)
        extra = {k: v for k, v in data.items() if k not in known}
        return cls(id=data.get("id"), extra=extra, **values)


# Longer values are cut for matching: no real name or address is this long,
# and a pasted essay must not make one comparison slow.
MAX_FIELD_LENGTH = 300


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    text = str(value).strip()[:MAX_FIELD_LENGTH]
    return text or None


@dataclass(frozen=True)
class MatchKeys:
    """The folded, comparison-ready form of one record (computed once per record)."""

    given: str = ""
    surnames: tuple[str, ...] = ()
    suffix: str = ""
    company: str = ""
    email: str = ""
    email_role: bool = False
    phone: str = ""
    phone7: str = ""
    phone9: str = ""
    city: str = ""
    postcode: str = ""
    address: str = ""
    street_number: str = ""
    dob: str = ""
    national_id: str = ""

    @property
    def surname(self) -> str:
        return " ".join(self.surnames)

    @property
    def has_name(self) -> bool:
        return bool(self.given or self.surnames)

    @property
    def name_signature(self) -> str:
        """Coarse, typo-tolerant name identity used to count distinct people sharing a key."""
        parts = sorted(p[:2] for p in (self.given, self.surnames[0] if self.surnames else "") if p)
        return "|".join(parts)

    @property
    def is_empty(self) -> bool:
        return not any((self.has_name, self.company, self.email, self.phone, self.phone7, self.city,
                        self.postcode, self.address, self.dob, self.national_id))


def match_keys(record: LeadRecord, region: str | None = "ES") -> MatchKeys:
    """Fold one record into ``MatchKeys``; ``region`` is assumed for phones without "+"."""
    person = parse_person_name(record.name, given=record.given_name, surname=record.surname)
    given_folded, surnames_folded = person.given_folded, person.surnames_folded
    given = given_folded[0].split()[0] if given_folded else ""
    email = email_match_key(record.email)
    address = place_key(record.address)
    return MatchKeys(
        given=given,
        surnames=tuple(w for s in surnames_folded for w in s.split()),
        suffix=place_key(person.suffix),
        company=company_key(record.company),
        email=email,
        email_role=bool(email) and is_role_email(email),
        phone=phone_match_key(record.phone, region),
        phone7=phone_digits_suffix(record.phone),
        phone9=phone_digits_suffix(record.phone, 9),
        city=place_key(record.city),
        postcode=place_key(record.postcode).replace(" ", ""),
        address=address,
        street_number=next((w for w in address.split() if w.isdigit()), ""),
        dob=date_key(record.date_of_birth),
        national_id=identifier_key(record.national_id),
    )


# ---------------------------------------------------------------- blocking


def blocking_keys(record: LeadRecord | MatchKeys, region: str | None = "ES") -> set[str]:
    """Candidate-lookup keys of ONE record, each "kind:value".

    Two records are compared only if they share a key. The store indexes
    these in a table column so that finding candidates for a new lead is one
    indexed query whatever the size of the store. Kinds: "e" email key, "p"
    E.164 phone, "id" national id (the exact keys, to look up first), "p7"
    last seven phone digits, "a" street number and postcode, and phonetic name
    keys combined with company ("sc"), postcode ("sp", "gp") or date of birth
    ("d"); "gs" is the name alone. Role inboxes are not keys: they would gather a whole company's
    staff into one block.
    """
    keys = record if isinstance(record, MatchKeys) else match_keys(record, region)
    out: set[str] = set()
    if keys.email and not keys.email_role:
        out.add(f"e:{keys.email}")
    if keys.phone:
        out.add(f"p:{keys.phone}")
    if keys.phone7:
        out.add(f"p7:{keys.phone7}")
    if keys.national_id:
        out.add(f"id:{keys.national_id}")
    out |= _name_blocking_keys(keys)
    return out


def _name_blocking_keys(keys: MatchKeys) -> set[str]:
    """Phonetic name keys combined with something else that narrows the block.

    Surname codes are taken for up to two surnames, so "García López" and
    "López" meet; the given/surname pair is sorted so that swapped fields meet.
    """
    out: set[str] = set()
    given_code = _phonetic(keys.given)
    initial = keys.given[:1]
    for code in {_phonetic(s) for s in keys.surnames[:2]}:
        if keys.company:
            out.add(f"sc:{code}:{keys.company}")
        if keys.postcode:
            out.add(f"sp:{code}:{keys.postcode}")
        if keys.given:
            out.add("gs:" + ":".join(sorted((given_code, code))))
    if keys.given and keys.postcode:
        out.add(f"gp:{given_code}:{keys.postcode}")
    if keys.dob:
        for letter in {initial, *(s[:1] for s in keys.surnames[:2])} - {""}:
            out.add(f"d:{keys.dob}:{letter}")
    if keys.company and keys.given and not keys.surnames:
        out.add(f"cg:{keys.company}:{given_code}")
    if keys.street_number and (keys.postcode or keys.city):
        # one building: catches duplicates whose names are too mangled to block on
        out.add(f"a:{keys.street_number}:{keys.postcode or keys.city}")
    return out


def _phonetic(word: str) -> str:
    """Soundex code: robust to vowel and double-letter typos ("Smith" and "Smyth" meet)."""
    return jellyfish.soundex(word) if word and word[0].isalpha() else word


# ---------------------------------------------------------------- evidence weights
# In bits (log2 likelihood ratios). Hand-set from usual m/u probabilities of
# each field; one table so that every rule lives in one place.

PRIOR_BITS = -13.5
WEIGHTS: dict[str, dict[str, float]] = {
    "given": {"exact": 5.0, "nickname": 3.5, "similar": 3.0, "initial": 1.0, "different": -5.0},
    "surname": {"exact": 6.0, "partial": 4.5, "similar": 3.5, "weak": 1.0, "different": -5.0},
    "suffix": {"different": -4.0},
    "email": {"exact": 18.0, "generic": 2.5, "different": -0.5},
    "phone": {"exact": 12.5, "suffix": 3.0, "generic": 2.0, "different": -1.0},
    "company": {"exact": 4.5, "similar": 3.0, "different": -1.0},
    "organisation": {"exact": 11.0, "similar": 7.0, "different": -6.0},
    "city": {"exact": 1.5, "similar": 1.0, "different": -0.5},
    "postcode": {"exact": 3.0, "similar": 0.0, "different": -1.0},
    "address": {"exact": 7.0, "similar": 4.0, "different": -1.5},
    "dob": {"exact": 9.0, "similar": 3.0, "different": -5.0},
    "national_id": {"exact": 14.0, "similar": 5.0, "different": -3.0},
}
NAME_FIELDS = frozenset({"given", "surname", "suffix"})
# Least evidence outside the name for an automatic merge: names alone never merge.
MIN_NON_NAME_BITS = 3.0
# Evidence that identifies one person rather than a household: a phone, an
# address, a surname and even an email address can be shared by a family, so
# when the given names clearly differ only one of these justifies an
# automatic merge (a clerk's typo can replace a whole given name).
PERSONAL_FIELDS = frozenset({"dob", "national_id"})
UNSURE_GIVEN_LEVELS = frozenset({"different"})


@dataclass(frozen=True)
class MatchScore:
    """Result of comparing two leads.

    ``parts`` maps each field to ``(level, bits)``: the agreement level seen
    ("exact", "similar", "different"...) and its weight, for the "why"
    display. ``score`` is in 0..1.
    """

    score: float
    decision: Decision
    parts: dict[str, tuple[str, float]]

    @property
    def bits(self) -> float:
        return PRIOR_BITS + sum(bits for _, bits in self.parts.values())


class GenericKeys:
    """Email and phone keys that identify no single person.

    A key (an email key, an E.164 phone or a phone's last seven digits) is
    generic when more than ``max_names`` distinct names use it (a
    switchboard, a shared office line); role inboxes are generic by
    definition (``is_role_email``) and need not be listed.
    Batch mode builds it from the data with ``from_keys``; ingest can build it
    from a count of distinct names per key in the store.
    """

    def __init__(self, keys: Container[str] = frozenset()) -> None:
        self._keys = keys

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    @classmethod
    def from_keys(cls, all_keys: Iterable[MatchKeys], max_names: int = 4) -> GenericKeys:
        """Count distinct name signatures per contact value over a batch."""
        names: dict[str, set[str]] = {}
        for keys in all_keys:
            if keys.has_name:
                for contact in contact_values(keys):
                    names.setdefault(contact, set()).add(keys.name_signature)
        return cls(frozenset(k for k, sigs in names.items() if len(sigs) > max_names))


def contact_values(keys: MatchKeys) -> tuple[str, ...]:
    """The values whose sharing ``GenericKeys`` counts: email key, E.164 phone, last seven digits.

    Ingest keeps, per value, the number of distinct ``MatchKeys.name_signature``
    seen in the store (a small counter table) and builds ``GenericKeys`` from
    the values above the limit.
    """
    return tuple(v for v in (keys.email, keys.phone, keys.phone7) if v)


NO_GENERIC_KEYS = GenericKeys()


def score_pair(
    a: LeadRecord | MatchKeys,
    b: LeadRecord | MatchKeys,
    thresholds: Thresholds | None = None,
    *,
    generic: GenericKeys = NO_GENERIC_KEYS,
    region: str | None = "ES",
) -> MatchScore:
    """Compare two leads and decide "same", "review" or "distinct", with the reasons."""
    ka = a if isinstance(a, MatchKeys) else match_keys(a, region)
    kb = b if isinstance(b, MatchKeys) else match_keys(b, region)
    parts = compare_keys(ka, kb, generic)
    bits = PRIOR_BITS + sum(v for _, v in parts.values())
    score = 1.0 / (1.0 + 2.0 ** (-bits))
    decision = (thresholds or DEFAULT_THRESHOLDS).decide(score)
    if decision == "same" and not _may_merge(parts):
        decision = "review"
    return MatchScore(round(score, 6), decision, parts)


def _may_merge(parts: dict[str, tuple[str, float]]) -> bool:
    """Veto automatic merges that rest on names alone or on household evidence alone."""
    non_name_bits = sum(v for f, (_, v) in parts.items() if f not in NAME_FIELDS and v > 0)
    if non_name_bits < MIN_NON_NAME_BITS:
        return False
    if parts.get("given", ("", 0.0))[0] in UNSURE_GIVEN_LEVELS:
        return any(parts.get(f, ("", 0.0))[0] == "exact" for f in PERSONAL_FIELDS)
    return True


def compare_keys(
    a: MatchKeys, b: MatchKeys, generic: GenericKeys = NO_GENERIC_KEYS
) -> dict[str, tuple[str, float]]:
    """Per-field agreement levels and their weights; fields missing on either side are absent."""
    levels: dict[str, str] = {}
    levels.update(_compare_names(a, b))
    _put(levels, "email", _compare_contact(a.email, b.email, a.email_role or a.email in generic))
    _put(levels, "phone", _compare_phone(a, b, generic))
    # Without a person's name on either side the company is the entity itself
    # (a business lead, a shop): its name then weighs like a person's name.
    company_field = "company" if a.has_name or b.has_name else "organisation"
    _put(levels, company_field, _compare_company(a.company, b.company))
    _put(levels, "city", _compare_strings(a.city, b.city, similar=0.9))
    # One digit off is a typo or the next district: no evidence either way.
    _put(levels, "postcode", _compare_code(a.postcode, b.postcode))
    _put(levels, "address", _compare_address(a, b))
    _put(levels, "dob", _compare_code(a.dob, b.dob))
    _put(levels, "national_id", _compare_code(a.national_id, b.national_id))
    return {f: (level, WEIGHTS[f][level]) for f, level in levels.items()}


def _put(levels: dict[str, str], name: str, level: str | None) -> None:
    if level is not None:
        levels[name] = level


def _jw(x: str, y: str) -> float:
    return JaroWinkler.normalized_similarity(x, y)


def _ratio(x: str, y: str) -> float:
    return Levenshtein.normalized_similarity(x, y)


# ---------------------------------------------------------------- names


def _compare_names(a: MatchKeys, b: MatchKeys) -> dict[str, str]:
    """Compare given names and surnames, also crosswise (given and surname swapped)."""
    straight = _name_levels(a.given, a.surnames, b.given, b.surnames)
    unsure = straight.get("given") in (None, "different", "initial")
    if unsure and a.given and b.given and a.surnames and b.surnames:
        swapped = _name_levels(a.given, a.surnames, b.surnames[0], (b.given, *b.surnames[1:]))
        # A swap explains the pair only if both halves then agree; otherwise
        # "Santiago Santiago" would match any Santiago by given name.
        if "different" not in swapped.values() and _level_bits(swapped) > _level_bits(straight):
            straight = swapped
    if a.suffix and b.suffix and a.suffix != b.suffix:
        straight["suffix"] = "different"
    return straight


def _level_bits(levels: dict[str, str]) -> float:
    return sum(WEIGHTS[f][lvl] for f, lvl in levels.items())


def _name_levels(ga: str, sa: tuple[str, ...], gb: str, sb: tuple[str, ...]) -> dict[str, str]:
    levels: dict[str, str] = {}
    if ga and gb:
        levels["given"] = _given_level(ga, gb)
    if sa and sb:
        levels["surname"] = _surname_level(sa, sb)
    return levels


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


def _one_edit(a: str, b: str) -> bool:
    """One typo (insertion, deletion, substitution or swap) in a word of four letters or more."""
    return min(len(a), len(b)) >= 4 and OSA.distance(a, b, score_cutoff=1) <= 1


def _digits_differ(a: str, b: str) -> bool:
    """Names carrying different numbers ("Lead7", "Lead8") are machine-made and different."""
    return [c for c in a if c.isdigit()] != [c for c in b if c.isdigit()]


def _surname_level(a: tuple[str, ...], b: tuple[str, ...]) -> str:
    """Surnames as sets: Spanish two-surname and one-surname forms of a name meet."""
    if a == b or sorted(a) == sorted(b):
        return "exact"
    if set(a) & set(b):
        return "partial"
    joined_a, joined_b = "".join(a), "".join(b)
    if _digits_differ(joined_a, joined_b):
        return "different"
    best = max(_jw(x, y) for x in a for y in b)
    best = max(best, _jw(joined_a, joined_b))
    if best >= 0.9 or any(_one_edit(x, y) for x in a for y in b):
        return "similar"
    if best >= 0.8:
        return "weak"
    return "different"


# ---------------------------------------------------------------- other fields


def _compare_contact(a: str, b: str, is_generic: bool) -> str | None:
    if not a or not b:
        return None
    if a == b:
        return "generic" if is_generic else "exact"
    return "different"


def _compare_phone(a: MatchKeys, b: MatchKeys, generic: GenericKeys) -> str | None:
    shared = a.phone7 in generic or a.phone in generic or b.phone in generic
    if (a.phone and a.phone == b.phone) or (a.phone9 and a.phone9 == b.phone9):
        # nine equal national digits are the same line even when one side lacks the country code
        return "generic" if shared else "exact"
    if a.phone7 and b.phone7 and a.phone7 == b.phone7:
        return "generic" if shared else "suffix"
    if (a.phone or a.phone7) and (b.phone or b.phone7):
        return "different"
    return None


def _compare_company(a: str, b: str) -> str | None:
    """Company keys: near-equal, or one extends the other ("artsdeli"/"artsdelicatessen")."""
    if not a or not b:
        return None
    if a == b:
        return "exact"
    short, long_ = sorted((a, b), key=len)
    if _ratio(a, b) >= 0.9 or (len(short) >= 5 and long_.startswith(short)):
        return "similar"
    return "different"


def _compare_strings(a: str, b: str, similar: float, scorer=_jw) -> str | None:
    if not a or not b:
        return None
    if a == b:
        return "exact"
    return "similar" if scorer(a, b) >= similar else "different"


def _compare_address(a: MatchKeys, b: MatchKeys) -> str | None:
    if not a.address or not b.address:
        return None
    if a.street_number and b.street_number and a.street_number != b.street_number:
        return "different"
    if a.address == b.address:
        return "exact"
    similarity = max(token_sort_ratio(a.address, b.address), token_set_ratio(a.address, b.address)) / 100
    if similarity >= 0.9:
        return "exact" if similarity >= 0.97 else "similar"
    return "similar" if similarity >= 0.8 else "different"


def _compare_code(a: str, b: str) -> str | None:
    """Dates and identifiers: one typo or a swapped pair of digits is "similar"."""
    if not a or not b:
        return None
    if a == b:
        return "exact"
    return "similar" if codes_agree(a, b) else "different"


def codes_agree(a: str, b: str) -> bool:
    """Equal, or one typo apart: one changed character, two adjacent ones swapped,
    or (for YYYYMMDD dates) day and month swapped. Shared with clustering's
    consistency guard so both use one rule."""
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


def best_match(
    record: LeadRecord | MatchKeys,
    candidates: Iterable[tuple[Any, LeadRecord | MatchKeys]],
    thresholds: Thresholds | None = None,
    *,
    generic: GenericKeys = NO_GENERIC_KEYS,
    region: str | None = "ES",
) -> tuple[Any, MatchScore] | None:
    """Ingest helper: the best (candidate id, score) for a new lead, or None if all are "distinct".

    ``candidates`` are the stored leads sharing at least one of the new
    lead's ``blocking_keys`` (at most ``MAX_CANDIDATES_PER_KEY`` rows per key,
    so the cost per lead stays flat however large the store grows). Ties go to
    the earliest candidate, so the choice is deterministic for a given order.
    """
    keys = record if isinstance(record, MatchKeys) else match_keys(record, region)
    best: tuple[Any, MatchScore] | None = None
    for candidate_id, candidate in candidates:
        result = score_pair(keys, candidate, thresholds, generic=generic, region=region)
        if result.decision != "distinct" and (best is None or result.score > best[1].score):
            best = (candidate_id, result)
    return best


# Rows an ingest look-up should read per blocking key; a key with more rows is
# as common as a name (batch mode windows such blocks) and adds little.
MAX_CANDIDATES_PER_KEY = 40
