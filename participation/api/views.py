"""The read-only JSON API under /api/v1/: every list and item a visitor may see, nothing more.

Each view reads the request strictly (params), asks the domain's own queries
for the rows, keeps what permissions.api lets out, and shapes it (items,
figures) as openapi.py describes. Nothing here touches the session or the
signed-in user: everyone gets the same answer, so it may be cached publicly.
"""

from flask import Blueprint, current_app, request
from flask_limiter.util import get_remote_address
from werkzeug.exceptions import HTTPException

from participation.advisors.queries import opinions_of
from participation.agreements import queries as agreement_queries
from participation.api import figures, items
from participation.api.datasets import DATASETS
from participation.api.errors import ApiError, not_found
from participation.api.http import error_response, finish, json_response
from participation.api.listing import envelope, page_rows
from participation.api.lists import FILTERS
from participation.api.openapi import document
from participation.api.params import parse_id, read_list_query
from participation.common.models import utcnow
from participation.consultations import queries as consultation_queries
from participation.consultations.results import compute_results
from participation.extensions import csrf, db, limiter
from participation.good_practice import queries as good_practice_queries
from participation.localities import queries as locality_queries
from participation.permissions import api as rules
from participation.projects import queries as project_queries
from participation.proposals import page_queries
from participation.proposals import queries as proposal_queries
from participation.proposals.attachments import media_of
from participation.proposals.updates import updates_of
from participation.territory import services as territory

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
# One budget per address for the whole API, whichever list or item it reads.
limiter.shared_limit(lambda: current_app.config["API_RATELIMIT"], scope="api", key_func=get_remote_address)(bp)
bp.after_request(finish)

UPDATES_SHOWN = 20


@bp.errorhandler(ApiError)
def _api_error(error: ApiError):
    return error_response(error)


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException):
    codes = {404: "not_found", 405: "method_not_allowed", 429: "too_many_requests"}
    code = codes.get(error.code, "bad_request" if (error.code or 500) < 500 else "server_error")
    response = error_response(ApiError(error.code or 500, code, error.description or error.name))
    if error.code == 429:
        retry = getattr(error, "retry_after", None)
        if retry:
            response.headers["Retry-After"] = str(retry)
    return response


@bp.errorhandler(Exception)
def _unexpected(error: Exception):
    current_app.logger.exception("API error on %s", request.path)
    db.session.rollback()
    return error_response(ApiError(500, "server_error", "Something went wrong on our side."))


def _list_query(name: str):
    return read_list_query(request.args, request.endpoint, FILTERS[name])


def _no_parameters() -> None:
    """An item's address takes no parameters; any is a mistake worth telling."""
    for name in request.args:
        raise ApiError(400, "unknown_parameter", f"Unknown parameter '{name[:50]}': an item takes none.", name[:50])


def _listed(name: str):
    """The page of the dataset's rows for the request, shaped as its items."""
    dataset = DATASETS[name]
    query = _list_query(name)
    rows, more = page_rows(dataset.statement(query.values), query)
    body = envelope(query, dataset.shape(rows), more)
    response = json_response(body)
    if body["links"]["next"]:
        response.headers["Link"] = f'<{body["links"]["next"]}>; rel="next"'
    return response


# ----- the index and the document -----

@bp.get("/")
def index():
    """Where each list is, and the OpenAPI document."""
    _no_parameters()
    lists = ("municipalities", "groupings", "proposals", "agreements", "projects", "good_practice",
             "consultations", "localities")
    return json_response({"openapi": items.api_url("openapi"),
                          "lists": {name: items.api_url(name) for name in lists}})


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 document describing every address and response."""
    _no_parameters()
    return json_response(document())


@bp.route("/<path:rest>", methods=["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"])
def unknown(rest: str):
    """Anything else under /api/v1/: a JSON 404, or 405 for writing to a list or an item."""
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        adapter = current_app.url_map.bind("")
        try:
            endpoint, _ = adapter.match(request.path, method="GET")
        except HTTPException:
            endpoint = "api.unknown"
        if endpoint != "api.unknown":
            response = error_response(ApiError(405, "method_not_allowed", "The API is read-only."))
            response.headers["Allow"] = "GET, HEAD, OPTIONS"
            return response
    raise ApiError(404, "not_found", "There is nothing at this address. See /api/v1/openapi.json.")


# ----- territory -----

@bp.get("/municipalities")
def municipalities():
    """Municipalities by name, searchable by name or code."""
    return _listed("municipalities")


@bp.get("/municipalities/<code>")
def municipality(code: str):
    """A municipality by its six-digit code, with its current groupings."""
    _no_parameters()
    if not territory.CODE_PATTERN.match(code):
        raise ApiError(400, "invalid_id", "A municipality's code has six digits.", "code")
    found = territory.municipality_by_code(code)
    if found is None:
        raise not_found("municipality")
    return json_response(items.municipality(found, territory.current_groupings_of(found)))


@bp.get("/groupings")
def groupings():
    """Groupings (DSO, MAS, ITI, micro-regions) by name, with their member counts."""
    return _listed("groupings")


@bp.get("/groupings/<grouping_id>")
def grouping(grouping_id: str):
    """A grouping with its current member municipalities."""
    _no_parameters()
    found = territory.grouping_with_region(parse_id(grouping_id, "grouping_id"))
    if found is None:
        raise not_found("grouping")
    members = territory.current_members(found)
    return json_response(items.grouping(found, len(members), members))


# ----- proposals -----

@bp.get("/proposals")
def proposals():
    """Public proposals with their supporters per municipality; the list page's filters and sorts."""
    return _listed("proposals")


@bp.get("/proposals/<proposal_id>")
def proposal(proposal_id: str):
    """A proposal: supporters per municipality, status history, official answers and what answers it."""
    _no_parameters()
    found = page_queries.load_proposal(parse_id(proposal_id, "proposal_id"))
    if not rules.shows_proposal(found):
        raise not_found("proposal")
    counts, names = proposal_queries.supporters_by_municipality([found.id])
    linked = page_queries.linked_kinds(found.id)  # the kinds with rows (kept): an empty one asks nothing
    agreements = agreement_queries.links_of_proposal(found.id) if "agreement" in linked else []
    projects = project_queries.links_of_proposal(found.id) if "project" in linked else []
    practices = good_practice_queries.published_of_proposal(found.id) if "good_practice" in linked else []
    links = {
        "agreements": [items.item_ref("agreement", link.agreement) for link in agreements],
        "projects": [items.item_ref("project", link.project) for link in projects],
        "good_practice": [items.item_ref("good_practice", practice) for practice in practices],
    }
    links |= items.proposal_media(found.id, media_of(found.id))
    links |= {"updates": items.proposal_updates(updates_of(found.id)),
              "expert_opinions": items.expert_opinions(opinions_of("proposal", found.id))}
    return json_response(items.proposal_detail(
        found, counts.get(found.id, {}), names, page_queries.status_history(found),
        page_queries.official_answers(found), links))


# ----- agreements, projects, good practice -----

@bp.get("/agreements")
def agreements():
    """Agreements that are not drafts, newest first."""
    return _listed("agreements")


@bp.get("/agreements/<agreement_id>")
def agreement(agreement_id: str):
    """An agreement: parties, dates, documents, tied proposals and its projects."""
    _no_parameters()
    found = agreement_queries.load_agreement(parse_id(agreement_id, "agreement_id"))
    if not rules.shows_agreement(found):
        raise not_found("agreement")
    return json_response(items.agreement_detail(found, project_queries.of_agreement(found.id)))


@bp.get("/projects")
def projects():
    """Infrastructure projects, most recently changed first."""
    return _listed("projects")


@bp.get("/projects/<project_id>")
def project(project_id: str):
    """A project: milestones, funding, its agreement, linked proposals and the latest updates."""
    _no_parameters()
    found = project_queries.load_project(parse_id(project_id, "project_id"))
    if found is None:
        raise not_found("project")
    updates = db.session.scalars(project_queries.updates_statement(found.id).limit(UPDATES_SHOWN)).all()
    return json_response(items.project_detail(found, updates))


@bp.get("/good-practice")
def good_practice():
    """Published good practice, newest first."""
    return _listed("good_practice")


@bp.get("/good-practice/<practice_id>")
def good_practice_item(practice_id: str):
    """A published write-up with the chain it came from."""
    _no_parameters()
    found = good_practice_queries.load(parse_id(practice_id, "practice_id"))
    if not rules.shows_good_practice(found):
        raise not_found("good practice")
    return json_response(items.good_practice_detail(found))


# ----- consultations -----

@bp.get("/consultations")
def consultations():
    """Published consultations by phase, grouping and municipality."""
    return _listed("consultations")


@bp.get("/consultations/<consultation_id>")
def consultation(consultation_id: str):
    """A published consultation with its questions and, once a visitor may read them, aggregate results."""
    _no_parameters()
    found = consultation_queries.load(parse_id(consultation_id, "consultation_id"))
    if not rules.shows_consultation(found):
        raise not_found("consultation")
    now = utcnow()
    computed = compute_results(found, text_limit=0) if rules.shows_results(found, now) else None
    responses = consultation_queries.response_counts([found.id]).get(found.id, 0)
    return json_response(figures.consultation_detail(found, responses, now, computed,
                                                     current_app.config["API_MIN_RESPONDENTS"]))


# ----- localities -----

@bp.get("/localities")
def localities():
    """Localities with their connection status, worst first; figures only with enough reports."""
    return _listed("localities")


@bp.get("/localities/<locality_id>")
def locality(locality_id: str):
    """A locality and its connection status."""
    _no_parameters()
    found = locality_queries.load_locality(parse_id(locality_id, "locality_id"))
    if found is None:
        raise not_found("locality")
    return json_response(figures.locality(found, current_app.config["CONNECTIVITY_MIN_REPORTS"]))
