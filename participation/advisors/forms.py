"""Forms: an advisor's profile and a coordinator (administrators), a question, an answer, an assignment,
a resident's request and the moderator's decision, a work-log entry, a guide.

The forms parse what was typed; the rules (places served, duplicates, dates)
are the services', and their messages come back next to the fields.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional

from participation.advisors.models import AdvisorField, WorkKind
from participation.localities.forms import NumberField
from participation.territory.picker import MultipleMunicipalityField

MAX = _l("At most %(max)d characters.")

FIELD_LABELS = {
    AdvisorField.ENERGY: _l("Energy"),
    AdvisorField.INNOVATION: _l("Innovation"),
    AdvisorField.ICT: _l("ICT and broadband"),
    AdvisorField.CIRCULAR: _l("Circular economy"),
    AdvisorField.PLANNING: _l("Spatial planning"),
    AdvisorField.GRANTS: _l("Grants and funding"),
    AdvisorField.OTHER: _l("Other"),
}
WORK_KIND_LABELS = {WorkKind.VISIT: _l("Visit"), WorkKind.CONSULTATION: _l("Consultation")}
FIELD_CHOICES = [(f.value, label) for f, label in FIELD_LABELS.items()]


class AdvisorForm(FlaskForm):
    email = StringField(_l("E-mail of the person's account"), validators=[
        Optional(), Length(max=254, message=MAX)])
    field = SelectField(_l("Field"), choices=FIELD_CHOICES, validators=[DataRequired(_l("Choose the field."))])
    organisation = StringField(_l("Organisation"), validators=[Optional(), Length(max=160, message=MAX)],
                               description=_l("e.g. MAS Orlicko, z. s., or the regional energy agency."))
    network = StringField(_l("Network"), validators=[Optional(), Length(max=160, message=MAX)],
                          description=_l("e.g. EKIS, the broadband competence office (BCO), the RIS3 team."))
    contact_hours = StringField(_l("Contact hours"), validators=[Optional(), Length(max=200, message=MAX)],
                                description=_l("e.g. Tuesdays 9–12 at the MAS office, otherwise by e-mail."))
    contact_email = StringField(_l("Contact e-mail"), validators=[
        Optional(), Email(message=_l("Enter an e-mail address, e.g. info@example.cz.")),
        Length(max=254, message=MAX)])
    municipalities = MultipleMunicipalityField(_l("Municipalities served"))
    groupings = SelectMultipleField(_l("Groupings served"), coerce=int, validate_choice=True,
                                    description=_l("The advisor serves every member municipality too."))
    active = BooleanField(_l("The advisor role is active"), default=True)


class CoordinatorForm(FlaskForm):
    email = StringField(_l("E-mail of the person's account"), validators=[
        DataRequired(_l("Enter the e-mail address of the person's account.")), Length(max=254, message=MAX)])
    field = SelectField(_l("Field"), choices=FIELD_CHOICES, validators=[DataRequired(_l("Choose the field."))])
    region = SelectField(_l("Region"), validators=[Optional()])


class QuestionForm(FlaskForm):
    place = SelectField(_l("Asked for"), validators=[DataRequired(_l("Choose the municipality or grouping."))],
                        description=_l("The municipality whose office you work for, or the grouping you represent."))
    advisor = SelectField(_l("Advisor"), validators=[Optional()],
                          description=_l("Or leave it to the field's coordinator to choose."))
    field = SelectField(_l("Field (when you do not choose an advisor)"), choices=[("", _l("Choose"))] + FIELD_CHOICES,
                        validators=[Optional()])
    title = StringField(_l("Question in one line"), validators=[
        DataRequired(_l("Write the question in one line.")), Length(max=200, message=MAX)])
    body = TextAreaField(_l("Details"), validators=[Optional(), Length(max=5000, message=MAX)])
    internal = BooleanField(_l("Internal: only the municipality's staff see the question and the answer"))
    item_kind = HiddenField()
    item_id = HiddenField()


class AnswerForm(FlaskForm):
    answer = TextAreaField(_l("Your answer"), validators=[
        DataRequired(_l("Write the answer.")), Length(max=10000, message=MAX)],
        description=_l("A public answer is shown on the item as your expert opinion, with your name and field."))


class AssignForm(FlaskForm):
    advisor = SelectField(_l("Advisor"), validators=[DataRequired(_l("Choose an advisor."))])


class OpinionRequestForm(FlaskForm):
    advisor = SelectField(_l("Advisor"), validators=[DataRequired(_l("Choose an advisor."))])
    reason = TextAreaField(_l("What the advisor should look at"), validators=[
        DataRequired(_l("Say what the advisor should look at.")), Length(max=2000, message=MAX)],
        description=_l("The municipality's moderator reads it and passes it on, or declines with a reason."))


class DecisionForm(FlaskForm):
    outcome = RadioField(_l("Decision"), choices=[("pass", _l("Pass it on to the advisor")),
                                                  ("decline", _l("Decline, with a reason"))],
                         validators=[DataRequired(_l("Choose a decision."))])
    reason = TextAreaField(_l("Note to the advisor or reason for declining"), validators=[
        Optional(), Length(max=2000, message=MAX)])


class WorkForm(FlaskForm):
    worked_on = DateField(_l("Date"), validators=[DataRequired(_l("Enter the date, e.g. 2026-03-14."))])
    kind = SelectField(_l("Kind"), choices=[(k.value, label) for k, label in WORK_KIND_LABELS.items()])
    topic = StringField(_l("Topic"), validators=[DataRequired(_l("Write the topic.")),
                                                 Length(max=300, message=MAX)])
    hours = NumberField(_l("Hours"), validators=[DataRequired(_l("Enter the hours spent, e.g. 2,5."))])
    municipalities = MultipleMunicipalityField(_l("Municipalities"))


class GuideForm(FlaskForm):
    field = SelectField(_l("Field"), choices=FIELD_CHOICES, validators=[DataRequired(_l("Choose the field."))])
    title = StringField(_l("Title"), validators=[DataRequired(_l("Write the title.")), Length(max=200, message=MAX)])
    body = TextAreaField(_l("Text (Markdown)"), validators=[
        DataRequired(_l("Write the text of the guide.")), Length(max=100000, message=MAX)],
        description=_l("Headings with ###, lists with -, links as [text](https://…)."))
    change_note = StringField(_l("What changed"), validators=[Optional(), Length(max=500, message=MAX)],
                              description=_l("Kept with the previous version in the guide's history."))
    review_by = DateField(_l("Review by"), validators=[Optional()],
                          description=_l("When the guide should be checked again."))
    project_kinds = SelectMultipleField(_l("Kinds of project it applies to"), validators=[Optional()])
    good_practices = SelectMultipleField(_l("Good-practice write-ups it draws on"), coerce=int,
                                         validate_choice=True, validators=[Optional()])
