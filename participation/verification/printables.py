"""Notices for the notice board (proposal, consultation, project) and paper questionnaires with form codes.

Each as a PDF or, with ?format=html, an A4 page to print; each with the item's
short address and a QR code. Routes on the verification blueprint.
"""

from flask import abort, render_template, request, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user

from participation.common.access import require
from participation.consultations.models import Consultation, Question, QuestionKind
from participation.extensions import db
from participation.permissions import consultations as consultation_rules
from participation.permissions import verification as rules
from participation.projects import queries as project_queries
from participation.proposals import page_queries
from participation.verification import printing
from participation.verification.blueprint import bp
from participation.verification.form_codes import form_code

MAX_COPIES = 200
DATE_TIME = "d. M. yyyy, H:mm"  # a full year on paper that hangs for weeks


def load_consultation(consultation_id: int) -> Consultation:
    """The consultation with its municipalities and questions; 404 when the user may not see it."""
    from sqlalchemy import select
    from sqlalchemy.orm import joinedload, selectinload

    consultation = db.session.scalars(select(Consultation).where(Consultation.id == consultation_id).options(
        joinedload(Consultation.grouping), selectinload(Consultation.municipalities),
        selectinload(Consultation.questions).selectinload(Question.options))).first()
    if consultation is None or not consultation_rules.can_view(current_user, consultation):
        abort(404)
    return consultation


def _notice(kind: str, title: str, facts: list[str], body: str, path: str, call: str, filename: str):
    address = printing.absolute_url(path)
    if request.args.get("format") == "html":
        return render_template("verification/notice.html", kind=kind, title=title, facts=facts, body=body,
                               address=address, call=call, qr=printing.qr_data_uri(address))
    pdf = printing.notice_pdf(kind, title, facts, body, address, call)
    return printing.pdf_response(pdf, filename)


@bp.get("/podnety/<int:proposal_id>/vyveska")
def proposal_notice(proposal_id: int):
    """A notice for the notice board about a proposal that collects support."""
    proposal = page_queries.load_proposal(proposal_id)
    if proposal is None or not rules.can_print_signature_sheet(proposal):
        abort(404)
    facts = [_("Concerns: %(names)s", names=", ".join(m.name for m in proposal.municipalities))]
    return _notice(_("Proposal"), proposal.title, facts, printing.excerpt(proposal.body),
                   url_for("proposals.detail", proposal_id=proposal.id),
                   _("Support it online, or sign the signature sheet at your municipal office:"),
                   f"vyveska-podnet-{proposal.id}.pdf")


@bp.get("/konzultace/<int:consultation_id>/vyveska")
def consultation_notice(consultation_id: int):
    """A notice about a consultation: its deadline and where to hand in paper answers."""
    consultation = load_consultation(consultation_id)
    if consultation.phase() not in ("upcoming", "open"):
        abort(404)
    offices = ", ".join(m.name for m in consultation.municipalities)
    facts = [
        _("Answer from %(opens)s to %(closes)s.", opens=format_datetime(consultation.opens_at, DATE_TIME),
          closes=format_datetime(consultation.closes_at, DATE_TIME)),
        _("Paper questionnaires: at the municipal office of %(offices)s; hand them in there by the deadline.",
          offices=offices),
        _("Asked by %(grouping)s.", grouping=consultation.grouping.name),
    ]
    return _notice(_("Consultation"), consultation.title, facts, printing.excerpt(consultation.introduction),
                   url_for("consultations.detail", consultation_id=consultation.id), _("Answer online:"),
                   f"vyveska-konzultace-{consultation.id}.pdf")


@bp.get("/projekty/<int:project_id>/vyveska")
def project_notice(project_id: int):
    """A notice about an infrastructure project."""
    project = project_queries.load_project(project_id)
    if project is None:
        abort(404)
    facts = [_("Municipalities: %(names)s", names=", ".join(m.name for m in project.municipalities))]
    if project.place_name:
        facts.append(_("Where: %(place)s", place=project.place_name))
    return _notice(_("Project"), project.title, facts, printing.excerpt(project.description),
                   url_for("projects.detail", project_id=project.id), _("Progress, timeline and discussion:"),
                   f"vyveska-projekt-{project.id}.pdf")


def _question_lines(question) -> list[str]:
    options = [option.text for option in question.options]
    if question.kind == QuestionKind.SINGLE:
        return [f"☐ {text}" for text in options]
    if question.kind == QuestionKind.MULTIPLE:
        return [f"☐ {text}" for text in options]
    if question.kind == QuestionKind.RANKING:
        return [f"[   ] {text}" for text in options]
    if question.kind == QuestionKind.SCALE:
        return ["1 ☐    2 ☐    3 ☐    4 ☐    5 ☐"]
    return ["_" * 70] * 3


def _question_hint(question) -> str:
    return {
        QuestionKind.SINGLE: _("Tick one."),
        QuestionKind.MULTIPLE: _("Tick up to %(num)d.", num=question.max_choices or len(question.options)),
        QuestionKind.RANKING: _("Number them in order: 1 for the most important."),
        QuestionKind.SCALE: _("1 = not at all, 5 = very much."),
    }.get(question.kind, "")


@bp.get("/konzultace/<int:consultation_id>/dotaznik")
def questionnaire(consultation_id: int):
    """Paper questionnaires for the office to hand out, each copy with its own form code."""
    consultation = load_consultation(consultation_id)
    require(bool(consultation_rules.paper_municipality_ids(current_user, consultation))
            or consultation_rules.can_manage(current_user, consultation))
    if consultation.phase() not in ("upcoming", "open"):
        abort(404)
    copies = min(max(request.args.get("kopie", 10, type=int) or 10, 1), MAX_COPIES)
    first = max(request.args.get("od", 1, type=int) or 1, 1)
    codes = [form_code(consultation.id, serial) for serial in range(first, min(first + copies, 10000))]
    questions = [{"text": q.text, "hint": _question_hint(q), "lines": _question_lines(q)}
                 for q in consultation.questions]
    address = printing.absolute_url(url_for("consultations.detail", consultation_id=consultation.id))
    closes = format_datetime(consultation.closes_at, DATE_TIME)
    hand_in = _("the municipal office of %(offices)s",
                offices=", ".join(m.name for m in consultation.municipalities))
    if request.args.get("format") == "html":
        return render_template("verification/questionnaire.html", consultation=consultation, codes=codes,
                               questions=questions, address=address, closes=closes, hand_in=hand_in,
                               qr=printing.qr_data_uri(address))
    pdf = printing.questionnaire_pdf(consultation.title, closes, hand_in, questions, codes, address)
    return printing.pdf_response(pdf, f"dotaznik-{consultation.id}-{first}.pdf")
