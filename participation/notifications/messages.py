"""The sentence that tells a person what happened, in the current language."""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

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


def _parse_time(value) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


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
            text = _("A moderator blocked you from posting until %(date)s.", date=format_datetime(until, "short"))
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
    else:
        text = _("News about “%(title)s”.", **values)
    if item is None or not viewer_may_see:
        detail = ""  # a note or reason about an item the viewer may not see can quote it
    return text, detail
