"""Guards shared by the administrator screens of territory, admin and audit."""

from flask import abort, current_app
from flask_login import current_user


def require(allowed: bool) -> None:
    """Visitors go to the login page (401 before it exists); signed-in users without the right get 403."""
    if not current_user.is_authenticated:
        manager = current_app.login_manager
        if manager.login_view in current_app.view_functions:
            abort(manager.unauthorized())
        abort(401)
    if not allowed:
        abort(403)


def int_list(values) -> set[int]:
    """The positive integers among submitted values; anything else is dropped."""
    result = set()
    for value in values:
        if isinstance(value, str) and value.isdigit() and len(value) < 10:
            result.add(int(value))
    return result
