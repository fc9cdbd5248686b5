"""Input checked once, at the edge: ids in addresses, numeric filters, control characters, dates, bidi controls.

A malformed request gets a 404 (an id that cannot exist) or a 400 with a
clear message (a control character), never a 500 from deeper down: a
database refuses an id beyond its integer range, a NUL in a string, a year
past 9999. Views read numbers through `read_int` and dates through
`DateRange`, and need not think about it again.
"""

import re
from datetime import date

from flask import Flask, render_template, request
from flask_babel import gettext, lazy_gettext
from werkzeug.routing import IntegerConverter, ValidationError
from wtforms.validators import ValidationError as FieldError

# The largest id PostgreSQL's INTEGER (and so every id column here) can hold.
MAX_ID = 2**31 - 1
# C0 control characters and DEL, except tab, line feed and carriage return, which text may contain.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Dates a person may enter anywhere in Spolu: far enough for history and plans, short of any overflow.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: ASCII digits only, and no larger than a database id can be.

    Werkzeug's own converter takes any Unicode digit ("٣") and any size; an id
    beyond the database's range then fails in the database (a 500 on
    PostgreSQL). Here the route does not match, which is a 404.
    """

    regex = r"[0-9]+"

    def to_python(self, value: str) -> int:
        if len(value) > len(str(MAX_ID)) or int(value) > MAX_ID:
            raise ValidationError()
        return super().to_python(value)


def read_int(raw, *, minimum: int = 1, maximum: int = MAX_ID) -> tuple[int | None, bool]:
    """(value, malformed) for a number from the address or a form: ASCII digits within range, else None.

    An empty value is (None, False); anything else that is not a whole number
    from minimum to maximum is (None, True), so the caller can say so.
    """
    value = (raw or "").strip() if isinstance(raw, str) else ""
    if not value:
        return None, False
    digits = value[1:] if value.startswith("-") else value
    if not (digits.isascii() and digits.isdigit()) or len(digits) > len(str(MAX_ID)):
        return None, True
    number = int(value)
    if not minimum <= number <= maximum:
        return None, True
    return number, False


def has_control_characters(text: str) -> bool:
    """Does the text hold a character nobody types (NUL, escape...), other than tab and line breaks?"""
    return bool(CONTROL_CHARACTERS.search(text))


# Blueprints that refuse bad input themselves, in their own format (the API answers JSON errors,
# search leaves the characters out and says so next to its box).
OWN_VALIDATION_BLUEPRINTS = frozenset({"api", "search"})


def _refuse_control_characters():
    """before_request: a control character in the address or a posted field gets a 400 that says why."""
    if request.blueprint in OWN_VALIDATION_BLUEPRINTS:
        return None
    in_address = any(has_control_characters(key) or has_control_characters(value)
                     for key, value in request.args.items(multi=True))
    in_form = request.method == "POST" and any(
        has_control_characters(key) or has_control_characters(value)
        for key, value in request.form.items(multi=True))
    if has_control_characters(request.path) or in_address or in_form:
        if in_form:
            message = gettext("The form contains a control character (such as NUL) that cannot be part of "
                              "any text. Remove it and send the form again.")
        else:
            message = gettext("The address contains a control character (such as NUL) that cannot be part "
                              "of any text. Remove it and try again.")
        return render_template("errors/400.html", description=message), 400
    return None


class DateRange:
    """A form validator: a date between EARLIEST_DATE and LATEST_DATE (empty is left to other validators)."""

    message = lazy_gettext("Enter a date between %(earliest)s and %(latest)s.")

    def __call__(self, form, field) -> None:
        value = field.data
        if value is None:
            return
        day = value.date() if hasattr(value, "date") and callable(value.date) else value
        if not EARLIEST_DATE <= day <= LATEST_DATE:
            raise FieldError(str(self.message) % {"earliest": EARLIEST_DATE.year, "latest": LATEST_DATE.year})


def init_app(app: Flask) -> None:
    """Before the blueprints are registered: their `<int:...>` rules take the bounded converter."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from participation.common.search import index_before_flush
    from participation.common.text import strip_bidi_before_flush

    app.url_map.converters["int"] = IdConverter
    app.before_request(_refuse_control_characters)
    if not event.contains(Session, "before_flush", strip_bidi_before_flush):
        event.listen(Session, "before_flush", strip_bidi_before_flush)
    if not event.contains(Session, "before_flush", index_before_flush):
        event.listen(Session, "before_flush", index_before_flush)
