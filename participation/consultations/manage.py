"""Representatives' pages: create and edit, questions, preview, publish; moderators' paper answers."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import abort, current_app, flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from participation.common.htmx import redirect_to
from participation.common.models import utcnow
from participation.common.validation import read_int
from participation.consultations import answering
from participation.consultations import services as consultation_services
from participation.consultations.blueprint import bp, load_consultation, login_required, write_limit
from participation.consultations.forms import ConsultationForm, QuestionForm, WordingForm
from participation.consultations.models import Consultation
from participation.extensions import db, limiter
from participation.permissions import consultations as rules
from participation.territory.models import Grouping


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def to_utc(local: datetime) -> datetime:
    """A time typed in the form (Prague time) as an aware UTC datetime."""
    return local.replace(tzinfo=_zone()).astimezone(UTC)


def to_local(moment: datetime) -> datetime:
    """An aware datetime as the naive Prague time a datetime-local input shows."""
    return moment.astimezone(_zone()).replace(tzinfo=None)


def _settings(form: ConsultationForm) -> dict:
    return {
        "title": form.title.data, "introduction": form.introduction.data or "",
        "municipality_ids": form.municipalities.data, "opens_at": to_utc(form.opens_at.data),
        "closes_at": to_utc(form.closes_at.data), "eligibility": form.eligibility.data,
        "results_visibility": form.results_visibility.data,
    }


def _grouping_for_new() -> Grouping | None:
    """The grouping asked for in ?grouping=, or the only one the user represents."""
    grouping_id = read_int(request.args.get("grouping"))[0]
    if grouping_id is not None:
        grouping = db.session.get(Grouping, grouping_id)
        if grouping is None:
            abort(404)
        if not rules.can_create(current_user, grouping):
            abort(403)
        return grouping
    managed = rules.managed_grouping_ids(current_user)
    if managed is not None and len(managed) == 1:
        return db.session.get(Grouping, next(iter(managed)))
    return None


@bp.route("/nova", methods=["GET", "POST"])
@login_required
@limiter.limit(write_limit, methods=["POST"])
def create():
    """Create a draft consultation for a grouping the user represents."""
    if not rules.can_create(current_user):
        abort(403)
    grouping = _grouping_for_new()
    if grouping is None:
        managed = rules.managed_grouping_ids(current_user)
        statement = select(Grouping).order_by(Grouping.search_name)
        if managed is not None:
            statement = statement.where(Grouping.id.in_(managed))
        return render_template("consultations/choose_grouping.html",
                               groupings=db.session.scalars(statement).all())
    form = ConsultationForm()
    members = consultation_services.member_municipalities(grouping.id)
    form.municipalities.choices = [(m.id, m.name) for m in members]
    if request.method == "GET":
        tomorrow = to_local(utcnow()).date() + timedelta(days=1)
        form.municipalities.data = [m.id for m in members]
        form.opens_at.data = datetime.combine(tomorrow, time(8, 0))
        form.closes_at.data = datetime.combine(tomorrow + timedelta(days=21), time(20, 0))
    if form.validate_on_submit():
        try:
            consultation = consultation_services.create_consultation(current_user, grouping, **_settings(form))
        except consultation_services.ConsultationError as error:
            flash(str(error), "error")
        else:
            flash(_("The draft is saved. Now add the questions."), "success")
            return redirect_to("consultations.questions", consultation_id=consultation.id)
    return render_template("consultations/form.html", form=form, grouping=grouping, consultation=None)


@bp.route("/<int:consultation_id>/upravit", methods=["GET", "POST"])
@login_required
@limiter.limit(write_limit, methods=["POST"])
def edit(consultation_id: int):
    """Change the title, introduction, municipalities, times and visibility."""
    consultation = load_consultation(consultation_id, manage=True)
    form = ConsultationForm(obj=None if request.method == "POST" else consultation)
    form.municipalities.choices = [
        (m.id, m.name) for m in consultation_services.member_municipalities(consultation.grouping_id)
    ]
    if request.method == "GET":
        form.municipalities.data = [m.id for m in consultation.municipalities]
        form.opens_at.data = to_local(consultation.opens_at)
        form.closes_at.data = to_local(consultation.closes_at)
        form.eligibility.data = consultation.eligibility.value
        form.results_visibility.data = consultation.results_visibility.value
    if form.validate_on_submit():
        try:
            consultation_services.update_consultation(current_user, consultation, **_settings(form))
        except consultation_services.ConsultationError as error:
            flash(str(error), "error")
        else:
            flash(_("The consultation is saved."), "success")
            return redirect_to("consultations.questions", consultation_id=consultation.id)
    return render_template("consultations/form.html", form=form, grouping=consultation.grouping,
                           consultation=consultation)


def _question_data(form: QuestionForm) -> dict:
    return {"kind": form.kind.data, "text": form.text.data, "help_text": form.help_text.data or "",
            "required": form.required.data, "max_choices": form.max_choices.data,
            "options": form.option_lines()}


@bp.route("/<int:consultation_id>/otazky", methods=["GET", "POST"])
@login_required
@limiter.limit(write_limit, methods=["POST"])
def questions(consultation_id: int):
    """The questions of a consultation, and a form to add one."""
    consultation = load_consultation(consultation_id, manage=True)
    form = QuestionForm()
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                consultation_services.add_question(current_user, consultation, **_question_data(form))
            except consultation_services.ConsultationError as error:
                flash(str(error), "error")
            else:
                flash(_("The question is added."), "success")
            return redirect_to("consultations.questions", consultation_id=consultation.id, _anchor="add-question")
    return render_template("consultations/questions.html", consultation=consultation, form=form,
                           problems=consultation_services.publishing_problems(consultation))


def _question_or_404(consultation: Consultation, question_id: int):
    question = next((q for q in consultation.questions if q.id == question_id), None)
    if question is None:
        abort(404)
    return question


@bp.route("/<int:consultation_id>/otazky/<int:question_id>/upravit", methods=["GET", "POST"])
@login_required
@limiter.limit(write_limit, methods=["POST"])
def edit_question(consultation_id: int, question_id: int):
    """Edit a question; once answered, only its wording with a note."""
    consultation = load_consultation(consultation_id, manage=True)
    question = _question_or_404(consultation, question_id)
    options_text = "\n".join(o.text for o in question.options)
    if consultation.is_frozen:
        form = WordingForm(data=None if request.method == "POST" else {
            "text": question.text, "help_text": question.help_text, "options": options_text})
    else:
        form = QuestionForm(data=None if request.method == "POST" else {
            "kind": question.kind.value, "text": question.text, "help_text": question.help_text,
            "required": question.required, "max_choices": question.max_choices, "options": options_text})
    if form.validate_on_submit():
        try:
            if consultation.is_frozen:
                consultation_services.fix_wording(
                    current_user, question, text=form.text.data, help_text=form.help_text.data or "",
                    options=form.option_lines(), note=form.note.data)
            else:
                consultation_services.update_question(current_user, question, **_question_data(form))
        except consultation_services.ConsultationError as error:
            flash(str(error), "error")
        else:
            flash(_("The question is saved."), "success")
            return redirect_to("consultations.questions", consultation_id=consultation.id)
    return render_template("consultations/question_form.html", consultation=consultation,
                           question=question, form=form)


@bp.post("/<int:consultation_id>/otazky/<int:question_id>/smazat")
@login_required
@limiter.limit(write_limit, methods=["POST"])
def delete_question(consultation_id: int, question_id: int):
    """Remove a question nobody has answered yet."""
    consultation = load_consultation(consultation_id, manage=True)
    question = _question_or_404(consultation, question_id)
    try:
        consultation_services.delete_question(current_user, question)
    except consultation_services.ConsultationError as error:
        flash(str(error), "error")
    else:
        flash(_("The question is removed."), "success")
    return redirect_to("consultations.questions", consultation_id=consultation.id)


@bp.post("/<int:consultation_id>/otazky/<int:question_id>/presunout")
@login_required
@limiter.limit(write_limit, methods=["POST"])
def move_question(consultation_id: int, question_id: int):
    """Move a question up or down."""
    consultation = load_consultation(consultation_id, manage=True)
    question = _question_or_404(consultation, question_id)
    try:
        consultation_services.move_question(current_user, question, request.form.get("direction", ""))
    except consultation_services.ConsultationError as error:
        flash(str(error), "error")
    return redirect_to("consultations.questions", consultation_id=consultation.id,
                       _anchor=f"question-{question.id}")


@bp.get("/<int:consultation_id>/nahled")
@login_required
def preview(consultation_id: int):
    """The questionnaire exactly as a resident will see it, without a way to send it."""
    consultation = load_consultation(consultation_id, manage=True)
    return render_template("consultations/preview.html", consultation=consultation,
                           problems=consultation_services.publishing_problems(consultation))


@bp.post("/<int:consultation_id>/zverejnit")
@login_required
@limiter.limit(write_limit, methods=["POST"])
def publish(consultation_id: int):
    """Publish a draft: it opens for answers at its opening time."""
    consultation = load_consultation(consultation_id, manage=True)
    try:
        consultation_services.publish(current_user, consultation)
    except consultation_services.ConsultationError as error:
        flash(str(error), "error")
        return redirect_to("consultations.questions", consultation_id=consultation.id)
    flash(_("The consultation is published."), "success")
    return redirect_to("consultations.detail", consultation_id=consultation.id)


@bp.route("/<int:consultation_id>/papirove-odpovedi", methods=["GET", "POST"])
@login_required
@limiter.limit(write_limit, methods=["POST"])
def paper(consultation_id: int):
    """A moderator types in a paper questionnaire handed in at the municipal office."""
    consultation = load_consultation(consultation_id)
    if not rules.can_record_paper(current_user, consultation):
        abort(403)
    allowed = rules.paper_municipality_ids(current_user, consultation)
    municipalities = [m for m in consultation.municipalities if m.id in allowed]
    values, errors, general_error, status = {}, {}, None, 200
    chosen = read_int(request.form.get("municipality"))[0]
    if request.method == "POST":
        try:
            if chosen not in allowed:
                raise consultation_services.ConsultationError(
                    _("Choose a participating municipality that you moderate."))
            answering.record_paper_response(current_user, consultation, chosen, request.form)
        except answering.InvalidAnswers as error:
            values, errors, general_error, status = (error.parsed.values, error.parsed.errors,
                                                     str(error), 422)
        except consultation_services.ConsultationError as error:
            values = answering.parse_answers(consultation, request.form).values
            general_error, status = str(error), 422
        else:
            flash(_("The paper questionnaire is recorded. You can type in the next one."), "success")
            return redirect_to("consultations.paper", consultation_id=consultation.id, municipality=chosen)
    else:
        chosen = read_int(request.args.get("municipality"))[0]
    return render_template("consultations/paper.html", consultation=consultation,
                           municipalities=municipalities, chosen=chosen, values=values, errors=errors,
                           general_error=general_error), status

