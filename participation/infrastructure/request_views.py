"""Operators' requests: access to an asset or a parcel, joining planned works, and the municipality's answers."""

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participation.common.access import require
from participation.common.form_pages import done, form_page, load_or_404
from participation.common.formats import day
from participation.extensions import db
from participation.infrastructure import queries, services
from participation.infrastructure.blueprint import bp, private, rules, work_or_404, write_limit
from participation.infrastructure.forms import AccessForm, AnswerForm, JoinForm
from participation.localities.models import Locality
from participation.permissions.scopes import scope_of

# ----- access requests -----

def _access_data(form: AccessForm) -> services.AccessData:
    allowed = {choice[0] for choice in form.localities.choices}
    localities = list(db.session.scalars(db.select(Locality).where(
        Locality.id.in_([i for i in form.localities.data or [] if i in allowed]))))
    return services.AccessData(form.purpose.data, form.timetable.data or "", localities)


def _access_sent(saved):
    return done(_("Your request was sent. The municipality answers by %(date)s.",
                  date=day(saved.due_on)), "infrastructure.access_detail", request_id=saved.id)


@bp.route("/infrastruktura/zadosti/nova", methods=["GET", "POST"])
@login_required
@write_limit
def access_create():
    """An operator's staff ask for access to an asset or a parcel."""
    require(rules.can_request_access(current_user))
    operators = queries.operators_of(scope_of(current_user).operator_ids)
    form = AccessForm()
    form.asset.choices = queries.shareable_assets()
    form.operator.choices = [(o.id, o.name) for o in operators]
    form.localities.choices = queries.localities_for(operators)
    if request.method == "GET" and request.args.get("asset", "").isdigit():
        form.asset.data = int(request.args["asset"])

    def save():
        operator = next((o for o in operators if o.id == form.operator.data), None)
        data = _access_data(form)
        return services.request_access(current_user, operator, queries.load_asset(form.asset.data), data)

    return form_page(form, save, _access_sent, "infrastructure/access_form.html")


def _answer_page(answer, asked, back: tuple[str, dict], **context):
    """The municipality's staff agree to an operator's request (with conditions) or refuse it (with a reason);
    then `back` (endpoint, values)."""
    form = AnswerForm()
    endpoint, values = back
    return form_page(form, lambda: answer(current_user, asked, form.outcome.data == "agree", form.answer.data),
                     lambda _saved: done(_("The answer was recorded and sent to the operator."), endpoint, **values),
                     "infrastructure/answer.html", **context)


def _access_or_404(request_id: int):
    return load_or_404(queries.load_access_request(request_id), rules.can_view_access_request)


@bp.get("/infrastruktura/zadosti/<int:request_id>")
@login_required
def access_detail(request_id: int):
    """An access request: for the asking operator's staff and the municipality's staff."""
    access = _access_or_404(request_id)
    return private(render_template("infrastructure/access.html", access=access,
                                   can_answer=rules.can_answer_access_request(current_user, access),
                                   can_agree=rules.can_make_agreement(current_user, access)))


@bp.route("/infrastruktura/zadosti/<int:request_id>/odpoved", methods=["GET", "POST"])
@login_required
@write_limit
def access_answer(request_id: int):
    """The municipality's staff agree (with conditions) or refuse (with a reason)."""
    access = _access_or_404(request_id)
    require(rules.can_answer_access_request(current_user, access))
    return _answer_page(services.answer_access, access, ("infrastructure.access_detail", {"request_id": access.id}),
                        access=access, join=None)


@bp.post("/infrastruktura/zadosti/<int:request_id>/dohoda")
@login_required
@write_limit
def access_agreement(request_id: int):
    """An agreed request becomes a cooperation agreement with the operator as a party."""
    access = _access_or_404(request_id)
    require(rules.can_make_agreement(current_user, access))
    agreement = services.make_agreement(current_user, access)
    return done(_("A cooperation agreement in negotiation was created with the operator as a party."),
                "agreements.detail", agreement_id=agreement.id)


# ----- joining planned works -----

@bp.route("/stavby/<int:work_id>/pripojit", methods=["GET", "POST"])
@login_required
@write_limit
def work_join(work_id: int):
    """An operator's staff ask to lay ducts or cables in the trench before the deadline."""
    work = work_or_404(work_id)
    require(rules.can_request_join(current_user, work))
    operators = queries.operators_of(scope_of(current_user).operator_ids)
    form = JoinForm()
    form.operator.choices = [(o.id, o.name) for o in operators]

    def save():
        operator = next(o for o in operators if o.id == form.operator.data)
        services.request_join(current_user, operator, work, form.what.data)

    return form_page(form, save, lambda _saved: done(_("Your request to join was sent to the municipality."),
                                                     "infrastructure.work_detail", work_id=work.id),
                     "infrastructure/join_form.html", work=work)


@bp.route("/stavby/pripojeni/<int:request_id>/odpoved", methods=["GET", "POST"])
@login_required
@write_limit
def join_answer(request_id: int):
    """The municipality's staff agree to a joining request (with conditions) or refuse it (with a reason)."""
    join = load_or_404(queries.load_join_request(request_id), rules.can_view_join_request)
    require(rules.can_answer_join_request(current_user, join))
    return _answer_page(services.answer_join, join, ("infrastructure.work_detail", {"work_id": join.work_id}),
                        access=None, join=join)
