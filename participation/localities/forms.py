"""The locality form, the resident's connection report and the office's report for a resident.

The forms parse what was typed; the rules (speeds, dates, whose locality) are
the services', and their messages come back next to the fields.
"""

from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from participation.common.validation import DateRange
from participation.localities.models import ConnectionStatus, FixedTechnology, MobileSignal
from participation.territory.geo import latitude_field, longitude_field

MAX = _l("At most %(max)d characters.")
MAX_COUNT = 1_000_000

TECHNOLOGY_LABELS = {
    FixedTechnology.NONE: _l("No fixed connection"),
    FixedTechnology.DSL: _l("DSL over the telephone line"),
    FixedTechnology.CABLE: _l("Cable (TV cable network)"),
    FixedTechnology.FIXED_WIRELESS: _l("Fixed wireless (an antenna on the house)"),
    FixedTechnology.FIBRE: _l("Fibre"),
    FixedTechnology.SATELLITE: _l("Satellite"),
}
SIGNAL_LABELS = {
    MobileSignal.NONE: _l("No mobile signal indoors"),
    MobileSignal.WEAK: _l("Weak: calls drop, data barely works"),
    MobileSignal.USABLE: _l("Usable for calls and data"),
}
STATUS_LABELS = {
    ConnectionStatus.UNSERVED: _l("Unserved"),
    ConnectionStatus.UNDERSERVED: _l("Underserved"),
    ConnectionStatus.SERVED: _l("Served"),
    ConnectionStatus.GIGABIT: _l("Gigabit"),
    ConnectionStatus.UNKNOWN: _l("Too few reports"),
}

# Formatted with the thresholds in Mbit/s (CONNECTIVITY_THRESHOLDS) and the minimum number of reports.
STATUS_EXPLANATIONS = {
    ConnectionStatus.UNSERVED: _l("Nothing fixed of %(low)s Mbit/s or more is reported here."),
    ConnectionStatus.UNDERSERVED: _l("The best fixed connection reported here is below %(middle)s Mbit/s."),
    ConnectionStatus.SERVED: _l("A fixed connection of %(middle)s Mbit/s or more is reported here, "
                                "not yet a gigabit."),
    ConnectionStatus.GIGABIT: _l("A fixed connection of %(high)s Mbit/s or more is reported here."),
    ConnectionStatus.UNKNOWN: _l("A status is shown once at least %(minimum)s residents have reported."),
}


class NumberField(DecimalField):
    """A number typed the Czech way too: "12,5", "1 000" or "12.5"."""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        raw = valuelist[0].replace("\xa0", "").replace(" ", "").replace(",", ".")
        try:
            self.data = Decimal(raw)
        except (InvalidOperation, ValueError):
            self.data = None
            raise ValueError(str(_l("Enter a number, e.g. 50 or 12,5."))) from None
        if not self.data.is_finite():
            self.data = None
            raise ValueError(str(_l("Enter a number, e.g. 50 or 12,5.")))

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else format(Decimal(str(self.data)).normalize(), "f")


def as_float(value) -> float | None:
    return None if value is None else float(value)


def _count_field(label, description=None):
    return IntegerField(label, default=0, description=description, validators=[
        Optional(), NumberRange(min=0, max=MAX_COUNT, message=_l("A whole number from 0 to 1,000,000."))])


class LocalityForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Enter the locality's name.")),
                                               Length(max=120, message=MAX)])
    code = StringField(_l("Official code (RÚIAN)"), validators=[
        Optional(), Regexp(r"^\d{1,12}$", message=_l("The code has digits only (at most 12)."))],
        description=_l("The part-of-municipality code of the national address register, where it has one."))
    latitude = latitude_field()
    longitude = longitude_field()
    dwellings = _count_field(_l("Dwellings"), _l("Houses and flats where people live."))
    inhabitants = _count_field(_l("Inhabitants"))


def _speed(label):
    return NumberField(label, validators=[Optional()])


class ConnectionReportForm(FlaskForm):
    locality_id = SelectField(_l("Where you live"), coerce=int, validate_choice=False,
                              validators=[DataRequired(_l("Choose the locality where you live."))])
    fixed_technology = SelectField(
        _l("Fixed connection available"), choices=[(t.value, label) for t, label in TECHNOLOGY_LABELS.items()],
        validators=[DataRequired(_l("Choose the fixed connection available."))],
        description=_l("The best one you could order at home, whether or not you have it."))
    mobile_signal = SelectField(
        _l("Mobile signal indoors"), choices=[(s.value, label) for s, label in SIGNAL_LABELS.items()],
        validators=[DataRequired(_l("Choose the mobile signal."))])
    advertised_download = _speed(_l("Advertised download (Mbit/s)"))
    advertised_upload = _speed(_l("Advertised upload (Mbit/s)"))
    measured_download = _speed(_l("Measured download (Mbit/s)"))
    measured_upload = _speed(_l("Measured upload (Mbit/s)"))
    measured_on = DateField(_l("Date measured"), validators=[Optional(), DateRange()],
                            description=_l("Only if you measured the speed, e.g. with a speed test."))
    refused = BooleanField(_l("An operator refused to connect me"))
    long_wait = BooleanField(_l("An operator offered a connection only after a long wait"))
    high_fee = BooleanField(_l("An operator asked an unusually high connection fee"))


class OfficeReportForm(ConnectionReportForm):
    """A report the office records for a resident; the locality is the page's."""

    locality_id = None
    office_note = TextAreaField(_l("Office note (private)"), validators=[Optional(), Length(max=500, message=MAX)],
                                description=_l("Seen only by this municipality's staff, e.g. the form's number. "
                                               "No name or address is needed."))


class CoverForm(FlaskForm):
    """A project of the municipality covers this locality."""

    project_id = SelectField(_l("Project"), coerce=int, validate_choice=False,
                             validators=[DataRequired(_l("Choose a project of this locality's municipality."))])
    dwellings = IntegerField(_l("Dwellings it will connect"), validators=[Optional()])
    download = NumberField(_l("Speed it brings (Mbit/s)"), default=1000, validators=[Optional()],
                           description=_l("A fibre network: 1000."))


class ConnectedForm(FlaskForm):
    connected_dwellings = IntegerField(_l("Dwellings connected so far"), validators=[Optional()])


class LinkForm(FlaskForm):
    locality_id = SelectField(_l("Locality"), coerce=int, validate_choice=False,
                              validators=[DataRequired(_l("Choose a locality."))])
    note = TextAreaField(_l("How the proposal concerns the locality"), validators=[
        DataRequired(_l("Write a note on how the proposal concerns the locality.")), Length(max=2000, message=MAX)])


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[
        DataRequired(_l("Write the reason.")), Length(max=2000, message=MAX)])
