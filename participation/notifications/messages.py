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


# --- one notification: each kind's wording -----------------------------------
#
# A wording takes (values, payload, survivor): `values` names the item's title and the actor, `survivor` is the
# proposal a merge kept (only when the reader may see it). It gives (headline, detail).


def _payload_value(payload: dict, source) -> str:
    """A placeholder's value: a payload key's value ("" when missing), or what a function makes of the payload."""
    return source(payload) if callable(source) else payload.get(source, "")


def _says(text, detail=(), **named):
    """A wording from a format spec: `text` names the title, the actor and `named` values (placeholder -> payload
    key or function of the payload); the detail is the first of the `detail` payload keys that has a value."""
    detail_keys = (detail,) if isinstance(detail, str) else detail

    def wording(values: dict, payload: dict, survivor) -> tuple[str, str]:
        extra = {name: _payload_value(payload, source) for name, source in named.items()}
        found = next((payload.get(key) for key in detail_keys if payload.get(key)), "")
        return str(text) % {**values, **extra}, str(found or "")

    return wording


def _when(test, then, otherwise):
    """One of two wordings, as `test(payload)` says."""
    return lambda values, payload, survivor: (then if test(payload) else otherwise)(values, payload, survivor)


def _status(payload: dict) -> str:
    return status_label(payload.get("to_status"))


def _reason(reason) -> str:
    return _("Reason: %(reason)s", reason=reason) if reason else ""


def _merged(values: dict, payload: dict, survivor) -> tuple[str, str]:
    if survivor is not None:
        return (_("“%(title)s” was merged into “%(survivor)s”.", survivor=survivor.title, **values),
                str(payload.get("reason") or ""))
    if payload.get("survivor_id"):
        # The survivor is hidden from this reader (or gone): neither its title nor the reason, which may quote it.
        return _("“%(title)s” was merged into an item that is no longer shown.", **values), ""
    return _("“%(title)s” was merged into another proposal.", **values), ""


def _hidden_automatically(values: dict, payload: dict, survivor) -> tuple[str, str]:
    return (_("Your contribution on “%(title)s” was hidden automatically until a moderator decides.", **values),
            _("It was reported several times and stays hidden until a moderator looks at it."))


def _hidden(values: dict, payload: dict, survivor) -> tuple[str, str]:
    return (_("A moderator hid your contribution on “%(title)s”.", **values),
            _reason(payload.get("reason") or payload.get("hidden_reason") or ""))


def _blocked(values: dict, payload: dict, survivor) -> tuple[str, str]:
    until = _parse_time(payload.get("ends_at"))
    if until is not None:
        text = _("A moderator blocked you from posting until %(date)s.", date=moment(until))
    else:
        text = _("A moderator blocked you from posting for a while.")
    return text, _reason(payload.get("reason") or "")


def _declaration_made(values: dict, payload: dict, survivor) -> tuple[str, str]:
    return (_("%(operator)s answered about the connection in “%(title)s”.",
              operator=payload.get("operator") or _("An operator"), **values), _status_detail(payload))


def _decided(text):
    """The moderator's decision on a disputed declaration: the reason, then the connection status it gave."""
    def wording(values: dict, payload: dict, survivor) -> tuple[str, str]:
        return str(text) % values, " ".join(filter(None, (str(payload.get("reason") or ""), _status_detail(payload))))

    return wording


def _locality_status(values: dict, payload: dict, survivor) -> tuple[str, str]:
    return _("The connection in “%(title)s” has a new status.", **values), _status_detail(payload)


def _request_declined(values: dict, payload: dict, survivor) -> tuple[str, str]:
    return (_("Your request for an advisor's opinion on “%(title)s” was declined.", **values),
            _reason(payload.get("reason", "")))


def _agreed(payload: dict) -> bool:
    return payload.get("state") == "agreed"


WORDINGS = {
    "proposal.published": _says(_l("New proposal where you follow: “%(title)s”.")),
    "proposal.status_changed": _says(_l("“%(title)s” is now %(status)s."), "reason", status=_status),
    "proposal.official_answer": _says(_l("%(actor)s gave an official answer on “%(title)s”.")),
    "proposal.author_update": _says(_l("%(actor)s posted an update on “%(title)s”."), "excerpt"),
    "proposal.merged": _merged,
    "proposal.threshold_reached": _says(_l("“%(title)s” reached the cross-municipal support threshold.")),
    "proposal.referred": _says(_l("“%(title)s” was passed on to %(addressee)s."), "reason",
                               addressee="addressee"),
    "proposal.referral_answered": _says(_l("%(addressee)s answered on “%(title)s”."), "response",
                                        addressee="addressee"),
    "proposal.tied_to_agreement": _says(_l("“%(title)s” was tied to the agreement “%(agreement)s”."), "note",
                                        agreement="agreement_title"),
    "proposal.untied": _says(_l("“%(title)s” is no longer tied to the agreement “%(agreement)s”."), "reason",
                             agreement="agreement_title"),
    "proposal.tied_to_project": _says(_l("“%(title)s” is now part of the project “%(project)s”."), "note",
                                      project="project_title"),
    "proposal.unlinked_from_project": _says(_l("“%(title)s” is no longer part of the project “%(project)s”."),
                                            "reason", project="project_title"),
    "proposal.solve_requested": _says(
        _l("The project behind “%(title)s” is done: please consider marking the proposal solved.")),
    "comment.created": _says(_l("%(actor)s commented on “%(title)s”.")),
    "comment.reply": _says(_l("%(actor)s replied to your comment on “%(title)s”.")),
    "item.hidden": _when(lambda payload: payload.get("automatic"), _hidden_automatically, _hidden),
    "user.blocked": _blocked,
    "report.created": _says(_l("New report in your moderation queue: “%(title)s”.")),
    "agreement.status_changed": _says(_l("The agreement “%(title)s” is now %(status)s."), status=_status),
    "project.update": _says(_l("New update on the project “%(title)s”."), ("update_title", "summary")),
    "project.milestone": _says(_l("The project “%(title)s” reached a milestone."), ("title", "milestone_title")),
    "project.status_changed": _says(_l("The project “%(title)s” is now %(status)s."), status=_status),
    "project.done": _says(_l("The project “%(title)s” is done.")),
    "good_practice.published": _says(
        _l("A proposal you follow is solved and written up as good practice: “%(title)s”.")),
    "consultation.opened": _says(_l("A consultation opened in your municipality: “%(title)s”.")),
    "inbox.reminder": _says(_l("“%(title)s” has waited %(days)s days in your inbox."), days="days_waiting"),
    "consultation.closing_soon": _says(
        _l("The consultation “%(title)s” closes within 48 hours and you have not answered yet.")),
    "consultation.results_published": _says(_l("The results of the consultation “%(title)s” are published.")),
    "operator_declaration.made": _declaration_made,
    "operator_declaration.disputed": _says(
        _l("A resident disputed an operator's declaration about “%(title)s”; it waits for a decision.")),
    "operator_declaration.decided": _when(
        lambda payload: payload.get("outcome") == "upheld",
        _decided(_l("The municipality decided that the operator's declaration about “%(title)s” stands.")),
        _decided(_l("The municipality decided that the operator's declaration about “%(title)s” does not stand."))),
    "report_answer.made": _when(
        lambda payload: payload.get("answer") == "confirm",
        _says(_l("%(operator)s confirmed your connection report from “%(title)s”."), operator="operator"),
        _says(_l("%(operator)s disputed your connection report from “%(title)s”; the municipality decides."),
              operator="operator")),
    "report_answer.decided": _when(
        lambda payload: payload.get("outcome") == "upheld",
        _says(_l("The municipality upheld the operator's dispute of your report from “%(title)s”: it no longer "
                 "counts."), "reason"),
        _says(_l("The municipality rejected the operator's dispute of your report from “%(title)s”: it counts."),
              "reason")),
    "locality.connected": _says(_l("Dwellings in “%(title)s” were connected by a project.")),
    "locality.status_changed": _locality_status,
    "infrastructure.work_planned": _says(
        _l("Planned civil works where you work or follow: “%(title)s”. Ask to join the trench by %(date)s."),
        date="joining_deadline"),
    "infrastructure.join_requested": _says(_l("%(operator)s asks to join the trench of “%(title)s”."),
                                           operator="operator"),
    "infrastructure.join_answered": _when(_agreed, _says(_l("Your request to join “%(title)s” was agreed.")),
                                          _says(_l("Your request to join “%(title)s” was refused."))),
    "infrastructure.access_requested": _says(_l("%(operator)s asks for access to “%(title)s”."),
                                             operator="operator"),
    "infrastructure.access_answered": _when(
        _agreed, _says(_l("Your request for access to “%(title)s” was agreed.")),
        _says(_l("Your request for access to “%(title)s” was refused."))),
    "advisor_question.asked": _says(_l("A question waits for an advisor: “%(title)s”.")),
    "advisor_question.answered": _says(_l("%(actor)s answered your question “%(title)s”.")),
    "advisor_question.waiting": _says(_l("The question “%(title)s” has waited %(days)s days for an answer."),
                                      days="days"),
    "advisor_opinion.published": _says(_l("%(actor)s published an expert opinion on “%(title)s”.")),
    "advisor_request.created": _says(_l("A resident asks for an advisor's opinion on “%(title)s”.")),
    "advisor_request.passed_on": _says(
        _l("Your request for an advisor's opinion on “%(title)s” was passed on to %(advisor)s."), advisor="advisor"),
    "advisor_request.declined": _request_declined,
}
WORDINGS["proposal.linked_to_project"] = WORDINGS["proposal.tied_to_project"]
OTHER_NEWS = _says(_l("News about “%(title)s”."))


def sentence(event, item: Item | None, actor_name: str | None, viewer_may_see: bool,
             survivor: Item | None = None) -> tuple[str, str]:
    """(headline, detail) for an event as seen by one person.

    `survivor` is the proposal a merge kept, only when this person may see it
    (items.survivor_for); without it the merge names no proposal.
    """
    if item is not None and viewer_may_see:
        title = item.title
    else:
        title = _("an item that is no longer shown")
    values = {"title": title, "actor": actor_name or _("Someone")}
    text, detail = WORDINGS.get(event.kind, OTHER_NEWS)(values, event.payload or {}, survivor)
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
    "report_answer.decided", "report_answer.made", "locality.connected", "locality.status_changed",
    "project.done", "project.status_changed", "project.milestone", "project.update",
    "consultation.opened", "consultation.results_published", "consultation.closing_soon",
)


# How a summary counts each kind; kinds that share a phrase are counted together (SAME_PHRASE).
PHRASES = {
    "proposal.published": lambda n: ngettext("a new proposal", "%(num)s new proposals", n),
    "comment.created": lambda n: ngettext("%(num)s new comment", "%(num)s new comments", n),
    "comment.reply": lambda n: ngettext("%(num)s reply to your comment", "%(num)s replies to your comments", n),
    "proposal.official_answer": lambda n: ngettext("an official answer", "%(num)s official answers", n),
    "proposal.status_changed": lambda n: ngettext("a change of status", "%(num)s changes of status", n),
    "proposal.author_update": lambda n: ngettext("an update from the author", "%(num)s updates from the author", n),
    "advisor_opinion.published": lambda n: ngettext("an expert opinion", "%(num)s expert opinions", n),
    "advisor_question.answered": lambda n: ngettext("an advisor's answer", "%(num)s advisors' answers", n),
    "infrastructure.join_requested": lambda n: ngettext("an operator's request", "%(num)s operators' requests", n),
    "infrastructure.join_answered": lambda n: ngettext("an answer to a request", "%(num)s answers to requests", n),
    "proposal.referred": lambda n: ngettext("a referral", "%(num)s referrals", n),
    "operator_declaration.made": lambda n: ngettext("an operator's answer", "%(num)s operators' answers", n),
    "operator_declaration.decided": lambda n: ngettext("a moderator's decision", "%(num)s moderators' decisions", n),
    "locality.status_changed": lambda n: ngettext("a new connection status", "%(num)s new connection statuses", n),
    "operator_declaration.disputed": lambda n: ngettext("a disputed declaration", "%(num)s disputed declarations", n),
    "project.update": lambda n: ngettext("a project update", "%(num)s project updates", n),
}
SAME_PHRASE = {
    "report_answer.made": "operator_declaration.made",
    "report_answer.decided": "operator_declaration.decided",
    "proposal.referral_answered": "proposal.referred",
    "infrastructure.access_requested": "infrastructure.join_requested",
    "infrastructure.access_answered": "infrastructure.join_answered",
}


def _other_news(count: int) -> str:
    return ngettext("%(num)s other news", "%(num)s other news", count)


def _phrase_kind(kind: str) -> str:
    """The kind whose phrase counts `kind`: every project kind is a project update, an unknown kind other news."""
    if kind.startswith("project."):
        return "project.update"
    kind = SAME_PHRASE.get(kind, kind)
    return kind if kind in SUMMARY_ORDER else "other"


def summary(tallies: dict[str, int]) -> str:
    """"12 new comments and an official answer": what a bundle counts, in words."""
    merged: dict[str, int] = {}
    for kind, count in tallies.items():
        if count > 0:
            merged[_phrase_kind(kind)] = merged.get(_phrase_kind(kind), 0) + count
    order = {kind: index for index, kind in enumerate(SUMMARY_ORDER)}
    parts = [PHRASES.get(kind, _other_news)(count) for kind, count in
             sorted(merged.items(), key=lambda pair: order.get(pair[0], len(order)))]
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    return _("%(first)s and %(last)s", first=", ".join(parts[:-1]), last=parts[-1])


def bundle_sentence(title: str, tallies: dict[str, int]) -> str:
    """The headline of a notification that counts several events about one item."""
    return _("“%(title)s”: %(summary)s.", title=title, summary=summary(tallies))
