"""The inbox's bulk status form (the proposals are the checked boxes, read by the view) and answer templates."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from participation.permissions.proposals import MODERATOR_STATUSES
from participation.proposals.labels import STATUS_LABELS


class BulkStatusForm(FlaskForm):
    status = SelectField(_l("New status for the selected proposals"),
                         choices=[(s.value, STATUS_LABELS[s]) for s in MODERATOR_STATUSES])
    reason = TextAreaField(_l("Reason (one for all)"), validators=[
        DataRequired(message=_l("Say why: residents see the reason on each proposal.")),
        Length(max=2000, message=_l("At most 2,000 characters.")),
    ], description=_l("Each selected proposal gets this status and reason, as if changed one by one."))


class AnswerTemplateForm(FlaskForm):
    """A municipality's reusable answer text (the municipality only when adding)."""

    municipality = SelectField(_l("Municipality"), coerce=int, validate_choice=True)
    title = StringField(_l("Name of the template"), validators=[
        DataRequired(message=_l("Name the template.")),
        Length(max=120, message=_l("At most %(max)d characters.")),
    ], description=_l("Only moderators see it, e.g. “We will check it on site”."))
    body = TextAreaField(_l("Text of the answer"), validators=[
        DataRequired(message=_l("Write the text of the answer.")),
        Length(max=10000, message=_l("At most %(max)d characters.")),
    ], description=_l("Markdown is allowed. The moderator can change the text before publishing the answer."),
        render_kw={"rows": 8})


class DeleteForm(FlaskForm):
    """A confirmation: only the CSRF token."""
