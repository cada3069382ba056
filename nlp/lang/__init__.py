"""Language knowledge as data: one folder per language, compiled once.

Each ``nlp/lang/<code>/tables.py`` holds one language's plain tables (word lists, cue
phrases, question forms, number words, legal forms …); nothing else in ``nlp`` spells
out words of a language. This registry finds the folders, checks that each defines
the required tables, and builds what the finders match with: a regex per cue kind and
a frozenset per word table.

Matching is mostly language-blind, as it always was: a Spanish text that says "my name
is" is read like an English one. So a cue kind or word table compiles to the UNION of
every language's entries (languages in folder-name order, duplicates dropped); the
per-language tables (``tables_of``) serve what depends on the conversation's language
(detection, usual phone regions, the spaCy model). Adding a language is adding a folder.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

LANGUAGE_ROOT = Path(__file__).parent
TABLES_FILE = "tables.py"

# Every language defines these, non-empty.
REQUIRED_TABLES = (
    # speakers, fields, forms of address
    "AGENT_LABELS", "PROSPECT_LABELS", "FIELD_LABELS", "TITLES", "ABBREVIATIONS",
    # small words
    "STOP_WORDS", "FILLERS", "HESITATIONS", "YES_WORDS", "NO_WORDS", "NEGATIONS", "POSSESSIVES",
    # names
    "NAME_PARTICLES", "FIRST_NAMES", "NON_NAMES", "THIRD_PARTY_WORDS", "STAFF_ROLES", "RELATIVES",
    "ANSWER_PREAMBLE", "SIGNATURE_PREAMBLE", "CORRECTION_LEAD_IN",
    # work
    "JOB_TITLE_HEADS", "DEPARTMENTS", "TITLE_ARTICLES", "TITLE_CONNECTORS", "BUSINESS_NOUNS", "COMPANY_WORDS",
    "GENERIC_COMPANY_NOUNS", "LEGAL_FORMS", "SPOKEN_LEGAL_FORMS", "COMPANY_ARTICLES", "INDEFINITE_ARTICLES",
    "COMPANY_CONNECTORS", "NAMING_CUES", "DOMAIN_FILLER", "DEPARTMENT_OF", "WEAK_COMPANY_CUES",
    # places
    "CITIES", "COUNTRIES", "COUNTRY_REGIONS", "USUAL_REGIONS", "WORDLIKE_TOWNS", "REGION_QUALIFIERS",
    "STREET_WORDS", "ROUTE_FROM", "ROUTE_TO", "WEAK_CITY_CUES", "BARE_PREPOSITIONS", "RESIDENCE_CUES",
    "ALTERNATIVE_WORDS", "ALTERNATIVE_PREPOSITIONS",
    # interest, calls, mail
    "GENERIC_INTEREST_CUES", "VAGUE_WORDS", "DANGLING_WORDS", "ACKNOWLEDGEMENTS", "SHARED_INBOXES", "MAIL_HEADERS",
    # spoken numbers, letters, e-mails
    "NUMBER_WORDS", "PLUS_WORDS", "NUMBER_AND", "SPELLING_ALPHABET", "EMAIL_AT", "SPOKEN_DOT", "EMAIL_CONNECTORS",
    "EMAIL_BOUNDARY",
    # detection and model
    "DETECTION_WORDS", "SPACY_MODEL",
    # the reader's word classes and bare answers, spelling
    "ORGANISATION_HEADS", "MONTHS", "ANSWER_STOPS", "SPELLING_CONNECTORS",
    # cue phrases
    "PATTERN_PARTS", "QUESTIONS", "CUES",
)
# A language may leave these out: refinements, or what only some languages have.
OPTIONAL_TABLES = (
    "REPLY_WORDS", "LETTER_NAMES", "SPOKEN_AT", "ONE_WORD_MARKERS", "TRADE_WORDS", "LEGAL_FORMS_ALSO_WORDS",
    "NOT_A_WORKPLACE_BEFORE_AT", "BUSINESS_NAME_WORDS", "PLACE_ADVERBS", "VERB_ENDINGS_ENDING_A_NAME",
    "ONE_LETTER_WORDS", "CITY_CONNECTORS", "SHORT_STREET_WORDS", "DETECTION_MARKS", "DETECTION_IGNORES_ACCENTS",
    "SPOKEN_LETTERS", "LETTER_HOMOPHONES", "SPOKEN_DIGITS", "UNSURE_DIGITS",
)
# Cue kinds (keys of CUES) every language defines; the finders read them all.
REQUIRED_CUES = (
    "consent_question", "marketing_question", "agent_greeting", "asks_prospect", "name_strong", "surname_field",
    "name_weak", "name_bare", "company", "city", "settled_in", "travel", "job", "interest", "clause_break",
    "opt_out", "service_matter", "correction", "agent_own", "number_negative", "email", "phone", "postcode", "mobile",
    "currency", "someone_elses_name_question", "agent_company", "read_back", "agreement", "greeting_before_a_name",
    "turn_yield", "giving", "run_on_question", "greeting_end", "positive_despite_negation", "negative",
    "positive", "volunteered_refusal", "volunteered_consent",
)
OPTIONAL_CUES = ("business_name_question", "spelled_domain_end")
QUESTION_FIELDS = ("name", "surname", "email", "phone", "company", "city", "job_title", "postcode")
NUMBER_KINDS = ("units", "teens", "tens", "twenties", "hundreds", "multipliers", "repeats")
MAIL_HEADER_KINDS = ("sender", "recipient", "copy", "subject", "other", "ruler")
# Tables kept as written (not folded words): patterns, accents that detection counts, codes and names.
UNFOLDED_TABLES = frozenset(
    {"CUES", "QUESTIONS", "PATTERN_PARTS", "MAIL_HEADERS", "DETECTION_WORDS", "DETECTION_MARKS",
     "DETECTION_IGNORES_ACCENTS", "SPACY_MODEL", "USUAL_REGIONS"}
)

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


class LanguageTablesError(ValueError):
    """A language folder's tables are incomplete or malformed; the message names the folder and the tables."""


def entries(value: str | Iterable[str]) -> list[str]:
    """A table's entries: a string is a whitespace-separated word list, a list holds phrases."""
    return value.split() if isinstance(value, str) else list(value)


def problems(tables: dict[str, Any]) -> list[str]:
    """What is wrong with one language's tables: missing or empty required tables, unknown names."""
    found = [f"missing or empty table {name}" for name in REQUIRED_TABLES if not tables.get(name)]
    found += [f"unknown table {name}" for name in tables if name not in REQUIRED_TABLES + OPTIONAL_TABLES]
    cues = tables.get("CUES", {})
    found += [f"missing or empty cue kind {kind}" for kind in REQUIRED_CUES if not cues.get(kind)]
    found += [f"unknown cue kind {kind}" for kind in cues if kind not in REQUIRED_CUES + OPTIONAL_CUES]
    found += [f"missing question form for {field}" for field in QUESTION_FIELDS
              if not tables.get("QUESTIONS", {}).get(field)]
    found += [f"unknown number kind {kind}" for kind in tables.get("NUMBER_WORDS", {}) if kind not in NUMBER_KINDS]
    found += [f"unknown mail header kind {kind}" for kind in tables.get("MAIL_HEADERS", {})
              if kind not in MAIL_HEADER_KINDS]
    return found


@dataclass(frozen=True, eq=False)
class Registry:
    """Every language's tables, by language code, and the union views the finders match with."""

    tables: dict[str, dict[str, Any]]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.tables)

    def tables_of(self, code: str) -> dict[str, Any]:
        return self.tables[code]

    def union(self, name: str) -> list[str]:
        """Every language's entries of a word or phrase table, in language order, each once."""
        merged = (entry for tables in self.tables.values() for entry in entries(tables.get(name, ())))
        return list(dict.fromkeys(merged))

    def words(self, name: str) -> frozenset[str]:
        return frozenset(self.union(name))

    def mapping(self, name: str, kind: str | None = None) -> dict[str, Any]:
        """Every language's entries of a dict table (or of its ``kind`` sub-table); the first language wins."""
        merged: dict[str, Any] = {}
        for tables in self.tables.values():
            table = tables.get(name, {})
            for key, value in (table.get(kind, {}) if kind else table).items():
                merged.setdefault(key, value)
        return merged

    def phrases(self, kind: str, section: str = "CUES") -> list[str]:
        """The phrase patterns of a cue kind (or of a ``section`` such as a question field), placeholders filled."""
        merged = (
            self._filled(phrase, code)
            for code, tables in self.tables.items()
            for phrase in tables.get(section, {}).get(kind, ())
        )
        return list(dict.fromkeys(merged))

    def alternation(self, kind: str, section: str = "CUES") -> str:
        """ "(?:a|b|c)" for a cue kind: to build a pattern whose frame is not the usual word boundaries.

        A kind no language defines (an optional one) never matches, rather than matching everywhere.
        """
        return _either(self.phrases(kind, section))

    def cue(self, kind: str, section: str = "CUES", flags: int = 0) -> re.Pattern[str]:
        """The phrases of a cue kind as whole words: "de" matches in "soy de", not in "desde"."""
        return re.compile(r"(?<!\w)" + self.alternation(kind, section) + r"(?!\w)", flags)

    def kinds(self, section: str = "CUES") -> list[str]:
        """The kinds of a section of phrase lists (CUES, QUESTIONS, MAIL_HEADERS) any language defines."""
        return list(dict.fromkeys(kind for tables in self.tables.values() for kind in tables.get(section, {})))

    def _filled(self, phrase: str, code: str) -> str:
        """``{name}``: this language's PATTERN_PARTS[name], else every language's word table NAME (sorted)."""
        parts = self.tables[code].get("PATTERN_PARTS", {})

        def part(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in parts:
                return _either(parts[name])
            words = self.union(name.upper())
            if not words:
                raise LanguageTablesError(f"{code}: no pattern part or word table for {{{name}}} in {phrase!r}")
            return _either(sorted(words))

        return _PLACEHOLDER.sub(part, phrase)


def _either(alternatives: list[str]) -> str:
    """ "(?:a|b)"; "(?!)", which never matches, when there is nothing to match."""
    return "(?:" + "|".join(alternatives) + ")" if alternatives else "(?!)"


def read_tables(path: Path) -> dict[str, Any]:
    """The tables a language file defines: ``NAME = <literal>`` only, read without running any code."""
    tables = {}
    for node in ast.parse(path.read_text(encoding="utf-8"), str(path)).body:
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # the docstring
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)):
            raise LanguageTablesError(f"{path}:{node.lineno}: only NAME = <literal> assignments belong here")
        try:
            tables[node.targets[0].id] = ast.literal_eval(node.value)
        except ValueError as error:
            raise LanguageTablesError(f"{path}:{node.lineno}: {node.targets[0].id} is not a plain table") from error
    return tables


def load(root: Path = LANGUAGE_ROOT) -> Registry:
    """Every ``<root>/<code>/tables.py``, checked; raises LanguageTablesError naming what a language lacks."""
    tables = {path.parent.name: read_tables(path) for path in sorted(root.glob(f"*/{TABLES_FILE}"))}
    if not tables:
        raise LanguageTablesError(f"no language folders under {root}")
    errors = [f"{code}: {problem}" for code, language in tables.items() for problem in problems(language)]
    if errors:
        raise LanguageTablesError("; ".join(errors))
    return Registry(tables)


LANGUAGES = load()
SUPPORTED_LANGUAGES = LANGUAGES.codes


@cache
def cue(kind: str, section: str = "CUES", flags: int = 0) -> re.Pattern[str]:
    """A cue kind of every language, compiled once per process."""
    return LANGUAGES.cue(kind, section, flags)


@cache
def words(name: str) -> frozenset[str]:
    """A word table of every language, built once per process."""
    return LANGUAGES.words(name)


def alternation(kind: str, section: str = "CUES") -> str:
    return LANGUAGES.alternation(kind, section)


def any_word(name: str) -> str:
    """ "(?:at|arroba)": a word table of every language as a regex alternative, to build a pattern with."""
    return _either(LANGUAGES.union(name))


def mapping(name: str, kind: str | None = None) -> dict[str, Any]:
    return LANGUAGES.mapping(name, kind)


def phrases(name: str) -> list[str]:
    """A phrase table (CITIES, COUNTRIES …) of every language, in order, each once."""
    return LANGUAGES.union(name)


def tables_of(code: str) -> dict[str, Any]:
    """One language's own tables, for what depends on the conversation's language."""
    return LANGUAGES.tables_of(code)
