"""The list's places: the municipality typed into its filter, its suggestions, the groupings offered."""

import re
from dataclasses import dataclass

from sqlalchemy import select

from participation.common.text import fold
from participation.common.validation import read_int
from participation.extensions import db
from participation.proposals.models import Proposal, ProposalStatus, proposal_municipality


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass
class MunicipalityChoice:
    """What the municipality filter's text field resolved to: an id, the text to show, or an error."""

    id: int | None = None
    text: str = ""
    error: str = ""


_CODE_IN_TEXT = re.compile(r"\((\d{6})\)\s*$")


def typed_municipality(raw: str | None) -> str:
    """What was typed into the filter's municipality field, as the filter reads it (spaces folded, cut)."""
    return " ".join((raw or "").split())[:130]


def resolve_municipality(raw: str | None) -> MunicipalityChoice:
    """The filter's municipality from what was typed: an id (links), a six-digit code, a name,
    or "Name (code)" as the suggestions offer it. One query; a name shared by several
    municipalities, or none, gives an error to show next to the field."""
    from flask_babel import gettext as _

    from participation.territory.models import Municipality

    raw = typed_municipality(raw)
    if not raw:
        return MunicipalityChoice()
    code = _CODE_IN_TEXT.search(raw)
    if code or (raw.isdigit() and len(raw) == 6):
        condition = Municipality.code == (code.group(1) if code else raw)
    elif raw.isdigit():
        condition = Municipality.id == read_int(raw)[0]
    else:
        condition = Municipality.search_name == fold(raw)
    rows = db.session.execute(select(Municipality.id, Municipality.name).where(condition).limit(2)).all()
    if len(rows) == 1:
        return MunicipalityChoice(rows[0].id, rows[0].name)
    if rows:
        return MunicipalityChoice(None, raw, _("Several municipalities are called %(name)s: pick one from the "
                                               "suggestions or type its six-digit code.", name=raw))
    return MunicipalityChoice(None, raw, _("No municipality is called %(name)s.", name=raw))


def municipality_suggestions(typed: str | None, limit: int = 15):
    """(name, code) of municipalities whose name starts with (or else contains) the typed text."""
    from participation.territory.models import Municipality

    folded = fold(typed)[:60]
    if len(folded) < 2:
        return []
    pattern = _escape_like(folded)
    starts = db.session.execute(
        select(Municipality.name, Municipality.code)
        .where(Municipality.search_name.like(f"{pattern}%", escape="\\"))
        .order_by(Municipality.search_name).limit(limit)
    ).all()
    if len(starts) >= limit:
        return starts
    contains = db.session.execute(
        select(Municipality.name, Municipality.code)
        .where(Municipality.search_name.like(f"%{pattern}%", escape="\\"),
               Municipality.search_name.not_like(f"{pattern}%", escape="\\"))
        .order_by(Municipality.search_name).limit(limit - len(starts))
    ).all()
    return [*starts, *contains]


def municipalities_with_proposals():
    """Municipalities to offer in the filter (id and name): those some public proposal touches."""
    from participation.territory.models import Municipality

    # EXISTS per municipality stops at its first public proposal (index on municipality_id,
    # proposal_id) instead of joining every proposal to every municipality it touches.
    touched = (
        select(proposal_municipality.c.proposal_id)
        .join(Proposal, Proposal.id == proposal_municipality.c.proposal_id)
        .where(
            proposal_municipality.c.municipality_id == Municipality.id,
            Proposal.status != ProposalStatus.DRAFT, Proposal.hidden_at.is_(None),
        )
        .exists()
    )
    # (id, name) rows, not entities: building 600 ORM objects cost more than the query.
    return db.session.execute(
        select(Municipality.id, Municipality.name).where(touched).order_by(Municipality.search_name)
    ).all()


def all_groupings():
    from participation.territory.models import Grouping

    return list(db.session.scalars(select(Grouping).order_by(Grouping.search_name)))
