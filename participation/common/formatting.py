"""Dates and numbers for templates in the one format of each (common/formats.py), each value formatted
once per request.

A discussion or a results table repeats the same day, count or percentage many
times; Babel's formatting costs about as much as the rest of a row, so the
filters keep what they formatted in `g`, keyed by the value, the pattern, the
language and the time zone (an e-mail rendered in another language inside the
same request gets its own entries).
"""

from flask import g
from flask_babel import format_decimal, format_percent, get_locale, get_timezone

from participation.common import formats


def _once(kind: str, formatter, value, pattern) -> str:
    cache = g.setdefault("_spolu_formatted", {})
    key = (kind, value, pattern, str(get_locale()), str(get_timezone()))
    if key not in cache:
        cache[key] = formatter(value, pattern)
    return cache[key]


def date(value, _pattern=None) -> str:
    """The one date format (common/formats.py); a pattern left in a template is ignored rather than making another."""
    return _once("date", lambda v, _: formats.day(v), value, None) if value else ""


def datetime(value, _pattern=None) -> str:
    return _once("datetime", lambda v, _: formats.moment(v), value, None) if value else ""


def number(value) -> str:
    return _once("number", lambda v, _pattern: format_decimal(v), value or 0, None)


def percent(value, pattern: str = "#,##0.#%") -> str:
    """A share as a percentage; the pattern gives the digits, the language places the sign ("45 %" in Czech)."""
    return _once("percent", format_percent, value or 0, _localised_percent(pattern))


def _localised_percent(pattern: str) -> str:
    digits = pattern.replace("%", "").strip()
    return get_locale().percent_formats[None].pattern.replace("#,##0", digits, 1)


FILTERS = {"date": date, "datetime": datetime, "number": number, "percent": percent}
