"""What statuses, categories and sorts are called on the page, in the user's language."""

from flask_babel import lazy_gettext as _l

from participation.proposals.models import Category, ProposalStatus

CATEGORY_LABELS = {
    Category.TRANSPORT: _l("Transport and roads"),
    Category.BROADBAND: _l("Broadband and ICT"),
    Category.ENERGY: _l("Energy"),
    Category.WATER: _l("Water and sewage"),
    Category.WASTE: _l("Waste and circular economy"),
    Category.SOCIAL: _l("Social services and health"),
    Category.EDUCATION: _l("Education"),
    Category.CULTURE: _l("Culture and tourism"),
    Category.ENVIRONMENT: _l("Environment"),
    Category.ADMINISTRATION: _l("Public administration"),
    Category.OTHER: _l("Other"),
}

STATUS_LABELS = {
    ProposalStatus.DRAFT: _l("Draft"),
    ProposalStatus.PUBLISHED: _l("Published"),
    ProposalStatus.UNDER_REVIEW: _l("Under review"),
    ProposalStatus.IN_COOPERATION: _l("In cooperation"),
    ProposalStatus.IN_PROGRESS: _l("In progress"),
    ProposalStatus.SOLVED: _l("Solved"),
    ProposalStatus.NOT_TAKEN_UP: _l("Not taken up"),
    ProposalStatus.MERGED: _l("Merged"),
    ProposalStatus.WITHDRAWN: _l("Withdrawn"),
}

SORT_LABELS = {
    "newest": _l("Newest"),
    "supported": _l("Most supported"),
    "municipalities": _l("Supported in the most municipalities"),
    "active": _l("Recently active"),
}


def category_label(value) -> str:
    try:
        return str(CATEGORY_LABELS[Category(value)])
    except ValueError:
        return str(value)


def status_label(value) -> str:
    try:
        return str(STATUS_LABELS[ProposalStatus(value)])
    except ValueError:
        return str(value)
