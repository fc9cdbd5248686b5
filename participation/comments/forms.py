"""Forms for writing, replying to and editing comments."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from participation.comments.models import Stance
from participation.comments.services import MAX_BODY_LENGTH
from participation.common.honeypot import HoneypotMixin


def stance_choices():
    return [
        ("", _l("No stance")),
        (Stance.FOR.value, _l("For")),
        (Stance.AGAINST.value, _l("Against")),
        (Stance.NEUTRAL.value, _l("Neutral")),
    ]


def _body_field(label):
    return TextAreaField(
        label,
        validators=[
            DataRequired(message=_l("Write something first.")),
            Length(max=MAX_BODY_LENGTH, message=_l("At most %(max)d characters, please.")),
        ],
        description=_l("You can use Markdown: **bold**, *italics*, lists and links."),
    )


class CommentForm(HoneypotMixin, FlaskForm):
    body = _body_field(_l("Your comment"))
    stance = SelectField(_l("Your stance"), choices=stance_choices, default="",
                         validate_choice=True)
    return_to = HiddenField()

    @property
    def stance_value(self) -> Stance | None:
        return Stance(self.stance.data) if self.stance.data else None


class ReplyForm(HoneypotMixin, FlaskForm):
    body = _body_field(_l("Your reply"))
    return_to = HiddenField()


class EditForm(FlaskForm):
    body = _body_field(_l("Comment"))
    stance = SelectField(_l("Your stance"), choices=stance_choices, default="",
                         validate_choice=True)
    return_to = HiddenField()

    @property
    def stance_value(self) -> Stance | None:
        return Stance(self.stance.data) if self.stance.data else None
