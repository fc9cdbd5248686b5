"""Demo data for the workspaces: the demo resident supports a few proposals; answer templates.

The other seeds give the resident proposals, comments, follows and an open
consultation, but no support, so "What I support" would be empty for the
demo login. The moderator of Ústí nad Orlicí gets a few answer templates for
the official answer form. Idempotent: what exists is left as it is.
"""

from sqlalchemy import exists, select

from participation.accounts.models import Role, RoleKind, User
from participation.extensions import db
from participation.proposals import services
from participation.proposals.models import OPEN_STATUSES, Proposal, Support, proposal_municipality
from participation.workspaces import answer_templates
from participation.workspaces.models import AnswerTemplate

DEMO_RESIDENT = "obyvatel@example.cz"
SUPPORTS = 2
DEMO_MODERATOR = "moderator.usti@example.cz"
ANSWER_TEMPLATES = (
    ("Prověříme na místě",
     "Děkujeme za podnět. Pracovník odboru správy majetku se na místo podívá do 14 dnů "
     "a o výsledku vás budeme informovat v odpovědi u tohoto podnětu."),
    ("Zařazeno do rozpočtu",
     "Děkujeme za podnět. Rada města jej projednala a opravu zařadila do návrhu rozpočtu "
     "na příští rok. O schválení rozpočtu rozhodne zastupitelstvo v prosinci."),
    ("Mimo působnost obce – předáno",
     "Děkujeme za podnět. Věc nespadá do působnosti města (jde o krajskou silnici), "
     "proto jsme ji předali **Správě a údržbě silnic Pardubického kraje**. Jejich odpověď "
     "zveřejníme u podnětu."),
)


def seed(context: dict) -> None:
    """Supports for the demo resident, answer templates for the demo moderator."""
    _seed_supports()
    _seed_answer_templates()


def _seed_answer_templates() -> None:
    """A few answer templates of the municipality the demo moderator works for."""
    moderator = db.session.scalar(select(User).where(User.email == DEMO_MODERATOR))
    if moderator is None:
        return
    municipality_id = db.session.scalar(select(Role.municipality_id).where(
        Role.user_id == moderator.id, Role.kind == RoleKind.MODERATOR).order_by(Role.id).limit(1))
    if municipality_id is None:
        return
    existing = set(db.session.scalars(select(AnswerTemplate.title).where(
        AnswerTemplate.municipality_id == municipality_id)))
    for title, body in ANSWER_TEMPLATES:
        if title not in existing:
            answer_templates.create(moderator, municipality_id, title, body)


def _seed_supports() -> None:
    """The demo resident supports up to two open proposals of others in their home municipality."""
    resident = db.session.scalar(select(User).where(User.email == DEMO_RESIDENT))
    if resident is None or resident.home_municipality_id is None:
        return
    if db.session.scalar(select(exists().where(Support.user_id == resident.id))):
        return
    touching_home = select(proposal_municipality.c.proposal_id).where(
        proposal_municipality.c.municipality_id == resident.home_municipality_id
    )
    candidates = db.session.scalars(
        select(Proposal).where(
            Proposal.id.in_(touching_home), Proposal.status.in_(OPEN_STATUSES),
            Proposal.hidden_at.is_(None), Proposal.author_id != resident.id,
        ).order_by(Proposal.published_at, Proposal.id).limit(SUPPORTS)
    ).all()
    for proposal in candidates:
        services.support(resident, proposal)
