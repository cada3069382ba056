"""Size limit, speed on big inputs, the CLI, model errors and a property test."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp import MAX_INPUT_CHARS, ExtractionInputTooLarge, extract, models
from nlp.cli import extract_command

ROOT = Path(__file__).resolve().parents[2]


def test_one_megabyte_is_refused_quickly() -> None:
    started = time.perf_counter()
    with pytest.raises(ExtractionInputTooLarge) as error:
        extract("a" * 1_000_000)
    assert time.perf_counter() - started < 0.5
    assert str(MAX_INPUT_CHARS) in str(error.value)


def test_input_just_below_the_limit_finishes() -> None:
    started = time.perf_counter()
    extract(("palabra " * (MAX_INPUT_CHARS // 8))[:MAX_INPUT_CHARS])
    extract("x" * MAX_INPUT_CHARS)
    assert time.perf_counter() - started < 20


def test_cli_prints_json() -> None:
    text = "Cliente: me llamo Ana Ruiz, mi móvil es el 612 345 678"
    result = CliRunner().invoke(extract_command, ["--lang", "es", "--region", "ES"], input=text)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["name"] == "Ana Ruiz"
    assert data["phone"] == "+34612345678"
    assert data["email"] is None


def test_cli_as_a_module_refuses_huge_input() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "nlp.cli"],
        input=b"x" * 1_000_000,
        capture_output=True,
        cwd=ROOT,
        timeout=60,
    )
    assert completed.returncode != 0
    assert b"limit" in completed.stderr


def test_cli_binary_junk() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "nlp.cli", "--lang", "en"],
        input=bytes(range(256)) * 20,
        capture_output=True,
        cwd=ROOT,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["email"] is None


def test_missing_model_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(models.MODEL_PACKAGES, "xx", ("no_such_model_pkg", "no-such-model-pkg"))
    with pytest.raises(models.ModelNotInstalled, match="pip install no-such-model-pkg"):
        models.pipeline("xx")


def test_models_load_once() -> None:
    assert models.pipeline("es") is models.pipeline("es")
    assert "parser" not in models.pipeline("en").pipe_names


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_extract_never_raises_on_arbitrary_text(text: str) -> None:
    result = extract(text)
    json.dumps(result.to_dict())


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Agente:",
                "Cliente:",
                "arroba",
                "punto",
                "seis",
                "doble",
                "me llamo",
                "S.L.",
                "at",
                "dot",
                "\n",
                "Juan",
                "612",
                "+34",
                "perdón",
                "¿",
                "Sí",
                "no",
                "😀",
                " ",
            ]
        ),
        max_size=60,
    )
)
def test_extract_never_raises_on_cue_soup(parts: list[str]) -> None:
    extract(" ".join(parts))


def test_concurrent_extraction_shares_one_model() -> None:
    from concurrent.futures import ThreadPoolExecutor

    texts = [
        f"Customer: Hi, this is Anna Kowalski from Initech Inc., call me on 617-555-01{n:02d}"
        for n in range(8)
    ]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(extract, texts))
    assert {result.name.value for result in results} == {"Anna Kowalski"}
    assert len({result.phone.value for result in results}) == 8


def test_a_runaway_word_is_skipped_quickly_and_spans_still_point_into_the_text() -> None:
    import nlp

    blob = "QUJD" * 40_000  # a pasted base64 attachment
    text = f"Hola, soy Ana García, mi correo es ana@ejemplo.es {blob} y mi teléfono 612 345 678"
    result = nlp.extract(text, lang="es", region="ES")  # (pytest-timeout is the guard against a hang)
    assert result.email is not None and text[result.email.start:result.email.end] == "ana@ejemplo.es"
    assert result.phone is not None and result.phone.value == "+34612345678"
    assert text[result.phone.start:result.phone.end] == "612 345 678"
