"""Blocking: which records are compared at all, so that matching scales.

Comparing every pair of n records costs n² comparisons; blocking compares only
records that share a *key* (the same email, the same local phone number, the
same house number in the same postcode, phonetically similar names in the same
postcode, a firm's acronym...). Several rules are united, so a duplicate that
differs in one field is still found through another. A key shared by too many
records (a switchboard, info@, "García") would glue thousands together: batch
mode compares such a block only within a sliding window of similar records,
ingest reads at most ``MAX_CANDIDATES_PER_KEY`` stored leads per key, and a
contact shared by many different names is left out (``GenericKeys``).
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

import jellyfish

from store.normalize import CompanyName
from store.record_keys import LeadRecord, MatchKeys, match_keys


class GenericKeys:
    """Email and phone keys that identify no single person.

    A key (an email key, an E.164 phone or a phone's last seven digits) is
    generic when more than ``max_names`` distinct names use it (a
    switchboard, a shared office line, a group's number on all its firms); role inboxes are generic by
    definition (``is_role_email``) and need not be listed.
    Batch mode builds it from the data with ``from_keys``; ingest from a count
    of distinct names per key in the store.
    """

    def __init__(self, keys: Container[str] = frozenset()) -> None:
        self._keys = keys

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    @classmethod
    def from_keys(cls, all_keys: Iterable[MatchKeys], max_names: int = 4) -> GenericKeys:
        """Count distinct names (a person's, or a firm's for records naming no person) per contact value."""
        names: dict[str, set[str]] = {}
        for keys in all_keys:
            identity = keys.name_signature if keys.has_name else _firm_signature(keys.company)
            if identity:
                for contact in contact_values(keys):
                    names.setdefault(contact, set()).add(identity)
        return cls(frozenset(k for k, sigs in names.items() if len(sigs) > max_names))


def _firm_signature(company: CompanyName) -> str:
    """Coarse identity of a firm, like ``MatchKeys.name_signature`` for people: spellings of one name share it."""
    words = company.distinctive or company.words
    return f"firm:{words[0][:4]}" if words else ""


def contact_values(keys: MatchKeys) -> tuple[str, ...]:
    """The values whose sharing ``GenericKeys`` counts: email key, E.164 phone, last seven digits."""
    return tuple(v for v in (keys.email, keys.phone, keys.phone7) if v)


NO_GENERIC_KEYS = GenericKeys()


# ---------------------------------------------------------------- blocking

# Rows an ingest look-up reads per blocking key; a key with more rows is as
# common as a name (batch mode windows such blocks) and adds little.
MAX_CANDIDATES_PER_KEY = 40
# Kinds of key that hold a contact or an identifier: the rest are built on names, places or firms.
CONTACT_KEY_KINDS = ("e", "p", "p7", "id")


def blocking_keys(record: LeadRecord | MatchKeys, region: str | None = "ES") -> set[str]:
    """Candidate-lookup keys of ONE record, each "kind:value".

    Two records are compared only if they share a key. Kinds: "e" email key,
    "p" E.164 phone, "p7" last seven phone digits (local numbers written
    without an area code), "id" national id; "a" house number and postcode,
    "as" house number and the street's first letters; phonetic name keys
    combined with company ("sc"), postcode ("sp", "gp")
    or date of birth ("d"); "gs" is the name alone; for records without a
    person's name, the firm: "c" its key, "ci" its acronym, "cw" each
    distinctive word ("ck", "ce", "cs": the key's first and last letters, the
    sounds of its words). Role inboxes are not keys: they would gather a whole
    company's staff into one block.
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
    out |= _address_blocking_keys(keys)
    out |= _name_blocking_keys(keys)
    if not keys.has_name:
        out |= firm_keys(keys.company)
    return out


def _address_blocking_keys(keys: MatchKeys) -> set[str]:
    """One building: catches duplicates whose names are too mangled (or absent) to block on.

    "a": house number and postcode (or town); "as": house number, the street's first
    letters and the town's initial, for a postcode written wrong or not at all.
    """
    number, out = keys.address.number, set()
    if number and (keys.postcode or keys.city):
        out.add(f"a:{number}:{keys.postcode or keys.city}")
    core = "".join(keys.address.core)
    if number and len(core) >= 3:
        out.add(f"as:{number}:{core[:4]}:{keys.city[:1]}")
    return out


def _name_blocking_keys(keys: MatchKeys) -> set[str]:
    """Phonetic name keys combined with something else that narrows the block.

    Surname codes are taken for up to two surnames, so "García López" and
    "López" meet; the given/surname pair is sorted so that swapped fields meet.
    """
    out: set[str] = set()
    given_code = _phonetic(keys.given)
    company = keys.company.key
    for code in {_phonetic(s) for s in keys.surnames[:2]} or ({given_code} if given_code else set()):
        if company:
            out.add(f"sc:{code}:{company}")
        if keys.postcode:
            out.add(f"sp:{code}:{keys.postcode}")
        if keys.given and keys.surnames:
            out.add("gs:" + ":".join(sorted((given_code, code))))
    if keys.given and keys.postcode:
        out.add(f"gp:{given_code}:{keys.postcode}")
    if keys.dob:
        for letter in {keys.given[:1], *(s[:1] for s in keys.surnames[:2])} - {""}:
            out.add(f"d:{keys.dob}:{letter}")
    if company and keys.given and not keys.surnames:
        out.add(f"cg:{company}:{given_code}")
    return out


def firm_keys(company: CompanyName) -> set[str]:
    """A firm's name: its key, the key's first and last letters (one typo cannot spoil both), the sounds
    of its words in any order, its acronym, and each distinctive word. Records naming no person block on
    these, and so do the store's companies (``company_match_keys``)."""
    if not company.words:
        return set()
    out = {f"c:{company.key}"}
    if len(company.key) >= 8:
        out |= {f"ck:{company.key[:6]}", f"ce:{company.key[-6:]}"}
    sounds = sorted({_phonetic(w) for w in company.words if w.isalpha()})
    if sounds:
        out.add("cs:" + "".join(sounds))
    acronym = company.key if len(company.words) == 1 and 2 <= len(company.key) <= 5 else company.initials
    if len(acronym) >= 2:
        out.add(f"ci:{acronym}")
    out |= {f"cw:{word}" for word in company.distinctive if len(word) >= 4}
    return out


def _phonetic(word: str) -> str:
    """Soundex code: robust to vowel and double-letter typos ("Smith" and "Smyth" meet)."""
    return jellyfish.soundex(word) if word and word[0].isalpha() else word


# ---------------------------------------------------------------- pairs of a batch


@dataclass(frozen=True)
class BlockLimits:
    """Largest blocks compared in full; larger ones are compared within a sliding window."""

    max_block: int = 40
    window: int = 8
    max_name_block: int = 10  # the same for blocks on a name or a word alone, which grow with common ones
    name_window: int = 3


DEFAULT_LIMITS = BlockLimits()
# Blocks keyed on a name, a firm's name or a street alone grow with the commonest
# names (García, José), words ("Solutions") and streets ("12 High Street" in every
# town): they only catch duplicates whose other fields all differ slightly, so they
# get a tighter cap and window.
NAME_ONLY_BLOCK_PREFIXES = ("gs:", "as:", "cw:", "ci:", "ck:", "ce:", "cs:")


def candidate_pairs(
    keys: Sequence[MatchKeys], generic: Container[str] = frozenset(), limits: BlockLimits = DEFAULT_LIMITS
) -> set[tuple[int, int]]:
    """Index pairs (i < j) sharing a blocking key, with oversized blocks windowed."""
    blocks: dict[str, list[int]] = {}
    for index, record_keys in enumerate(keys):
        if record_keys.is_empty:
            continue
        for block in blocking_keys(record_keys):
            if not _is_generic_block(block, generic):
                blocks.setdefault(block, []).append(index)
    pairs: set[tuple[int, int]] = set()
    for block, members in blocks.items():
        if len(members) < 2:
            continue
        name_only = block.startswith(NAME_ONLY_BLOCK_PREFIXES)
        limit = limits.max_name_block if name_only else limits.max_block
        if len(members) <= limit:
            pairs.update(combinations(members, 2))
        else:
            pairs.update(_windowed_pairs(members, keys, limits.name_window if name_only else limits.window))
    return pairs


def _is_generic_block(block: str, generic: Container[str]) -> bool:
    kind, _, value = block.partition(":")
    return kind in {"e", "p", "p7"} and value in generic


def _windowed_pairs(members: list[int], keys: Sequence[MatchKeys], window: int) -> set[tuple[int, int]]:
    """Sorted neighbourhood: compare each record with the next ``window`` ones in name order."""
    def order(i: int) -> tuple:
        return (keys[i].surname, keys[i].given, keys[i].company.key, keys[i].postcode, keys[i].city, i)

    ordered = sorted(members, key=order)
    pairs: set[tuple[int, int]] = set()
    for position, i in enumerate(ordered):
        for j in ordered[position + 1 : position + 1 + window]:
            pairs.add((min(i, j), max(i, j)))
    return pairs
