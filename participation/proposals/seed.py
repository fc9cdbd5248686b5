"""Demo proposals with residents, supports, statuses and official answers.

Runs after the territory and admin seeds (DOMAINS order) and looks their
municipalities, groupings and demo accounts up by name and e-mail. Idempotent:
residents are found by e-mail and proposals by title, and a proposal that
exists already is left as it is.
"""

import math
from datetime import timedelta

import click
from sqlalchemy import insert, select, update

from participation.accounts.models import User
from participation.common.models import utcnow
from participation.extensions import db
from participation.proposals import demo_data, media_seed, moderation, services, thresholds
from participation.proposals.models import (
    Category,
    OfficialAnswer,
    Proposal,
    ProposalStatus,
    StatusChange,
    Support,
)
from participation.territory.models import Grouping, Municipality

MAX_NEEDED = 30
SUPPORT_SHARE = {"reached": 1.0, "close": 0.65, "some": 0.25, "none": 0.0}


def seed(context: dict) -> None:
    """Add the demo residents and proposals that are missing."""
    municipalities = {m.name: m for m in db.session.scalars(select(Municipality))}
    if not municipalities:
        click.echo("  no municipalities yet: skipping demo proposals")
        return
    groupings = {g.name: g for g in db.session.scalars(select(Grouping))}
    residents = _ensure_residents(municipalities, _needed_for_threshold(municipalities, groupings))
    created = {}
    for index, spec in enumerate(demo_data.PROPOSALS):
        if db.session.scalar(select(Proposal.id).where(Proposal.title == spec["title"])):
            continue
        if any(name not in municipalities for name in spec["municipalities"]):
            continue
        created[spec["title"]] = _create(index, spec, municipalities, groupings, residents)
    for spec in demo_data.PROPOSALS:
        if spec["title"] in created and spec.get("merge_into"):
            _merge(created[spec["title"]], spec["merge_into"])
    click.echo(f"  {len(created)} demo proposals added")
    click.echo(f"  {media_seed.seed()} demo proposals with photos and updates")


def _resident_count(municipality: Municipality, needed: int = 0) -> int:
    base = math.ceil((municipality.population or 0) * demo_data.RESIDENTS_PER_INHABITANT)
    return max(demo_data.MIN_RESIDENTS, base, needed)


def _needed_for_threshold(municipalities: dict, groupings: dict) -> dict[int, int]:
    """Residents a village needs so that the "reached" demo proposals really reach the threshold.

    Towns that would need more than MAX_NEEDED supporters are left short on
    purpose: a proposal's smaller municipalities carry it over the threshold.
    """
    needed: dict[int, int] = {}
    for spec in demo_data.PROPOSALS:
        if spec["support"] != "reached":
            continue
        rule = thresholds.rule_for(groupings.get(spec.get("grouping") or ""))
        for name in spec["municipalities"]:
            municipality = municipalities.get(name)
            if municipality is None:
                continue
            required = rule.required_supporters(municipality.population)
            if required <= MAX_NEEDED:
                needed[municipality.id] = max(needed.get(municipality.id, 0), required)
    return needed


def _demo_name(n: int) -> str:
    surname = demo_data.SURNAMES[(n * 7) % len(demo_data.SURNAMES)]
    if n % 2:
        first = demo_data.FIRST_NAMES_F[(n // 2) % len(demo_data.FIRST_NAMES_F)]
        return f"{first} {surname[1]}"
    first = demo_data.FIRST_NAMES_M[(n // 2) % len(demo_data.FIRST_NAMES_M)]
    return f"{first} {surname[0]}"


def _ensure_residents(municipalities: dict, needed: dict[int, int]) -> dict[int, list[int]]:
    """Demo residents per municipality (no password: they only support), by e-mail."""
    existing = {
        email: (user_id, home)
        for email, user_id, home in db.session.execute(
            select(User.email, User.id, User.home_municipality_id).where(User.email.like("obyvatel.%@example.cz"))
        )
    }
    now = utcnow()
    rows = []
    for municipality in sorted(municipalities.values(), key=lambda m: m.code):
        for n in range(_resident_count(municipality, needed.get(municipality.id, 0))):
            email = f"obyvatel.{municipality.code}.{n}@example.cz"
            if email not in existing:
                rows.append({
                    "email": email, "display_name": _demo_name(int(municipality.code) + n),
                    "home_municipality_id": municipality.id, "locale": "cs", "email_confirmed_at": now,
                    "residency_verified_at": now, "is_active_account": True, "created_at": now, "updated_at": now,
                })
    if rows:
        db.session.execute(insert(User), rows)
        db.session.commit()
    by_municipality: dict[int, list[int]] = {}
    for user_id, home in db.session.execute(
        select(User.id, User.home_municipality_id).where(User.email.like("obyvatel.%@example.cz")).order_by(User.id)
    ):
        by_municipality.setdefault(home, []).append(user_id)
    return by_municipality


def _user(email: str | None):
    if not email:
        return None
    return db.session.scalar(select(User).where(User.email == email))


def _create(index: int, spec: dict, municipalities: dict, groupings: dict, residents: dict) -> Proposal:
    chosen = [municipalities[name] for name in spec["municipalities"]]
    author = _user(spec.get("author"))
    if author is None:
        pool = residents.get(chosen[0].id) or [None]
        author = db.session.get(User, pool[index % len(pool)])
    grouping = groupings.get(spec["grouping"]) if spec.get("grouping") else None
    data = services.ProposalData(
        title=spec["title"], body=spec["body"], category=Category(spec["category"]),
        municipality_ids=[m.id for m in chosen], grouping_id=grouping.id if grouping else None,
        latitude=spec["place"][0] if spec.get("place") else None,
        longitude=spec["place"][1] if spec.get("place") else None,
    )
    proposal = services.create_proposal(author, data, publish=not spec.get("draft"))
    published = utcnow() - timedelta(days=spec["days_ago"])
    if not spec.get("draft"):
        _backdate(proposal, published)
        _add_supports(index, proposal, spec["support"], residents)
        if services.check_threshold(proposal):
            proposal.threshold_reached_at = published + timedelta(days=spec["days_ago"] // 2)
            db.session.commit()
    if spec.get("status"):
        status, who, reason = spec["status"]
        actor = _user(who)
        if actor is not None:
            moderation.change_status(actor, proposal, ProposalStatus(status), reason)
            _backdate_last(StatusChange, proposal, published + timedelta(days=spec["days_ago"] // 3))
    if spec.get("answer"):
        _answer(proposal, spec, municipalities, groupings, published)
    if spec.get("withdrawn"):
        services.withdraw(author, proposal, spec["withdrawn"])
    return proposal


def _backdate(proposal: Proposal, when) -> None:
    db.session.execute(
        update(Proposal).where(Proposal.id == proposal.id)
        .values(created_at=when, published_at=when, last_activity_at=when)
    )
    db.session.execute(update(StatusChange).where(StatusChange.proposal_id == proposal.id).values(created_at=when))
    db.session.commit()
    db.session.refresh(proposal)


def _backdate_last(model, proposal: Proposal, when) -> None:
    last = db.session.scalar(
        select(model.id).where(model.proposal_id == proposal.id).order_by(model.id.desc()).limit(1)
    )
    db.session.execute(update(model).where(model.id == last).values(created_at=when))
    db.session.commit()


def _add_supports(index: int, proposal: Proposal, level: str, residents: dict) -> None:
    """Residents of each touched municipality support it, as many as the level asks."""
    share = SUPPORT_SHARE[level]
    if not share:
        return
    rule = thresholds.rule_for(proposal.grouping)
    have = set(db.session.scalars(select(Support.user_id).where(Support.proposal_id == proposal.id)))
    rows = []
    published = proposal.published_at or utcnow()
    for municipality in proposal.municipalities:
        wanted = math.ceil(rule.required_supporters(municipality.population) * share)
        if level == "some":
            wanted = min(wanted, 2 + (index + municipality.id) % 4)
        pool = residents.get(municipality.id, [])
        start = (index * 3) % max(len(pool), 1)
        chosen = (pool[start:] + pool[:start])[:wanted]
        for n, user_id in enumerate(chosen):
            if user_id in have:
                continue
            have.add(user_id)
            rows.append({
                "proposal_id": proposal.id, "user_id": user_id, "municipality_id": municipality.id,
                "source": "online", "created_at": published + timedelta(hours=5 + n * 7),
            })
    if rows:
        db.session.execute(insert(Support), rows)
        db.session.commit()


def _answer(proposal: Proposal, spec: dict, municipalities: dict, groupings: dict, published) -> None:
    who, on_behalf, text = spec["answer"]
    actor = _user(who)
    if actor is None:
        return
    municipality = municipalities.get(on_behalf)
    grouping = groupings.get(on_behalf)
    moderation.add_official_answer(
        actor, proposal, text,
        municipality_id=municipality.id if municipality else None,
        grouping_id=grouping.id if grouping and not municipality else None,
    )
    _backdate_last(OfficialAnswer, proposal, published + timedelta(days=max(spec["days_ago"] // 2, 1)))


def _merge(duplicate: Proposal, survivor_title: str) -> None:
    survivor = db.session.scalar(select(Proposal).where(Proposal.title == survivor_title))
    actor = _user(demo_data.REP_DSO) or _user(demo_data.MODERATOR_CT)
    if survivor is None or actor is None or duplicate.status == ProposalStatus.MERGED:
        return
    moderation.merge(actor, duplicate, survivor, "Stejný problém jako starší návrh; podpory sloučeny.")
