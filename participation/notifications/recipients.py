"""Who hears about each kind of event: the one place for recipient rules.

Each rule returns SELECTs of user ids (followers, authors, residents, staff),
never a Python list of followers: the dispatcher unions them and inserts the
notifications with one INSERT ... SELECT, whatever their number. The
dispatcher then applies what holds for every kind: never the actor, never a
deleted or disabled account, and for an item the public cannot see (a draft,
a hidden item) only its author and the staff whose scope covers it.

A kind without a rule here is not dispatched: its events wait (dispatched_at
stays NULL) until a rule ships, and the dispatcher's query skips them.
"""

from collections.abc import Callable

from sqlalchemy import Select, and_, exists, false, literal, or_, select

from participation.accounts.models import Role, RoleKind, User
from participation.extensions import db
from participation.follows.models import Follow
from participation.follows.targets import target_type
from participation.notifications.items import Item


def nobody() -> Select:
    return select(User.id).where(false())


def users(*user_ids) -> Select:
    ids = [int(i) for i in user_ids if i]
    return select(User.id).where(User.id.in_(ids)) if ids else nobody()


def followers(subject_type: str, ids) -> Select:
    """Followers of items of one type (nobody if the type cannot be followed yet)."""
    kind = target_type(subject_type)
    ids = [int(i) for i in ids if i is not None]
    if kind is None or not ids:
        return nobody()
    return select(Follow.user_id).where(kind.column.in_(ids))


def staff_of(municipality_ids, grouping_id=None) -> Select:
    """Moderators of the municipalities and representatives of the grouping (direct roles)."""
    municipality_ids = [int(i) for i in municipality_ids or ()]
    conditions = []
    if municipality_ids:
        conditions.append(and_(Role.kind == RoleKind.MODERATOR, Role.municipality_id.in_(municipality_ids)))
    if grouping_id:
        conditions.append(and_(Role.kind == RoleKind.REPRESENTATIVE, Role.grouping_id == int(grouping_id)))
    if not conditions:
        return nobody()
    return select(Role.user_id).where(or_(*conditions))


def may_see_hidden(item: Item) -> Select:
    """Who may still read about an item the public cannot see: its author and staff in scope."""
    municipality_ids = [int(i) for i in item.municipality_ids]
    conditions = [and_(Role.kind == RoleKind.ADMINISTRATOR, Role.region_id.is_(None))]
    if municipality_ids:
        conditions.append(and_(Role.kind == RoleKind.MODERATOR, Role.municipality_id.in_(municipality_ids)))
    if item.grouping_id:
        conditions.append(and_(Role.kind == RoleKind.REPRESENTATIVE, Role.grouping_id == item.grouping_id))
    staff = select(Role.user_id).where(or_(*conditions))
    return users(item.author_id).union(staff)


def residents_of(municipality_ids) -> Select:
    ids = [int(i) for i in municipality_ids or ()]
    if not ids:
        return nobody()
    return select(User.id).where(User.home_municipality_id.in_(ids))


def _table(name: str):
    return db.metadata.tables.get(name)


def _linked_proposal_ids(link_table: str, column: str, item_id: int) -> Select | None:
    """Proposal ids linked to a project/agreement through another domain's link table."""
    table = _table(link_table)
    if table is None or column not in table.c or "proposal_id" not in table.c:
        return None
    return select(table.c.proposal_id).where(table.c[column] == item_id)


# --- the rules -------------------------------------------------------------

Rule = Callable[[object, Item], list[Select]]


def _proposal_people(event, item: Item) -> list[Select]:
    return [followers("proposal", [event.subject_id]), users(item.author_id)]


def _proposal_people_and_staff(event, item: Item) -> list[Select]:
    return _proposal_people(event, item) + [staff_of(item.municipality_ids, item.grouping_id)]


def place_followers(municipality_ids, grouping_id=None) -> list[Select]:
    """Followers of the municipalities and of the grouping an item belongs to."""
    selects = [followers("municipality", municipality_ids)]
    if grouping_id:
        selects.append(followers("grouping", [grouping_id]))
    return selects


def _proposal_published(event, item: Item) -> list[Select]:
    return place_followers(item.municipality_ids, item.grouping_id)


def _official_answer(event, item: Item) -> list[Select]:
    """The proposal's people, and followers of its municipalities and grouping."""
    return _proposal_people(event, item) + place_followers(item.municipality_ids, item.grouping_id)


def reporters_in(locality_id) -> Select:
    """Residents whose current connection report is about the locality."""
    table = _table("connection_report")
    if table is None:
        return nobody()
    return select(table.c.reporter_id).where(
        table.c.locality_id == int(locality_id), table.c.superseded_at.is_(None), table.c.reporter_id.is_not(None),
    )


def _locality_news(event, item: Item) -> list[Select]:
    """An operator's answer, a moderator's decision, connected dwellings: the locality's followers and reporters."""
    return [followers("locality", [event.subject_id]), reporters_in(event.subject_id)]


def _reporter_of(event, item: Item) -> list[Select]:
    """An operator's answer to a report, the decision on its dispute: the resident who sent the report."""
    table = _table("connection_report")
    report_id = (event.payload or {}).get("report_id")
    if table is None or not report_id:
        return [nobody()]
    return [select(table.c.reporter_id).where(table.c.id == int(report_id), table.c.reporter_id.is_not(None))]


def _declaration_disputed(event, item: Item) -> list[Select]:
    """A disputed declaration waits for the municipality's moderators."""
    return [staff_of(item.municipality_ids)]


def _solve_requested(event, item: Item) -> list[Select]:
    return [staff_of(item.municipality_ids, item.grouping_id)]


def _inbox_reminder(event, item: Item) -> list[Select]:
    """The moderators of the municipality whose inbox the item waits in (workspaces.reminders)."""
    municipality_id = (event.payload or {}).get("municipality_id")
    return [staff_of([municipality_id])] if municipality_id else []


def _comment_created(event, item: Item) -> list[Select]:
    """Followers of the commented item; the parent's author hears a reply instead."""
    audience = followers(event.subject_type, [event.subject_id])
    if item.parent_author_id:
        audience = audience.where(Follow.user_id != item.parent_author_id)
    return [audience]


def _comment_reply(event, item: Item) -> list[Select]:
    payload = event.payload or {}
    return [users(payload.get("parent_author_id") or item.parent_author_id)]


def _item_hidden(event, item: Item) -> list[Select]:
    return [users(item.author_id)]


def _report_created(event, item: Item) -> list[Select]:
    return [staff_of(item.municipality_ids, item.grouping_id)]


def _project_news(event, item: Item) -> list[Select]:
    """Followers of the project, of its municipalities and grouping, and of every proposal it answers."""
    selects = [followers("project", [event.subject_id]), *place_followers(item.municipality_ids, item.grouping_id)]
    linked = _linked_proposal_ids("project_proposal", "project_id", event.subject_id)
    if linked is not None and target_type("proposal") is not None:
        selects.append(select(Follow.user_id).where(Follow.proposal_id.in_(linked)))
    return selects


def _good_practice_published(event, item: Item) -> list[Select]:
    """Followers of the solved proposals the write-up answers."""
    proposal_ids = (event.payload or {}).get("proposal_ids") or []
    return [followers("proposal", proposal_ids)]


def _agreement_news(event, item: Item) -> list[Select]:
    return [followers("agreement", [event.subject_id])]


def _user_blocked(event, item: Item) -> list[Select]:
    return [users(event.subject_id)]


def _consultation_audience(event, item: Item) -> list[Select]:
    payload = event.payload or {}
    municipality_ids = payload.get("municipality_ids") or list(item.municipality_ids)
    selects = [residents_of(municipality_ids), followers("consultation", [event.subject_id])]
    grouping_id = payload.get("grouping_id") or item.grouping_id
    return selects + place_followers(municipality_ids, grouping_id)


def _consultation_closing_soon(event, item: Item) -> list[Select]:
    """Eligible residents who have not answered yet."""
    payload = event.payload or {}
    audience = residents_of(payload.get("municipality_ids") or list(item.municipality_ids))
    responses = _table("consultation_response")
    if responses is not None:
        audience = audience.where(~exists(
            select(literal(1)).where(
                responses.c.consultation_id == event.subject_id, responses.c.user_id == User.id
            )
        ))
    return [audience]


def _operator_staff(operator_ids=None, municipality_ids=None) -> Select:
    """Staff of the given operators, or of the operators working in the given municipalities."""
    if operator_ids is not None:
        ids = [int(i) for i in operator_ids if i]
        return select(Role.user_id).where(Role.kind == RoleKind.OPERATOR, Role.operator_id.in_(ids)) if ids else nobody()
    table = _table("operator_municipality")
    ids = [int(i) for i in municipality_ids or ()]
    if table is None or not ids:
        return nobody()
    working = select(table.c.operator_id).where(table.c.municipality_id.in_(ids))
    return select(Role.user_id).where(Role.kind == RoleKind.OPERATOR, Role.operator_id.in_(working))


def _work_planned(event, item: Item) -> list[Select]:
    """Operators working there, the neighbours' moderators and the groupings' staff, followers of the area."""
    from participation.territory.models import GroupingMembership

    municipality_id = int((event.payload or {}).get("municipality_id") or next(iter(item.municipality_ids), 0))
    groupings = select(GroupingMembership.grouping_id).where(
        GroupingMembership.municipality_id == municipality_id, GroupingMembership.left_on.is_(None))
    neighbours = select(GroupingMembership.municipality_id).where(
        GroupingMembership.grouping_id.in_(groupings), GroupingMembership.left_on.is_(None))
    staff = select(Role.user_id).where(or_(
        and_(Role.kind == RoleKind.MODERATOR, Role.municipality_id.in_(neighbours)),
        and_(Role.kind == RoleKind.REPRESENTATIVE, Role.grouping_id.in_(groupings))))
    return [_operator_staff(municipality_ids=[municipality_id]), staff,
            followers("municipality", [municipality_id])]


def _infrastructure_office(event, item: Item) -> list[Select]:
    """An operator's request: the municipality's moderators answer it."""
    return [staff_of(item.municipality_ids)]


def _join_answered(event, item: Item) -> list[Select]:
    payload = event.payload or {}
    return [users(payload.get("requested_by_id")), _operator_staff([payload.get("operator_id")])]


def _access_answered(event, item: Item) -> list[Select]:
    return [users(item.author_id)]
def _named_in_payload(event, item: Item) -> list[Select]:
    """The people the event names (the advisor, the asker, the coordinators, the resident who asked)."""
    return [users(*((event.payload or {}).get("user_ids") or []))]


def _opinion_published(event, item: Item) -> list[Select]:
    """Followers of the item an advisor's public opinion is about."""
    return [followers(event.subject_type, [event.subject_id])]


def _opinion_requested(event, item: Item) -> list[Select]:
    """The moderators of the proposal's municipalities decide a resident's request."""
    return [staff_of((event.payload or {}).get("municipality_ids") or list(item.municipality_ids))]


RULES: dict[str, Rule] = {
    "proposal.published": _proposal_published,
    "proposal.status_changed": _proposal_people,
    "proposal.official_answer": _official_answer,
    "proposal.author_update": _proposal_people,
    "proposal.merged": _proposal_people,
    "proposal.threshold_reached": _proposal_people_and_staff,
    "proposal.referred": _proposal_people,
    "proposal.referral_answered": _proposal_people,
    "proposal.tied_to_agreement": _proposal_people,
    "proposal.untied": _proposal_people,
    "proposal.tied_to_project": _proposal_people,
    "proposal.linked_to_project": _proposal_people,
    "proposal.unlinked_from_project": _proposal_people,
    "proposal.solve_requested": _solve_requested,
    "inbox.reminder": _inbox_reminder,
    "comment.created": _comment_created,
    "comment.reply": _comment_reply,
    "item.hidden": _item_hidden,
    "report.created": _report_created,
    "user.blocked": _user_blocked,
    "agreement.status_changed": _agreement_news,
    "good_practice.published": _good_practice_published,
    "project.update": _project_news,
    "project.milestone": _project_news,
    "project.status_changed": _project_news,
    "project.done": _project_news,
    "consultation.opened": _consultation_audience,
    "consultation.closing_soon": _consultation_closing_soon,
    "consultation.results_published": _consultation_audience,
    "operator_declaration.made": _locality_news,
    "operator_declaration.decided": _locality_news,
    "operator_declaration.disputed": _declaration_disputed,
    "report_answer.made": _reporter_of,
    "report_answer.decided": _reporter_of,
    "locality.connected": _locality_news,
    "locality.status_changed": _locality_news,
    "infrastructure.work_planned": _work_planned,
    "infrastructure.join_requested": _infrastructure_office,
    "infrastructure.join_answered": _join_answered,
    "infrastructure.access_requested": _infrastructure_office,
    "infrastructure.access_answered": _access_answered,
    "advisor_question.asked": _named_in_payload,
    "advisor_question.answered": _named_in_payload,
    "advisor_question.waiting": _named_in_payload,
    "advisor_opinion.published": _opinion_published,
    "advisor_request.created": _opinion_requested,
    "advisor_request.passed_on": _named_in_payload,
    "advisor_request.declined": _named_in_payload,
}

# Kinds that are recorded for other readers (activity, statistics) and tell nobody:
# the dispatcher closes them at once instead of leaving them waiting for a rule.
SILENT_KINDS = frozenset({"proposal.supported", "proposal.unsupported", "comment.edited", "comment.deleted"})


def audience(event, item: Item) -> Select | None:
    """The final SELECT of recipient user ids for one event, or None for a kind without a rule."""
    rule = RULES.get(event.kind)
    if rule is None:
        return None
    selects = rule(event, item)
    combined = selects[0].union(*selects[1:]) if len(selects) > 1 else selects[0].distinct()
    candidates = combined.subquery()
    # Joined on the de-duplicated candidates: with current statistics the planner hashes
    # both sides, so 10,000 followers cost one pass over each (see the fan-out test).
    statement = (
        select(User.id)
        .join(candidates, candidates.c[0] == User.id)
        .where(User.deleted_at.is_(None), User.is_active_account.is_(True))
    )
    if event.actor_id is not None:
        statement = statement.where(User.id != event.actor_id)
    if not item.public:
        statement = statement.where(User.id.in_(may_see_hidden(item)))
    return statement
