"""Language knowledge as data (nlp/lang): every language complete, tables plain and folded, a new folder picked up."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from nlp import lang
from nlp.tokens import fold

LANGUAGE_FILES = sorted(lang.LANGUAGE_ROOT.glob(f"*/{lang.TABLES_FILE}"))


def test_spanish_and_english_are_registered():
    assert {"es", "en"} <= set(lang.SUPPORTED_LANGUAGES)


@pytest.mark.parametrize("code", lang.SUPPORTED_LANGUAGES)
def test_every_language_defines_every_required_table(code):
    tables = lang.tables_of(code)
    assert lang.problems(tables) == []
    for name in lang.REQUIRED_TABLES:
        assert tables.get(name), f"{code} lacks {name}"
    for kind in lang.REQUIRED_CUES:
        assert tables["CUES"].get(kind), f"{code} lacks the cue kind {kind}"
    for field in lang.QUESTION_FIELDS:
        assert tables["QUESTIONS"].get(field), f"{code} lacks question forms for {field}"


@pytest.mark.parametrize("code", lang.SUPPORTED_LANGUAGES)
def test_every_phrase_compiles(code):
    registry = lang.Registry({code: lang.tables_of(code)})
    for section in ("CUES", "QUESTIONS", "MAIL_HEADERS"):
        for kind in registry.kinds(section):
            assert isinstance(registry.cue(kind, section), re.Pattern)


def test_the_compiled_union_compiles():
    for section in ("CUES", "QUESTIONS", "MAIL_HEADERS"):
        for kind in lang.LANGUAGES.kinds(section):
            assert lang.cue(kind, section).pattern


@pytest.mark.parametrize("path", LANGUAGE_FILES, ids=lambda path: path.parent.name)
def test_tables_are_plain_literals(path):
    """A language file holds tables, not code: the registry reads it without running it."""
    assert lang.read_tables(path)


def test_code_in_a_language_file_is_refused(tmp_path: Path):
    tables = tmp_path / lang.TABLES_FILE
    tables.write_text('"""Not data."""\n\nimport os\nFILLERS = os.getcwd()\n', encoding="utf-8")

    with pytest.raises(lang.LanguageTablesError, match="only NAME = <literal>"):
        lang.read_tables(tables)


@pytest.mark.parametrize("code", lang.SUPPORTED_LANGUAGES)
def test_word_tables_are_folded(code):
    """Every rule matches folded text, so a word with an accent or a capital in a table would never match."""
    for name, table in lang.tables_of(code).items():
        if name in lang.UNFOLDED_TABLES:
            continue
        keys = table if not isinstance(table, dict) else [
            key for value in (table.values() if name == "NUMBER_WORDS" else [table]) for key in value
        ]
        unfolded = [entry for entry in lang.entries(keys) if fold(entry) != entry]
        assert not unfolded, f"{code}.{name}: {unfolded}"


def test_a_spanish_text_with_an_english_cue_still_matches():
    assert lang.cue("name_strong").search("hola buenas my name is ana")
    assert lang.cue("name_strong").search("hi there, me llamo ana")


def test_a_new_language_is_a_folder(tmp_path: Path):
    """A third language needs no code: copy a folder, and the registry reads it, checks it and unites it."""
    for path in LANGUAGE_FILES:
        shutil.copytree(path.parent, tmp_path / path.parent.name, ignore=shutil.ignore_patterns("__pycache__"))
    french = tmp_path / "fr"
    shutil.copytree(tmp_path / "en", french)
    tables = french / lang.TABLES_FILE
    text = tables.read_text(encoding="utf-8")
    tables.write_text(text.replace('r"my name is",', 'r"je m\'appelle", r"my name is",'), encoding="utf-8")

    registry = lang.load(tmp_path)

    assert registry.codes == ("en", "es", "fr")
    assert registry.cue("name_strong").search("bonjour je m'appelle ana")
    assert "je m'appelle" not in lang.LANGUAGES.phrases("name_strong")


def test_an_incomplete_language_is_refused(tmp_path: Path):
    folder = tmp_path / "xx"
    folder.mkdir()
    (folder / lang.TABLES_FILE).write_text('"""Almost nothing."""\n\nFILLERS = "euh"\n', encoding="utf-8")

    with pytest.raises(lang.LanguageTablesError, match="xx: missing or empty table CUES"):
        lang.load(tmp_path)


def test_a_cue_kind_no_language_defines_never_matches():
    registry = lang.Registry({"en": lang.tables_of("en")})  # only Spanish asks "¿su pollería cómo se llama?"

    assert not registry.cue("business_name_question").search("any text at all")
