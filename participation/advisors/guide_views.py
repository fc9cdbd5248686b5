"""Methodological guides: the searchable list, a guide, writing and changing one, its history and versions."""

from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from participation.advisors import guides, queries
from participation.advisors.blueprint import PER_PAGE, bp, field_or_none, rules, write_limit
from participation.advisors.forms import GuideForm
from participation.advisors.models import AdvisorField
from participation.common.access import require
from participation.common.errors import Invalid
from participation.common.form_pages import done, form_page, load_or_404
from participation.common.pagination import page_from_request, paginate
from participation.extensions import db
from participation.good_practice.models import GoodPractice, GoodPracticeStatus
from participation.projects.forms import KIND_LABELS as PROJECT_KIND_LABELS

MAX_QUERY = 100


def _guide_or_404(guide_id: int):
    return load_or_404(queries.load_guide(guide_id))


@bp.get("/navody")
def guides_index():
    """Guides per field, searchable in their titles and text."""
    query = request.args.get("q", "").replace("\x00", "")[:MAX_QUERY].strip()
    field = field_or_none(request.args.get("field"))
    page = paginate(queries.guides_statement(query, field), page_from_request(), PER_PAGE)
    return render_template("advisors/guides.html", results_page=page, query=query,
                           chosen_field=field.value if field else "",
                           can_write=rules.can_write_guide(current_user))


@bp.get("/navody/<int:advisor_guide_id>")
def guide(advisor_guide_id: int):
    """A guide's current text, what it applies to, and a link to its history."""
    item = _guide_or_404(advisor_guide_id)
    return render_template("advisors/guide.html", guide=item, project_kind_labels=PROJECT_KIND_LABELS,
                           can_edit=rules.can_write_guide(current_user, item.field))


def _data(form: GuideForm) -> guides.GuideData:
    return guides.GuideData(
        field=AdvisorField(form.field.data), title=form.title.data, body=form.body.data,
        change_note=form.change_note.data or "", review_by=form.review_by.data,
        project_kinds=list(form.project_kinds.data or []),
        good_practices=list(db.session.scalars(select(GoodPractice).where(
            GoodPractice.id.in_(form.good_practices.data or [])))))


def _guide_page(form: GuideForm, item, message):
    """The guide's form: saved, it publishes a guide (`item` None) or a new version of it."""
    def save():
        if not rules.can_write_guide(current_user, form.field.data):
            raise Invalid({"field": _("You may write guides only of your own field.")})
        if item is None:
            return guides.create_guide(current_user, _data(form))
        guides.update_guide(current_user, item, _data(form))
        return item

    form.project_kinds.choices = [(kind.value, label) for kind, label in PROJECT_KIND_LABELS.items()]
    form.good_practices.choices = [(row.id, row.title) for row in db.session.execute(
        select(GoodPractice.id, GoodPractice.title).where(GoodPractice.status == GoodPracticeStatus.PUBLISHED)
        .order_by(GoodPractice.title))]
    return form_page(form, save, lambda saved: done(message, "advisors.guide", advisor_guide_id=saved.id),
                     "advisors/guide_form.html", guide=item)


@bp.route("/navody/novy", methods=["GET", "POST"])
@login_required
@write_limit
def new_guide():
    """An advisor (or coordinator) writes a guide of their field."""
    require(rules.can_write_guide(current_user))
    form = GuideForm()
    if request.method == "GET":
        advisor = rules.advisor_of(current_user)
        form.field.data = advisor.field.value if advisor else form.field.data
    return _guide_page(form, None, _("The guide was published."))


@bp.route("/navody/<int:advisor_guide_id>/upravit", methods=["GET", "POST"])
@login_required
@write_limit
def edit_guide(advisor_guide_id: int):
    """A new version of a guide, with a note of what changed; the previous version is kept."""
    item = _guide_or_404(advisor_guide_id)
    require(rules.can_write_guide(current_user, item.field))
    form = GuideForm(obj=item) if request.method == "GET" else GuideForm()
    if request.method == "GET":
        form.project_kinds.data = item.kinds
        form.good_practices.data = [p.id for p in item.good_practices]
        form.change_note.data = ""
    return _guide_page(form, item, _("The new version was published; the previous one is kept."))


@bp.get("/navody/<int:advisor_guide_id>/historie")
def guide_history(advisor_guide_id: int):
    """Every version of a guide, newest first, with its note and review date."""
    item = _guide_or_404(advisor_guide_id)
    return render_template("advisors/guide_history.html", guide=item, versions=guides.versions_of(item))


@bp.get("/navody/<int:advisor_guide_id>/verze/<int:number>")
def guide_version(advisor_guide_id: int, number: int):
    """An earlier version's text and what the version changed against the one before it."""
    item = _guide_or_404(advisor_guide_id)
    version = guides.version(item, number)
    if version is None:
        abort(404)
    previous = guides.version(item, number - 1) if number > 1 else None
    return render_template("advisors/guide_version.html", guide=item, version=version, previous=previous,
                           changes=guides.diff(previous, version))
