"""Forms for reporting and for moderators' actions."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from participation.common.honeypot import HoneypotMixin
from participation.moderation.labels import reason_choices
from participation.moderation.services import BLOCK_DAYS


class ReportForm(HoneypotMixin, FlaskForm):
    reason = SelectField(_l("Why are you reporting this?"), choices=reason_choices,
                         validators=[DataRequired(message=_l("Choose a reason."))])
    note = TextAreaField(_l("Note for the moderators (optional)"),
                         validators=[Length(max=1000, message=_l("At most %(max)d characters, please."))])
    next = HiddenField()


class HideForm(FlaskForm):
    reason = SelectField(_l("Reason"), choices=reason_choices,
                         validators=[DataRequired(message=_l("Choose a reason."))])
    explanation = TextAreaField(
        _l("Explanation for the author and the public (optional)"),
        validators=[Length(max=500, message=_l("At most %(max)d characters, please."))],
        description=_l("Shown in place of the hidden text. Do not repeat the hidden content."),
    )


class NoteForm(FlaskForm):
    note = TextAreaField(_l("Note for the audit log (optional)"),
                         validators=[Length(max=500, message=_l("At most %(max)d characters, please."))])


def day_choices():
    from flask_babel import ngettext

    return [(str(days), ngettext("%(num)s day", "%(num)s days", days)) for days in BLOCK_DAYS]


class BlockForm(FlaskForm):
    municipality = SelectField(_l("Where"), choices=[], validate_choice=True)
    days = SelectField(_l("For how long"), choices=day_choices, default="7", validate_choice=True)
    reason = TextAreaField(_l("Reason"), validators=[
        DataRequired(message=_l("Give a reason.")),
        Length(max=500, message=_l("At most %(max)d characters, please.")),
    ])
    next = HiddenField()
