"""A lead record as the matcher reads it, folded once into comparison-ready keys.

``LeadRecord`` is what a batch line or a stored lead holds (every field may be
missing); ``match_keys`` folds it into ``MatchKeys``: names split into given name
and surnames, the company into its words and legal form, the address into number,
street, unit and postcode, contacts into their matching keys. Everything that
compares two records (``store.comparisons``) and every blocking key reads these,
so a record is folded once however many records it is compared with.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from store.addresses import AddressParts, parse_address
from store.normalize import (
    CompanyName,
    date_key,
    email_match_key,
    fold,
    identifier_key,
    is_role_email,
    parse_company,
    parse_person_name,
    phone_digits_suffix,
    phone_match_key,
    place_key,
)

# Field names of the JSON Lines records that may carry a national identifier.
NATIONAL_ID_FIELDS = ("national_id", "soc_sec_id", "ssn", "dni", "nif", "nie", "tax_id")
KNOWN_FIELDS = frozenset({"id", "name", "company", "email", "phone", "city", "address", "postcode",
                          "date_of_birth", "given_name", "surname", "national_id", *NATIONAL_ID_FIELDS})
# Longer values are cut for matching: no real name or address is this long,
# and a pasted essay must not make one comparison slow.
MAX_FIELD_LENGTH = 300


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
        fields = ("name", "company", "email", "phone", "city", "address", "postcode", "date_of_birth",
                  "given_name", "surname")
        values = {name: _text(data.get(name)) for name in fields}
        national_id = next((_text(data[k]) for k in NATIONAL_ID_FIELDS if _text(data.get(k))), None)
        extra = {k: v for k, v in data.items() if k not in KNOWN_FIELDS}
        return cls(id=data.get("id"), extra=extra, national_id=national_id, **values)


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    text = str(value).strip()[:MAX_FIELD_LENGTH]
    return text or None


NO_COMPANY = CompanyName()
NO_ADDRESS = AddressParts()


@dataclass(frozen=True)
class MatchKeys:
    """The folded, comparison-ready form of one record (computed once per record)."""

    given: str = ""
    surnames: tuple[str, ...] = ()
    suffix: str = ""
    company: CompanyName = NO_COMPANY
    email: str = ""
    email_role: bool = False
    phone: str = ""
    phone7: str = ""
    phone9: str = ""
    city: str = ""
    postcode: str = ""
    address: AddressParts = NO_ADDRESS
    dob: str = ""
    national_id: str = ""
    extra: tuple[tuple[str, str], ...] = ()

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
    def only_firm_name(self) -> bool:
        """The record holds a firm's name and nothing else (a register, a supplier list)."""
        return bool(self.company.words) and not any((
            self.has_name, self.email, self.phone, self.phone7, self.city, self.postcode, not self.address.is_empty,
            self.dob, self.national_id, self.extra))

    @property
    def is_empty(self) -> bool:
        return not any((self.has_name, self.company.words, self.email, self.phone, self.phone7, self.city,
                        self.postcode, not self.address.is_empty, self.dob, self.national_id))


def match_keys(record: LeadRecord, region: str | None = "ES") -> MatchKeys:
    """Fold one record into ``MatchKeys``; ``region`` is assumed for phones without "+"."""
    person = parse_person_name(record.name, given=record.given_name, surname=record.surname)
    given_folded, surnames_folded = person.given_folded, person.surnames_folded
    email = email_match_key(record.email)
    address = parse_address(record.address)
    return MatchKeys(
        given=given_folded[0].split()[0] if given_folded else "",
        surnames=tuple(w for s in surnames_folded for w in s.split()),
        suffix=place_key(person.suffix),
        company=parse_company(record.company),
        email=email,
        email_role=bool(email) and is_role_email(email),
        phone=phone_match_key(record.phone, region),
        phone7=phone_digits_suffix(record.phone),
        phone9=phone_digits_suffix(record.phone, 9),
        city=place_key(record.city),
        postcode=place_key(record.postcode).replace(" ", "") or address.postcode,
        address=address,
        dob=date_key(record.date_of_birth),
        national_id=identifier_key(record.national_id),
        extra=_extra_values(record.extra),
    )


def _extra_values(extra: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """Other keys of the record that hold a short scalar value, folded, in key order."""
    values = []
    for key in sorted(extra, key=str):
        text = _text(extra[key])
        if text is not None and not isinstance(extra[key], bool):
            values.append((str(key), fold(text)))
    return tuple(values)


def without_record_labels(keys: list[MatchKeys]) -> list[MatchKeys]:
    """Drop the extra keys that cannot tell entities apart: a key whose values never repeat labels the
    record (a row number, a source file's line), and one with a single value labels the whole batch.
    What is left (a state, a customer number shared by a person's records) counts as evidence."""
    values: dict[str, list[str]] = {}
    for record_keys in keys:
        for name, value in record_keys.extra:
            values.setdefault(name, []).append(value)
    useful = {name for name, seen in values.items() if 1 < len(set(seen)) <= MAX_DISTINCT_SHARE * len(seen)}
    if useful == set(values):
        return keys
    return [replace(k, extra=tuple(item for item in k.extra if item[0] in useful)) if k.extra else k for k in keys]


# Extra keys whose values are more distinct than this share of the records that give them are labels.
MAX_DISTINCT_SHARE = 0.9
