"""Connection reports and the status they give a locality: every write, one transaction each.

The status rule (`status_for`), applied to a locality's *current* reports (a
resident's newest, and every report the office recorded):

- Fewer than `CONNECTIVITY_MIN_REPORTS` current reports: **unknown** (shown as
  "too few reports", with no figures).
- Otherwise the *best fixed download speed* decides. A report's speed is its
  advertised download, or its measured download where one was measured and
  is lower (a measurement beats a promise, never the other way round). "No
  fixed connection" and satellite count as 0: satellite is available
  everywhere and no broadband plan counts it as serving a place.
- Best below the first threshold (30 Mbit/s): **unserved**; below the second
  (100): **underserved**; below the third (1000): **served**; else **gigabit**
  (thresholds: `CONNECTIVITY_THRESHOLDS`).

Operators' declarations (participation.operators) count too: an operator's
current service at a locality counts like a report's speed once a resident
has confirmed it and nobody disputes it, or once the municipality's moderator
has upheld it against a dispute (`declared_statement`). Such a declaration
gives a locality a status even with too few reports; a planned coverage, a
disputed or rejected declaration and satellite service never count. So does
a project covering the locality once it has recorded connected dwellings
there: its speed (`ProjectLocality.download`) counts from then on.

The status and its evidence (number of current reports, the newest report's
time) are stored on the locality by `refresh_status` in the transaction of
each report write, so pages never aggregate reports ("count once");
`recount_all` recomputes every locality with the same SQL (a repair).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, func, or_, select, union_all
from sqlalchemy.exc import IntegrityError

from participation.audit import services as audit
from participation.common.models import utcnow
from participation.extensions import db
from participation.localities.models import (
    ConnectionReport,
    ConnectionStatus,
    FixedTechnology,
    Locality,
    MobileSignal,
    ProjectLocality,
    ReportSource,
)
from participation.localities.services import Invalid
from participation.operators.models import Declaration, DeclarationKind, DeclarationState

MAX_SPEED = 10_000  # Mbit/s
MAX_SPEED_TEXT = "10\u00a0000"
SPEED_FIELDS = ("advertised_download", "advertised_upload", "measured_download", "measured_upload")
# A second report by the same person within this time is refused.
REPORT_INTERVAL = timedelta(minutes=1)
NOT_COUNTED = (FixedTechnology.NONE, FixedTechnology.SATELLITE)


@dataclass
class ReportData:
    fixed_technology: FixedTechnology
    mobile_signal: MobileSignal
    advertised_download: float | None = None
    advertised_upload: float | None = None
    measured_download: float | None = None
    measured_upload: float | None = None
    measured_on: date | None = None
    refused: bool = False
    long_wait: bool = False
    high_fee: bool = False


def _speed_error(data: ReportData, name: str):
    value = getattr(data, name)
    claimed = data.fixed_technology != FixedTechnology.NONE
    if value is None:
        if claimed and name.startswith("advertised"):
            return _l("Enter the speed your operator offers, in Mbit/s.")
        return None
    if value < 0:
        return _l("A speed cannot be negative.")
    if value > MAX_SPEED:
        return _l("At most %(max)s Mbit/s (10 Gbit/s).", max=MAX_SPEED_TEXT)
    if not claimed and value:
        return _l("You chose no fixed connection: leave the speeds empty.")
    if claimed and value == 0:
        return _l("A connection was chosen, so its speed cannot be zero.")
    return None


def check_report(data: ReportData, today: date | None = None) -> dict:
    """Field name -> message for every rule the report breaks (empty when it is fine)."""
    errors = {name: message for name in SPEED_FIELDS if (message := _speed_error(data, name)) is not None}
    measured = data.measured_download is not None or data.measured_upload is not None
    if data.measured_on and data.measured_on > (today or date.today()):
        errors["measured_on"] = _l("The date of the measurement cannot be in the future.")
    elif measured and data.measured_on is None:
        errors["measured_on"] = _l("Enter the date you measured the speed.")
    return errors


def _fields(data: ReportData) -> dict:
    values = dict(vars(data))
    if data.fixed_technology == FixedTechnology.NONE:
        values.update(dict.fromkeys(SPEED_FIELDS), measured_on=None)
    return values


def current_report_of(user) -> ConnectionReport | None:
    """The user's own current report (shown only to them)."""
    return db.session.scalar(select(ConnectionReport).where(
        ConnectionReport.reporter_id == user.id, ConnectionReport.superseded_at.is_(None)))


def submit_report(user, locality: Locality, data: ReportData, now: datetime | None = None) -> ConnectionReport:
    """A resident's report: it becomes their current one, the old one is kept as history."""
    if user.home_municipality_id != locality.municipality_id:
        raise Invalid({"locality_id": _l("Choose a locality of the municipality you live in.")})
    errors = check_report(data)
    if errors:
        raise Invalid(errors)
    now = now or utcnow()
    previous = current_report_of(user)
    if previous is not None and previous.created_at > now - REPORT_INTERVAL:
        raise Invalid({"form": _l("You sent a report less than a minute ago. Wait a minute, then send it again.")})
    if previous is not None:
        previous.superseded_at = now
        db.session.flush()
    report = ConnectionReport(locality_id=locality.id, reporter_id=user.id, source=ReportSource.RESIDENT,
                              created_at=now, **_fields(data))
    db.session.add(report)
    try:
        db.session.flush()
    except IntegrityError:  # a report sent at the same moment from another tab won the race
        db.session.rollback()
        raise Invalid({"form": _l("You sent a report less than a minute ago. Wait a minute, then send it "
                                  "again.")}) from None
    refresh_status(locality)
    if previous is not None and previous.locality_id != locality.id:
        refresh_status(previous.locality)
    db.session.commit()
    return report


def record_for_resident(actor, locality: Locality, data: ReportData, office_note: str = "") -> ConnectionReport:
    """The office records a report from a paper form or a phone call; no account is needed."""
    errors = check_report(data)
    if errors:
        raise Invalid(errors)
    report = ConnectionReport(locality_id=locality.id, recorded_by_id=actor.id, source=ReportSource.OFFICE,
                              office_note=(office_note or "").strip(), **_fields(data))
    db.session.add(report)
    db.session.flush()
    refresh_status(locality)
    # The note stays out of the audit log: it may help staff recognise a person.
    audit.record(actor, "connection_report.record", "locality", locality.id,
                 municipality_id=locality.municipality_id, details={"report_id": report.id})
    db.session.commit()
    return report


def withdraw_office_report(actor, report: ConnectionReport, reason: str, now: datetime | None = None) -> None:
    """The office takes back a report it recorded by mistake: it stops counting (kept as history), audited."""
    reason = (reason or "").strip()
    if not reason:
        raise Invalid({"reason": _l("Say why the report is withdrawn, e.g. recorded twice.")})
    if report.source != ReportSource.OFFICE or report.superseded_at is not None:
        raise Invalid({"form": _l("Only a current report recorded by the office can be withdrawn.")})
    report.superseded_at = now or utcnow()
    db.session.flush()
    refresh_status(report.locality)
    audit.record(actor, "connection_report.withdraw", "locality", report.locality_id, reason=reason,
                 municipality_id=report.locality.municipality_id, details={"report_id": report.id})
    db.session.commit()


# ----- status -----

def counted_download():
    """SQL: the download speed of a report that counts for its locality's status."""
    measured, advertised = ConnectionReport.measured_download, ConnectionReport.advertised_download
    return case(
        (ConnectionReport.fixed_technology.in_(NOT_COUNTED), 0.0),
        (and_(measured.is_not(None), measured < func.coalesce(advertised, 0.0)), measured),
        else_=func.coalesce(advertised, 0.0),
    )


def evidence_statement():
    """Per locality: (locality_id, current reports, best counted download, newest report's time)."""
    return (select(ConnectionReport.locality_id, func.count(ConnectionReport.id), func.max(counted_download()),
                   func.max(ConnectionReport.created_at))
            .where(ConnectionReport.superseded_at.is_(None)).group_by(ConnectionReport.locality_id))


def declared_statement(locality_id: int | None = None):
    """Per locality: (locality_id, best download of what counts besides reports): operators' declarations
    that count (confirmed, or upheld against a dispute) and projects that recorded connected dwellings there."""
    counted = case((Declaration.technology.in_(NOT_COUNTED), 0.0), else_=func.coalesce(Declaration.download, 0.0))
    declared = select(Declaration.locality_id.label("locality_id"), counted.label("download")).where(
        Declaration.kind == DeclarationKind.CURRENT, Declaration.superseded_at.is_(None),
        or_(Declaration.state == DeclarationState.UPHELD,
            and_(Declaration.state == DeclarationState.OPEN, Declaration.confirmations > 0)))
    connected = select(ProjectLocality.locality_id.label("locality_id"),
                       ProjectLocality.download.label("download")).where(ProjectLocality.connected_dwellings > 0)
    if locality_id is not None:
        declared = declared.where(Declaration.locality_id == locality_id)
        connected = connected.where(ProjectLocality.locality_id == locality_id)
    both = union_all(declared, connected).subquery("counted_besides_reports")
    return select(both.c.locality_id, func.max(both.c.download)).group_by(both.c.locality_id)


def status_for(report_count: int, best_download: float | None, declared: float | None = None) -> ConnectionStatus:
    """The status a locality's current reports and counted declarations give it (the rule is in the module's
    docstring)."""
    known = report_count >= current_app.config["CONNECTIVITY_MIN_REPORTS"]
    if not known and declared is None:
        return ConnectionStatus.UNKNOWN
    underserved, served, gigabit = current_app.config["CONNECTIVITY_THRESHOLDS"]
    best = max((best_download or 0) if known else 0, declared or 0)
    if best >= gigabit:
        return ConnectionStatus.GIGABIT
    if best >= served:
        return ConnectionStatus.SERVED
    if best >= underserved:
        return ConnectionStatus.UNDERSERVED
    return ConnectionStatus.UNSERVED


def _apply_evidence(locality: Locality, report_count: int, best, newest, declared=None) -> bool:
    values = {"status": status_for(report_count, best, declared), "report_count": report_count, "newest_report_at": newest}
    if all(getattr(locality, name) == value for name, value in values.items()):
        return False
    for name, value in values.items():
        setattr(locality, name, value)
    return True


def refresh_status(locality: Locality) -> None:
    """Recompute one locality's status from its current reports and declarations (in the caller's transaction)."""
    row = db.session.execute(evidence_statement().where(ConnectionReport.locality_id == locality.id)).first()
    declared = db.session.execute(declared_statement(locality.id)).first()
    _apply_evidence(locality, *(row[1:] if row else (0, None, None)), declared[1] if declared else None)


def recount_all() -> int:
    """Recompute every locality's status (a repair, or after the settings change); the number changed."""
    evidence = {row[0]: row[1:] for row in db.session.execute(evidence_statement())}
    declared = dict(db.session.execute(declared_statement()).all())
    changed = 0
    for locality in db.session.scalars(select(Locality).order_by(Locality.id)):
        changed += _apply_evidence(locality, *evidence.get(locality.id, (0, None, None)), declared.get(locality.id))
    if changed:
        audit.record(None, "locality.recount", "locality", details={"changed": changed})
    db.session.commit()
    return changed
