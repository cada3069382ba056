"""``/form``: the public lead form, with an explicit, unticked consent checkbox.

Each rendering carries a one-time token used as the submission's
idempotency key, so a double click or a browser retry gives one lead.
"""

from __future__ import annotations

import uuid

from flask import Blueprint, g, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, StringField, TelField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from captura.consent import CONTACT, MARKETING, consent_text, wording_for
from captura.i18n import field_error_message
from captura.intake import MAX_INTEREST, MAX_TEXT_FIELD, ConsentGrant, ConsentMissing, InvalidLead, LeadDraft
from captura.intake import submit_lead as submit_draft
from webforms.runtime import runtime

blueprint = Blueprint("form", __name__)


class LeadForm(FlaskForm):
    name = StringField(_l("Your name"), validators=[DataRequired(_l("Please tell us your name.")),
                                                    Length(max=MAX_TEXT_FIELD)])
    email = EmailField(_l("Email"), validators=[Optional(), Length(max=MAX_TEXT_FIELD)])
    phone = TelField(_l("Phone"), validators=[Optional(), Length(max=MAX_TEXT_FIELD)])
    company = StringField(_l("Company"), validators=[Optional(), Length(max=MAX_TEXT_FIELD)])
    message = TextAreaField(_l("How can we help?"), validators=[Optional(), Length(max=MAX_INTEREST)])
    consent = BooleanField(default=False)
    marketing = BooleanField(default=False)
    form_token = HiddenField()


@blueprint.route("/form", methods=["GET", "POST"])
def lead_form():  # type: ignore[no-untyped-def]
    form = LeadForm()
    company = runtime().settings.company_name
    wording = {purpose: wording_for(purpose, g.lang, company) for purpose in (CONTACT, MARKETING)}
    if request.method == "GET":
        form.form_token.data = uuid.uuid4().hex
        return render_template("form.html", form=form, wording=wording)
    if form.validate_on_submit() and _submit(form, wording):
        return redirect(url_for("form.thanks", lang=g.lang))
    return render_template("form.html", form=form, wording=wording), 422


@blueprint.get("/form/thanks")
def thanks():  # type: ignore[no-untyped-def]
    return render_template("thanks.html")


def _submit(form: LeadForm, wording: dict[str, str]) -> bool:
    """Hand the form to intake; on refusal attach each reason to its field and return False."""
    services = runtime()
    draft = LeadDraft(
        channel="form", name=form.name.data, email=form.email.data or None, phone=form.phone.data or None,
        company=form.company.data or None, interest=form.message.data or None,
        raw_text=form.message.data or None, language=g.lang, source_ref=request.path,
        idempotency_key=f"form:{form.form_token.data}" if form.form_token.data else None,
        consents=_consents(form, wording),
    )
    try:
        submit_draft(draft, services.engine, services.queue, region=services.settings.default_region,
                     check_deliverability=services.settings.check_email_deliverability)
    except InvalidLead as error:
        for name, problem in error.errors.items():
            field = getattr(form, name if name != "contact" else "email")
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
