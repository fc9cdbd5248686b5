"""Words for report reasons and moderation actions, in the user's language."""

from flask_babel import lazy_gettext as _l

from participation.moderation.models import ReportReason

REASON_LABELS = {
    ReportReason.SPAM.value: _l("Spam or advertising"),
    ReportReason.OFFENSIVE.value: _l("Offensive or hateful"),
    ReportReason.OFF_TOPIC.value: _l("Off topic"),
    ReportReason.PERSONAL_DATA.value: _l("Personal data of others"),
    ReportReason.OTHER.value: _l("Other"),
}

ACTION_LABELS = {
    "comment.hide": _l("Comment hidden"),
    "proposal.hide": _l("Proposal hidden"),
    "comment.auto_hide": _l("Comment hidden automatically after reports"),
    "proposal.auto_hide": _l("Proposal hidden automatically after reports"),
    "comment.unhide": _l("Comment shown again"),
    "proposal.unhide": _l("Proposal shown again"),
    "comment.dismiss_reports": _l("Reports on a comment dismissed"),
    "proposal.dismiss_reports": _l("Reports on a proposal dismissed"),
    "user.block": _l("User blocked from posting"),
    "user.unblock": _l("Posting block lifted"),
}


def reason_label(code) -> str:
    return REASON_LABELS.get(str(code or ""), REASON_LABELS[ReportReason.OTHER.value])


def reason_choices():
    return [(value, label) for value, label in REASON_LABELS.items()]
