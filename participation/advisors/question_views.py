"""Questions to advisors (asking, answering, assigning), the advisors' and coordinators' queues, and residents'
requests for an advisor's opinion on a proposal."""

from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from participation.advisors import queries, questions
from participation.advisors.blueprint import (
    ITEM_ENDPOINTS,
    advisor_choices,
    advisor_or_404,
    bp,
    field_or_none,
    question_or_404,
    rules,
    write_limit,
)
from participation.advisors.forms import (
    AnswerForm,
    AssignForm,
    DecisionForm,
    OpinionRequestForm,
    QuestionForm,
)
from participation.advisors.models import ITEM_KINDS
from participation.chain.scoping import municipality_choices
from participation.chain.views import proposal_or_404
from participation.common.access import require
from participation.common.form_pages import done, form_page, load_or_404
from participation.extensions import db
from participation.permissions.scopes import scope_of
from participation.territory.models import Grouping
from participation.territory.picker import load_municipalities

# ----- queues -----

@bp.get("/<int:advisor_id>/fronta")
@login_required
def queue(advisor_id: int):
    """The advisor's open questions, the oldest first, with their age."""
    advisor = advisor_or_404(advisor_id)
    require(rules.can_view_queue(current_user, advisor))
    return render_template("advisors/queue.html", advisor=advisor, waiting=queries.queue(advisor),
                           days=queries.answer_days())


@bp.get("/koordinace")
@login_required
def coordination():
    """A coordinator's view: questions waiting for an advisor, every advisor's workload, the longest waiting."""
    require(rules.can_coordinate(current_user))
    return render_template("advisors/coordination.html", unassigned=queries.longest_waiting(current_user, unassigned=True),
                           longest=queries.longest_waiting(current_user, limit=20),
                           workloads=queries.workloads(current_user), days=queries.answer_days())


# ----- questions -----

def _load_item(kind: str | None, raw_id):
    """The item a question is about (404 when it does not exist), or None for a standalone question."""
    if not kind:
        return None
    if kind not in ITEM_KINDS:
        abort(404)
    from participation.agreements.models import Agreement
    from participation.good_practice.models import GoodPractice
    from participation.localities.models import Locality
    from participation.projects.models import Project
    from participation.proposals.models import Proposal

    model = {"proposal": Proposal, "agreement": Agreement, "project": Project, "locality": Locality,
             "good_practice": GoodPractice}[kind]
    try:
        item_id = int(raw_id)
    except (TypeError, ValueError):
        abort(404)
    if not (0 < item_id < 2**31):
        abort(404)
    return load_or_404(db.session.get(model, item_id))


def _place_choices(item) -> list[tuple[str, str]]:
    scope = scope_of(current_user)
    item_municipalities = {m.id for m in getattr(item, "municipalities", [])} if item is not None else None
    if scope.administrator:
        municipalities = [(i, n) for i, n in municipality_choices(current_user)]
    else:
        municipalities = [(m.id, m.name) for m in load_municipalities(scope.moderated_municipality_ids)]
    if item_municipalities:
        municipalities = [(i, n) for i, n in municipalities if i in item_municipalities] or municipalities
    groupings = [] if not scope.represented_grouping_ids else list(db.session.execute(
        select(Grouping.id, Grouping.name).where(Grouping.id.in_(scope.represented_grouping_ids))
        .order_by(Grouping.search_name)))
    return ([(f"m-{i}", n) for i, n in municipalities]
            + [(f"g-{row.id}", row.name) for row in groupings])


def _parse_place(value: str) -> tuple[int | None, int | None]:
    kind, _sep, raw = (value or "").partition("-")
    number = int(raw) if raw.isdigit() else None
    return (number, None) if kind == "m" else (None, number)


def _question_data(form: QuestionForm, kind: str | None, item) -> questions.QuestionData:
    municipality_id, grouping_id = _parse_place(form.place.data)
    return questions.QuestionData(
        title=form.title.data, body=form.body.data or "", field=field_or_none(form.field.data),
        advisor=queries.load_advisor(int(form.advisor.data)) if form.advisor.data else None,
        municipality_id=municipality_id, grouping_id=grouping_id, item_kind=kind or None,
        item_id=item.id if item is not None else None, internal=form.internal.data)


@bp.route("/dotazy/novy", methods=["GET", "POST"])
@login_required
@write_limit
def ask():
    """A municipality's moderator or a grouping's representative asks an advisor (or a field) a question."""
    require(rules.can_ask(current_user))
    form = QuestionForm()
    kind = form.item_kind.data if request.method == "POST" else request.args.get("item_kind")
    raw_id = form.item_id.data if request.method == "POST" else request.args.get("item_id")
    item = _load_item(kind, raw_id)
    form.place.choices = _place_choices(item)
    advisors = (queries.serving_advisors([m.id for m in item.municipalities]) if item is not None
                else queries.all_advisors())
    form.advisor.choices = [("", _("Ask the field: its coordinator chooses"))] + advisor_choices(advisors)
    if request.method == "GET":
        form.item_kind.data, form.item_id.data = kind or "", raw_id or ""
        form.advisor.data = request.args.get("advisor", "")
        form.field.data = request.args.get("field", "")
    return form_page(form, lambda: questions.ask(current_user, _question_data(form, kind, item)),
                     lambda question: done(_("The question was sent."), "advisors.question",
                                           advisor_question_id=question.id),
                     "advisors/ask.html", item=item, kind=kind, item_endpoint=ITEM_ENDPOINTS.get(kind or ""))


@bp.get("/dotazy/<int:advisor_question_id>")
def question(advisor_question_id: int):
    """A question and its answer: public once answered, unless internal."""
    item = question_or_404(advisor_question_id)
    return render_template("advisors/question.html", question=item,
                           item_endpoint=ITEM_ENDPOINTS.get(item.item_kind or ""),
                           can_answer=rules.can_answer(current_user, item),
                           can_assign=rules.can_assign(current_user, item))


def _answered(item):
    """A public answer about an item is read on the item's page; any other on the question's."""
    message = _("Your answer was published.") if not item.internal else _("Your answer was sent.")
    kind = item.item_kind
    if kind and not item.internal:
        endpoint, key = ITEM_ENDPOINTS[kind]
        return done(message, endpoint, **{key: getattr(item, f"{kind}_id")})
    return done(message, "advisors.question", advisor_question_id=item.id)


@bp.route("/dotazy/<int:advisor_question_id>/odpoved", methods=["GET", "POST"])
@login_required
@write_limit
def answer(advisor_question_id: int):
    """The advisor answers a question about a place they serve."""
    item = question_or_404(advisor_question_id)
    require(rules.can_answer(current_user, item))
    form = AnswerForm()
    return form_page(form, lambda: questions.answer(current_user, item, form.answer.data),
                     lambda _saved: _answered(item), "advisors/answer.html", question=item,
                     item_endpoint=ITEM_ENDPOINTS.get(item.item_kind or ""))


@bp.route("/dotazy/<int:advisor_question_id>/prirazeni", methods=["GET", "POST"])
@login_required
@write_limit
def assign(advisor_question_id: int):
    """The field's coordinator assigns an open question to an advisor who serves its place."""
    item = question_or_404(advisor_question_id)
    require(rules.can_assign(current_user, item))
    form = AssignForm()
    form.advisor.choices = advisor_choices([a for a in queries.all_advisors() if a.field == item.field])
    return form_page(form, lambda: questions.assign(current_user, item, queries.load_advisor(int(form.advisor.data))),
                     lambda _saved: done(_("The question was assigned."), "advisors.coordination"),
                     "advisors/assign.html", question=item)


# ----- residents' requests for an opinion -----

@bp.route("/podnety/<int:proposal_id>/nazor", methods=["GET", "POST"])
@login_required
@write_limit
def request_opinion(proposal_id: int):
    """A resident asks for an advisor's opinion on a proposal; the municipality's moderator decides."""
    proposal = proposal_or_404(proposal_id, rules.can_request_opinion)
    form = OpinionRequestForm()
    advisors = queries.serving_advisors([m.id for m in proposal.municipalities], proposal.grouping_id)
    form.advisor.choices = [("", _("Choose"))] + advisor_choices(advisors)
    if request.method == "GET" and request.args.get("advisor"):
        form.advisor.data = request.args.get("advisor")

    def save():
        questions.request_opinion(current_user, proposal, queries.load_advisor(int(form.advisor.data)),
                                  form.reason.data)

    return form_page(form, save, lambda _saved: done(_("Your request was sent to the municipality's moderator."),
                                                     "proposals.detail", proposal_id=proposal.id),
                     "advisors/request.html", proposal=proposal, mine=queries.requests_of(current_user, proposal.id))


@bp.get("/zadosti")
@login_required
def requests():
    """Residents' requests for an opinion waiting in the municipalities whose office the user works for."""
    require(rules.can_view_requests(current_user))
    return render_template("advisors/requests.html", pending=queries.pending_requests(current_user))


@bp.route("/zadosti/<int:advisor_opinion_request_id>/rozhodnuti", methods=["GET", "POST"])
@login_required
@write_limit
def decide(advisor_opinion_request_id: int):
    """The moderator passes a resident's request on to the advisor, or declines it with a reason."""
    opinion_request = load_or_404(queries.load_request(advisor_opinion_request_id))
    require(rules.can_decide_request(current_user, opinion_request))
    form = DecisionForm()
    passing = form.outcome.data == "pass"

    def save():
        decision = questions.pass_on if passing else questions.decline
        decision(current_user, opinion_request, form.reason.data)

    message = (_("The request was passed on to the advisor.") if passing
               else _("The request was declined; the resident reads your reason."))
    return form_page(form, save, lambda _saved: done(message, "advisors.requests"), "advisors/decide.html",
                     opinion_request=opinion_request)
