"""``captura extract``: one text on standard input, the extraction as JSON on standard output."""

from __future__ import annotations

import json
import sys

import click

from nlp.extractor import MAX_INPUT_CHARS, extract
from nlp.findings import ExtractionInputTooLarge
from nlp.lang import SUPPORTED_LANGUAGES
from nlp.models import ModelNotInstalled


@click.command("extract")
@click.option("--lang", type=click.Choice(SUPPORTED_LANGUAGES), default=None, help="Language; detected when omitted.")
@click.option("--region", default=None, help="Country for numbers without +, e.g. ES.")
def extract_command(lang: str | None, region: str | None) -> None:
    """Read a chat, transcript or form text on stdin and print the prospect's data as JSON."""
    raw = sys.stdin.buffer.read(MAX_INPUT_CHARS * 4 + 1)
    text = raw.decode("utf-8", errors="replace")
    try:
        result = extract(text, lang=lang, region=region)
    except ExtractionInputTooLarge as error:
        raise click.ClickException(f"{error} Split the text or send a shorter excerpt.") from error
    except ModelNotInstalled as error:
        raise click.ClickException(str(error)) from error
    found = result.to_dict()
    found["zip"] = found["postcode"]  # the name scorers, CRMs and Mailchimp give the same value
    click.echo(json.dumps(found, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    extract_command()
