"""Notification preferences: an email mode per topic and the auto-follow switches."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectChoice, SelectField
from wtforms.validators import InputRequired

from participation.notifications.topics import MODE_LABELS, MODES, TOPICS


class _PreferencesBase(FlaskForm):
    auto_follow_create = BooleanField(_l("Follow what I create"))
    auto_follow_support = BooleanField(_l("Follow what I support"))
    auto_follow_comment = BooleanField(_l("Follow what I comment on"))


def topic_field_name(topic) -> str:
    return f"topic_{topic.name}"


def preferences_form(**kwargs) -> FlaskForm:
    """A form with one select per topic (built from the topic list, so it never drifts)."""

    class PreferencesForm(_PreferencesBase):
        pass

    for topic in TOPICS:
        setattr(PreferencesForm, topic_field_name(topic), SelectField(
            topic.label, choices=[SelectChoice(mode, MODE_LABELS[mode]) for mode in MODES],
            description=topic.hint, validators=[InputRequired()],
        ))
    return PreferencesForm(**kwargs)
