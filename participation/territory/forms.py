"""Forms for the territory administration."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

from participation.territory.models import GroupingKind
from participation.territory.picker import MultipleMunicipalityField


def kind_label(kind) -> str:
    """The grouping kind as people call it."""
    labels = {
        GroupingKind.DSO: _l("Voluntary association of municipalities (DSO)"),
        GroupingKind.MAS: _l("Local action group (MAS)"),
        GroupingKind.ITI: _l("Integrated territorial investment (ITI)"),
        GroupingKind.MICROREGION: _l("Micro-region"),
        GroupingKind.OTHER: _l("Other grouping"),
    }
    return str(labels.get(GroupingKind(kind), kind))


class LocalDecimalField(DecimalField):
    """Accepts a decimal comma as Czech users type it (1,5) as well as a point."""

    def process_formdata(self, valuelist):
        if valuelist:
            valuelist = [valuelist[0].replace(",", ".").replace(" ", "").replace("\xa0", "")]
        super().process_formdata(valuelist)


def _region_choices(regions, blank=None):
    choices = [(r.id, f"{r.name} ({r.code})") for r in regions]
    return ([(0, blank)] if blank else []) + choices


class MunicipalityForm(FlaskForm):
    code = StringField(
        _l("Official code"),
        validators=[
            DataRequired(_l("Enter the six-digit code.")),
            Regexp(r"^\s*\d{6}\s*$", message=_l("The code has exactly six digits.")),
        ],
        description=_l("The six-digit municipality code (kód obce), e.g. 579025."),
    )
    name = StringField(
        _l("Name"),
        validators=[DataRequired(_l("Enter the name.")), Length(max=120, message=_l("At most 120 characters."))],
    )
    population = IntegerField(
        _l("Population"),
        validators=[
            InputRequired(_l("Enter the population (a whole number, 0 or more).")),
            NumberRange(min=0, max=2_000_000, message=_l("A whole number between 0 and 2,000,000.")),
        ],
    )
    region = SelectField(_l("Region"), coerce=int, validators=[DataRequired(_l("Choose a region."))])

    def set_regions(self, regions) -> None:
        self.region.choices = _region_choices(regions)


class GroupingForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(_l("Enter the name.")), Length(max=200, message=_l("At most 200 characters."))],
    )
    kind = SelectField(_l("Kind"), choices=[])
    description = TextAreaField(
        _l("Description"),
        validators=[Optional(), Length(max=2000, message=_l("At most 2,000 characters."))],
    )
    region = SelectField(_l("Region"), coerce=int, default=0)
    threshold_municipalities = IntegerField(
        _l("Member municipalities needed"),
        default=3,
        validators=[
            InputRequired(_l("Enter a whole number.")),
            NumberRange(min=1, max=1000, message=_l("A whole number between 1 and 1,000.")),
        ],
        description=_l("A proposal reaches the threshold when it is supported in at least this many member municipalities."),
    )
    threshold_min_supporters = IntegerField(
        _l("Supporters needed in each (at least)"),
        default=10,
        validators=[
            InputRequired(_l("Enter a whole number.")),
            NumberRange(min=0, max=100_000, message=_l("A whole number between 0 and 100,000.")),
        ],
    )
    threshold_population_percent = LocalDecimalField(
        _l("Or this share of each one's population (%), whichever is more"),
        default=1,
        places=2,
        validators=[
            InputRequired(_l("Enter a number.")),
            NumberRange(min=0, max=100, message=_l("A number between 0 and 100.")),
        ],
    )

    def set_choices(self, regions, allow_no_region: bool) -> None:
        self.kind.choices = [(k.value, kind_label(k)) for k in GroupingKind]
        blank = _l("No region (spans regions)") if allow_no_region else None
        self.region.choices = _region_choices(regions, blank)


class MembersForm(FlaskForm):
    """Municipalities to add to a grouping; current members are ticked checkboxes beside it."""

    add = MultipleMunicipalityField(
        _l("Add municipalities"),
        description=_l("Type a name or six-digit code; separate several with commas."),
    )
