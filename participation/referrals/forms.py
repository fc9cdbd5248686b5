"""Forms for passing a proposal on and recording the answer."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from participation.referrals.models import ReferralLevel

LEVEL_LABELS = {
    ReferralLevel.REGION: _l("The region (kraj)"),
    ReferralLevel.STATE: _l("The state (a ministry or another state body)"),
}


class ReferForm(FlaskForm):
    level = RadioField(_l("Passed on to"), choices=[(level.value, label) for level, label in LEVEL_LABELS.items()],
                       validators=[InputRequired(_l("Choose the region or the state."))])
    addressee = StringField(_l("Office or body"), validators=[
        DataRequired(_l("Name the office or body that received it.")),
        Length(max=200, message=_l("At most %(max)d characters.")),
    ], description=_l("For example: Pardubický kraj, odbor dopravy; Ministerstvo pro místní rozvoj."))
    reason = TextAreaField(_l("Why the municipalities cannot solve it alone"), validators=[
        DataRequired(_l("Say why it goes up: residents read this on the proposal.")),
        Length(max=5000, message=_l("At most %(max)d characters.")),
    ])


class ResponseForm(FlaskForm):
    response = TextAreaField(_l("The answer received"), validators=[
        DataRequired(_l("Write the answer, or its summary.")),
        Length(max=5000, message=_l("At most %(max)d characters.")),
    ], description=_l("Shown on the proposal with today's date."))
