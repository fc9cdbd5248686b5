"""Public consultation pages: the list, a consultation, answering, results and exports.

The representatives' pages (creating, questions, publishing, paper answers)
are in manage.py on the same blueprint.
"""

from datetime import timedelta

from flask import (
    Response,
    abort,
    current_app,
    flash,
    render_template,
    request,
    stream_with_context,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from participation.common.access import require
from participation.common.confirm import confirmable
from participation.common.htmx import redirect_to
from participation.common.lazy import Lazy
from participation.common.models import utcnow
from participation.common.pagination import page_from_request, paginate
from participation.common.validation import read_int
from participation.consultations import answering, export
from participation.consultations import services as consultation_services
from participation.consultations.blueprint import bp, load_consultation, login_required, write_limit
from participation.consultations.forms import ReasonForm
from participation.consultations.models import (
    Answer,
    Consultation,
    ConsultationStatus,
    QuestionKind,
    consultation_municipality,
)
from participation.consultations.models import (
    Response as ConsultationResponse,
)
from participation.consultations.queries import STATES, response_counts
from participation.consultations.queries import filtered_list as _filtered_list
from participation.consultations.results import compute_results
from participation.extensions import db, limiter
from participation.permissions import consultations as rules
from participation.territory.models import Grouping, Municipality

RESULT_VIEWS = ("overall", "municipalities", "equal", "turnout")
@bp.get("/", endpoint="list")
def list_consultations():
    """Published consultations: open, upcoming or closed, by grouping and municipality."""
    state = request.args.get("state", "open")
    state = state if state in STATES else "open"
    grouping_id = read_int(request.args.get("grouping"))[0]
    municipality_id = read_int(request.args.get("municipality"))[0]
    now = utcnow()
    page = paginate(_filtered_list(state, grouping_id, municipality_id, now), page_from_request(),
                    current_app.config["PER_PAGE"])
    published = select(Consultation.id).where(Consultation.status == ConsultationStatus.PUBLISHED)
    groupings = db.session.scalars(
        select(Grouping).where(Grouping.id.in_(published.with_only_columns(Consultation.grouping_id)))
        .order_by(Grouping.search_name)
    ).all()
    municipalities = db.session.scalars(
        select(Municipality).where(Municipality.id.in_(
            select(consultation_municipality.c.municipality_id)
            .where(consultation_municipality.c.consultation_id.in_(published))
        )).order_by(Municipality.search_name)
    ).all()
    drafts = []
    if current_user.is_authenticated and rules.can_create(current_user):
        managed = rules.managed_grouping_ids(current_user)
        statement = (select(Consultation).where(Consultation.status == ConsultationStatus.DRAFT)
                     .options(joinedload(Consultation.grouping)).order_by(Consultation.created_at.desc()))
        if managed is not None:
            statement = statement.where(Consultation.grouping_id.in_(managed))
        drafts = db.session.scalars(statement.limit(50)).all()
    return render_template(
        "consultations/list.html", page=page, state=state, grouping_id=grouping_id,
        municipality_id=municipality_id, groupings=groupings, municipalities=municipalities,
        drafts=drafts, counts=response_counts([c.id for c in page.items]), now=now,
    )


def _own_response(consultation: Consultation):
    if not current_user.is_authenticated:
        return None
    return db.session.scalars(
        select(ConsultationResponse)
        .where(ConsultationResponse.consultation_id == consultation.id,
               ConsultationResponse.user_id == current_user.id)
        .options(selectinload(ConsultationResponse.answers))
    ).first()


def render_detail(consultation: Consultation, *, values=None, errors=None, general_error=None,
                  status: int = 200):
    own = _own_response(consultation)
    now = utcnow()
    return render_template(
        "consultations/detail.html", consultation=consultation, now=now,
        phase=consultation.phase(now),
        why_not=answering.why_cannot_answer(current_user, consultation, now),
        own_response=own,
        values=values if values is not None else answering.own_answers(own),
        errors=errors or {}, general_error=general_error,
        can_see_results=rules.can_see_results(current_user, consultation, now),
        response_count=response_counts([consultation.id]).get(consultation.id, 0),
        thread=consultation.thread, subject=consultation, target=consultation,
    ), status


@bp.get("/<int:consultation_id>")
def detail(consultation_id: int):
    """A consultation: its introduction, the questionnaire or why one cannot answer."""
    return render_detail(load_consultation(consultation_id))


@bp.post("/<int:consultation_id>/odpovedet")
@login_required
@limiter.limit(write_limit, methods=["POST"])
def answer(consultation_id: int):
    """Save the resident's answers; the last answers sent before closing count."""
    consultation = load_consultation(consultation_id)
    had_answered = _own_response(consultation) is not None
    try:
        answering.submit_response(current_user, consultation, request.form)
    except answering.InvalidAnswers as error:
        return render_detail(consultation, values=error.parsed.values, errors=error.parsed.errors,
                             general_error=str(error), status=422)
    except consultation_services.ConsultationError as error:
        flash(str(error), "error")
        return redirect_to("consultations.detail", consultation_id=consultation.id)
    flash(_("Your answers have been changed. The last answers you send before closing count.")
          if had_answered else _("Thank you, your answers have been saved. You can change them until closing."),
          "success")
    return redirect_to("consultations.detail", consultation_id=consultation.id, _anchor="your-answers")


@bp.post("/<int:consultation_id>/vzit-zpet")
@login_required
@limiter.limit(write_limit, methods=["POST"])
def withdraw(consultation_id: int):
    """Delete one's own answers while the consultation is open."""
    consultation = load_consultation(consultation_id)
    try:
        if answering.withdraw_response(current_user, consultation):
            flash(_("Your answers have been withdrawn."), "success")
    except consultation_services.ConsultationError as error:
        flash(str(error), "error")
    return redirect_to("consultations.detail", consultation_id=consultation.id)


def _results_or_403(consultation_id: int) -> Consultation:
    consultation = load_consultation(consultation_id)
    if not rules.can_see_results(current_user, consultation):
        abort(403)
    return consultation


def _figures_minimum(consultation: Consultation) -> int:
    """Who may download every response sees every figure; others not those of small groups, as in the exports."""
    if rules.can_see_every_response(current_user, consultation):
        return 0
    return current_app.config["API_MIN_RESPONDENTS"]


def _results_context(consultation: Consultation) -> dict:
    """The results, computed when the page reads them: a kept shared fragment does not (results.html)."""
    can_hide = rules.can_hide_answer(current_user, consultation)
    results = Lazy(lambda: compute_results(consultation, include_hidden=can_hide))
    minimum = _figures_minimum(consultation)
    return {"consultation": consultation, "results": results, "can_hide": can_hide,
            "hide_form": ReasonForm() if can_hide else None, "now": utcnow(), "live": consultation.phase() != "closed",
            "shown": Lazy(lambda: results.disclosures(minimum)), "minimum": minimum,
            "minimum_setting": current_app.config["API_MIN_RESPONDENTS"]}


@bp.get("/<int:consultation_id>/vysledky")
def results(consultation_id: int):
    """Results overall, per municipality, with municipalities weighted equally, and turnout."""
    consultation = _results_or_403(consultation_id)
    view = request.args.get("view", "overall")
    view = view if view in RESULT_VIEWS else "overall"
    return render_template("consultations/results.html", view=view, **_results_context(consultation))


@bp.get("/<int:consultation_id>/vysledky/tisk")
def results_print(consultation_id: int):
    """Every results view on one page, laid out for printing."""
    consultation = _results_or_403(consultation_id)
    return render_template("consultations/print.html", **_results_context(consultation))


@bp.get("/<int:consultation_id>/vysledky.csv")
def results_csv(consultation_id: int):
    """Aggregates overall and per municipality, small groups' figures hidden; semicolons and a BOM for spreadsheets."""
    consultation = _results_or_403(consultation_id)
    computed = compute_results(consultation, text_limit=0)
    rows = export.aggregate_csv(computed, current_app.config["API_MIN_RESPONDENTS"])
    return Response(
        stream_with_context(rows), mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="consultation-{consultation.id}-results.csv"'},
    )


@bp.get("/<int:consultation_id>/odpovedi.csv")
def responses_csv(consultation_id: int):
    """For those running it: one row per response and answer, no personal data."""
    consultation = load_consultation(consultation_id)
    require(rules.can_see_every_response(current_user, consultation))
    rows = export.csv_rows(consultation)
    filename = f"consultation-{consultation.id}-responses.csv"
    return Response(
        stream_with_context(rows), mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/<int:consultation_id>/vysledky/texty/<int:question_id>")
def texts(consultation_id: int, question_id: int):
    """Every free-text answer to one question, page by page."""
    consultation = _results_or_403(consultation_id)
    question = next((q for q in consultation.questions
                     if q.id == question_id and q.kind == QuestionKind.TEXT), None)
    if question is None:
        abort(404)
    can_hide = rules.can_hide_answer(current_user, consultation)
    statement = (select(Answer).where(Answer.question_id == question.id, Answer.text.is_not(None))
                 .options(joinedload(Answer.response).joinedload(ConsultationResponse.municipality))
                 .order_by(Answer.id.desc()))
    if not can_hide:
        statement = statement.where(Answer.hidden_at.is_(None))
    page = paginate(statement, page_from_request(), 50)
    shown = compute_results(consultation, text_limit=0).disclosures(_figures_minimum(consultation))[question.id]
    return render_template("consultations/texts.html", consultation=consultation, question=question,
                           page=page, can_hide=can_hide, hide_form=ReasonForm() if can_hide else None,
                           shown=shown)


@bp.post("/<int:consultation_id>/odpovedi/<int:answer_id>/<word(hide, show):action>")
@login_required
def hide_answer(consultation_id: int, answer_id: int, action: str):
    """Hide a free-text answer from the public results, or show it again (audited)."""
    consultation = load_consultation(consultation_id)
    answer = db.session.get(Answer, answer_id)
    if answer is None or answer.consultation_id != consultation.id or answer.text is None:
        abort(404)
    if not rules.can_hide_answer(current_user, consultation, answer.municipality_id):
        abort(403)
    form = ReasonForm()
    if action == "hide" and not form.validate_on_submit():
        flash(_("Give a reason for hiding the answer."), "error")
    else:
        consultation_services.set_answer_hidden(current_user, answer, action == "hide",
                                                form.reason.data or "")
        flash(_("The answer is hidden.") if action == "hide" else _("The answer is shown again."), "success")
    return redirect_to("consultations.results", consultation_id=consultation.id,
                       _anchor=f"question-{answer.question_id}")


def _sections_for(condition, limit: int = 5) -> list[Consultation]:
    now = utcnow()
    statement = (
        select(Consultation)
        .where(Consultation.status == ConsultationStatus.PUBLISHED, condition,
               Consultation.closes_at > now - timedelta(days=365))
        .options(joinedload(Consultation.grouping))
        .order_by((Consultation.closes_at <= now), Consultation.closes_at)
        .limit(limit)
    )
    return db.session.scalars(statement).all()


@bp.app_template_global()
def consultations_for_grouping(grouping) -> list[Consultation]:
    """Open, upcoming and last year's consultations of a grouping, for its page."""
    return _sections_for(Consultation.grouping_id == grouping.id)


@bp.app_template_global()
def consultations_for_municipality(municipality) -> list[Consultation]:
    """Consultations the municipality takes part in, for its page."""
    return _sections_for(Consultation.id.in_(
        select(consultation_municipality.c.consultation_id)
        .where(consultation_municipality.c.municipality_id == municipality.id)
    ))


import participation.consultations.manage  # noqa: E402, F401  (registers the management routes on bp)

# Destructive actions ask first (participation/common/confirm.py).
confirmable(
    "consultations.delete_question",
    _l("Delete this question?"),
    _l("Yes, delete"),
    detail=_l("Its options and any answers to it are deleted with it."),
)
confirmable(
    "consultations.withdraw",
    _l("Withdraw your answers?"),
    _l("Yes, withdraw my answers"),
    detail=_l("They are deleted and no longer counted. You can answer again while the consultation is open."),
)
