"""The form on someone else's page: ``/embed.js``, and which optional fields the form shows.

A company pastes ``<script src="https://captura.example/embed.js" data-lang="es"></script>``;
the script inserts an ``<iframe>`` of ``/form?embed=1`` (compact layout) and
grows it to the form's height. The browser shows the frame only on sites listed
in ``CAPTURA_FRAME_ANCESTORS`` (``webforms.security``). ``/form/config.json`` says which optional
fields are shown and which are required: from the JSON file named by
``CAPTURA_FORM_CONFIG``, else the defaults below. The server enforces the same
configuration; the JSON is for clients that build their own form.
"""

from __future__ import annotations

import json
from pathlib import Path

from flask import Blueprint, current_app, jsonify, send_from_directory
from pydantic import BaseModel, ConfigDict, Field

from nlp.fields import FORM_OPTIONAL
from webforms.auth import public

blueprint = Blueprint("embed", __name__)
CONFIG_KEY = "CAPTURA_FORM_CONFIG"
OPTIONAL_FIELDS = tuple(field.on_form for field in FORM_OPTIONAL)  # from the field register (nlp.fields)


class FieldRule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    show: bool = True
    required: bool = False


class FormConfig(BaseModel):
    """Which optional fields the form shows and requires (name, email and consent always are)."""

    model_config = ConfigDict(extra="forbid")

    fields: dict[str, FieldRule] = Field(default_factory=lambda: {
        field.on_form: FieldRule(show=field.form_default) for field in FORM_OPTIONAL})

    @classmethod
    def load(cls, path: str | None) -> FormConfig:
        """The file at ``path`` (missing fields keep their default), or the defaults."""
        if not path:
            return cls()
        given = cls.model_validate(json.loads(Path(path).read_text(encoding="utf-8")))
        unknown = set(given.fields) - set(OPTIONAL_FIELDS)
        if unknown:
            raise ValueError(f"{path}: unknown optional fields {sorted(unknown)}; known: {OPTIONAL_FIELDS}")
        return cls(fields={**cls().fields, **given.fields})

    def shown(self, name: str) -> bool:
        rule = self.fields.get(name)
        return rule is None or rule.show or rule.required

    def required(self, name: str) -> bool:
        rule = self.fields.get(name)
        return bool(rule and rule.required)


def form_config() -> FormConfig:
    return current_app.config[CONFIG_KEY]


@blueprint.get("/embed.js")
@public
def embed_script():  # type: ignore[no-untyped-def]
    response = send_from_directory(Path(current_app.static_folder or ""), "embed.js", max_age=300)
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@blueprint.get("/form/config.json")
@public
def config_json():  # type: ignore[no-untyped-def]
    response = jsonify(form_config().model_dump())
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
