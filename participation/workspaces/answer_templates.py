"""A municipality's answer templates: reading them, and every change (audited)."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from participation.audit import services as audit
from participation.common.pagination import Page, paginate
from participation.extensions import db
from participation.permissions.scopes import scope_of
from participation.territory.models import Municipality
from participation.workspaces.models import AnswerTemplate

MAX_TITLE = 120
MAX_BODY = 10000


class TemplateRefused(Exception):
    """Nothing was saved; `field` names the form field the message belongs next to."""

    def __init__(self, field: str, message):
        super().__init__(field)
        self.field = field
        self.message = message  # lazy: translated when shown


@dataclass(frozen=True)
class TemplateText:
    title: str
    body: str


def _clean(title: str, body: str) -> TemplateText:
    title, body = (title or "").strip(), (body or "").strip()
    if not title:
        raise TemplateRefused("title", _l("Name the template."))
    if len(title) > MAX_TITLE:
        raise TemplateRefused("title", _l("At most %(num)s characters.", num=MAX_TITLE))
    if not body:
        raise TemplateRefused("body", _l("Write the text of the answer."))
    if len(body) > MAX_BODY:
        raise TemplateRefused("body", _l("At most %(num)s characters.", num=MAX_BODY))
    return TemplateText(title, body)


def _check_title_free(municipality_id: int, title: str, template_id: int | None = None) -> None:
    statement = select(AnswerTemplate.id).where(
        AnswerTemplate.municipality_id == municipality_id, func.lower(AnswerTemplate.title) == title.lower())
    if template_id is not None:
        statement = statement.where(AnswerTemplate.id != template_id)
    if db.session.scalar(statement.limit(1)) is not None:
        raise TemplateRefused("title", _l("This municipality already has a template of this name."))


def create(actor, municipality_id: int, title: str, body: str) -> AnswerTemplate:
    """A new template of the municipality (the view checked can_manage_answer_template)."""
    text = _clean(title, body)
    _check_title_free(municipality_id, text.title)
    template = AnswerTemplate(municipality_id=municipality_id, title=text.title, body=text.body,
                              updated_by_id=actor.id)
    db.session.add(template)
    db.session.flush()
    audit.record(actor, "answer_template.created", "answer_template", template.id,
                 municipality_id=municipality_id, details={"title": template.title})
    db.session.commit()
    return template


def update(actor, template: AnswerTemplate, title: str, body: str) -> AnswerTemplate:
    """Change a template's name and text; the audit entry keeps the old name."""
    text = _clean(title, body)
    _check_title_free(template.municipality_id, text.title, template.id)
    previous = template.title
    changed = [name for name, old, new in (("title", template.title, text.title), ("body", template.body, text.body))
               if old != new]
    template.title, template.body, template.updated_by_id = text.title, text.body, actor.id
    audit.record(actor, "answer_template.updated", "answer_template", template.id,
                 municipality_id=template.municipality_id,
                 details={"title": template.title, "previous_title": previous, "changed": changed})
    db.session.commit()
    return template


def delete(actor, template: AnswerTemplate) -> None:
    """Remove a template; answers already given from it keep their text."""
    audit.record(actor, "answer_template.deleted", "answer_template", template.id,
                 municipality_id=template.municipality_id, details={"title": template.title})
    db.session.delete(template)
    db.session.commit()


# --- Reading ----------------------------------------------------------------------------


def office_municipality_ids(user) -> frozenset[int] | None:
    """The municipalities whose templates the user manages; None for everywhere."""
    scope = scope_of(user)
    if scope.everywhere:
        return None
    ids = set(scope.moderated_municipality_ids)
    if scope.administrator:
        ids.update(scope.municipality_ids)
    return frozenset(ids)


def municipality_choices(user) -> list[tuple[int, str]]:
    """The municipalities the add form offers, by name (for everywhere: every municipality)."""
    ids = office_municipality_ids(user)
    statement = select(Municipality.id, Municipality.name, Municipality.code)
    if ids is not None:
        statement = statement.where(Municipality.id.in_(sorted(ids)))
    rows = db.session.execute(statement.order_by(Municipality.search_name, Municipality.code))
    return [(row.id, f"{row.name} ({row.code})") for row in rows]


def templates_page(user, page: int, per_page: int, municipality_id: int | None = None) -> Page:
    """The templates the user manages, by municipality and name: a COUNT and a page."""
    statement = (select(AnswerTemplate).join(Municipality, Municipality.id == AnswerTemplate.municipality_id)
                 .options(joinedload(AnswerTemplate.municipality))
                 .order_by(Municipality.search_name, Municipality.id, AnswerTemplate.title, AnswerTemplate.id))
    ids = office_municipality_ids(user)
    if ids is not None:
        statement = statement.where(AnswerTemplate.municipality_id.in_(sorted(ids)))
    if municipality_id is not None:
        statement = statement.where(AnswerTemplate.municipality_id == municipality_id)
    return paginate(statement, page, per_page)


def for_proposal(user, proposal) -> list[AnswerTemplate]:
    """The templates the user may use on this proposal: of the municipalities it touches and the user's office."""
    touched = {m.id for m in proposal.municipalities}
    ids = office_municipality_ids(user)
    usable = touched if ids is None else touched & ids
    if not usable:
        return []
    return list(db.session.scalars(
        select(AnswerTemplate).where(AnswerTemplate.municipality_id.in_(sorted(usable)))
        .options(joinedload(AnswerTemplate.municipality))
        .order_by(AnswerTemplate.title, AnswerTemplate.id)
    ))
