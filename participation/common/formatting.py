"""Dates and numbers for templates in the one format of each (common/formats.py), each value formatted
once per process.

A discussion or a results table repeats the same day, count or percentage many
times, and the same counts come back on every page; Babel's formatting costs
about as much as the rest of a row. What a filter formatted is kept in this
process, keyed by the value, the pattern, the language and the time zone: the
result is a pure function of those (an e-mail rendered in another language
gets its own entries). At most MOST entries are kept; then they start afresh.
"""

from flask_babel import format_decimal, format_percent, get_locale, get_timezone

from participation.common import formats

MOST = 20_000  # a few hundred kilobytes; counts, percentages and days of a few years in two languages
_FORMATTED: dict[tuple, str] = {}


def _once(kind: str, formatter, value, pattern) -> str:
    key = (kind, value, pattern, str(get_locale()), str(get_timezone()))
    found = _FORMATTED.get(key)
    if found is None:
        if len(_FORMATTED) >= MOST:
            _FORMATTED.clear()
        found = _FORMATTED[key] = formatter(value, pattern)
    return found


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
