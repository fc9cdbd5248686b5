"""The pages a public website must have: the privacy notice, the terms of use, the accessibility statement.

They are documents rather than interface strings, so each is a template per
language (`templates/core/legal/<page>.<language>.html`); who runs this Spolu
comes from the OPERATOR_* settings. The addresses are Czech and stable,
because registration, the footer and municipal websites link to them.
"""

from datetime import date

from flask import current_app, render_template
from flask_babel import get_locale


def operator() -> dict:
    """Who runs this Spolu, as the settings name it."""
    config = current_app.config
    return {"name": config["OPERATOR_NAME"], "address": config["OPERATOR_ADDRESS"], "id": config["OPERATOR_ID"],
            "email": config["OPERATOR_EMAIL"], "privacy_email": config["PRIVACY_OFFICER_EMAIL"] or config["OPERATOR_EMAIL"]}


def _statement_date() -> date | None:
    try:
        return date.fromisoformat(current_app.config["ACCESSIBILITY_STATEMENT_DATE"])
    except ValueError:
        return None


def page(name: str):
    """The document in the reader's language (Czech unless English is chosen)."""
    language = "en" if str(get_locale()) == "en" else "cs"
    return render_template("core/legal/page.html", name=name, body=f"core/legal/{name}.{language}.html",
                           operator=operator(), statement_date=_statement_date())
