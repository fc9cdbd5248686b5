"""The municipality picker: a WTForms field that stores municipality ids.

Without JavaScript the field is a text input. The resident types a name
(case and diacritics do not matter: "zdar" finds "Žďár nad Sázavou") or a
six-digit code and submits the whole form; the server resolves the text:

- one match: it is chosen (the form goes on as if it had been picked);
- several: the form comes back with the matches as radio buttons (single) or
  checkboxes (multiple) and the message "pick one";
- none: an error next to the field.

The typed text is always kept. With htmx, typing asks
`accounts.municipality_suggestions` (debounced) for the same list of choices,
which is swapped in under the input, so a resident can pick before submitting.
Whatever the browser sends, ids are checked on the server: an unknown id is a
clear error, never a 500.

Using it in a form::

    from participation.territory.picker import MunicipalityField, MultipleMunicipalityField

    class ProposalForm(FlaskForm):
        municipality_ids = MultipleMunicipalityField(
            _l("Municipalities the problem touches"),
            validators=[DataRequired(_l("Choose at least one municipality."))])

    # In the view, pre-select the author's home municipality on a fresh form:
    form = ProposalForm()
    if request.method == "GET":
        form.municipality_ids.data = [current_user.home_municipality_id]
    if form.validate_on_submit():
        services.create(..., municipality_ids=form.municipality_ids.data)

    {# in the template, like any other field #}
    {{ field(form.municipality_ids) }}

Use DataRequired, not InputRequired: a typed text that resolves to one
municipality sends no id, yet fills `data`.
`form.<field>.data` is an int or None (single) or a list of ints (multiple);
`form.<field>.selected` is the chosen Municipality objects (region loaded).
In the multiple variant a resident without JavaScript may type several names
separated by commas ("Kuřim, Brno"); each one that matches exactly one
municipality is added to the ticked ones.

The input is named `<field>-q`, the ticked ids are sent as `<field>`, and
`<field>-shown` holds the text the shown choices were found for: when the
resident changed the text since, the text wins over an old radio button.
"""

import re
from collections.abc import Iterable

from flask import get_template_attribute
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import case, select
from sqlalchemy.orm import joinedload
from wtforms import Field
from wtforms.validators import StopValidation, ValidationError

from participation.common.text import fold
from participation.extensions import db
from participation.territory.models import Municipality

CODE_PATTERN = re.compile(r"\d{6}")
SUGGESTION_LIMIT = 20
MAX_QUERY_LENGTH = 120


def clean_query(text: str | None) -> str:
    """The typed text without control characters, trimmed and cut to a sane length."""
    printable = "".join(ch for ch in (text or "") if ch.isprintable())
    return printable.strip()[:MAX_QUERY_LENGTH]


def _like_pattern(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_municipalities(query: str | None, limit: int = SUGGESTION_LIMIT) -> list[Municipality]:
    """Municipalities whose code is `query`, or whose folded name contains it (prefix first)."""
    text = clean_query(query)
    if not text:
        return []
    statement = select(Municipality).options(joinedload(Municipality.region))
    if CODE_PATTERN.fullmatch(text):
        return list(db.session.scalars(statement.where(Municipality.code == text)))
    folded = fold(text)
    if not folded:
        return []
    escaped = _like_pattern(folded)
    prefix = Municipality.search_name.like(f"{escaped}%", escape="\\")
    statement = (
        statement.where(Municipality.search_name.like(f"%{escaped}%", escape="\\"))
        .order_by(case((prefix, 0), else_=1), Municipality.search_name, Municipality.code)
        .limit(limit)
    )
    return list(db.session.scalars(statement))


def resolve_text(query: str, limit: int = SUGGESTION_LIMIT) -> list[Municipality]:
    """What a typed text means: exact name matches win over partial ones."""
    matches = search_municipalities(query, limit + 1)
    folded = fold(query)
    exact = [m for m in matches if m.search_name == folded]
    return exact or matches


def load_municipalities(ids: Iterable[int]) -> list[Municipality]:
    """The municipalities with these ids (region loaded), in name order."""
    wanted = set(ids)
    if not wanted:
        return []
    statement = (
        select(Municipality)
        .options(joinedload(Municipality.region))
        .where(Municipality.id.in_(wanted))
        .order_by(Municipality.search_name, Municipality.code)
    )
    return list(db.session.scalars(statement))


def parse_ids(values: Iterable[str]) -> tuple[list[int], bool]:
    """Whole positive numbers from the form; the flag says something else was sent."""
    ids: list[int] = []
    bad = False
    for value in values:
        value = (value or "").strip()
        if not value:
            continue
        if value.isascii() and value.isdigit() and len(value) <= 9:
            if int(value) not in ids:
                ids.append(int(value))
        else:
            bad = True
    return ids, bad


class PickerWidget:
    """Renders the text input and the choices from templates/territory/_municipality_picker.html."""

    def __call__(self, field: "MunicipalityField", **attrs) -> Markup:
        macro = get_template_attribute("territory/_municipality_picker.html", "picker")
        return Markup(macro(field, attrs))


class MunicipalityField(Field):
    """One municipality, stored as its id (`data` is an int or None)."""

    widget = PickerWidget()
    multiple = False

    messages = {
        "unknown": _l("This municipality does not exist. Type its name or code again."),
        "none": _l("No municipality matches “%(text)s”. Check the spelling or type the six-digit code."),
        "several": _l("Several municipalities match “%(text)s”. Pick one below."),
        "too_many": _l("Only one municipality can be chosen."),
    }

    def __init__(self, label=None, validators=None, limit: int = SUGGESTION_LIMIT, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.limit = limit
        self.query = ""
        self.shown_query: str | None = None
        self.selected: list[Municipality] = []
        self.matches: list[Municipality] = []
        self.more_matches = False
        self._problem: str | None = None
        self._loaded = False

    # Reading the request ------------------------------------------------------

    def process(self, formdata, data=None, extra_filters=None):
        super().process(formdata, data, extra_filters)
        if formdata is None:
            return
        self.query = clean_query(formdata.get(f"{self.name}-q"))
        self.shown_query = clean_query(formdata.get(f"{self.name}-shown"))
        self._resolve(self.raw_data or [])

    def process_formdata(self, valuelist):
        """Resolution needs the whole form data, so it happens in `process`."""

    def _resolve(self, raw_ids: list[str]) -> None:
        ids, bad = parse_ids(raw_ids)
        if bad:
            self._problem = self.messages["unknown"]
        chosen = load_municipalities(ids)
        if len(chosen) < len(ids):
            self._problem = self.messages["unknown"]
        self._loaded = True
        text_changed = bool(self.query) and self.query != (self.shown_query or "")
        if self.multiple:
            self.selected = chosen
            if text_changed:
                self._add_typed(self.query)
        elif text_changed or (self.query and not chosen):
            self.selected = []
            self._add_typed(self.query)
        else:
            self.selected = chosen
            if len(chosen) > 1:
                self._problem = self.messages["too_many"]
        self._set_data([m.id for m in self.selected])

    def _add_typed(self, text: str) -> None:
        """Resolve typed text: one match is chosen, several are offered, none is an error."""
        parts = [p.strip() for p in re.split(r"[,;]", text)] if self.multiple else [text]
        for part in filter(None, parts):
            found = resolve_text(part, self.limit)
            if len(found) == 1:
                if found[0].id not in {m.id for m in self.selected}:
                    self.selected.append(found[0])
            elif not found:
                self._problem = self._problem or self.messages["none"] % {"text": part}
            else:
                self.more_matches = len(found) > self.limit
                self.matches = found[: self.limit]
                self._problem = self._problem or self.messages["several"] % {"text": part}

    def _set_data(self, ids: list[int]) -> None:
        self.data = ids[0] if ids else None

    # Validation ---------------------------------------------------------------

    def pre_validate(self, form):
        if self._problem:
            raise StopValidation(str(self._problem))

    # Rendering ----------------------------------------------------------------

    @property
    def ids(self) -> list[int]:
        """The chosen ids as a list, for both variants."""
        if self.data is None:
            return []
        return list(self.data) if isinstance(self.data, list | tuple) else [self.data]

    def options(self) -> list[Municipality]:
        """What to show as radio buttons or checkboxes: the chosen ones, then the matches."""
        if not self._loaded:
            clean = [i for i in self.ids if isinstance(i, int)]
            self.selected = load_municipalities(clean)
            self._loaded = True
        chosen = {m.id for m in self.selected}
        return self.selected + [m for m in self.matches if m.id not in chosen]

    def _value(self) -> str:
        return self.query


class MultipleMunicipalityField(MunicipalityField):
    """Several municipalities, stored as a list of ids (`data` is a list of ints)."""

    multiple = True

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("default", list)
        super().__init__(label, validators, **kwargs)

    def _set_data(self, ids: list[int]) -> None:
        self.data = ids


def check_ids_exist(ids: Iterable[int]) -> None:
    """Raise ValidationError unless every id is a municipality (for services and APIs)."""
    wanted = set(ids)
    if len(load_municipalities(wanted)) != len(wanted):
        raise ValidationError(str(MunicipalityField.messages["unknown"]))
