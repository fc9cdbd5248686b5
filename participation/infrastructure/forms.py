"""Forms: an asset, planned works, a joining request, an access request, an answer, finishing works.

The forms parse what was typed (coordinates and routes in Czechia, dates); the
rules (a place given, the joining deadline before the start, an asset that is
offered) are the services', and their messages come back next to the fields.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import DateField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from participation.extensions import db
from participation.infrastructure.models import (
    AssetConditions,
    AssetKind,
    AssetStatus,
    RequestState,
    WorkKind,
    WorkStatus,
)
from participation.permissions.scopes import scope_of
from participation.territory.geo import RouteField, latitude_field, longitude_field
from participation.territory.models import Municipality

MAX = _l("At most %(max)d characters.")

ASSET_KIND_LABELS = {
    AssetKind.DUCT: _l("Duct or conduit"),
    AssetKind.POLE: _l("Pole"),
    AssetKind.MAST: _l("Mast"),
    AssetKind.TOWER: _l("Tower"),
    AssetKind.ROOFTOP: _l("Rooftop"),
    AssetKind.ROOM: _l("Room for equipment"),
    AssetKind.PARCEL: _l("Land parcel"),
}
CONDITION_LABELS = {
    AssetConditions.FREE: _l("Free of charge"),
    AssetConditions.PRICED: _l("For a price"),
    AssetConditions.ON_REQUEST: _l("On request"),
}
ASSET_STATUS_LABELS = {
    AssetStatus.AVAILABLE: _l("Offered for sharing"),
    AssetStatus.RESERVED: _l("Reserved"),
    AssetStatus.UNAVAILABLE: _l("Not available"),
}
WORK_KIND_LABELS = {
    WorkKind.ROAD: _l("Road reconstruction"),
    WorkKind.WATER: _l("Water main"),
    WorkKind.SEWER: _l("Sewer"),
    WorkKind.ELECTRICITY: _l("Electricity"),
    WorkKind.LIGHTING: _l("Public lighting"),
    WorkKind.OTHER: _l("Other works"),
}
WORK_STATUS_LABELS = {
    WorkStatus.PLANNED: _l("Planned"),
    WorkStatus.UNDER_WAY: _l("Under way"),
    WorkStatus.FINISHED: _l("Finished"),
    WorkStatus.CANCELLED: _l("Cancelled"),
}
REQUEST_STATE_LABELS = {
    RequestState.PENDING: _l("Waiting for an answer"),
    RequestState.AGREED: _l("Agreed"),
    RequestState.REFUSED: _l("Refused"),
}
ROUTE_KW = {"rows": 5, "spellcheck": "false", "autocomplete": "off"}


def _choices(labels) -> list:
    return [(key.value, label) for key, label in labels.items()]


def municipalities_in_scope(user, selected_id=None) -> list[tuple[int, str]]:
    """The municipalities the user records for (every one for administrators everywhere)."""
    scope = scope_of(user)
    statement = select(Municipality.id, Municipality.name, Municipality.code)
    if not scope.everywhere:
        ids = set(scope.municipality_ids) | ({selected_id} if selected_id else set())
        statement = statement.where(Municipality.id.in_(sorted(ids)))
    rows = db.session.execute(statement.order_by(Municipality.search_name).limit(2000))
    return [(row.id, f"{row.name} ({row.code})") for row in rows]


class AssetForm(FlaskForm):
    municipality = SelectField(_l("Municipality"), coerce=int, validators=[
        DataRequired(_l("Choose the municipality that offers it."))])
    kind = SelectField(_l("Kind"), choices=_choices(ASSET_KIND_LABELS))
    name = StringField(_l("Name"), validators=[DataRequired(_l("Give the asset a name.")),
                                               Length(max=200, message=MAX)],
                       description=_l("Seen only by operators and staff, e.g. Duct along the Chvojno road."))
    owner = StringField(_l("Owner"), validators=[DataRequired(_l("Name the owner.")), Length(max=200, message=MAX)])
    conditions = RadioField(_l("Conditions"), choices=_choices(CONDITION_LABELS),
                            default=AssetConditions.ON_REQUEST.value)
    conditions_note = TextAreaField(_l("Conditions in detail"), validators=[Optional(), Length(max=2000, message=MAX)],
                                    description=_l("The price, the technical conditions, what a request needs."))
    status = SelectField(_l("Status"), choices=_choices(ASSET_STATUS_LABELS), default=AssetStatus.AVAILABLE.value)
    free_capacity = StringField(_l("Free capacity"), validators=[Optional(), Length(max=200, message=MAX)],
                                description=_l("For a duct: what is free, e.g. 2 of 4 HDPE 40 mm tubes."))
    cadastral_area = StringField(_l("Cadastral area"), validators=[Optional(), Length(max=120, message=MAX)],
                                 description=_l("For a land parcel, as in the land register."))
    parcel_number = StringField(_l("Parcel number"), validators=[Optional(), Length(max=40, message=MAX)],
                                description=_l("For a land parcel, e.g. 1234/5."))
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000, message=MAX)])
    contact = StringField(_l("Contact"), validators=[Optional(), Length(max=300, message=MAX)],
                          description=_l("Who answers operators: a name, an e-mail, a phone."))
    latitude = latitude_field()
    longitude = longitude_field()
    route = RouteField(_l("Route"), render_kw=ROUTE_KW, description=_l(
        "For a duct: one point a line, latitude and longitude, e.g. 49.9443, 16.3520 (at least two points); "
        "a GeoJSON LineString can be pasted too. Give a point, a route or both."))


class WorkForm(FlaskForm):
    municipality = SelectField(_l("Municipality"), coerce=int, validators=[
        DataRequired(_l("Choose the municipality that plans the works."))])
    kind = SelectField(_l("Kind of works"), choices=_choices(WORK_KIND_LABELS))
    title = StringField(_l("Title"), validators=[DataRequired(_l("Give the works a title.")),
                                                 Length(max=200, message=MAX)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000, message=MAX)])
    # Required: an empty route is refused by the service with the same message as a one-point route.
    route = RouteField(_l("Route"), render_kw=ROUTE_KW, description=_l(
        "One point a line, latitude and longitude, e.g. 49.9443, 16.3520 (at least two points); "
        "a GeoJSON LineString can be pasted too."))
    starts_on = DateField(_l("Works start on"), validators=[DataRequired(_l("Enter the date the works start."))])
    ends_on = DateField(_l("Works end on"), validators=[Optional()])
    joining_deadline = DateField(_l("Deadline for joining"), validators=[
        DataRequired(_l("Enter the deadline for joining."))],
        description=_l("Operators may ask to lay ducts in the trench until this day; not after the start."))
    contact = StringField(_l("Contact"), validators=[Optional(), Length(max=300, message=MAX)])


class JoinForm(FlaskForm):
    operator = SelectField(_l("Operator"), coerce=int)
    what = TextAreaField(_l("What you would lay in the trench"), validators=[
        DataRequired(_l("Say what you would lay in the trench.")), Length(max=2000, message=MAX)],
        description=_l("E.g. 2 HDPE 40 mm tubes along the whole route, a chamber at the school."))


class AccessForm(FlaskForm):
    asset = SelectField(_l("Asset or parcel"), coerce=int, validate_choice=False,
                        validators=[DataRequired(_l("Choose the asset."))])
    operator = SelectField(_l("Operator"), coerce=int)
    purpose = TextAreaField(_l("Purpose"), validators=[DataRequired(_l("Say what you would use it for.")),
                                                       Length(max=3000, message=MAX)])
    localities = SelectMultipleField(_l("Localities it would serve"), coerce=int, validate_choice=False,
                                     description=_l("Hold Ctrl (or Cmd) to choose several."))
    timetable = TextAreaField(_l("Timetable"), validators=[Optional(), Length(max=2000, message=MAX)],
                              description=_l("When you would build and start the service."))


class AnswerForm(FlaskForm):
    outcome = RadioField(_l("Answer"), choices=[("agree", _l("Agree (with conditions below, if any)")),
                                                 ("refuse", _l("Refuse (give the reason below)"))],
                         validators=[DataRequired(_l("Choose whether you agree or refuse."))])
    answer = TextAreaField(_l("Conditions or reason (public in summary, kept in the audit log)"), validators=[
        Optional(), Length(max=3000, message=MAX)])


class FinishForm(FlaskForm):
    spare_capacity = StringField(_l("Spare ducts the municipality laid"), validators=[
        Optional(), Length(max=200, message=MAX)],
        description=_l("E.g. 2 empty HDPE 40 mm tubes; they become a shareable asset. Leave empty if none."))
