"""The office desk for consultations: paper questionnaires typed in for a named person or an account,
each person and each printed copy counted once. Routes on the verification blueprint.
"""

from flask import flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from participation.common.access import require, write_limit
from participation.common.htmx import redirect_to
from participation.consultations import answering
from participation.consultations.services import ConsultationError
from participation.extensions import limiter
from participation.permissions import consultations as consultation_rules
from participation.verification import assisted_answers
from participation.verification.assisted import DuplicateEntry, resident_by_email
from participation.verification.blueprint import bp
from participation.verification.forms import PaperAnswerPersonForm
from participation.verification.printables import load_consultation
from participation.verification.residency import VerificationError


def _person(form: PaperAnswerPersonForm) -> assisted_answers.Person:
    resident = None
    if form.email.data:
        resident = resident_by_email(form.email.data)
        if resident is None:
            raise VerificationError(_("No account has this email address."), "email")
    return assisted_answers.Person(name=form.name.data or "", address=form.address.data or "",
                                   born_on=form.born_on.data, resident=resident, consent=form.consent.data)


@bp.route("/konzultace/<int:consultation_id>/za-obcana", methods=["GET", "POST"])
@limiter.limit(write_limit, methods=["POST"])
def file_answers(consultation_id: int):
    """Type in a paper questionnaire with its form code and the person who filled it in."""
    consultation = load_consultation(consultation_id)
    require(consultation_rules.can_record_paper(current_user, consultation))
    allowed = consultation_rules.paper_municipality_ids(current_user, consultation)
    form = PaperAnswerPersonForm(prefix="person")
    form.municipality.choices = [(m.id, m.name) for m in consultation.municipalities if m.id in allowed]
    values, errors, general_error, refused = {}, {}, None, None
    if form.validate_on_submit():
        try:
            response = assisted_answers.file_paper_answers(
                current_user, consultation, form.municipality.data, request.form, _person(form),
                form.form_code.data or "")
        except DuplicateEntry as error:
            refused = error.message
        except VerificationError as error:
            getattr(form, error.field_name or "name").errors = [error.message]
        except answering.InvalidAnswers as error:
            errors, general_error = error.parsed.errors, str(error)
        except ConsultationError as error:
            general_error = str(error)
        else:
            flash(_("Questionnaire no. %(number)d is recorded. Next one.", number=response.id), "success")
            return redirect_to("verification.file_answers", consultation_id=consultation.id)
        values = values or answering.parse_answers(consultation, request.form).values
    failed = request.method == "POST"
    return render_template("verification/file_answers.html", consultation=consultation, form=form, values=values,
                           errors=errors, general_error=general_error, refused=refused), 422 if failed else 200
