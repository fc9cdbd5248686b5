"""The sentence that tells a person what happened, in the current language."""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from participation.common.formats import moment
from participation.notifications.items import Item

STATUS_LABELS = {
    # proposals
    "draft": _l("draft"),
    "published": _l("published"),
    "under_review": _l("under review"),
    "in_cooperation": _l("in cooperation"),
    "in_progress": _l("in progress"),
    "solved": _l("solved"),
    "not_taken_up": _l("not taken up"),
    "merged": _l("merged"),
    "withdrawn": _l("withdrawn"),
    # agreements
    "negotiation": _l("in negotiation"),
    "signed": _l("signed"),
    "in_force": _l("in force"),
    "ended": _l("ended"),
    # projects
    "planned": _l("planned"),
    "preparing": _l("in preparation"),
    "tendering": _l("in tender"),
    "building": _l("being built"),
    "operating": _l("in operation"),
    "done": _l("done"),
    "cancelled": _l("cancelled"),
}


def status_label(value) -> str:
    return str(STATUS_LABELS.get(str(value or ""), value or ""))


@dataclass
class Entry:
    """One notification ready to show: what happened, where to read more."""

    id: int | None
    kind: str
    text: str
    url: str | None
    created_at: datetime
    read: bool
    detail: str = ""
    # Events this notification counts since it was last read.
    count: int = 1


def _parse_time(value) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _status_detail(payload: dict) -> str:
    """"The connection status is now Served." when the event changed a locality's status."""
    to_status = payload.get("to_status")
    if not to_status:
        return ""
    from participation.localities.forms import STATUS_LABELS

    labels = {str(key): label for key, label in STATUS_LABELS.items()}
    return _("The connection status is now: %(status)s.", status=str(labels.get(to_status, to_status)))


def sentence(event, item: Item | None, actor_name: str | None, viewer_may_see: bool,
             survivor: Item | None = None) -> tuple[str, str]:
    """(headline, detail) for an event as seen by one person.

    `survivor` is the proposal a merge kept, only when this person may see it
    (items.survivor_for); without it the merge names no proposal.
    """
    payload = event.payload or {}
    if item is not None and viewer_may_see:
        title = item.title
    else:
        title = _("an item that is no longer shown")
    actor = actor_name or _("Someone")
    values = {"title": title, "actor": actor}
    kind = event.kind
    detail = ""
    if kind == "proposal.published":
        text = _("New proposal where you follow: “%(title)s”.", **values)
    elif kind == "proposal.status_changed":
        text = _("“%(title)s” is now %(status)s.", status=status_label(payload.get("to_status")), **values)
        detail = str(payload.get("reason") or "")
    elif kind == "proposal.official_answer":
        text = _("%(actor)s gave an official answer on “%(title)s”.", **values)
    elif kind == "proposal.author_update":
        text = _("%(actor)s posted an update on “%(title)s”.", **values)
        detail = str(payload.get("excerpt") or "") if viewer_may_see else ""
    elif kind == "proposal.merged" and survivor is not None:
        text = _("“%(title)s” was merged into “%(survivor)s”.", survivor=survivor.title, **values)
        detail = str(payload.get("reason") or "")
    elif kind == "proposal.merged" and payload.get("survivor_id"):
        # The survivor is hidden from this reader (or gone): neither its title nor the reason, which may quote it.
        text = _("“%(title)s” was merged into an item that is no longer shown.", **values)
    elif kind == "proposal.merged":
        text = _("“%(title)s” was merged into another proposal.", **values)
    elif kind == "proposal.threshold_reached":
        text = _("“%(title)s” reached the cross-municipal support threshold.", **values)
    elif kind == "proposal.referred":
        text = _("“%(title)s” was passed on to %(addressee)s.", addressee=payload.get("addressee", ""), **values)
        detail = str(payload.get("reason") or "")
    elif kind == "proposal.referral_answered":
        text = _("%(addressee)s answered on “%(title)s”.", addressee=payload.get("addressee", ""), **values)
        detail = str(payload.get("response") or "")
    elif kind == "proposal.tied_to_agreement":
        text = _("“%(title)s” was tied to the agreement “%(agreement)s”.",
                 agreement=payload.get("agreement_title", ""), **values)
        detail = str(payload.get("note") or "")
    elif kind == "proposal.untied":
        text = _("“%(title)s” is no longer tied to the agreement “%(agreement)s”.",
                 agreement=payload.get("agreement_title", ""), **values)
        detail = str(payload.get("reason") or "")
    elif kind in ("proposal.tied_to_project", "proposal.linked_to_project"):
        text = _("“%(title)s” is now part of the project “%(project)s”.",
                 project=payload.get("project_title", ""), **values)
        detail = str(payload.get("note") or "")
    elif kind == "proposal.unlinked_from_project":
        text = _("“%(title)s” is no longer part of the project “%(project)s”.",
                 project=payload.get("project_title", ""), **values)
        detail = str(payload.get("reason") or "")
    elif kind == "proposal.solve_requested":
        text = _("The project behind “%(title)s” is done: please consider marking the proposal solved.", **values)
    elif kind == "comment.created":
        text = _("%(actor)s commented on “%(title)s”.", **values)
    elif kind == "comment.reply":
        text = _("%(actor)s replied to your comment on “%(title)s”.", **values)
    elif kind == "item.hidden" and payload.get("automatic"):
        text = _("Your contribution on “%(title)s” was hidden automatically until a moderator decides.", **values)
        detail = _("It was reported several times and stays hidden until a moderator looks at it.")
    elif kind == "item.hidden":
        text = _("A moderator hid your contribution on “%(title)s”.", **values)
        reason = payload.get("reason") or payload.get("hidden_reason") or ""
        if reason:
            detail = _("Reason: %(reason)s", reason=reason)
        elif payload.get("automatic"):
            detail = _("It was reported several times and stays hidden until a moderator looks at it.")
    elif kind == "user.blocked":
        until = _parse_time(payload.get("ends_at"))
        if until is not None:
            text = _("A moderator blocked you from posting until %(date)s.", date=moment(until))
        else:
            text = _("A moderator blocked you from posting for a while.")
        reason = payload.get("reason") or ""
        detail = _("Reason: %(reason)s", reason=reason) if reason else ""
    elif kind == "report.created":
        text = _("New report in your moderation queue: “%(title)s”.", **values)
    elif kind == "agreement.status_changed":
        text = _("The agreement “%(title)s” is now %(status)s.", status=status_label(payload.get("to_status")), **values)
    elif kind == "project.update":
        text = _("New update on the project “%(title)s”.", **values)
        detail = str(payload.get("update_title") or payload.get("summary") or "")
    elif kind == "project.milestone":
        text = _("The project “%(title)s” reached a milestone.", **values)
        detail = str(payload.get("title") or payload.get("milestone_title") or "")
    elif kind == "project.status_changed":
        text = _("The project “%(title)s” is now %(status)s.", status=status_label(payload.get("to_status")), **values)
    elif kind == "project.done":
        text = _("The project “%(title)s” is done.", **values)
    elif kind == "good_practice.published":
        text = _("A proposal you follow is solved and written up as good practice: “%(title)s”.", **values)
    elif kind == "consultation.opened":
        text = _("A consultation opened in your municipality: “%(title)s”.", **values)
    elif kind == "inbox.reminder":
        text = _("“%(title)s” has waited %(days)s days in your inbox.", days=payload.get("days_waiting", ""),
                 **values)
    elif kind == "consultation.closing_soon":
        text = _("The consultation “%(title)s” closes within 48 hours and you have not answered yet.", **values)
    elif kind == "consultation.results_published":
        text = _("The results of the consultation “%(title)s” are published.", **values)
    elif kind == "operator_declaration.made":
        text = _("%(operator)s answered about the connection in “%(title)s”.",
                 operator=payload.get("operator") or _("An operator"), **values)
        detail = _status_detail(payload)
    elif kind == "operator_declaration.disputed":
        text = _("A resident disputed an operator's declaration about “%(title)s”; it waits for a decision.",
                 **values)
    elif kind == "operator_declaration.decided" and payload.get("outcome") == "upheld":
        text = _("The municipality decided that the operator's declaration about “%(title)s” stands.", **values)
        detail = " ".join(filter(None, (str(payload.get("reason") or ""), _status_detail(payload))))
    elif kind == "operator_declaration.decided":
        text = _("The municipality decided that the operator's declaration about “%(title)s” does not stand.",
                 **values)
        detail = " ".join(filter(None, (str(payload.get("reason") or ""), _status_detail(payload))))
    elif kind == "locality.connected":
        text = _("Dwellings in “%(title)s” were connected by a project.", **values)
    elif kind == "locality.status_changed":
        text = _("The connection in “%(title)s” has a new status.", **values)
        detail = _status_detail(payload)
    elif kind == "infrastructure.work_planned":
        text = _("Planned civil works where you work or follow: “%(title)s”. Ask to join the trench by %(date)s.",
                 date=payload.get("joining_deadline", ""), **values)
    elif kind == "infrastructure.join_requested":
        text = _("%(operator)s asks to join the trench of “%(title)s”.", operator=payload.get("operator", ""),
                 **values)
    elif kind == "infrastructure.join_answered" and payload.get("state") == "agreed":
        text = _("Your request to join “%(title)s” was agreed.", **values)
    elif kind == "infrastructure.join_answered":
        text = _("Your request to join “%(title)s” was refused.", **values)
    elif kind == "infrastructure.access_requested":
        text = _("%(operator)s asks for access to “%(title)s”.", operator=payload.get("operator", ""), **values)
    elif kind == "infrastructure.access_answered" and payload.get("state") == "agreed":
        text = _("Your request for access to “%(title)s” was agreed.", **values)
    elif kind == "infrastructure.access_answered":
        text = _("Your request for access to “%(title)s” was refused.", **values)
    elif kind == "advisor_question.asked":
        text = _("A question waits for an advisor: “%(title)s”.", **values)
    elif kind == "advisor_question.answered":
        text = _("%(actor)s answered your question “%(title)s”.", **values)
    elif kind == "advisor_question.waiting":
        text = _("The question “%(title)s” has waited %(days)s days for an answer.", days=payload.get("days", ""),
                 **values)
    elif kind == "advisor_opinion.published":
        text = _("%(actor)s published an expert opinion on “%(title)s”.", **values)
    elif kind == "advisor_request.created":
        text = _("A resident asks for an advisor's opinion on “%(title)s”.", **values)
    elif kind == "advisor_request.passed_on":
        text = _("Your request for an advisor's opinion on “%(title)s” was passed on to %(advisor)s.",
                 advisor=payload.get("advisor", ""), **values)
    elif kind == "advisor_request.declined":
        text = _("Your request for an advisor's opinion on “%(title)s” was declined.", **values)
        detail = _("Reason: %(reason)s", reason=payload.get("reason", "")) if payload.get("reason") else ""
    else:
        text = _("News about “%(title)s”.", **values)
    if item is None or not viewer_may_see:
        detail = ""  # a note or reason about an item the viewer may not see can quote it
    return text, detail


# --- bundles: one notification counting what happened to an item ------------

# The order in which a summary names the kinds, most telling first.
SUMMARY_ORDER = (
    "proposal.published", "comment.created", "comment.reply", "proposal.official_answer", "proposal.author_update",
    "proposal.status_changed", "proposal.merged", "advisor_opinion.published", "advisor_question.answered",
    "infrastructure.join_requested", "infrastructure.access_requested", "infrastructure.join_answered",
    "infrastructure.access_answered",
    "proposal.threshold_reached", "proposal.referred", "proposal.referral_answered",
    "operator_declaration.decided", "operator_declaration.made", "operator_declaration.disputed",
    "locality.connected", "locality.status_changed",
    "project.done", "project.status_changed", "project.milestone", "project.update",
    "consultation.opened", "consultation.results_published", "consultation.closing_soon",
)


def _kind_phrase(kind: str, count: int) -> str:
    if kind == "proposal.published":
        return ngettext("a new proposal", "%(num)s new proposals", count)
    if kind == "comment.created":
        return ngettext("%(num)s new comment", "%(num)s new comments", count)
    if kind == "comment.reply":
        return ngettext("%(num)s reply to your comment", "%(num)s replies to your comments", count)
    if kind == "proposal.official_answer":
        return ngettext("an official answer", "%(num)s official answers", count)
    if kind == "proposal.status_changed":
        return ngettext("a change of status", "%(num)s changes of status", count)
    if kind == "proposal.author_update":
        return ngettext("an update from the author", "%(num)s updates from the author", count)
    if kind == "advisor_opinion.published":
        return ngettext("an expert opinion", "%(num)s expert opinions", count)
    if kind == "advisor_question.answered":
        return ngettext("an advisor's answer", "%(num)s advisors' answers", count)
    if kind in ("infrastructure.join_requested", "infrastructure.access_requested"):
        return ngettext("an operator's request", "%(num)s operators' requests", count)
    if kind in ("infrastructure.join_answered", "infrastructure.access_answered"):
        return ngettext("an answer to a request", "%(num)s answers to requests", count)
    if kind in ("proposal.referred", "proposal.referral_answered"):
        return ngettext("a referral", "%(num)s referrals", count)
    if kind == "operator_declaration.made":
        return ngettext("an operator's answer", "%(num)s operators' answers", count)
    if kind == "operator_declaration.decided":
        return ngettext("a moderator's decision", "%(num)s moderators' decisions", count)
    if kind == "locality.status_changed":
        return ngettext("a new connection status", "%(num)s new connection statuses", count)
    if kind == "operator_declaration.disputed":
        return ngettext("a disputed declaration", "%(num)s disputed declarations", count)
    if kind in ("project.update", "project.milestone", "project.status_changed", "project.done"):
        return ngettext("a project update", "%(num)s project updates", count)
    return ngettext("%(num)s other news", "%(num)s other news", count)


def summary(tallies: dict[str, int]) -> str:
    """"12 new comments and an official answer": what a bundle counts, in words."""
    merged: dict[str, int] = {}
    for kind, count in tallies.items():
        if count <= 0:
            continue
        phrase_kind = kind
        if kind.startswith("project."):
            phrase_kind = "project.update"
        elif kind == "proposal.referral_answered":
            phrase_kind = "proposal.referred"
        elif kind == "infrastructure.access_requested":
            phrase_kind = "infrastructure.join_requested"
        elif kind == "infrastructure.access_answered":
            phrase_kind = "infrastructure.join_answered"
        elif kind not in SUMMARY_ORDER:
            phrase_kind = "other"
        merged[phrase_kind] = merged.get(phrase_kind, 0) + count
    order = {kind: index for index, kind in enumerate(SUMMARY_ORDER)}
    parts = [_kind_phrase(kind, count) for kind, count in
             sorted(merged.items(), key=lambda pair: order.get(pair[0], len(order)))]
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    return _("%(first)s and %(last)s", first=", ".join(parts[:-1]), last=parts[-1])


def bundle_sentence(title: str, tallies: dict[str, int]) -> str:
    """The headline of a notification that counts several events about one item."""
    return _("“%(title)s”: %(summary)s.", title=title, summary=summary(tallies))
