"""Forms for representatives: the consultation, its questions, wording fixes, hiding answers.

The resident's answering form is parsed by answering.parse_answers: its fields
depend on the questions, and it must keep every answer when one is wrong.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from participation.common.validation import DateRange
from participation.consultations.models import Eligibility, QuestionKind, ResultsVisibility

MAX_OPTIONS = 20
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def question_kind_labels() -> dict[str, str]:
    return {
        QuestionKind.SINGLE: _l("Single choice"),
        QuestionKind.MULTIPLE: _l("Multiple choice"),
        QuestionKind.SCALE: _l("Scale from 1 to 5"),
        QuestionKind.RANKING: _l("Ranking of options"),
        QuestionKind.TEXT: _l("Free text"),
    }


class ConsultationForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    introduction = TextAreaField(
        _l("Introduction"), validators=[Optional(), Length(max=20000)],
        description=_l("What is being decided and why. Markdown: **bold**, lists, links."),
    )
    municipalities = MultiCheckboxField(
        _l("Participating municipalities"), coerce=int,
        description=_l("Residents of these member municipalities may answer."),
    )
    opens_at = DateTimeLocalField(
        _l("Opens at"), format=DATETIME_FORMAT, validators=[InputRequired(), DateRange()]
    )
    closes_at = DateTimeLocalField(
        _l("Closes at"), format=DATETIME_FORMAT, validators=[InputRequired(), DateRange()]
    )
    eligibility = RadioField(
        _l("Who may answer"),
        choices=[
            (Eligibility.RESIDENTS.value, _l("Residents of participating municipalities")),
            (Eligibility.VERIFIED_RESIDENTS.value,
             _l("Only residents whose residency has been verified")),
        ],
        default=Eligibility.RESIDENTS.value,
    )
    results_visibility = RadioField(
        _l("Public results"),
        choices=[
            (ResultsVisibility.AFTER_CLOSING.value, _l("After closing")),
            (ResultsVisibility.LIVE.value, _l("Live while the consultation is open")),
        ],
        default=ResultsVisibility.AFTER_CLOSING.value,
    )

    def validate_municipalities(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one participating municipality."))

    def validate_closes_at(self, field):
        if self.opens_at.data and field.data and field.data <= self.opens_at.data:
            raise ValidationError(_l("The consultation must close after it opens."))


def _option_lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class QuestionForm(FlaskForm):
    kind = SelectField(_l("Kind of question"), validators=[DataRequired()])
    text = StringField(_l("Question"), validators=[DataRequired(), Length(max=500)])
    help_text = TextAreaField(_l("Explanation"), validators=[Optional(), Length(max=1000)])
    required = BooleanField(_l("An answer is required"))
    max_choices = IntegerField(
        _l("At most this many choices"), validators=[Optional(), NumberRange(min=1, max=MAX_OPTIONS)],
        description=_l("Multiple choice only. Leave empty for no limit."),
    )
    options = TextAreaField(
        _l("Options"), validators=[Optional(), Length(max=MAX_OPTIONS * 310)],
        description=_l("One option per line. Needed for single choice, multiple choice and ranking."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = list(question_kind_labels().items())

    def option_lines(self) -> list[str]:
        return _option_lines(self.options.data)

    def validate_options(self, field):
        if self.kind.data not in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RANKING):
            return
        lines = self.option_lines()
        if len(lines) < 2:
            raise ValidationError(_l("Give at least two options, one per line."))
        if len(lines) > MAX_OPTIONS:
            raise ValidationError(_l("Give at most %(max)s options.", max=MAX_OPTIONS))
        if any(len(line) > 300 for line in lines):
            raise ValidationError(_l("An option may have at most 300 characters."))
        if len({line.casefold() for line in lines}) != len(lines):
            raise ValidationError(_l("Two options are the same."))

    def validate_max_choices(self, field):
        if field.data is None or self.kind.data != QuestionKind.MULTIPLE:
            return
        if field.data > len(self.option_lines()):
            raise ValidationError(_l("The maximum cannot be more than the number of options."))


class WordingForm(FlaskForm):
    """After the first answer: fix the wording only, with a note for the audit log."""

    text = StringField(_l("Question"), validators=[DataRequired(), Length(max=500)])
    help_text = TextAreaField(_l("Explanation"), validators=[Optional(), Length(max=1000)])
    options = TextAreaField(
        _l("Options"), validators=[Optional(), Length(max=MAX_OPTIONS * 310)],
        description=_l("One option per line, in the same order and the same number as before."),
    )
    note = StringField(
        _l("What you corrected and why"), validators=[DataRequired(), Length(max=500)],
        description=_l("Recorded in the audit log: the question already has answers."),
    )

    def option_lines(self) -> list[str]:
        return _option_lines(self.options.data)


class ReasonForm(FlaskForm):
    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(max=500)])
