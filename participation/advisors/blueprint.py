"""The advisors' blueprint, its loaders and the template globals other domains' pages use.

Views live in `views` (the directory and its administration), `question_views` (questions, queues and
residents' requests), `guide_views` (guides) and `work_views` (the work log and the yearly report); `views`
imports the other three to register them.
"""

from flask import Blueprint
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from participation import permissions
from participation.advisors import queries
from participation.advisors.forms import FIELD_LABELS, WORK_KIND_LABELS
from participation.advisors.models import AdvisorField
from participation.chain.views import write_rate_limit
from participation.common.form_pages import load_or_404

bp = Blueprint("advisors", __name__, url_prefix="/poradci")
write_limit = write_rate_limit()
rules = permissions.advisors
PER_PAGE = 50
NAV_LABEL = _l("Advisors")
ITEM_ENDPOINTS = {"proposal": ("proposals.detail", "proposal_id"), "agreement": ("agreements.detail", "agreement_id"),
                  "project": ("projects.detail", "project_id"), "locality": ("localities.detail", "locality_id"),
                  "good_practice": ("good_practice.detail", "practice_id")}


@bp.record_once
def _register_template_globals(state) -> None:
    state.app.jinja_env.globals.update(
        advisor_field_labels=FIELD_LABELS, advisor_work_kind_labels=WORK_KIND_LABELS,
        advisor_opinions=_opinions_section, advisor_queue_summary=_queue_summary, advisors_nav_label=NAV_LABEL)


def _opinions_section(kind: str, item) -> dict:
    """What an item's page shows of advisors: opinions (internal ones to who may read them), what one may do."""
    opinions = [q for q in queries.opinions_of(kind, item.id)
                if not q.internal or rules.can_read_internal(current_user, q)]
    guides = {"good_practice": queries.guides_for_practice,
              "project": queries.guides_for_project}.get(kind, lambda _item: [])(item)
    return {"opinions": opinions, "guides": guides,
            "may_ask": rules.can_ask(current_user),
            "may_request": kind == "proposal" and rules.can_request_opinion(current_user, item)}


def _queue_summary() -> dict:
    """What My Spolu shows an advisor or coordinator: their open questions, the oldest first."""
    if not current_user.is_authenticated:
        return {}
    advisor = rules.advisor_of(current_user)
    return {"advisor": advisor, "waiting": queries.queue(advisor, limit=5) if advisor else [],
            "coordinator": rules.is_coordinator(current_user)}


def advisor_or_404(advisor_id: int):
    return load_or_404(queries.load_advisor(advisor_id))


def question_or_404(question_id: int):
    return load_or_404(queries.load_question(question_id), rules.can_view_question)


def field_or_none(raw: str | None):
    try:
        return AdvisorField(raw) if raw else None
    except ValueError:
        return None


def advisor_choices(advisors) -> list[tuple[str, str]]:
    return [(str(a.id), f"{a.name} – {FIELD_LABELS[a.field]}" + (f" ({a.organisation})" if a.organisation else ""))
            for a in advisors]
