"""Operators: the list and an operator's page, administrators' forms, declarations, answers and decisions."""

from flask import Blueprint, current_app, flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participation import permissions
from participation.chain.filters import read_id
from participation.chain.views import item_or_404, saved_or_form, write_rate_limit
from participation.common.access import require
from participation.common.htmx import redirect_to
from participation.common.pagination import page_from_request, paginate
from participation.localities import queries as locality_queries
from participation.localities.forms import as_float
from participation.localities.models import FixedTechnology
from participation.localities.services import Invalid
from participation.operators import declarations, queries, report_answers, services
from participation.operators.forms import (
    KIND_LABELS,
    STATE_LABELS,
    DecisionForm,
    DeclarationForm,
    OperatorForm,
    ReportAnswerForm,
    ReportDecisionForm,
    ResponseForm,
    StaffForm,
)
from participation.operators.models import DeclarationKind, ReportAnswerKind
from participation.territory.picker import load_municipalities

bp = Blueprint("operators", __name__)
write_limit = write_rate_limit()
rules = permissions.operators
PER_PAGE = 50


@bp.record_once
def _register_template_globals(state) -> None:
    state.app.jinja_env.globals.update(
        declaration_kind_labels=KIND_LABELS, declaration_state_labels=STATE_LABELS,
        declarations_of_locality=_locality_section, connectivity_waiting=_inbox_section)


def _locality_section(locality) -> dict:
    """What a locality's page shows of operators: their declarations, and whom the user may declare for."""
    return {"declarations": queries.of_locality(locality.id),
            "operators": queries.operators_working_in(current_user, locality)
            if current_user.is_authenticated else []}


def _inbox_section() -> dict:
    """What waits for a moderator in connectivity: disputed declarations and operators' overdue answers,
    in the municipality the inbox is filtered to (?municipality=<id>), if any."""
    if not current_user.is_authenticated:
        return {"disputed": [], "overdue": [], "reports": []}
    municipality_id = read_id(request.args, "municipality")[0]

    def shown(items):
        return [item for item in items if municipality_id in (None, item.locality.municipality_id)]

    return {"disputed": shown(queries.disputed(current_user)), "overdue": shown(queries.overdue_answers(current_user)),
            "reports": shown(queries.disputed_reports(current_user)),
            "days": current_app.config["CONNECTIVITY_ANSWER_DAYS"]}


def _refused(form, invalid: Invalid) -> None:
    for name, message in invalid.errors.items():
        if name == "form":
            form.form_errors.append(message)
        else:
            form[name].errors = [*form[name].errors, message]


def _operator_or_404(operator_id: int):
    return item_or_404(queries.load_operator(operator_id))


# ----- operators -----

@bp.get("/operatori")
def index():
    """Internet operators and the municipalities where they work."""
    page = paginate(queries.list_statement(), page_from_request(), PER_PAGE)
    return render_template("operators/list.html", results_page=page,
                           can_manage=rules.can_manage_operators(current_user))


@bp.get("/operatori/<int:operator_id>")
def detail(operator_id: int):
    """An operator: its contacts, its municipalities, its current declarations."""
    operator = _operator_or_404(operator_id)
    page = paginate(queries.of_operator_statement(operator.id), page_from_request(), PER_PAGE)
    manage = rules.can_manage_operators(current_user)
    return render_template("operators/detail.html", operator=operator, results_page=page, can_manage=manage,
                           staff=services.staff_of(operator) if manage else [],
                           can_queue=rules.can_view_queue(current_user, operator),
                           # A form only for those who use it: a visitor's page writes no session (no CSRF token).
                           staff_form=StaffForm() if manage else None)


def _operator_data(form: OperatorForm):
    return services.OperatorData(
        name=form.name.data, company_number=services.clean_company_number(form.company_number.data),
        contact_email=form.contact_email.data or "", contact_phone=form.contact_phone.data or "",
        website=form.website.data or "", municipalities=load_municipalities(form.municipalities.data or []))


def _save_operator(form: OperatorForm, operator):
    if not form.validate_on_submit():
        return None
    data = _operator_data(form)
    outside = [m.name for m in data.municipalities if not rules.can_assign_municipality(current_user, m)]
    if outside:
        form.municipalities.errors = [*form.municipalities.errors, _(
            "You may name only municipalities of the region you administer: %(names)s.", names=", ".join(outside))]
        return None
    try:
        if operator is None:
            return services.create_operator(current_user, data)
        services.update_operator(current_user, operator, data)
        return operator
    except Invalid as invalid:
        _refused(form, invalid)
        return None


@bp.route("/operatori/novy", methods=["GET", "POST"])
@login_required
@write_limit
def create():
    """An administrator adds an operator."""
    require(rules.can_manage_operators(current_user))
    form = OperatorForm()
    return saved_or_form(_save_operator(form, None), _("The operator was added."), "operators.detail",
                         "operator_id", "operators/form.html", form, operator=None)


@bp.route("/operatori/<int:operator_id>/upravit", methods=["GET", "POST"])
@login_required
@write_limit
def edit(operator_id: int):
    """An administrator changes an operator and the municipalities where it works."""
    operator = _operator_or_404(operator_id)
    require(rules.can_manage_operators(current_user))
    form = OperatorForm(obj=operator) if request.method == "GET" else OperatorForm()
    if request.method == "GET":
        form.municipalities.selected = list(operator.municipalities)
        form.municipalities.data = [m.id for m in operator.municipalities]
    return saved_or_form(_save_operator(form, operator), _("The operator was saved."), "operators.detail",
                         "operator_id", "operators/form.html", form, operator=operator)


@bp.post("/operatori/<int:operator_id>/pracovnici")
@login_required
@write_limit
def add_staff(operator_id: int):
    """An administrator gives a person the operator's staff role."""
    operator = _operator_or_404(operator_id)
    require(rules.can_manage_operators(current_user))
    form = StaffForm()
    if form.validate_on_submit():
        try:
            services.add_staff(current_user, operator, form.email.data)
        except Invalid as invalid:
            _refused(form, invalid)
        else:
            flash(_("The person was added to the operator's staff."), "success")
            return redirect_to("operators.detail", operator_id=operator.id)
    page = paginate(queries.of_operator_statement(operator.id), 1, PER_PAGE)
    return render_template("operators/detail.html", operator=operator, results_page=page, can_manage=True,
                           staff=services.staff_of(operator), can_queue=True, staff_form=form), 422


@bp.get("/operatori/<int:operator_id>/fronta")
@login_required
def queue(operator_id: int):
    """The operator's queue: localities whose reports wait for its answer, the longest waiting first."""
    operator = _operator_or_404(operator_id)
    require(rules.can_view_queue(current_user, operator))
    return render_template("operators/queue.html", operator=operator, waiting=queries.queue(operator),
                           days=current_app.config["CONNECTIVITY_ANSWER_DAYS"])


# ----- declarations -----

def _declaration_data(form: DeclarationForm) -> declarations.DeclarationData:
    return declarations.DeclarationData(
        kind=DeclarationKind(form.kind.data),
        technology=FixedTechnology(form.technology.data) if form.technology.data else None,
        download=as_float(form.download.data), upload=as_float(form.upload.data),
        available_by=form.available_by.data, explanation=form.explanation.data or "")


@bp.route("/operatori/<int:operator_id>/lokality/<int:locality_id>/prohlaseni", methods=["GET", "POST"])
@login_required
@write_limit
def declare(operator_id: int, locality_id: int):
    """An operator's staff declare the service at a locality, or confirm its reported status."""
    operator = _operator_or_404(operator_id)
    locality = item_or_404(locality_queries.load_locality(locality_id))
    require(rules.can_declare(current_user, operator, locality))
    form = DeclarationForm()
    if form.validate_on_submit():
        try:
            declarations.declare(current_user, operator, locality, _declaration_data(form))
        except Invalid as invalid:
            _refused(form, invalid)
        else:
            flash(_("The declaration was published on the locality's page."), "success")
            return redirect_to("localities.detail", locality_id=locality.id)
    return _declare_page(form, operator, locality)


def _declare_page(form, operator, locality, answer_form=None, answering: int | None = None):
    """The declaration form and the anonymised reports, each with the operator's answer or the form to answer."""
    reports = queries.anonymised_reports(locality.id)
    # Below the minimum, single reports could point at a household: none are shown, as on public pages.
    enough = len(reports) >= current_app.config["CONNECTIVITY_MIN_REPORTS"]
    shown = reports if enough else []
    return render_template("operators/declare.html", form=form, operator=operator, locality=locality,
                           reports=shown, too_few=bool(reports) and not enough,
                           answers=report_answers.answers_by_report(operator.id, [r.id for r in shown]),
                           answer_form=answer_form, answering=answering,
                           current=declarations.current_declaration(operator.id, locality.id)), (
        422 if form.errors or (answer_form is not None and answer_form.errors) else 200)


@bp.post("/operatori/<int:operator_id>/hlaseni/<int:connection_report_id>/odpoved")
@login_required
@write_limit
def answer_report(operator_id: int, connection_report_id: int):
    """An operator's staff confirm or dispute one anonymised report of a locality where the operator works."""
    operator = _operator_or_404(operator_id)
    report = item_or_404(report_answers.load_report(connection_report_id))
    require(rules.can_answer_report(current_user, operator, report))
    form = ReportAnswerForm()
    if form.validate_on_submit():
        try:
            report_answers.answer(current_user, operator, report, ReportAnswerKind(form.kind.data),
                                  form.explanation.data)
        except Invalid as invalid:
            _refused(form, invalid)
        else:
            flash(_("Your answer was recorded; the resident is told, without you learning who they are."),
                  "success")
            return redirect_to("operators.declare", operator_id=operator.id, locality_id=report.locality_id)
    for message in form.form_errors:
        flash(message, "error")
    return _declare_page(DeclarationForm(formdata=None), operator, report.locality, form, report.id)


def _declaration_or_404(declaration_id: int):
    return item_or_404(queries.load_declaration(declaration_id))


@bp.route("/prohlaseni/<int:declaration_id>/odpoved", methods=["GET", "POST"])
@login_required
@write_limit
def respond(declaration_id: int):
    """A resident confirms or disputes an operator's declaration about their municipality's locality."""
    declaration = _declaration_or_404(declaration_id)
    require(rules.can_respond(current_user, declaration))
    form = ResponseForm()
    if form.validate_on_submit():
        try:
            declarations.respond(current_user, declaration, form.agrees.data == "yes", form.explanation.data)
        except Invalid as invalid:
            _refused(form, invalid)
        else:
            flash(_("Thank you. Your answer was recorded; nobody else sees that it is yours."), "success")
            return redirect_to("localities.detail", locality_id=declaration.locality_id)
    return render_template("operators/respond.html", form=form, declaration=declaration), (
        422 if form.errors else 200)


@bp.route("/prohlaseni/<int:declaration_id>/rozhodnuti", methods=["GET", "POST"])
@login_required
@write_limit
def decide(declaration_id: int):
    """The municipality's moderator upholds or rejects a disputed declaration, with a reason."""
    declaration = _declaration_or_404(declaration_id)
    require(rules.can_decide(current_user, declaration))
    form = DecisionForm()
    if form.validate_on_submit():
        try:
            declarations.decide(current_user, declaration, form.outcome.data == "uphold", form.reason.data)
        except Invalid as invalid:
            _refused(form, invalid)
        else:
            flash(_("The decision was recorded and published."), "success")
            return redirect_to("localities.detail", locality_id=declaration.locality_id)
    return render_template("operators/decide.html", form=form, declaration=declaration,
                           disputes=queries.dispute_explanations(declaration.id)), 422 if form.errors else 200


@bp.route("/odpovedi-operatoru/<int:report_answer_id>/rozhodnuti", methods=["GET", "POST"])
@login_required
@write_limit
def decide_report_answer(report_answer_id: int):
    """The municipality's moderator upholds an operator's dispute of a report (it stops counting) or rejects it."""
    item = item_or_404(report_answers.load(report_answer_id))
    require(rules.can_decide_report_answer(current_user, item))
    form = ReportDecisionForm()
    if form.validate_on_submit():
        try:
            report_answers.decide(current_user, item, form.outcome.data == "uphold", form.reason.data)
        except Invalid as invalid:
            _refused(form, invalid)
        else:
            flash(_("The decision was recorded; the resident who reported is told."), "success")
            return redirect_to("localities.detail", locality_id=item.report.locality_id)
    return render_template("operators/decide_report.html", form=form, answer=item), 422 if form.errors else 200
