"""Reading a list request: its filters, page size and cursor, each checked strictly.

The HTML pages drop a malformed filter and show everything; a program should
hear about its mistake instead, so here an unknown parameter, a malformed value,
a parameter given twice, a page size over the limit or a cursor that was not
ours (or belongs to other filters) is a 400 with a JSON error. An empty value
counts as not given, as a submitted HTML form sends it.

A cursor is opaque: it is signed with the app's secret and names the position
in the list and the filters it was made for.
"""

import hashlib
import re
from dataclasses import dataclass, field

from flask import current_app
from itsdangerous import BadData, URLSafeSerializer

from participation.api.errors import bad_parameter

CURSOR_SALT = "spolu.api.cursor"
MAX_CURSOR_LENGTH = 200
MAX_OFFSET = 1_000_000
MAX_ID_DIGITS = 9
REGION_CODE = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")


@dataclass(frozen=True)
class Filter:
    """A filter a list accepts: an id, a choice among `choices`, a text, or a region code."""

    name: str
    kind: str = "id"  # "id", "choice", "text" or "region"
    choices: tuple[str, ...] = ()
    max_length: int = 200
    description: str = ""


@dataclass
class ListQuery:
    """A list request, checked: the filters given (clean strings), the page size and the position."""

    values: dict[str, str] = field(default_factory=dict)
    limit: int = 20
    offset: int = 0


def parse_id(raw: str, name: str = "id") -> int:
    """A positive database id, or a 400 for anything else."""
    if not (raw.isascii() and raw.isdigit() and 0 < len(raw) <= MAX_ID_DIGITS and int(raw) > 0):
        raise bad_parameter(name, f"'{name}' must be a positive whole number of at most {MAX_ID_DIGITS} digits.",
                            "invalid_id")
    return int(raw)


def _clean(spec: Filter, raw: str) -> str:
    if spec.kind == "id":
        return str(parse_id(raw, spec.name))
    if spec.kind == "choice":
        if raw not in spec.choices:
            raise bad_parameter(spec.name, f"'{spec.name}' must be one of: {', '.join(spec.choices)}.")
        return raw
    if spec.kind == "region":
        if not REGION_CODE.match(raw.upper()):
            raise bad_parameter(spec.name, f"'{spec.name}' must be a region code such as CZ-53.")
        return raw.upper()
    text = raw.strip()
    if len(text) > spec.max_length or any(ord(ch) < 32 for ch in text):
        raise bad_parameter(spec.name, f"'{spec.name}' must be a line of text of at most {spec.max_length} characters.")
    return text


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=CURSOR_SALT)


def _digest(endpoint: str, values: dict[str, str]) -> str:
    """A short fingerprint of the list and its filters, so a cursor is only good for them."""
    text = endpoint + "\n" + "\n".join(f"{k}={v}" for k, v in sorted(values.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def make_cursor(endpoint: str, values: dict[str, str], offset: int) -> str:
    """The opaque cursor of the page that starts at `offset`."""
    return _signer().dumps([offset, _digest(endpoint, values)])


def _read_cursor(endpoint: str, values: dict[str, str], raw: str) -> int:
    invalid = bad_parameter("cursor", "The cursor is not valid for this list and these filters: "
                                      "start again without it and follow the 'next' links.", "invalid_cursor")
    if len(raw) > MAX_CURSOR_LENGTH:
        raise invalid
    try:
        payload = _signer().loads(raw)
    except (BadData, ValueError, TypeError, UnicodeError):
        raise invalid from None
    if not (isinstance(payload, list) and len(payload) == 2):
        raise invalid
    offset, digest = payload
    if (not isinstance(offset, int) or isinstance(offset, bool) or not 0 <= offset <= MAX_OFFSET
            or digest != _digest(endpoint, values)):
        raise invalid
    return offset


def _read_limit(raw: str | None) -> int:
    default, most = current_app.config["API_PAGE_SIZE"], current_app.config["API_MAX_PAGE_SIZE"]
    if raw is None or raw == "":
        return default
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 6 and 1 <= int(raw) <= most):
        raise bad_parameter("limit", f"'limit' must be a whole number from 1 to {most}.", "invalid_limit")
    return int(raw)


def read_list_query(args, endpoint: str, filters: tuple[Filter, ...]) -> ListQuery:
    """The checked list request, or an ApiError (400) naming the first bad parameter."""
    specs = {spec.name: spec for spec in filters}
    for name in args:
        if name not in specs and name not in ("limit", "cursor"):
            allowed = ", ".join([*specs, "limit", "cursor"])
            raise bad_parameter(name[:50], f"Unknown parameter '{name[:50]}'. This list accepts: {allowed}.",
                                "unknown_parameter")
        if len(args.getlist(name)) > 1:
            raise bad_parameter(name, f"'{name}' is given more than once.")
    values = {}
    for name, spec in specs.items():
        raw = args.get(name, "")
        if raw != "":
            cleaned = _clean(spec, raw)
            if cleaned:
                values[name] = cleaned
    query = ListQuery(values=values, limit=_read_limit(args.get("limit")))
    cursor = args.get("cursor", "")
    if cursor:
        query.offset = _read_cursor(endpoint, values, cursor)
    return query
