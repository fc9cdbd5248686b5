"""The filters each list accepts: the same names and values as the HTML pages' filters.

Read by the views (to check a request) and by the OpenAPI document (to describe it).
"""

from participation.agreements.models import AgreementKind, AgreementStatus
from participation.api.params import Filter
from participation.consultations.queries import STATES
from participation.localities.models import ConnectionStatus
from participation.permissions.api import HIDDEN_PROPOSAL_STATUSES
from participation.projects.models import ProjectKind, ProjectStatus
from participation.proposals.models import Category, ProposalStatus
from participation.proposals.queries import SORTS


def _values(enum_class, leave_out=()) -> tuple[str, ...]:
    return tuple(member.value for member in enum_class if member not in leave_out)


Q = Filter("q", "text", description="Text the title (or name, or text) contains; any case, any diacritics.")
MUNICIPALITY = Filter("municipality", description="A municipality's id: items concerning it.")
GROUPING = Filter("grouping", description="A grouping's id: items of it or of its current member municipalities.")

FILTERS: dict[str, tuple[Filter, ...]] = {
    "municipalities": (Filter("q", "text", max_length=120,
                              description="Part of the name (any case, any diacritics) or the start of the code."),),
    "groupings": (Filter("q", "text", description="Part of the name."),),
    "proposals": (
        Q, MUNICIPALITY, GROUPING,
        Filter("category", "choice", _values(Category)),
        Filter("status", "choice", _values(ProposalStatus, HIDDEN_PROPOSAL_STATUSES)),
        Filter("threshold", "choice", ("reached", "not_reached"),
               description="Whether the grouping's cross-municipal threshold was reached."),
        Filter("sort", "choice", SORTS, description="Order: newest (default), supported, municipalities, active."),
    ),
    "agreements": (
        Q, MUNICIPALITY, GROUPING,
        Filter("kind", "choice", _values(AgreementKind)),
        Filter("status", "choice", _values(AgreementStatus, {AgreementStatus.DRAFT})),
    ),
    "projects": (
        Q, MUNICIPALITY, GROUPING,
        Filter("kind", "choice", _values(ProjectKind)),
        Filter("status", "choice", _values(ProjectStatus)),
    ),
    "good_practice": (Q, MUNICIPALITY, GROUPING, Filter("category", "choice", _values(Category))),
    "consultations": (
        Filter("state", "choice", STATES, description="open, upcoming, closed or all (default)."),
        MUNICIPALITY,
        Filter("grouping", description="The id of the grouping that runs the consultation."),
    ),
    "localities": (
        MUNICIPALITY,
        Filter("grouping", description="A grouping's id: localities of its current member municipalities."),
        Filter("region", "region", description="A region's code, such as CZ-53."),
        Filter("status", "choice", _values(ConnectionStatus),
               description="Connection status; unknown while a locality has too few reports."),
    ),
}
