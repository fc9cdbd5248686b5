"""Templates' `_()` and `gettext()`: the page's catalogue found once per language, not once per string.

Flask-Babel looks the request's catalogue up anew for every string (three
searches of the application context, the locale turned into its name), some
35 µs a call, and a page shows dozens. The template context already names the
page's language (`current_locale`, set by web.py for every template Flask
renders, under `force_locale` too), so the catalogue is kept per language for
the process, as Flask-Babel keeps it anyway. The result is Jinja's own
newstyle gettext's: the translation as markup where autoescaping is on,
always %-formatted with its variables. A template rendered without Flask's
context (no `current_locale`) goes the usual way.
"""

from flask import Flask
from flask_babel import get_locale, get_translations
from jinja2 import pass_context
from markupsafe import Markup

# Far more than the templates' strings in two languages; a guard against a template translating data.
MOST_STRINGS = 20000


def install(app: Flask) -> None:
    """Replace the `gettext` and `_` Flask-Babel gave the app's templates (after `babel.init_app`)."""
    usual = app.jinja_env.globals["gettext"]
    catalogues: dict[str, object] = {}
    plain: dict[tuple, str] = {}  # (language, autoescape, string) -> the finished text of a string without variables

    @pass_context
    def gettext(context, string, /, **variables):
        language = context.get("current_locale")
        translations = catalogues.get(language)
        if translations is None:
            if language is not None and str(get_locale()) == language:
                catalogues[language] = get_translations()
            return usual(context, string, **variables)
        autoescape = context.eval_ctx.autoescape
        kept = not variables and type(string) is str  # a template's own words, not a lazy string or markup
        if kept:
            done = plain.get((language, autoescape, string))
            if done is not None:
                return done
        text = translations.ugettext(string)
        if autoescape:
            text = Markup(text)
        text = text % variables
        if kept:
            if len(plain) >= MOST_STRINGS:
                plain.clear()
            plain[(language, autoescape, string)] = text
        return text

    app.jinja_env.globals.update(gettext=gettext, _=gettext)
