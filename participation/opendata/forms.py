"""The form a municipality's moderator uses to allow a web site to show the widget."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from participation.opendata.models import MAX_ORIGIN_LENGTH


class OriginForm(FlaskForm):
    origin = StringField(
        _l("Web site address"),
        validators=[DataRequired(_l("Give the web site's address, such as https://www.obec.cz.")),
                    Length(max=MAX_ORIGIN_LENGTH, message=_l("At most %(max)d characters."))],
        description=_l("Only the site, without a page: https://www.obec.cz"),
    )


class RemoveForm(FlaskForm):
    """Only the CSRF token: removing needs no more."""
