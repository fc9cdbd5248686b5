"""Places in Czechia: coordinates and routes as typed into forms, checked and stored.

A place is a pair (latitude, longitude) in degrees (WGS 84). Forms take them as
text, the Czech way too ("49,9443"), and refuse what lies outside the Czech
Republic's bounding box with a message next to the field, keeping what was
typed. A route (a fibre backbone, a path) is two or more points, typed one
"latitude, longitude" a line or pasted as a GeoJSON LineString, and stored as
a GeoJSON LineString (longitude first, as GeoJSON orders them).
"""

import json
import math
import re

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from wtforms import Field, TextAreaField
from wtforms.validators import StopValidation, ValidationError
from wtforms.widgets import TextInput

# The Czech Republic's bounding box, a little generous at the edges (degrees).
SOUTH, NORTH = 48.55, 51.06
WEST, EAST = 12.09, 18.86
CENTRE = ((SOUTH + NORTH) / 2, (WEST + EAST) / 2)
MAX_ROUTE_POINTS = 500
MAX_ROUTE_TEXT = 40_000
DECIMALS = 6

NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


def inside_czechia(latitude: float, longitude: float) -> bool:
    """Is the point within the Czech Republic's bounding box?"""
    return SOUTH <= latitude <= NORTH and WEST <= longitude <= EAST


def parse_number(text: str) -> float:
    """A number typed with a decimal point or comma ("49,9443"); ValueError otherwise."""
    raw = (text or "").replace("\xa0", "").replace(" ", "").replace(",", ".")
    value = float(raw)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _outside_message(axis: str):
    if axis == "latitude":
        return _l("Pick a place in the Czech Republic: the latitude is between %(low)s and %(high)s.",
                  low=format_decimal(SOUTH), high=format_decimal(NORTH))
    return _l("Pick a place in the Czech Republic: the longitude is between %(low)s and %(high)s.",
              low=format_decimal(WEST), high=format_decimal(EAST))


class CoordinateField(Field):
    """A latitude or a longitude in Czechia, typed as text; keeps what was typed when it is refused.

    `partner` names the other coordinate's field: one without the other is refused.
    """

    widget = TextInput()

    def __init__(self, label=None, validators=None, *, axis: str, partner: str, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "decimal", "autocomplete": "off"})
        super().__init__(label, validators, **kwargs)
        self.axis = axis
        self.partner = partner

    def process_formdata(self, valuelist):
        self.data = None
        if not valuelist or not (valuelist[0] or "").strip():
            return
        try:
            self.data = parse_number(valuelist[0])
        except ValueError:
            raise ValueError(str(_l("Enter a number of degrees, e.g. 49.9443 or 49,9443."))) from None

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else f"{float(self.data):.{DECIMALS}f}".rstrip("0").rstrip(".")

    def pre_validate(self, form):
        partner = form[self.partner]
        if self.data is None and partner.data is not None and not self.process_errors:
            if self.axis == "latitude":
                raise StopValidation(str(_l("Enter the latitude too, or leave both empty.")))
            raise StopValidation(str(_l("Enter the longitude too, or leave both empty.")))
        if self.data is not None:
            value = float(self.data)
            low, high = (SOUTH, NORTH) if self.axis == "latitude" else (WEST, EAST)
            if not low <= value <= high:
                raise StopValidation(str(_outside_message(self.axis)))


def latitude_field(label=None, **kwargs) -> CoordinateField:
    return CoordinateField(label or _l("Latitude"), axis="latitude", partner="longitude",
                           description=kwargs.pop("description", _l("Degrees north, e.g. 49.9443.")), **kwargs)


def longitude_field(label=None, **kwargs) -> CoordinateField:
    return CoordinateField(label or _l("Longitude"), axis="longitude", partner="latitude",
                           description=kwargs.pop("description", _l("Degrees east, e.g. 16.3520.")), **kwargs)


# ----- routes ---------------------------------------------------------------------------------


class RouteError(ValueError):
    """A route that cannot be stored; the message says why, for the person who typed it."""


def _points_from_geojson(text: str) -> list[tuple[float, float]]:
    try:
        value = json.loads(text)
    except ValueError:
        raise RouteError(_l("This is not valid GeoJSON. Type one point a line instead: latitude, longitude.")) from None
    if isinstance(value, dict) and value.get("type") == "Feature":
        value = value.get("geometry")
    if isinstance(value, dict):
        if value.get("type") != "LineString":
            raise RouteError(_l("A route is a GeoJSON LineString (a line), not another shape."))
        value = value.get("coordinates")
    if not isinstance(value, list):
        raise RouteError(_l("A route is a GeoJSON LineString (a line), not another shape."))
    points = []
    for position in value:
        if (not isinstance(position, list) or len(position) < 2
                or not all(isinstance(n, int | float) and not isinstance(n, bool) for n in position[:2])):
            raise RouteError(_l("Every point of a GeoJSON line is [longitude, latitude]."))
        points.append((float(position[1]), float(position[0])))
    return points


def _points_from_lines(text: str) -> list[tuple[float, float]]:
    points = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        values = NUMBER.findall(line)
        if len(values) != 2 or NUMBER.sub("", line).strip(" ,;\t") != "":
            raise RouteError(_l("Line %(line)s: type the latitude and the longitude, e.g. 49.9443, 16.3520.",
                                line=number))
        points.append((parse_number(values[0]), parse_number(values[1])))
    return points


def parse_route(text: str) -> list[tuple[float, float]]:
    """(latitude, longitude) points from typed lines or GeoJSON; RouteError with the reason."""
    text = (text or "").strip()
    if len(text) > MAX_ROUTE_TEXT:
        raise RouteError(_l("The route is too long: at most %(max)s points.", max=MAX_ROUTE_POINTS))
    points = _points_from_geojson(text) if text[:1] in "{[" else _points_from_lines(text)
    check_route(points)
    return points


def check_route(points) -> None:
    """RouteError unless the route has 2 to MAX_ROUTE_POINTS points, each in Czechia."""
    if len(points) < 2:
        raise RouteError(_l("A route needs at least two points."))
    if len(points) > MAX_ROUTE_POINTS:
        raise RouteError(_l("The route is too long: at most %(max)s points.", max=MAX_ROUTE_POINTS))
    for index, (latitude, longitude) in enumerate(points, start=1):
        if not (math.isfinite(latitude) and math.isfinite(longitude) and inside_czechia(latitude, longitude)):
            raise RouteError(_l("Point %(number)s (%(latitude)s, %(longitude)s) is outside the Czech Republic.",
                                number=index, latitude=f"{latitude:g}", longitude=f"{longitude:g}"))


def route_to_geojson(points) -> str | None:
    """The stored form of a route: a GeoJSON LineString, or None for no route."""
    if not points:
        return None
    check_route(points)
    coordinates = [[round(longitude, DECIMALS), round(latitude, DECIMALS)] for latitude, longitude in points]
    return json.dumps({"type": "LineString", "coordinates": coordinates}, separators=(",", ":"))


def route_points(stored: str | None) -> list[tuple[float, float]]:
    """(latitude, longitude) points of a stored route ([] for none or an unreadable one)."""
    if not stored:
        return []
    try:
        return _points_from_geojson(stored)
    except RouteError:
        return []


def route_geometry(stored: str | None) -> dict | None:
    """A stored route as a GeoJSON geometry, or None."""
    points = route_points(stored)
    if not points:
        return None
    return {"type": "LineString", "coordinates": [[lon, lat] for lat, lon in points]}


def route_text(points) -> str:
    """A route as the form shows it: one "latitude, longitude" a line."""
    return "\n".join(f"{latitude:.{DECIMALS}f}, {longitude:.{DECIMALS}f}" for latitude, longitude in points)


class RouteField(TextAreaField):
    """A route typed one point a line ("49.9443, 16.3520") or pasted as GeoJSON; data: points or None."""

    def process_formdata(self, valuelist):
        self.data = None
        self._route_error = None
        if valuelist and (valuelist[0] or "").strip():
            try:
                self.data = parse_route(valuelist[0])
            except RouteError as error:
                self._route_error = str(error.args[0])

    def process_data(self, value):
        # Editing: the stored GeoJSON text (from the object) or a list of points.
        self.data = (route_points(value) if isinstance(value, str) else list(value or [])) or None

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return route_text(self.data or [])

    def pre_validate(self, form):
        if getattr(self, "_route_error", None):
            raise ValidationError(self._route_error)
