"""Demo agreements: a DSO memorandum on a fibre backbone, a public-law contract on a
shared waste yard and a contract for a shared energy manager, tied to demo proposals."""

from datetime import date

import click
from sqlalchemy import select

from participation.accounts.models import Role, RoleKind, User
from participation.agreements import services
from participation.agreements.models import Agreement, AgreementDocument, AgreementKind, AgreementStatus
from participation.extensions import db
from participation.proposals.models import Category, Proposal, ProposalStatus, proposal_municipality
from participation.territory.models import Grouping, Municipality

AGREEMENTS = (
    {
        "title": "Memorandum o společné páteřní optické síti Orlicko-Třebovska",
        "kind": AgreementKind.MEMORANDUM, "status": AgreementStatus.IN_FORCE,
        "signed_on": date(2025, 3, 12), "effective_on": date(2025, 4, 1), "ends_on": None,
        "municipalities": ("Česká Třebová", "Ústí nad Orlicí", "Dlouhá Třebová", "Rybník", "Třebovice"),
        "groupings": ("Mikroregion Orlicko-Třebovsko",),
        "summary": (
            "Obce svazku se zavazují společně připravit **páteřní optickou síť** mezi obcemi:\n\n"
            "- společná projektová dokumentace a koordinace výkopů se stavbami silnic,\n"
            "- žádost o dotaci z IROP a z Národního plánu obnovy,\n"
            "- sdílená kapacita pro školy, úřady a místní poskytovatele internetu."
        ),
        "category": Category.BROADBAND, "note": "Memorandum řeší chybějící rychlé připojení mezi obcemi.",
        "document": ("Podepsané memorandum (registr smluv)", "https://smlouvy.gov.cz/"),
    },
    {
        "title": "Veřejnoprávní smlouva o společném sběrném dvoře Lanškrounska",
        "kind": AgreementKind.PUBLIC_LAW_CONTRACT, "status": AgreementStatus.SIGNED,
        "signed_on": date(2025, 9, 18), "effective_on": date(2026, 1, 1), "ends_on": date(2035, 12, 31),
        "municipalities": ("Lanškroun", "Tatenice", "Rudoltice", "Dolní Čermná"),
        "groupings": ("Mikroregion Lanškrounsko",),
        "summary": (
            "Lanškroun provozuje sběrný dvůr i pro občany Tatenice, Rudoltic a Dolní Čermné. "
            "Obce přispívají podle počtu obyvatel; otevírací doba je společná a občané všech "
            "obcí mají stejná práva."
        ),
        "category": Category.WASTE, "note": "Smlouva otevírá sběrný dvůr obyvatelům okolních obcí.",
        "document": ("Smlouva ve sbírce právních předpisů", "https://sbirkapp.gov.cz/"),
    },
    {
        "title": "Smlouva o sdíleném energetickém manažerovi MAS ORLICKO",
        "kind": AgreementKind.SHARED_ADVISOR, "status": AgreementStatus.NEGOTIATION,
        "signed_on": None, "effective_on": None, "ends_on": None,
        "municipalities": ("Žamberk", "Letohrad", "Kunvald", "Písečná"),
        "groupings": ("MAS ORLICKO",),
        "summary": (
            "Čtyři obce sdílejí energetického manažera: sleduje spotřebu veřejných budov, "
            "připravuje projekty úspor a fotovoltaiky a radí s žádostmi o dotace."
        ),
        "category": Category.ENERGY, "note": "Sdílený energetický manažer pomůže snížit účty obcí za energie.",
        "document": None,
    },
)


def _actor():
    """Act as the demo administrator (or any administrator) so every party is in scope."""
    return db.session.scalar(
        select(User).join(Role, Role.user_id == User.id)
        .where(Role.kind == RoleKind.ADMINISTRATOR, Role.region_id.is_(None)).order_by(User.id).limit(1)
    )


def demo_proposal(category: Category, municipality_ids) -> Proposal | None:
    """A published demo proposal of this category touching one of these municipalities."""
    return db.session.scalar(
        select(Proposal).join(proposal_municipality)
        .where(Proposal.category == category,
               Proposal.status.in_([ProposalStatus.PUBLISHED, ProposalStatus.UNDER_REVIEW,
                                    ProposalStatus.IN_COOPERATION]),
               Proposal.hidden_at.is_(None),
               proposal_municipality.c.municipality_id.in_(list(municipality_ids)))
        .order_by(Proposal.id).limit(1)
    )


def seed(context: dict) -> None:
    """Create the demo agreements that are missing; running it again adds nothing twice."""
    actor = _actor()
    if actor is None:
        click.echo("  no administrator yet: demo agreements skipped")
        return
    for spec in AGREEMENTS:
        agreement = db.session.scalar(select(Agreement).where(Agreement.title == spec["title"]))
        if agreement is not None:
            context.setdefault("agreements", {})[spec["category"]] = agreement.id
            continue
        municipalities = db.session.scalars(
            select(Municipality).where(Municipality.name.in_(spec["municipalities"]))).all()
        groupings = db.session.scalars(select(Grouping).where(Grouping.name.in_(spec["groupings"]))).all()
        if not municipalities:
            click.echo(f"  municipalities for “{spec['title']}” not found: skipped")
            continue
        agreement = services.create_agreement(actor, services.AgreementData(
            title=spec["title"], kind=spec["kind"], status=spec["status"], summary=spec["summary"],
            signed_on=spec["signed_on"], effective_on=spec["effective_on"], ends_on=spec["ends_on"],
            municipalities=list(municipalities), groupings=list(groupings),
        ))
        if spec["document"]:
            db.session.add(AgreementDocument(agreement_id=agreement.id, title=spec["document"][0],
                                             url=spec["document"][1], added_by_id=actor.id))
            db.session.commit()
        context.setdefault("agreements", {})[spec["category"]] = agreement.id
        proposal = demo_proposal(spec["category"], [m.id for m in municipalities])
        if proposal is not None:
            services.tie_proposal(actor, agreement, proposal, spec["note"])
        else:
            click.echo(f"  no demo proposal for “{spec['title']}” yet: not tied")
