"""Methodological guides: written per field in Markdown, every change kept as a version with a note and a
review-by date. An edit never destroys text: it adds a version; the guide shows the newest."""

import difflib
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participation.advisors.models import AdvisorField, Guide, GuideVersion
from participation.audit import services as audit
from participation.common.text import fold
from participation.extensions import db
from participation.localities.services import Invalid


@dataclass
class GuideData:
    field: AdvisorField
    title: str
    body: str
    change_note: str = ""
    review_by: date | None = None
    project_kinds: list[str] = field(default_factory=list)
    good_practices: list = field(default_factory=list)


def _apply(guide: Guide, data: GuideData) -> None:
    guide.field = data.field
    guide.title = data.title.strip()
    guide.body = data.body.strip()
    guide.search_text = fold(f"{guide.title}\n{guide.body}")
    guide.project_kinds = ",".join(sorted(set(data.project_kinds)))
    guide.review_by = data.review_by
    guide.good_practices = list(data.good_practices)


def _version(actor, guide: Guide, data: GuideData) -> GuideVersion:
    version = GuideVersion(guide_id=guide.id, number=guide.version, title=guide.title, body=guide.body,
                           change_note=(data.change_note or "").strip(), review_by=data.review_by,
                           author_id=getattr(actor, "id", None))
    db.session.add(version)
    return version


def create_guide(actor, data: GuideData, today: date | None = None) -> Guide:
    """Write a guide: its first version."""
    _check(data, today, first=True)
    guide = Guide(version=1, author_id=getattr(actor, "id", None))
    _apply(guide, data)
    db.session.add(guide)
    db.session.flush()
    _version(actor, guide, data)
    audit.record(actor, "advisor_guide.create", "advisor_guide", guide.id,
                 details={"field": str(guide.field), "title": guide.title})
    db.session.commit()
    return guide


def _check(data: GuideData, today: date | None, first: bool) -> None:
    errors = {}
    if not first and not (data.change_note or "").strip():
        errors["change_note"] = _l("Say what changed: the note is kept with the previous version.")
    if data.review_by is not None and data.review_by <= (today or date.today()):
        errors["review_by"] = _l("The review date must be in the future.")
    if errors:
        raise Invalid(errors)


def update_guide(actor, guide: Guide, data: GuideData, today: date | None = None) -> GuideVersion:
    """Change a guide: a new version with its note; the earlier versions stay as they were."""
    _check(data, today, first=False)
    guide.version += 1
    _apply(guide, data)
    version = _version(actor, guide, data)
    audit.record(actor, "advisor_guide.update", "advisor_guide", guide.id, reason=version.change_note,
                 details={"version": guide.version})
    db.session.commit()
    return version


def versions_of(guide: Guide) -> list[GuideVersion]:
    """Every version, newest first."""
    return list(db.session.scalars(select(GuideVersion).where(GuideVersion.guide_id == guide.id)
                                   .order_by(GuideVersion.number.desc())))


def version(guide: Guide, number: int) -> GuideVersion | None:
    return db.session.scalar(select(GuideVersion).where(GuideVersion.guide_id == guide.id,
                                                        GuideVersion.number == number))


@dataclass
class DiffLine:
    kind: str  # "added", "removed", "same"
    text: str


def diff(older: GuideVersion | None, newer: GuideVersion) -> list[DiffLine]:
    """Line by line: what the newer version removed and added."""
    before = (older.body if older else "").splitlines()
    lines = []
    for line in difflib.ndiff(before, newer.body.splitlines()):
        tag, text = line[:2], line[2:]
        if tag == "? ":
            continue
        lines.append(DiffLine({"+ ": "added", "- ": "removed"}.get(tag, "same"), text))
    return lines
