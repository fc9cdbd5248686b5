"""Destructive actions ask first, with and without JavaScript.

A domain registers each destructive POST endpoint once with `confirmable`,
saying what to ask and what the "yes" button says. The macro
`confirm_button` (templates/_macros/confirm.html) renders a link to the
shared confirmation page (core.confirm): without JavaScript it opens the
page, with htmx the same question is swapped in place of the link. Either
way the "yes" is a plain POST form with the CSRF token, so the action's
route answers as it always has. The question comes from the registry,
never from the address, so a crafted link cannot dress one action as another.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app, request
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RoutingException

from participation.common.access import safe_next


@dataclass(frozen=True)
class Confirmation:
    """What the confirmation page asks and what its buttons say (lazy strings)."""

    endpoint: str
    question: object
    yes: object
    detail: object | None = None
    reason_label: object | None = None  # an optional "reason" field the action reads
    reason_length: int = 500


_ACTIONS: dict[str, Confirmation] = {}


def confirmable(endpoint: str, question, yes, detail=None, **reason) -> None:
    """Declare a destructive POST endpoint: it is confirmed by asking `question`."""
    _ACTIONS[endpoint] = Confirmation(endpoint, question, yes, detail, **reason)


def registered() -> dict[str, Confirmation]:
    """Every declared destructive endpoint (for tests and the routes check)."""
    return dict(_ACTIONS)


def for_action(action: str | None) -> Confirmation | None:
    """The confirmation of the registered action a POST to this path of the site would run, or None."""
    if not action or safe_next(action, "") != action:
        return None
    path = urlsplit(action).path
    if request.script_root and path.startswith(request.script_root + "/"):
        path = path[len(request.script_root):]  # url_for's address under a prefix; the map has none
    adapter = current_app.url_map.bind_to_environ(request.environ)
    try:
        endpoint, _ = adapter.match(path, method="POST")
    except (HTTPException, RoutingException):
        return None
    return _ACTIONS.get(endpoint)
