"""Demo localities and connection reports: some localities show a status, some "too few reports".

Localities are found by municipality and name; reports are added only to a
locality that has none yet, so running it again adds nothing twice.
"""

from datetime import timedelta

from sqlalchemy import select

from participation.accounts.models import Role, RoleKind, User
from participation.chain import linking as chain_linking
from participation.chain.errors import Refused
from participation.common.models import utcnow
from participation.common.text import fold
from participation.extensions import db
from participation.localities import coverage, demo_data, linking, reports
from participation.localities.models import (
    ConnectionReport,
    FixedTechnology,
    Locality,
    MobileSignal,
    ProjectLocality,
)
from participation.projects.models import Project
from participation.territory.models import Municipality

SIGNAL_OF = {FixedTechnology.NONE: MobileSignal.WEAK, FixedTechnology.SATELLITE: MobileSignal.NONE}


# The demo fibre backbone covers these localities: (municipality, locality, dwellings, connected so far).
BACKBONE = "Páteřní optická síť Česká Třebová – Ústí nad Orlicí"
COVERED = (("Česká Třebová", "Parník", 300, 120), ("Ústí nad Orlicí", "Hylváty", 600, 0),
           ("Ústí nad Orlicí", "Dolní Houžovec", 20, 20))
# The hamlet the backbone's proposals name: its page shows reports -> proposal -> agreement -> project -> connected.
NAMED_BY_PROPOSALS = ("Ústí nad Orlicí", "Dolní Houžovec")


def seed(context: dict) -> None:
    """Add the demo localities that are missing, reports to those without any, and the backbone's coverage."""
    _seed_localities()
    _seed_coverage()


def _seed_localities() -> None:
    municipalities = {m.name: m for m in db.session.scalars(
        select(Municipality).where(Municipality.name.in_(demo_data.LOCALITIES)))}
    for name, rows in demo_data.LOCALITIES.items():
        municipality = municipalities.get(name)
        if municipality is None:
            continue
        residents = _free_residents(municipality)
        office = _office_of(municipality)
        for row in rows:
            locality = _ensure_locality(municipality, row)
            if row[5] and not _has_reports(locality):
                _add_reports(locality, row[5], residents, office)


def _seed_coverage() -> None:
    """The demo fibre backbone covers two localities and has connected part of one (once only)."""
    project = db.session.scalar(select(Project).where(Project.title == BACKBONE))
    if project is None or db.session.scalar(select(ProjectLocality.id).limit(1)) is not None:
        return
    for municipality_name, locality_name, dwellings, connected in COVERED:
        locality = db.session.scalar(select(Locality).join(Locality.municipality).where(
            Municipality.name == municipality_name, Locality.name == locality_name))
        office = _office_of(locality.municipality) if locality is not None else None
        if office is None:
            continue
        link = coverage.cover(office, locality, project, dwellings, 1000)
        if connected:
            coverage.record_connected(office, link, connected)
        if (municipality_name, locality_name) == NAMED_BY_PROPOSALS:
            _name_in_proposals(office, locality, project)


def _name_in_proposals(actor, locality: Locality, project: Project) -> None:
    """The proposals the project answers name the hamlet, as their author or the office would."""
    for proposal in coverage.proposals_of_projects({project.id}).get(project.id, []):
        try:
            chain_linking.link_proposal(actor, linking.LINKS, locality, proposal,
                                        "Osada je bez pevného připojení; páteřní síť ji připojí.")
        except Refused:  # a withdrawn or merged proposal names nothing
            db.session.rollback()


def _ensure_locality(municipality: Municipality, row: tuple) -> Locality:
    name, latitude, longitude, dwellings, inhabitants, _reports = row
    locality = db.session.scalar(select(Locality).where(Locality.municipality_id == municipality.id,
                                                        Locality.name == name))
    if locality is None:
        locality = Locality(municipality_id=municipality.id, name=name, search_name=fold(name), latitude=latitude,
                            longitude=longitude, dwellings=dwellings, inhabitants=inhabitants)
        db.session.add(locality)
        db.session.commit()
    return locality


def _has_reports(locality: Locality) -> bool:
    return db.session.scalar(select(ConnectionReport.id).where(ConnectionReport.locality_id == locality.id)
                             .limit(1)) is not None


def _free_residents(municipality: Municipality) -> list[User]:
    """The municipality's demo residents (from the proposals' demo data) without a report yet."""
    reported = select(ConnectionReport.reporter_id).where(ConnectionReport.reporter_id.is_not(None))
    return list(db.session.scalars(select(User).where(
        User.home_municipality_id == municipality.id, User.email.like("obyvatel.%@example.cz"),
        User.id.not_in(reported)).order_by(User.id)))


def _office_of(municipality: Municipality) -> User | None:
    """The municipality's demo moderator, else the demo administrator: who records paper forms."""
    return db.session.scalar(
        select(User).join(Role, Role.user_id == User.id).where(
            (Role.municipality_id == municipality.id) | (
                (Role.kind == RoleKind.ADMINISTRATOR) & Role.region_id.is_(None)))
        .order_by(Role.kind.desc(), User.id).limit(1))


def _data(technology: str, download, upload, measured, flags: str, on) -> reports.ReportData:
    fixed = FixedTechnology(technology)
    return reports.ReportData(
        fixed_technology=fixed, mobile_signal=SIGNAL_OF.get(fixed, MobileSignal.USABLE),
        advertised_download=download, advertised_upload=upload, measured_download=measured,
        measured_upload=upload if measured is not None else None, measured_on=on if measured is not None else None,
        refused="r" in flags, long_wait="w" in flags, high_fee="f" in flags)


def _add_reports(locality: Locality, specs, residents: list[User], office: User | None) -> None:
    now = utcnow()
    for index, (source, technology, download, upload, measured, flags) in enumerate(specs):
        when = now - timedelta(days=3 + 5 * index, hours=index)
        data = _data(technology, download, upload, measured, flags, when.date())
        if source == "resident" and residents:
            reports.submit_report(residents.pop(0), locality, data, now=when)
        elif office is not None:
            reports.record_for_resident(office, locality, data, f"Papírový formulář č. {index + 1}")
