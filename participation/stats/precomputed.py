"""Stored response-time figures: written when an answer is given and by a nightly command, read by pages.

Computing the figures means scanning a year of proposals and answers; a page
must not do that for every visitor. They are kept in `response_time_figures`,
one row per municipality and grouping:

- when an official answer is committed, the figures of the place it was given
  on behalf of (and of that municipality's groupings) are recomputed in the same
  transaction;
- `flask stats refresh-response-times`, run nightly, recomputes every place:
  proposals enter and leave the 365-day window with the date, and a proposal
  published, hidden or withdrawn changes the counts; the same command repairs
  the table if it was ever changed by hand.

A page reads one row (a municipality's or grouping's page) or two queries
(the public table), however many proposals there are.
"""

from datetime import datetime

from sqlalchemy import event as sa_event
from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from participation.common.models import utcnow
from participation.extensions import db
from participation.proposals.models import OfficialAnswer
from participation.stats import response_times as live
from participation.stats.models import ResponseTimeFigures
from participation.stats.ordering import czech_key
from participation.territory.models import Grouping, GroupingMembership, Municipality

_PENDING = "spolu_response_times_pending"


def _store(rows: list[live.ResponseTimes], column, wanted_ids, now: datetime) -> int:
    """Write the computed rows for one kind of place; drop stored rows of wanted places without figures."""
    found = {row.id: row for row in rows}
    statement = select(ResponseTimeFigures).where(column.is_not(None))
    if wanted_ids is not None:
        statement = statement.where(column.in_(sorted(wanted_ids)))
    stored = {getattr(figure, column.key): figure for figure in db.session.scalars(statement)}
    window_start = live.since(now)
    for place_id, row in found.items():
        figure = stored.pop(place_id, None)
        if figure is None:
            figure = ResponseTimeFigures(**{column.key: place_id})
            db.session.add(figure)
        figure.proposals, figure.answered = row.proposals, row.answered
        figure.median_days, figure.p90_days = row.median_days, row.p90_days
        figure.window_start, figure.computed_at = window_start, now
    for figure in stored.values():
        db.session.delete(figure)
    return len(found)


def refresh(municipality_ids=None, grouping_ids=None, now: datetime | None = None) -> tuple[int, int]:
    """Recompute and store the given places (None: every place); the caller commits. Returns the rows kept."""
    now = now or utcnow()
    kept = (0, 0)
    if municipality_ids is None or municipality_ids:
        kept = (_store(live.per_municipality(now, municipality_ids), ResponseTimeFigures.municipality_id,
                       municipality_ids, now), kept[1])
    if grouping_ids is None or grouping_ids:
        kept = (kept[0], _store(live.per_grouping(now, grouping_ids), ResponseTimeFigures.grouping_id,
                                grouping_ids, now))
    return kept


def refresh_all(now: datetime | None = None) -> tuple[int, int]:
    """Every municipality and grouping, in one transaction: the nightly run and the repair."""
    kept = refresh(None, None, now)
    db.session.commit()
    return kept


# --- On answer: the same transaction ------------------------------------------------------


@sa_event.listens_for(OfficialAnswer, "after_insert")
def _remember_answered_place(mapper, connection, answer: OfficialAnswer) -> None:
    session = object_session(answer)
    if session is None:
        return
    pending = session.info.setdefault(_PENDING, set())
    pending.add((answer.municipality_id, answer.grouping_id))


@sa_event.listens_for(Session, "before_commit")
def _refresh_answered_places(session) -> None:
    if not session.info.get(_PENDING) and not any(isinstance(obj, OfficialAnswer) for obj in session.new):
        return
    if not db.session.registry.has() or session is not db.session():
        return  # another session (a script's own): the nightly refresh counts its answers
    session.flush()  # new answers reach the database (and _remember_answered_place) first
    pending = session.info.pop(_PENDING, set())
    municipality_ids = {m for m, _g in pending if m is not None}
    grouping_ids = {g for _m, g in pending if g is not None}
    if municipality_ids:
        grouping_ids.update(session.scalars(select(GroupingMembership.grouping_id).where(
            GroupingMembership.municipality_id.in_(sorted(municipality_ids)), GroupingMembership.left_on.is_(None))))
    if municipality_ids or grouping_ids:
        refresh(municipality_ids, grouping_ids)
        session.flush()


@sa_event.listens_for(Session, "after_soft_rollback")
def _forget_on_rollback(session, previous_transaction) -> None:
    if previous_transaction.parent is None and not previous_transaction.nested:
        session.info.pop(_PENDING, None)


# --- Reading: what pages show ---------------------------------------------------------------


def _figures(figure: ResponseTimeFigures, name: str, code: str | None) -> live.ResponseTimes:
    place_id = figure.municipality_id if figure.municipality_id is not None else figure.grouping_id
    return live.ResponseTimes(id=place_id, name=name, code=code, proposals=figure.proposals,
                              answered=figure.answered, median_days=figure.median_days, p90_days=figure.p90_days,
                              computed_at=figure.computed_at)


def municipalities() -> list[live.ResponseTimes]:
    """Every municipality's stored figures, in Czech alphabetical order (one query)."""
    rows = db.session.execute(
        select(ResponseTimeFigures, Municipality.name, Municipality.code)
        .join(Municipality, Municipality.id == ResponseTimeFigures.municipality_id)
        .where(ResponseTimeFigures.proposals > 0)
    ).all()
    return sorted((_figures(*row) for row in rows), key=lambda row: (czech_key(row.name), row.id))


def groupings() -> list[live.ResponseTimes]:
    """Every grouping's stored figures, in Czech alphabetical order (one query)."""
    rows = db.session.execute(
        select(ResponseTimeFigures, Grouping.name)
        .join(Grouping, Grouping.id == ResponseTimeFigures.grouping_id)
        .where(ResponseTimeFigures.proposals > 0)
    ).all()
    return sorted((_figures(figure, name, None) for figure, name in rows), key=lambda row: (czech_key(row.name), row.id))


def of_municipality(municipality) -> live.ResponseTimes | None:
    """One municipality's stored figures (one query; None when none are stored)."""
    figure = db.session.scalar(select(ResponseTimeFigures).where(
        ResponseTimeFigures.municipality_id == municipality.id, ResponseTimeFigures.proposals > 0))
    return None if figure is None else _figures(figure, municipality.name, municipality.code)


def of_grouping(grouping) -> live.ResponseTimes | None:
    """One grouping's stored figures (one query; None when none are stored)."""
    figure = db.session.scalar(select(ResponseTimeFigures).where(
        ResponseTimeFigures.grouping_id == grouping.id, ResponseTimeFigures.proposals > 0))
    return None if figure is None else _figures(figure, grouping.name, None)

