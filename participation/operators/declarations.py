"""Operators' declarations about localities, residents' answers, moderators' decisions: one transaction each.

Every write refreshes the locality's stored status (`localities.reports.refresh_status`,
the one place the status rule lives), leaves an audit entry for the operator's
or the moderator's act, and records an event for the locality's residents and followers.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from participation.audit import services as audit
from participation.common.models import utcnow
from participation.events.services import record_event
from participation.extensions import db
from participation.localities.models import FixedTechnology, Locality
from participation.localities.reports import MAX_SPEED, MAX_SPEED_TEXT, refresh_status
from participation.localities.services import Invalid
from participation.operators.models import (
    Declaration,
    DeclarationKind,
    DeclarationResponse,
    DeclarationState,
    Operator,
)

# A second declaration by the same operator about the same locality within this time is refused.
DECLARATION_INTERVAL = timedelta(minutes=1)


@dataclass
class DeclarationData:
    kind: DeclarationKind
    technology: FixedTechnology | None = None
    download: float | None = None
    upload: float | None = None
    available_by: date | None = None
    explanation: str = ""


def _speed_error(value: float | None, required: bool):
    if value is None:
        return _l("Enter the top speed, in Mbit/s.") if required else None
    if value < 0:
        return _l("A speed cannot be negative.")
    if value == 0:
        return _l("A service was declared, so its speed cannot be zero.")
    if value > MAX_SPEED:
        return _l("At most %(max)s Mbit/s (10 Gbit/s).", max=MAX_SPEED_TEXT)
    return None


def check_declaration(data: DeclarationData, today: date) -> dict:
    """Field name -> message for every rule the declaration breaks (empty when it is fine)."""
    if data.kind == DeclarationKind.CONFIRM:
        return {}
    errors = {}
    if data.technology is None:
        errors["technology"] = _l("Choose the technology.")
    for name, required in (("download", True), ("upload", False)):
        if (message := _speed_error(getattr(data, name), required)) is not None:
            errors[name] = message
    if data.kind == DeclarationKind.PLANNED:
        if data.available_by is None:
            errors["available_by"] = _l("Enter the date by which the service will be available.")
        elif data.available_by <= today:
            errors["available_by"] = _l("A planned service is available after today: declare it as offered now.")
    elif data.available_by is not None:
        errors["available_by"] = _l("Leave the date empty for a service offered now.")
    return errors


def current_declaration(operator_id: int, locality_id: int) -> Declaration | None:
    return db.session.scalar(select(Declaration).where(
        Declaration.operator_id == operator_id, Declaration.locality_id == locality_id,
        Declaration.superseded_at.is_(None)))


def _status_change(before, locality: Locality) -> dict:
    """The locality's status change for the event, when the write changed it (its followers hear of it)."""
    if before == locality.status:
        return {}
    return {"from_status": str(before), "to_status": str(locality.status)}


def declare(actor, operator: Operator, locality: Locality, data: DeclarationData,
            now: datetime | None = None) -> Declaration:
    """The operator's new declaration about a locality; it supersedes its previous one there (kept as history)."""
    now = now or utcnow()
    errors = check_declaration(data, now.date())
    if errors:
        raise Invalid(errors)
    previous = current_declaration(operator.id, locality.id)
    if previous is not None and previous.created_at > now - DECLARATION_INTERVAL:
        raise Invalid({"form": _l("Your operator declared about this locality less than a minute ago. "
                                  "Wait a minute, then send it again.")})
    if previous is not None:
        previous.superseded_at = now
        db.session.flush()
    service = data.kind != DeclarationKind.CONFIRM
    declaration = Declaration(
        operator_id=operator.id, locality_id=locality.id, author_id=actor.id, kind=data.kind,
        technology=data.technology if service else None, download=data.download if service else None,
        upload=data.upload if service else None, available_by=data.available_by if service else None,
        explanation=(data.explanation or "").strip(), state=DeclarationState.OPEN, created_at=now)
    db.session.add(declaration)
    db.session.flush()
    before = locality.status
    refresh_status(locality)
    audit.record(actor, "operator_declaration.create", "locality", locality.id,
                 municipality_id=locality.municipality_id,
                 details={"declaration_id": declaration.id, "operator_id": operator.id, "kind": data.kind.value,
                          "technology": declaration.technology and declaration.technology.value,
                          "download": declaration.download, "available_by": data.available_by and
                          data.available_by.isoformat()})
    record_event("operator_declaration.made", "locality", locality.id, actor, declaration_id=declaration.id,
                 operator=operator.name, declaration_kind=data.kind.value, **_status_change(before, locality))
    db.session.commit()
    return declaration


def _recount(declaration: Declaration) -> None:
    rows = dict(db.session.execute(select(DeclarationResponse.agrees, func.count()).where(
        DeclarationResponse.declaration_id == declaration.id).group_by(DeclarationResponse.agrees)).all())
    declaration.confirmations = rows.get(True, 0)
    declaration.disputes = rows.get(False, 0)


def respond(user, declaration: Declaration, agrees: bool, explanation: str = "",
            now: datetime | None = None) -> DeclarationResponse:
    """A resident confirms or disputes a declaration; a new answer replaces theirs.

    The first dispute sends the declaration to the municipality's moderator;
    when every dispute is withdrawn before the decision, it is open again.
    """
    explanation = (explanation or "").strip()
    if not agrees and not explanation:
        raise Invalid({"explanation": _l("Say why you dispute it: what you can get where you live.")})
    if declaration.state not in (DeclarationState.OPEN, DeclarationState.DISPUTED):
        raise Invalid({"form": _l("The municipality has already decided about this declaration.")})
    now = now or utcnow()
    response = db.session.scalar(select(DeclarationResponse).where(
        DeclarationResponse.declaration_id == declaration.id, DeclarationResponse.user_id == user.id))
    if response is None:
        response = DeclarationResponse(declaration_id=declaration.id, user_id=user.id)
        db.session.add(response)
    response.agrees, response.explanation = agrees, explanation
    db.session.flush()
    _recount(declaration)
    was_disputed = declaration.state == DeclarationState.DISPUTED
    if declaration.disputes and not was_disputed:
        declaration.state, declaration.disputed_at = DeclarationState.DISPUTED, now
        record_event("operator_declaration.disputed", "locality", declaration.locality_id, None,
                     declaration_id=declaration.id)
    elif not declaration.disputes and was_disputed:
        declaration.state, declaration.disputed_at = DeclarationState.OPEN, None
    before = declaration.locality.status
    refresh_status(declaration.locality)
    if (change := _status_change(before, declaration.locality)):
        record_event("locality.status_changed", "locality", declaration.locality_id, None,
                     declaration_id=declaration.id, **change)
    db.session.commit()
    return response


def decide(actor, declaration: Declaration, uphold: bool, reason: str, now: datetime | None = None) -> None:
    """The municipality's moderator decides a disputed declaration, with a public reason."""
    reason = (reason or "").strip()
    if not reason:
        raise Invalid({"reason": _l("Give the reason for the decision.")})
    if declaration.state != DeclarationState.DISPUTED:
        raise Invalid({"form": _l("Only a disputed declaration waits for a decision.")})
    declaration.state = DeclarationState.UPHELD if uphold else DeclarationState.REJECTED
    declaration.decided_at, declaration.decided_by_id = now or utcnow(), actor.id
    declaration.decision_reason = reason
    db.session.flush()
    locality = declaration.locality
    before = locality.status
    refresh_status(locality)
    audit.record(actor, "operator_declaration.decide", "locality", locality.id, reason=reason,
                 municipality_id=locality.municipality_id,
                 details={"declaration_id": declaration.id, "operator_id": declaration.operator_id,
                          "outcome": declaration.state.value})
    record_event("operator_declaration.decided", "locality", locality.id, actor, declaration_id=declaration.id,
                 outcome=declaration.state.value, operator=declaration.operator.name, reason=reason,
                 **_status_change(before, locality))
    db.session.commit()
