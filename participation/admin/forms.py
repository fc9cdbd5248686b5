"""Forms for granting and revoking roles."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from participation.territory.picker import MunicipalityField


class GrantModeratorForm(FlaskForm):
    municipality = MunicipalityField(
        _l("Municipality (name or six-digit code)"),
        validators=[DataRequired(_l("Enter the municipality."))],
    )


class GrantRepresentativeForm(FlaskForm):
    grouping = SelectField(_l("Grouping"), coerce=int, validators=[DataRequired(_l("Choose a grouping."))])

    def set_groupings(self, groupings) -> None:
        self.grouping.choices = [(0, _l("Choose a grouping"))] + [(g.id, g.name) for g in groupings]


class GrantAdministratorForm(FlaskForm):
    region = SelectField(_l("Where"), coerce=int, default=0)

    def set_regions(self, regions) -> None:
        self.region.choices = [(0, _l("Everywhere"))] + [(r.id, r.name) for r in regions]


class RevokeRoleForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason (kept in the audit log)"),
        validators=[Optional(), Length(max=1000, message=_l("At most 1,000 characters."))],
    )
