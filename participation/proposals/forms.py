"""Forms for writing and moderating proposals."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from participation.common.honeypot import HoneypotMixin
from participation.extensions import db
from participation.proposals.labels import CATEGORY_LABELS, STATUS_LABELS
from participation.territory.geo import latitude_field, longitude_field
from participation.territory.picker import MultipleMunicipalityField

MAX_MUNICIPALITIES = 50


def _optional_int(value):
    if value in (None, "", "None"):
        return None
    return int(value)


class ProposalForm(HoneypotMixin, FlaskForm):
    title = StringField(_l("Title"), validators=[
        DataRequired(message=_l("Give the proposal a title.")),
        Length(min=5, max=200, message=_l("The title must be between 5 and 200 characters long.")),
    ], description=_l("Name the shared problem in one line."))
    body = TextAreaField(_l("Description"), validators=[
        DataRequired(message=_l("Describe the problem.")),
        Length(max=20000, message=_l("The description may be at most 20,000 characters long.")),
    ], description=_l("What is the problem, whom does it affect, what could help? "
                      "You can use Markdown: **bold**, *italics*, lists and links."))
    category = SelectField(_l("Category"), choices=[
        (category.value, label) for category, label in CATEGORY_LABELS.items()
    ], validators=[DataRequired(message=_l("Pick a category."))])
    municipalities = MultipleMunicipalityField(
        _l("Municipalities the problem touches"),
        validators=[DataRequired(message=_l("Pick at least one municipality."))],
        description=_l("Type a name and pick; pick at least one. Support is counted in each of them."),
    )
    grouping = SelectField(_l("Grouping (optional)"), coerce=_optional_int, validate_choice=False,
                           description=_l("The association of municipalities or local action group "
                                          "that should take it up; its support threshold applies."))
    latitude = latitude_field(_l("Latitude (optional)"))
    longitude = longitude_field(_l("Longitude (optional)"))

    def validate_municipalities(self, field):
        if len(field.data or []) > MAX_MUNICIPALITIES:
            raise ValidationError(_l("Pick at most %(num)s municipalities.", num=MAX_MUNICIPALITIES))

    def validate_grouping(self, field):
        from participation.territory.models import Grouping

        if field.data is not None and db.session.get(Grouping, field.data) is None:
            raise ValidationError(_l("That grouping does not exist."))


class WithdrawForm(FlaskForm):
    reason = TextAreaField(_l("Why are you withdrawing it? (optional)"), validators=[
        Length(max=2000, message=_l("At most 2,000 characters.")),
    ])


class StatusForm(FlaskForm):
    status = SelectField(_l("New status"))
    reason = TextAreaField(_l("Reason"), validators=[
        DataRequired(message=_l("Say why: residents see the reason on the proposal.")),
        Length(max=2000, message=_l("At most 2,000 characters.")),
    ])

    def set_choices(self, statuses, current):
        self.status.choices = [(s.value, STATUS_LABELS[s]) for s in statuses if s != current]


class AnswerForm(FlaskForm):
    on_behalf = SelectField(_l("On behalf of"))
    body = TextAreaField(_l("Official answer"), validators=[
        DataRequired(message=_l("Write the answer.")),
        Length(max=10000, message=_l("At most 10,000 characters.")),
    ], description=_l("Markdown is allowed."))


class MergeForm(FlaskForm):
    survivor = SelectField(_l("Merge into"), coerce=_optional_int,
                           description=_l("The proposal that stays. Its supporters and this one's are "
                                          "counted together, each person once."))
    reason = TextAreaField(_l("Reason"), validators=[
        DataRequired(message=_l("Say why: residents see the reason on the proposal.")),
        Length(max=2000, message=_l("At most 2,000 characters.")),
    ])

