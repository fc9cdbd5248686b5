"""Dates and times in one format, through Babel (docs/glossary.md, "Forms and formats").

Templates use the |date and |datetime filters, code these functions: a day
reads "1. prosince 2026", a moment "1. 12. 2026 14:05" (in English "December 1,
2026" and "Dec 1, 2026 2:05 PM"), in the reader's language and time zone.
"""

from flask_babel import format_date, format_time


def day(value) -> str:
    """A date in the long form: "1. prosince 2026"."""
    return format_date(value, "long") if value else ""


def moment(value) -> str:
    """A date with its time: "1. 12. 2026 14:05"."""
    if not value:
        return ""
    return f"{format_date(value, 'medium')} {format_time(value, 'short')}"
