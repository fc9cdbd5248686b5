"""Demo projects with milestones, funding and updates, linked to demo proposals, so that
the chain proposal -> agreement -> project -> solved can be walked."""

from datetime import date
from decimal import Decimal

import click
from sqlalchemy import select

from participation.agreements.models import Agreement
from participation.agreements.seed import _actor, demo_proposal
from participation.extensions import db
from participation.projects import services
from participation.projects.models import (
    Milestone,
    ProgressMode,
    Project,
    ProjectKind,
    ProjectStatus,
    ProjectUpdate,
)
from participation.proposals.models import Category, ProposalStatus
from participation.territory import geo
from participation.territory.models import Municipality

PROJECTS = (
    {
        "title": "Páteřní optická síť Česká Třebová – Ústí nad Orlicí",
        "kind": ProjectKind.FIBRE_BACKBONE, "status": ProjectStatus.BUILDING,
        "agreement": "Memorandum o společné páteřní optické síti Orlicko-Třebovska",
        "municipalities": ("Česká Třebová", "Ústí nad Orlicí", "Dlouhá Třebová", "Rybník", "Třebovice"),
        "budget": Decimal("48500000"),
        "funding": (("IROP (EU)", Decimal("29100000")), ("Stát – Národní plán obnovy", Decimal("9700000")),
                    ("Pardubický kraj", Decimal("4850000")), ("Obce svazku", Decimal("4850000"))),
        "place_name": "Podél silnice II/360 a železniční trati Česká Třebová – Ústí nad Orlicí",
        "latitude": 49.9443, "longitude": 16.3520,
        # The backbone's route along road II/360, Česká Třebová -> Dlouhá Třebová -> Ústí nad Orlicí.
        "route": ((49.9043, 16.4441), (49.9150, 16.4350), (49.9240, 16.4230), (49.9380, 16.4140),
                  (49.9500, 16.4080), (49.9600, 16.4030), (49.9739, 16.3936)),
        "description": (
            "Třicet kilometrů optického kabelu spojí pět obcí. Chráničky se pokládají spolu s "
            "rekonstrukcí silnice, aby se nekopalo dvakrát. Síť bude otevřená všem poskytovatelům."
        ),
        "milestones": (("Projektová dokumentace", date(2025, 6, 30), date(2025, 7, 15)),
                       ("Stavební povolení", date(2025, 11, 30), date(2025, 12, 10)),
                       ("Výběr zhotovitele", date(2026, 3, 31), date(2026, 4, 20)),
                       ("Pokládka chrániček", date(2026, 10, 31), None),
                       ("Zafouknutí kabelu a zprovoznění", date(2027, 6, 30), None)),
        "updates": ((date(2026, 4, 20), "Vybrali jsme zhotovitele: soutěže se zúčastnilo pět firem."),
                    (date(2026, 9, 2), "Chráničky jsou položené mezi Českou Třebovou a Dlouhou Třebovou.")),
        "category": Category.BROADBAND, "note": "Páteřní síť přivede rychlý internet do obcí bez pokrytí.",
        "solve": False,
    },
    {
        "title": "Společný sběrný dvůr Lanškroun",
        "kind": ProjectKind.WASTE, "status": ProjectStatus.DONE,
        "agreement": "Veřejnoprávní smlouva o společném sběrném dvoře Lanškrounska",
        "municipalities": ("Lanškroun", "Tatenice", "Rudoltice", "Dolní Čermná"),
        "budget": Decimal("12400000"),
        "funding": (("OP Životní prostředí (EU)", Decimal("7440000")), ("Pardubický kraj", Decimal("1240000")),
                    ("Město Lanškroun", Decimal("2480000")), ("Tatenice, Rudoltice, Dolní Čermná", Decimal("1240000"))),
        "place_name": "Areál technických služeb, Lanškroun",
        "latitude": 49.9122, "longitude": 16.6119,
        "description": "Rozšířený sběrný dvůr s kompostárnou a re-use pointem pro čtyři obce.",
        "milestones": (("Stavební povolení", date(2025, 10, 31), date(2025, 10, 20)),
                       ("Stavba", date(2026, 6, 30), date(2026, 6, 25)),
                       ("Kolaudace a otevření", date(2026, 9, 1), date(2026, 9, 1))),
        "updates": ((date(2026, 6, 25), "Stavba je hotová, probíhá kolaudace."),
                    (date(2026, 9, 1), "Sběrný dvůr je otevřen pro obyvatele všech čtyř obcí.")),
        "category": Category.WASTE, "note": "Sběrný dvůr řeší problém s odpadem v malých obcích.",
        "solve": True,
    },
    {
        "title": "Fotovoltaika na školách MAS ORLICKO",
        "kind": ProjectKind.ENERGY, "status": ProjectStatus.PREPARING,
        "agreement": None,
        "municipalities": ("Žamberk", "Letohrad", "Kunvald", "Písečná"),
        "budget": Decimal("9800000"),
        "funding": (("OP TAK (EU)", Decimal("4900000")), ("Modernizační fond", Decimal("2940000")),
                    ("Obce", Decimal("1960000"))),
        "place_name": "", "latitude": None, "longitude": None,
        "description": "Střešní elektrárny na čtyřech školách s energetickým managementem.",
        "milestones": (("Energetické posudky", date(2026, 5, 31), date(2026, 6, 10)),
                       ("Žádost o dotaci", date(2026, 12, 15), None)),
        "updates": ((date(2026, 6, 10), "Posudky ukázaly, že se vyplatí všechny čtyři střechy."),),
        "category": Category.ENERGY, "note": "Úspory energie ve školách navazují na podnět obyvatel.",
        "solve": False, "progress": 30,
    },
)


def seed(context: dict) -> None:
    """Create the demo projects that are missing; running it again adds nothing twice."""
    actor = _actor()
    if actor is None:
        click.echo("  no administrator yet: demo projects skipped")
        return
    for spec in PROJECTS:
        if db.session.scalar(select(Project.id).where(Project.title == spec["title"])):
            continue
        municipalities = db.session.scalars(
            select(Municipality).where(Municipality.name.in_(spec["municipalities"]))).all()
        if not municipalities:
            click.echo(f"  municipalities for “{spec['title']}” not found: skipped")
            continue
        agreement = (db.session.scalar(select(Agreement).where(Agreement.title == spec["agreement"]))
                     if spec["agreement"] else None)
        _create(actor, spec, list(municipalities), agreement)


def _create(actor, spec: dict, municipalities: list, agreement) -> None:
    final_status = spec["status"]
    project = services.create_project(actor, services.ProjectData(
        title=spec["title"], kind=spec["kind"], status=ProjectStatus.BUILDING if spec["solve"] else final_status,
        description=spec["description"], agreement=agreement, budget=spec["budget"], funding=list(spec["funding"]),
        progress_mode=ProgressMode.MANUAL if spec.get("progress") else ProgressMode.MILESTONES,
        manual_progress=spec.get("progress"), place_name=spec["place_name"],
        latitude=spec["latitude"], longitude=spec["longitude"], municipalities=municipalities,
        route=list(spec["route"]) if spec.get("route") else None,
    ))
    for title, planned_on, done_on in spec["milestones"]:
        db.session.add(Milestone(project_id=project.id, title=title, planned_on=planned_on, done_on=done_on))
    for posted_on, body in spec["updates"]:
        db.session.add(ProjectUpdate(project_id=project.id, posted_on=posted_on, body=body, author_id=actor.id))
    db.session.commit()
    proposal = demo_proposal(spec["category"], [m.id for m in municipalities])
    if proposal is None:
        click.echo(f"  no demo proposal for “{spec['title']}” yet: not linked")
    else:
        link = services.link_proposal(actor, project, proposal, spec["note"])
    if spec["solve"]:
        # Finish the project (which asks for the proposal to be solved), then solve it.
        services.update_project(actor, project, services.ProjectData(
            title=project.title, kind=project.kind, status=final_status, description=project.description,
            agreement=agreement, budget=project.budget,
            funding=[(f.name, f.amount) for f in project.funding_sources],
            place_name=project.place_name, latitude=project.latitude, longitude=project.longitude,
            municipalities=municipalities, route=geo.route_points(project.route) or None,
        ))
        if proposal is not None and link.proposal.status != ProposalStatus.SOLVED:
            services.mark_solved(actor, link, "Sběrný dvůr je otevřen pro všechny čtyři obce.")
