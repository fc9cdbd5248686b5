"""The shape every view that changes something shares: load the object (404), check the rule (403, with
`access.require`), save a valid form through one service call, then redirect (or answer htmx with a fragment)
or show the form again with the services' refusals next to their fields."""

from collections.abc import Callable

from flask import abort, flash, render_template
from flask_login import current_user

from participation.common.errors import Invalid
from participation.common.htmx import redirect_to
from participation.extensions import db


def load_or_404(item, may_view: Callable | None = None):
    """A loaded item, or 404 when it is missing or `may_view(user, item)` hides it from the user."""
    if item is None or (may_view is not None and not may_view(current_user, item)):
        abort(404)
    return item


def refuse(form, errors: dict) -> None:
    """The services' messages next to their fields; a message of no field of the form goes above it."""
    for name, message in errors.items():
        if name == "form" or name not in form:
            form.form_errors.append(message)
        else:
            form[name].errors = [*form[name].errors, message]


def done(message, endpoint: str, **values):
    """After a save: the message for the next page, and a 303 to the endpoint."""
    flash(str(message), "success")
    return redirect_to(endpoint, **values)


def form_page(form, save: Callable[[], object], then: Callable, template: str, **context):
    """A form's GET and POST. A valid POST calls `save()`, then answers `then(what save returned)` (a `done`
    redirect, or a fragment for htmx); an `Invalid` from `save` is rolled back and shown next to its fields.
    Otherwise the form again: 422 when it shows an error, else 200."""
    if form.validate_on_submit():
        try:
            saved = save()
        except Invalid as invalid:
            db.session.rollback()
            refuse(form, invalid.errors)
        else:
            return then(saved)
    return render_template(template, form=form, **context), 422 if form.errors else 200
