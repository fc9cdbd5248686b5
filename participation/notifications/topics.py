"""Topics: the kinds of notification a user chooses email delivery for.

Each event kind belongs to one topic. Preferences, digests and unsubscribe
links work per topic: a person decides about "replies to my comments", not
about nineteen internal event names. In-app notifications are always kept;
a preference only decides the email.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

IMMEDIATELY = "immediately"
DAILY = "daily"
WEEKLY = "weekly"
NEVER = "never"
MODES = (IMMEDIATELY, DAILY, WEEKLY, NEVER)
DIGEST_MODES = (DAILY, WEEKLY)

MODE_LABELS = {
    IMMEDIATELY: _l("Immediately"),
    DAILY: _l("Daily digest"),
    WEEKLY: _l("Weekly digest"),
    NEVER: _l("Never"),
}


@dataclass(frozen=True)
class Topic:
    name: str
    label: object
    hint: object
    default: str
    kinds: tuple[str, ...]


TOPICS: tuple[Topic, ...] = (
    Topic("replies", _l("Replies to my comments"), _l("Someone answered a comment you wrote."),
          IMMEDIATELY, ("comment.reply",)),
    Topic("moderation", _l("My contributions hidden by a moderator"),
          _l("A moderator hid your proposal or comment, with the reason."),
          IMMEDIATELY, ("item.hidden", "user.blocked")),
    Topic("proposals", _l("Proposals I follow or wrote"),
          _l("New status, official answer, merge, support threshold reached, passed on to the region "
             "or the state and its answer."),
          DAILY, ("proposal.status_changed", "proposal.official_answer", "proposal.merged",
                  "proposal.threshold_reached", "proposal.referred", "proposal.referral_answered",
                  "proposal.author_update")),
    Topic("comments", _l("New comments on what I follow"), _l("Discussion on items you follow."),
          DAILY, ("comment.created",)),
    Topic("new_proposals", _l("New proposals where I follow"),
          _l("Proposals published in municipalities and groupings you follow."),
          WEEKLY, ("proposal.published",)),
    Topic("chain", _l("Agreements and projects"),
          _l("A proposal tied to an agreement or project; project updates, milestones, completion."),
          DAILY, ("proposal.tied_to_agreement", "proposal.untied", "proposal.tied_to_project",
                  "proposal.linked_to_project", "proposal.unlinked_from_project", "agreement.status_changed",
                  "project.update", "project.milestone", "project.status_changed", "project.done",
                  "good_practice.published")),
    Topic("consultations", _l("Consultations in my municipality"),
          _l("A consultation opens, closes in 48 hours while you have not answered, publishes results."),
          IMMEDIATELY, ("consultation.opened", "consultation.closing_soon",
                        "consultation.results_published")),
    Topic("places", _l("Connection in localities I follow"),
          _l("A new connection status, an operator's answer, the municipality's decision on a dispute, "
             "dwellings connected, in localities you follow or reported from."),
          DAILY, ("operator_declaration.made", "operator_declaration.decided", "locality.connected",
                 "locality.status_changed", "report_answer.made", "report_answer.decided")),
    Topic("infrastructure", _l("Shared infrastructure and planned works"),
          _l("Planned civil works you may join, operators' requests to answer, answers to your requests."),
          IMMEDIATELY, ("infrastructure.work_planned", "infrastructure.join_requested",
                        "infrastructure.join_answered", "infrastructure.access_requested",
                        "infrastructure.access_answered")),
    Topic("advisors", _l("Advisors"),
          _l("A question for you as an advisor or coordinator, its answer, an expert opinion on what you follow, "
             "your request for an opinion passed on or declined."),
          IMMEDIATELY, ("advisor_question.asked", "advisor_question.answered", "advisor_question.waiting",
                        "advisor_opinion.published", "advisor_request.passed_on", "advisor_request.declined")),
    Topic("staff", _l("Work for moderators"),
          _l("Reports in your queue, proposals in your scope reaching the threshold, projects done, disputed "
             "operators' declarations, residents' requests for an advisor's opinion, items waiting too long."),
          DAILY, ("report.created", "proposal.solve_requested", "operator_declaration.disputed",
                  "advisor_request.created", "inbox.reminder")),
)

TOPIC_BY_NAME = {topic.name: topic for topic in TOPICS}
TOPIC_OF_KIND = {kind: topic.name for topic in TOPICS for kind in topic.kinds}


def topic_of(kind: str) -> str | None:
    return TOPIC_OF_KIND.get(kind)
