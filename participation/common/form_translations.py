"""WTForms' own messages in the request's language, read from disk once per language per process.

Flask-WTF loads WTForms' catalogue from disk on every request that builds a
form and keeps it on `request.wtforms_translations` for that request only
(about a millisecond a page). The catalogue never changes while the app runs:
the request class below offers it from a per-process cache, and Flask-WTF
takes it from there.
"""

from functools import cache, cached_property

from babel import support
from flask import Flask, Request
from flask_babel import get_locale
from wtforms.i18n import messages_path


@cache
def _catalogue(locale: str) -> support.Translations:
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class SpoluRequest(Request):
    @cached_property
    def wtforms_translations(self) -> support.Translations:
        """Read by flask_wtf.i18n before it would load the catalogue itself."""
        return _catalogue(str(get_locale()))


def init_app(app: Flask) -> None:
    app.request_class = SpoluRequest
