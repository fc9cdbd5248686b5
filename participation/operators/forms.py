"""Forms: an operator (administrators), its staff, a declaration, a resident's answer, a moderator's decision.

The forms parse what was typed; the rules (the company number's check digit,
speeds, dates) are the services', and their messages come back next to the fields.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from participation.localities.forms import TECHNOLOGY_LABELS, NumberField
from participation.localities.models import FixedTechnology
from participation.operators.models import DeclarationKind, DeclarationState
from participation.operators.services import (
    INVALID_COMPANY_NUMBER,
    clean_company_number,
    valid_company_number,
)
from participation.territory.picker import MultipleMunicipalityField

MAX = _l("At most %(max)d characters.")

KIND_LABELS = {
    DeclarationKind.CONFIRM: _l("We confirm the status residents report here"),
    DeclarationKind.CURRENT: _l("We offer this service here now"),
    DeclarationKind.PLANNED: _l("We plan to offer this service here by a date"),
}
STATE_LABELS = {
    DeclarationState.OPEN: _l("Not disputed"),
    DeclarationState.DISPUTED: _l("Disputed: the municipality decides"),
    DeclarationState.UPHELD: _l("Upheld by the municipality"),
    DeclarationState.REJECTED: _l("Rejected by the municipality"),
}
# Service an operator can declare: satellite is available everywhere and counts for nothing.
DECLARED_TECHNOLOGIES = (FixedTechnology.DSL, FixedTechnology.CABLE, FixedTechnology.FIXED_WIRELESS,
                         FixedTechnology.FIBRE)


class OperatorForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Enter the operator's name.")),
                                               Length(max=160, message=MAX)])
    company_number = StringField(_l("Company number (IČO)"), validators=[
        DataRequired(_l("Enter the eight-digit company number."))],
        description=_l("Eight digits, as in the business register, e.g. 00064581."))
    contact_email = StringField(_l("Contact e-mail"), validators=[
        Optional(), Email(message=_l("Enter an e-mail address, e.g. info@example.cz.")),
        Length(max=254, message=MAX)])
    contact_phone = StringField(_l("Contact phone"), validators=[Optional(), Length(max=40, message=MAX)])
    website = StringField(_l("Website"), validators=[Optional(), Length(max=200, message=MAX)])
    def validate_company_number(self, field):
        """The check digit is checked here too, so that its message shows beside the other fields' ones."""
        if field.data and not valid_company_number(clean_company_number(field.data)):
            raise ValidationError(str(INVALID_COMPANY_NUMBER))

    municipalities = MultipleMunicipalityField(
        _l("Municipalities where it works"),
        description=_l("Its staff declare coverage and answer reports in these municipalities' localities."))


class StaffForm(FlaskForm):
    email = StringField(_l("E-mail of the person's account"), validators=[
        DataRequired(_l("Enter the e-mail address of the person's account.")), Length(max=254, message=MAX)])


class DeclarationForm(FlaskForm):
    kind = RadioField(_l("What you declare"), choices=[(k.value, label) for k, label in KIND_LABELS.items()],
                      validators=[DataRequired(_l("Choose what you declare."))])
    technology = SelectField(_l("Technology"), choices=[("", _l("Choose"))] + [
        (t.value, TECHNOLOGY_LABELS[t]) for t in DECLARED_TECHNOLOGIES], validators=[Optional()])
    download = NumberField(_l("Top download (Mbit/s)"), validators=[Optional()])
    upload = NumberField(_l("Top upload (Mbit/s)"), validators=[Optional()])
    available_by = DateField(_l("Available by"), validators=[Optional()],
                             description=_l("Only for planned coverage."))
    explanation = TextAreaField(_l("Explanation"), validators=[Optional(), Length(max=2000, message=MAX)],
                                description=_l("Shown publicly with the declaration."))


class ResponseForm(FlaskForm):
    agrees = RadioField(_l("Your answer"), choices=[
        ("yes", _l("I confirm: this is right where I live")),
        ("no", _l("I dispute it: this is not so where I live"))],
        validators=[DataRequired(_l("Choose whether you confirm or dispute it."))])
    explanation = TextAreaField(_l("Why (needed to dispute)"), validators=[
        Optional(), Length(max=1000, message=MAX)],
        description=_l("Seen by the municipality's staff, never with your name in public."))


class DecisionForm(FlaskForm):
    outcome = RadioField(_l("Decision"), choices=[
        ("uphold", _l("Uphold: the declaration stands")),
        ("reject", _l("Reject: the declaration does not count"))],
        validators=[DataRequired(_l("Choose a decision."))])
    reason = TextAreaField(_l("Reason (public, kept in the audit log)"), validators=[
        DataRequired(_l("Give the reason for the decision.")), Length(max=2000, message=MAX)])


class ReportAnswerForm(FlaskForm):
    """An operator's answer to one report: the button pressed (confirm or dispute) and, to dispute, why."""

    kind = RadioField(_l("Your answer"), choices=[("confirm", _l("Confirm")), ("dispute", _l("Dispute"))],
                      validators=[DataRequired(_l("Choose whether you confirm or dispute the report."))])
    explanation = TextAreaField(_l("Why you dispute it"), validators=[Optional(), Length(max=1000, message=MAX)],
                                description=_l("Seen by the municipality's moderator, who decides."))


class ReportDecisionForm(FlaskForm):
    outcome = RadioField(_l("Decision"), choices=[
        ("uphold", _l("Uphold the dispute: the report stops counting")),
        ("reject", _l("Reject the dispute: the report keeps counting"))],
        validators=[DataRequired(_l("Choose a decision."))])
    reason = TextAreaField(_l("Reason (kept in the audit log)"), validators=[
        DataRequired(_l("Give the reason for the decision.")), Length(max=2000, message=MAX)])
