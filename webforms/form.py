"""``/form``: the public lead form, with an explicit, unticked consent checkbox.

Each rendering carries a one-time token used as the submission's
idempotency key, so a double click or a browser retry gives one lead. A
hidden-by-CSS "website" field catches bots that fill every input: a filled
honeypot is refused with a generic message and nothing is stored. Which
optional fields are shown or required comes from ``webforms.embed``'s
configuration; ``?embed=1`` renders the compact layout used inside the
``/embed.js`` iframe.

Inside that iframe our session cookie is a third-party cookie (SameSite=Lax,
and blocked outright by many browsers), so the session-bound CSRF token
cannot work there. The embedded form carries instead a signed, time-limited
token in the same ``csrf_token`` field (``EmbedCSRF``): it proves the form was
rendered by us recently. For an anonymous public form that is what CSRF
protection can give (there are no ambient credentials to ride on); abuse is
held back by the honeypot and the per-address limit.
"""

from __future__ import annotations

import uuid

from flask import Blueprint, current_app, g, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from itsdangerous import BadData, URLSafeTimedSerializer
from wtforms import BooleanField, HiddenField, StringField
from wtforms.csrf.core import CSRF
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from captura.consent import CONTACT, MARKETING, consent_text, wording_for
from captura.i18n import field_error_message
from captura.intake import MAX_TEXT_FIELD, ConsentGrant, ConsentMissing, InvalidLead, LeadDraft
from captura.intake import submit_lead as submit_draft
from nlp.fields import BY_NAME, FORM_OPTIONAL, REGISTRY
from webforms.auth import public
from webforms.embed import OPTIONAL_FIELDS, FormConfig, form_config
from webforms.fields import form_field
from webforms.runtime import runtime

blueprint = Blueprint("form", __name__)
EMBED_TOKEN_MAX_AGE_SECONDS = 24 * 3600


class EmbedCSRF(CSRF):
    """A session-less CSRF token for the form inside other sites' iframes: signed by us, valid for a day."""

    def _signer(self) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(current_app.secret_key or "", salt="captura-embedded-form")

    def generate_csrf_token(self, csrf_token_field):  # type: ignore[no-untyped-def]
        return self._signer().dumps("form")

    def validate_csrf_token(self, form, field):  # type: ignore[no-untyped-def]
        try:
            self._signer().loads(field.data or "", max_age=EMBED_TOKEN_MAX_AGE_SECONDS)
        except BadData:
            raise ValidationError("The form token is missing, expired or not ours.") from None


class LeadForm(FlaskForm):
    name = StringField(_l("Your name"), validators=[DataRequired(_l("Please tell us your name.")),
                                                    Length(max=MAX_TEXT_FIELD)])
    # email, phone, company… (every other field of the register) are added below, from the register
    consent = BooleanField(default=False)
    marketing = BooleanField(default=False)
    form_token = HiddenField()
    website = StringField(_l("Leave this field empty"))  # the honeypot: hidden by CSS, filled by bots

    def apply(self, config: FormConfig) -> LeadForm:
        """Drop the optional fields the configuration hides; require the ones it requires."""
        for name in OPTIONAL_FIELDS:
            field = self[name]
            if not config.shown(name):
                delattr(self, name)
            elif config.required(name):
                field.validators = [InputRequired(_l("Please fill in this field.")), *field.validators[1:]]
                field.flags.required = True
        return self

    def value(self, name: str) -> str | None:
        """A shown field's text, or None when empty or hidden."""
        return (self[name].data or None) if name in self else None


for _field in REGISTRY:
    if _field.name != "name":  # the name is required, with its own message, above
        setattr(LeadForm, _field.on_form, form_field(_field, _field.asked_on_form))
LISTED_FIELDS = tuple(field for field in FORM_OPTIONAL if field.kind != "phone")
"""The optional fields the template lists in the register's order (the phone's row, with its hint, comes first)."""


@blueprint.route("/form", methods=["GET", "POST"])
def lead_form():  # type: ignore[no-untyped-def]
    form = LeadForm(meta={"csrf_class": EmbedCSRF} if _embedded() else None).apply(form_config())
    if request.method == "GET":
        form.form_token.data = uuid.uuid4().hex
        return _page(form)
    if form.website.data:
        return _page(form, refused=True), 422
    if form.validate_on_submit() and _submit(form):
        return redirect(url_for("form.thanks", lang=g.lang, embed=1 if _embedded() else None))
    return _page(form), 422


@blueprint.get("/form/thanks")
def thanks():  # type: ignore[no-untyped-def]
    return render_template("thanks.html", embed=_embedded())


@blueprint.get("/privacy")
@public
def privacy():  # type: ignore[no-untyped-def]
    return render_template("privacy.html", company=runtime().settings.company_name)


def _embedded() -> bool:
    return request.args.get("embed") == "1"


def _wording() -> dict[str, str]:
    company = runtime().settings.company_name
    return {purpose: wording_for(purpose, g.lang, company) for purpose in (CONTACT, MARKETING)}


def _page(form: LeadForm, refused: bool = False) -> str:
    return render_template("form.html", form=form, wording=_wording(), refused=refused, embed=_embedded(),
                           listed_fields=LISTED_FIELDS)


def _submit(form: LeadForm) -> bool:
    """Hand the form to intake; on refusal attach each reason to its field and return False."""
    services = runtime()
    draft = LeadDraft(
        channel="form", name=form.name.data,
        **{field.name: form.value(field.on_form) for field in REGISTRY if field.name != "name"},
        raw_text=form.value(BY_NAME["interest"].on_form), language=g.lang,
        source_ref=request.path + ("?embed=1" if _embedded() else ""),
        idempotency_key=f"form:{form.form_token.data}" if form.form_token.data else None,
        consents=_consents(form, _wording()),
    )
    try:
        submit_draft(draft, services.engine, services.queue, region=services.settings.default_region,
                     check_deliverability=services.settings.check_email_deliverability)
    except InvalidLead as error:
        for name, problem in error.errors.items():
            field = getattr(form, name, form.email)
            field.errors = [*field.errors, field_error_message(problem.code, g.lang)]
        return False
    except ConsentMissing:
        form.consent.errors = [field_error_message(ConsentMissing.code, g.lang)]
        return False
    return True


def _consents(form: LeadForm, wording: dict[str, str]) -> list[ConsentGrant]:
    evidence = {"kind": "web_form_checkbox", "page": request.path,
                "user_agent": (request.user_agent.string or "")[:200], "ip": request.remote_addr}
    grants = [ConsentGrant(purpose=CONTACT, granted=bool(form.consent.data), wording=wording[CONTACT],
                           wording_version=consent_text(CONTACT).version, language=g.lang,
                           evidence={**evidence, "field": "consent"})]
    if form.marketing.data:
        grants.append(ConsentGrant(purpose=MARKETING, granted=True, wording=wording[MARKETING],
                                   wording_version=consent_text(MARKETING).version, language=g.lang,
                                   evidence={**evidence, "field": "marketing"}))
    return grants
