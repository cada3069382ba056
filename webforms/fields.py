"""WTForms fields built from the field register (``nlp.fields``): the form and the desk ask what it says.

A field added to the register appears on both with its label, its input type and its length limit;
the templates loop over the register's fields instead of naming them.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, StringField, TelField, TextAreaField
from wtforms.fields.core import UnboundField
from wtforms.validators import Length, Optional

from nlp.fields import Field

_TYPED_INPUTS = {"email": EmailField, "phone": TelField}


def form_field(field: Field, label: str, *, typed: bool = True) -> UnboundField:
    """An optional input for ``field`` (a text area for long text); ``typed`` uses email/tel inputs."""
    kind = TextAreaField if field.kind == "long_text" else (_TYPED_INPUTS.get(field.kind, StringField) if typed
                                                             else StringField)
    return kind(_l(label), validators=[Optional(), Length(max=field.max_length)])
