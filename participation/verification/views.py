"""Residency: the resident's page (letter code, register) and the office's pages (letters, in person, register).

Load the objects (404), ask the permission rule (403), call one service.
"""

from flask import abort, flash, render_template, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from participation.common.access import require, write_limit
from participation.common.htmx import redirect_to
from participation.common.pagination import page_from_request, paginate
from participation.extensions import db, limiter
from participation.localities.models import Locality
from participation.permissions import verification as rules
from participation.verification import printing, residency
from participation.verification.blueprint import bp, office_municipality, verification_limit
from participation.verification.forms import (
    DOCUMENT_LABELS,
    CodeForm,
    InPersonForm,
    LetterBatchForm,
    RegisterMatchForm,
    RegisterUploadForm,
)
from participation.verification.models import DocumentKind, ResidencyVerification


@bp.app_template_global()
def verification_method_label(method) -> str:
    labels = {"letter": _("code from a letter"), "in_person": _("in person at the office"),
              "register": _("the municipality's register")}
    return labels.get(str(method), str(method))


@bp.app_template_global()
def document_kind_label(kind) -> str:
    return str(DOCUMENT_LABELS.get(kind, kind or ""))


def _resident_page(status: int = 200, code_form=None, register_form=None):
    return render_template(
        "verification/resident.html", code_form=code_form or CodeForm(prefix="letter"),
        register_form=register_form or RegisterMatchForm(prefix="register"),
        verification=residency.latest_verification(current_user),
    ), status


@bp.get("/overeni-bydliste")
def resident():
    """How to get verified, and the resident's status."""
    require(True)
    return _resident_page()


def _resident_may_verify() -> None:
    require(True)
    if not rules.can_get_verified(current_user):
        abort(403)


@bp.post("/overeni-bydliste/kod")
@verification_limit
def redeem():
    """Enter a code from a letter."""
    _resident_may_verify()
    form = CodeForm(prefix="letter")
    if form.validate_on_submit():
        try:
            residency.redeem_code(current_user, form.code.data)
        except residency.VerificationError as error:
            form.code.errors = [error.message]
        else:
            flash(_("Your residency in %(name)s is verified.", name=current_user.home_municipality.name), "success")
            return redirect_to("verification.resident")
    return _resident_page(422, code_form=form)


@bp.post("/overeni-bydliste/registr")
@verification_limit
def match_register():
    """Match one's name and date of birth against the municipality's register."""
    _resident_may_verify()
    form = RegisterMatchForm(prefix="register")
    if form.validate_on_submit():
        try:
            residency.match_register(current_user, form.name.data, form.born_on.data)
        except residency.VerificationError as error:
            form.name.errors = [error.message]
        else:
            flash(_("Your residency in %(name)s is verified.", name=current_user.home_municipality.name), "success")
            return redirect_to("verification.resident")
    return _resident_page(422, register_form=form)


# --- The office ---------------------------------------------------------------------


@bp.get("/obce/<code>/overeni-bydliste")
def office(code: str):
    """The office's residency page: how many are verified, the register, the latest verifications."""
    municipality = office_municipality(code)
    statement = (
        select(ResidencyVerification).where(ResidencyVerification.municipality_id == municipality.id)
        .options(db.selectinload(ResidencyVerification.user), db.selectinload(ResidencyVerification.verified_by))
        .order_by(ResidencyVerification.created_at.desc(), ResidencyVerification.id.desc())
    )
    page = paginate(statement, page_from_request(), 30)
    from participation.accounts.models import User

    verified = db.session.scalar(select(func.count(User.id)).where(
        User.home_municipality_id == municipality.id, User.residency_verified_at.is_not(None)))
    register_rows, register_at = residency.register_size(municipality.id)
    return render_template("verification/office.html", municipality=municipality, page=page, verified=verified,
                           register_rows=register_rows, register_at=register_at)


def _locality_choices(municipality) -> list[tuple[int, str]]:
    localities = db.session.scalars(
        select(Locality).where(Locality.municipality_id == municipality.id).order_by(Locality.search_name))
    return [(0, _("The whole municipality"))] + [(loc.id, loc.name) for loc in localities]


@bp.route("/obce/<code>/overeni-bydliste/dopisy", methods=["GET", "POST"])
@limiter.limit(write_limit, methods=["POST"])
def letters(code: str):
    """Make a batch of letter codes and print them: the codes are shown this once only."""
    municipality = office_municipality(code)
    form = LetterBatchForm()
    form.locality.choices = _locality_choices(municipality)
    if form.validate_on_submit():
        locality = db.session.get(Locality, form.locality.data) if form.locality.data else None
        try:
            batch, codes = residency.make_letter_batch(current_user, municipality, form.size.data, locality)
        except residency.VerificationError as error:
            getattr(form, error.field_name or "size").errors = [error.message]
        else:
            page_url = printing.absolute_url(url_for("verification.resident"))
            place = locality.name if locality is not None else municipality.name
            if form.output.data == "pdf":
                pdf = printing.letters_pdf(municipality.name, place, codes, batch.expires_at, page_url)
                return printing.pdf_response(pdf, f"dopisy-{municipality.code}-{batch.id}.pdf", attachment=True,
                                             private=True)
            page = render_template("verification/letters_print.html", municipality=municipality, place=place,
                                   codes=codes, batch=batch, page_url=page_url,
                                   qr=printing.qr_data_uri(page_url))
            return page, 200, {"Cache-Control": "no-store"}
    return render_template("verification/letters.html", municipality=municipality, form=form), \
        422 if form.errors else 200


@bp.route("/obce/<code>/overeni-bydliste/osobne", methods=["GET", "POST"])
@limiter.limit(write_limit, methods=["POST"])
def in_person(code: str):
    """Confirm a resident's residence after seeing a document at the office."""
    from participation.accounts.models import User

    municipality = office_municipality(code)
    form = InPersonForm()
    if form.validate_on_submit():
        resident = db.session.scalar(select(User).where(func.lower(User.email) == form.email.data.strip().lower()))
        if resident is None or resident.is_deleted:
            form.email.errors = [_("No account has this email address.")]
        elif resident.home_municipality_id != municipality.id or not rules.can_verify_in_person(current_user,
                                                                                                 resident):
            form.email.errors = [_("This account's home municipality is not %(name)s; its residency can only be "
                                   "verified there.", name=municipality.name)]
        elif bool(form.name.data) != bool(form.born_on.data):
            form.born_on.errors = [_("Fill in both the name and the date of birth, or neither.")]
        else:
            residency.verify_in_person(current_user, resident, DocumentKind(form.document_kind.data),
                                       form.name.data or "", form.born_on.data)
            flash(_("The residency of %(name)s is verified.", name=resident.display_name), "success")
            return redirect_to("verification.office", code=municipality.code)
    return render_template("verification/in_person.html", municipality=municipality, form=form), \
        422 if form.errors else 200


@bp.route("/obce/<code>/overeni-bydliste/registr", methods=["GET", "POST"])
@limiter.limit(write_limit, methods=["POST"])
def register_upload(code: str):
    """Upload the municipality's register; one bad row and nothing changes."""
    municipality = office_municipality(code)
    form = RegisterUploadForm()
    errors: list[tuple[int, str]] = []
    if form.validate_on_submit():
        result = residency.import_register(current_user, municipality, form.file.data.read())
        if result.ok:
            flash(_("The register is saved: %(rows)d residents, kept only as keyed hashes.", rows=result.rows),
                  "success")
            return redirect_to("verification.office", code=municipality.code)
        errors = result.errors
        form.file.errors = [_("Nothing was saved: the file has errors. Correct them and upload it again.")]
    register_rows, register_at = residency.register_size(municipality.id)
    return render_template("verification/register.html", municipality=municipality, form=form, errors=errors,
                           register_rows=register_rows, register_at=register_at,
                           register_date=format_date(register_at) if register_at else None), \
        422 if form.errors else 200


from participation.verification import answer_views, office_views, printables, proposal_views  # noqa: E402, F401, I001  (routes on bp)
