"""Every change to good practice goes through here.

Each public function checks the rules first and writes nothing when one says
no, then writes in one transaction with an audit entry and commits.
"""

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from participation.audit import services as audit
from participation.common.models import utcnow
from participation.common.text import fold
from participation.events.services import record_event
from participation.extensions import db
from participation.good_practice.models import GoodPractice, GoodPracticeStatus
from participation.permissions import good_practice as rules
from participation.permissions.items import covers_item
from participation.permissions.scopes import covers_any_municipality, scope_of
from participation.projects.models import ProjectStatus
from participation.proposals.models import Category, ProposalStatus

# A project is finished enough to be written up once it is done or running.
FINISHED_PROJECT_STATUSES = frozenset({ProjectStatus.DONE, ProjectStatus.OPERATING})
TRACKED_FIELDS = ("title", "summary", "body", "category", "contact", "project_id", "agreement_id")


class Invalid(Exception):
    """The rules refused the write-up; `errors` maps a field name to the message shown next to it."""

    def __init__(self, errors: dict):
        super().__init__(", ".join(errors))
        self.errors = errors


@dataclass
class PracticeData:
    title: str
    summary: str
    category: Category
    body: str = ""
    contact: str = ""
    proposals: list = field(default_factory=list)
    project: object = None
    agreement: object = None
    municipalities: list = field(default_factory=list)


def default_municipalities(data: PracticeData) -> list:
    """Where it was done, when the writer chose none: the linked proposals' and project's municipalities."""
    seen, result = set(), []
    sources = [*data.proposals, *([data.project] if data.project is not None else [])]
    for source in sources:
        for municipality in source.municipalities:
            if municipality.id not in seen:
                seen.add(municipality.id)
                result.append(municipality)
    return result


def check(actor, data: PracticeData) -> dict:
    """Field name -> message for every rule the data breaks (empty when acceptable)."""
    errors = {}
    if not (data.title or "").strip():
        errors["title"] = _l("Enter the title.")
    if not (data.summary or "").strip():
        errors["summary"] = _l("Write a one-paragraph summary.")
    not_solved = [p for p in data.proposals if p.status != ProposalStatus.SOLVED]
    outside = [p for p in data.proposals if not rules.can_write_about_proposal(actor, p)]
    if not_solved:
        errors["proposals"] = _l("Only solved proposals can be written up; not solved yet: %(titles)s.",
                                 titles=", ".join(p.title for p in not_solved))
    elif outside:
        errors["proposals"] = _l("These proposals are outside the municipalities you act for: %(titles)s.",
                                 titles=", ".join(p.title for p in outside))
    if data.project is not None:
        if data.project.status not in FINISHED_PROJECT_STATUSES:
            errors["project_id"] = _l("Only a project that is done or operating can be written up.")
        elif not rules.can_write_about_project(actor, data.project):
            errors["project_id"] = _l("This project is outside the municipalities you act for.")
    if data.agreement is not None:
        if data.agreement.is_draft:
            errors["agreement_id"] = _l("A draft agreement cannot be linked.")
        elif not covers_item(actor, data.agreement):
            errors["agreement_id"] = _l("This agreement has no party you act for.")
    if not data.proposals and data.project is None:
        errors.setdefault("proposals", _l("Link at least one solved proposal or a finished project."))
    municipalities = data.municipalities or default_municipalities(data)
    if not municipalities:
        errors.setdefault("municipalities", _l("Choose the municipalities where it was done."))
    elif not scope_of(actor).everywhere and not covers_any_municipality(actor, [m.id for m in municipalities]):
        errors.setdefault("municipalities", _l("At least one municipality must be one you act for."))
    return errors


def _text(value: str | None) -> str:
    """Typed text as stored: PostgreSQL refuses NUL characters, so they are dropped."""
    return (value or "").replace("\x00", "")


def _apply(practice: GoodPractice, data: PracticeData) -> None:
    practice.title = _text(data.title).strip()
    practice.summary = _text(data.summary).strip()
    practice.body = _text(data.body)
    practice.category = data.category
    practice.contact = _text(data.contact).strip()
    practice.proposals = list(data.proposals)
    practice.project = data.project
    practice.project_id = data.project.id if data.project is not None else None
    practice.agreement = data.agreement
    practice.agreement_id = data.agreement.id if data.agreement is not None else None
    practice.municipalities = list(data.municipalities or default_municipalities(data))
    practice.search_text = fold(" ".join((practice.title, practice.summary, practice.body)))


def _first_municipality_id(practice: GoodPractice) -> int | None:
    return practice.municipalities[0].id if practice.municipalities else None


def create(actor, data: PracticeData) -> GoodPractice:
    """Write up a new good practice as a draft."""
    errors = check(actor, data)
    if errors:
        raise Invalid(errors)
    practice = GoodPractice(author_id=actor.id, status=GoodPracticeStatus.DRAFT)
    try:
        _apply(practice, data)
        db.session.add(practice)
        db.session.flush()
        audit.record(actor, "good_practice.create", "good_practice", practice.id,
                     municipality_id=_first_municipality_id(practice), details={"title": practice.title})
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return practice


def update(actor, practice: GoodPractice, data: PracticeData) -> dict:
    """Change a write-up; the audit entry lists the fields that changed."""
    errors = check(actor, data)
    if errors:
        raise Invalid(errors)
    before = {name: getattr(practice, name) for name in TRACKED_FIELDS}
    links_before = ({p.id for p in practice.proposals}, {m.id for m in practice.municipalities})
    try:
        _apply(practice, data)
        changes = sorted(name for name in TRACKED_FIELDS if before[name] != getattr(practice, name))
        if links_before != ({p.id for p in practice.proposals}, {m.id for m in practice.municipalities}):
            changes.append("links")
        if changes:
            audit.record(actor, "good_practice.update", "good_practice", practice.id,
                         municipality_id=_first_municipality_id(practice), details={"changed": changes})
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return {"changed": changes}


def publish(actor, practice: GoodPractice) -> bool:
    """Make a draft public and tell the followers of its proposals. False if already published."""
    if practice.is_published:
        return False
    practice.status = GoodPracticeStatus.PUBLISHED
    practice.published_at = utcnow()
    audit.record(actor, "good_practice.publish", "good_practice", practice.id,
                 municipality_id=_first_municipality_id(practice), details={"title": practice.title})
    record_event("good_practice.published", "good_practice", practice.id, actor, title=practice.title,
                 proposal_ids=[p.id for p in practice.proposals])
    db.session.commit()
    return True


def unpublish(actor, practice: GoodPractice, reason: str = "") -> bool:
    """Take a write-up back to draft (for corrections). False if it was not published."""
    if not practice.is_published:
        return False
    practice.status = GoodPracticeStatus.DRAFT
    audit.record(actor, "good_practice.unpublish", "good_practice", practice.id, reason=reason,
                 municipality_id=_first_municipality_id(practice), details={"title": practice.title})
    db.session.commit()
    return True
