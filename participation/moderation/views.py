"""Reporting, the moderation queue, moderators' actions, blocks and the transparency page."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_limiter.errors import RateLimitExceeded
from flask_login import current_user
from sqlalchemy import select

from participation.accounts.models import User
from participation.audit.models import AuditEntry
from participation.common.access import safe_next
from participation.common.models import utcnow
from participation.common.pagination import page_from_request
from participation.common.validation import read_int
from participation.extensions import db, limiter
from participation.moderation import items as item_loader
from participation.moderation import services, transparency
from participation.moderation.forms import BlockForm, HideForm, NoteForm, ReportForm
from participation.moderation.labels import ACTION_LABELS, reason_label
from participation.moderation.models import PostingBlock, Report, ReportReason
from participation.moderation.queue import queue_page
from participation.permissions import moderation as rules
from participation.permissions.scopes import scope_of
from participation.territory.models import Municipality

bp = Blueprint("moderation", __name__)



def report_limit() -> str:
    return current_app.config["RATELIMIT_REPORT"]


def report_limit_reached(request_limit):
    message = _("You have sent many reports in a short time. Please wait a while; moderators are looking at them.")
    return current_app.make_response((render_template("errors/429.html", description=message), 429))



@bp.errorhandler(RateLimitExceeded)
def rate_limited(error):
    """Our own friendly answer (built by the on_breach callback) instead of the generic page."""
    return error.get_response()

@bp.app_template_global("reason_label")
def reason_label_global(code) -> str:
    return str(reason_label(code))


def _require_login():
    if current_user.is_authenticated:
        return None
    if "accounts.login" in current_app.view_functions:
        return redirect(url_for("accounts.login", next=request.full_path), code=303)
    abort(401)


def _item_or_404(kind: str, item_id: int):
    item = item_loader.load_item(kind, item_id)
    if item is None:
        abort(404)
    return item


# --- reporting (any signed-in user) -----------------------------------------

def _report(kind: str, item_id: int):
    login = _require_login()
    if login:
        return login
    item = _item_or_404(kind, item_id)
    if not _publicly_visible(item) and not rules.can_moderate(current_user, item):
        abort(404)
    fallback = item.url
    form = ReportForm()
    back = safe_next(form.next.data or request.args.get("next"), fallback)
    anchor = f"#comment-{item.id}" if kind == "comment" and "#" not in back else ""  # item.url may carry it
    if not rules.can_report(current_user, item):
        flash(str(services.report_refusal(current_user, item) or _("You cannot report this.")), "error")
        return redirect(back + anchor, code=303)
    if request.method == "GET":
        form.next.data = back
        if services.already_reported(current_user, item):
            flash(_("You have already reported this. Thank you, moderators will look at it."), "warning")
            return redirect(back + anchor, code=303)
    elif form.honeypot_tripped:
        return redirect(back + anchor, code=303)
    elif form.validate():
        try:
            services.report(current_user, item, ReportReason(form.reason.data), form.note.data or "")
        except services.ModerationRefused as refused:
            flash(str(refused.message), "warning")
        else:
            flash(_("Thank you. Moderators will look at your report."), "success")
        return redirect(back + anchor, code=303)
    status = 422 if request.method == "POST" else 200
    return render_template("moderation/report.html", form=form, item=item, back=back), status


def _publicly_visible(item) -> bool:
    if item.kind == "comment":
        return item.subject is not None and item.subject.public
    from participation.proposals.models import PUBLIC_STATUSES

    return item.obj.status in PUBLIC_STATUSES and item.obj.hidden_at is None


@bp.route("/nahlasit/komentar/<int:comment_id>", methods=["GET", "POST"])
@limiter.limit(report_limit, methods=["POST"], on_breach=report_limit_reached)
def report_comment(comment_id: int):
    """Report a comment to the moderators, with a reason."""
    return _report("comment", comment_id)


@bp.route("/nahlasit/podnet/<int:proposal_id>", methods=["GET", "POST"])
@limiter.limit(report_limit, methods=["POST"], on_breach=report_limit_reached)
def report_proposal(proposal_id: int):
    """Report a proposal to the moderators, with a reason."""
    return _report("proposal", proposal_id)


# --- the queue and item pages (moderators) -------------------------------------

@bp.get("/moderace")
def queue():
    """Reported items in my scope, oldest first, with their reports."""
    login = _require_login()
    if login:
        return login
    if not rules.can_view_queue(current_user):
        abort(403)
    page = queue_page(current_user, page_from_request(), current_app.config.get("PER_PAGE", 20))
    return render_template("moderation/queue.html", page=page)


def _moderated_item(kind: str, item_id: int):
    login = _require_login()
    if login:
        return None, login
    item = _item_or_404(kind, item_id)
    if not rules.can_moderate(current_user, item):
        abort(403)
    return item, None


def _item_page(kind: str, item_id: int):
    item, login = _moderated_item(kind, item_id)
    if login:
        return login
    reports = db.session.scalars(
        select(Report).where(services._item_column(item) == item.id).order_by(Report.created_at)
    ).all()
    history = db.session.scalars(
        select(AuditEntry).where(AuditEntry.subject_type == kind, AuditEntry.subject_id == item.id)
        .order_by(AuditEntry.created_at.desc()).limit(50)
    ).all()
    return render_template("moderation/item.html", item=item, reports=reports, history=history,
                           hide_form=HideForm(), note_form=NoteForm(), action_labels=ACTION_LABELS)


@bp.get("/moderace/komentare/<int:comment_id>")
def comment(comment_id: int):
    """A reported comment with its reports, history and the moderator's actions."""
    return _item_page("comment", comment_id)


@bp.get("/moderace/podnety/<int:proposal_id>")
def proposal(proposal_id: int):
    """A reported proposal with its reports, history and the moderator's actions."""
    return _item_page("proposal", proposal_id)


def _item_endpoint(item) -> str:
    if item.kind == "comment":
        return url_for("moderation.comment", comment_id=item.id)
    return url_for("moderation.proposal", proposal_id=item.id)


def _act(kind: str, item_id: int, action: str):
    item, login = _moderated_item(kind, item_id)
    if login:
        return login
    try:
        if action == "hide":
            form = HideForm()
            if not form.validate():
                flash(_("Choose a reason."), "error")
                return redirect(_item_endpoint(item), code=303)
            services.hide(current_user, item, ReportReason(form.reason.data), form.explanation.data or "")
            flash(_("Hidden. The author will be told the reason."), "success")
        elif action == "unhide":
            form = NoteForm()
            form.validate()
            services.unhide(current_user, item, form.note.data or "")
            flash(_("Shown again."), "success")
        else:
            form = NoteForm()
            form.validate()
            services.dismiss(current_user, item, form.note.data or "")
            flash(_("Reports dismissed."), "success")
    except services.ModerationRefused as refused:
        flash(str(refused.message), "warning")
        return redirect(_item_endpoint(item), code=303)
    return redirect(url_for("moderation.queue"), code=303)


@bp.post("/moderace/<word(comment, proposal):kind>/<int:item_id>/skryt")
def hide(kind: str, item_id: int):
    """Hide an item with a reason that its author is told."""
    return _act(kind, item_id, "hide")


@bp.post("/moderace/<word(comment, proposal):kind>/<int:item_id>/zobrazit")
def unhide(kind: str, item_id: int):
    """Show a hidden item again."""
    return _act(kind, item_id, "unhide")


@bp.post("/moderace/<word(comment, proposal):kind>/<int:item_id>/odmitnout")
def dismiss(kind: str, item_id: int):
    """Close the reports: nothing wrong here."""
    return _act(kind, item_id, "dismiss")


# --- posting blocks ----------------------------------------------------------

def _block_choices(target: User) -> list[tuple[str, str]]:
    scope = scope_of(current_user)
    choices = []
    if scope.everywhere:
        choices.append(("", _("Everywhere")))
        ids = [target.home_municipality_id] if target.home_municipality_id else []
    else:
        ids = sorted(scope.municipality_ids)
    if ids:
        for municipality in db.session.scalars(
            select(Municipality).where(Municipality.id.in_(ids)).order_by(Municipality.search_name)
        ):
            choices.append((str(municipality.id), municipality.name))
    return choices


@bp.route("/moderace/uzivatele/<int:user_id>/zablokovat", methods=["GET", "POST"])
def block_user(user_id: int):
    """Stop a user posting for a set time: within my municipalities, or everywhere for administrators."""
    login = _require_login()
    if login:
        return login
    if not rules.can_view_queue(current_user):
        abort(403)
    target = db.session.get(User, user_id) or abort(404)
    form = BlockForm()
    form.municipality.choices = _block_choices(target)
    if not form.municipality.choices:
        abort(403)
    back = safe_next(form.next.data or request.args.get("next"), url_for("moderation.queue"))
    if request.method == "GET":
        form.next.data = back
        preset = request.args.get("municipality", "")
        if preset in {value for value, _label in form.municipality.choices}:
            form.municipality.data = preset
    elif form.validate():
        municipality_id = int(form.municipality.data) if form.municipality.data else None
        if not rules.can_block(current_user, municipality_id):
            abort(403)
        try:
            services.block_user(current_user, target, municipality_id, int(form.days.data), form.reason.data)
        except services.ModerationRefused as refused:
            flash(str(refused.message), "error")
        else:
            flash(_("%(name)s cannot post there until the block ends.", name=target.display_name), "success")
            return redirect(back, code=303)
    status = 422 if request.method == "POST" else 200
    return render_template("moderation/block.html", form=form, target=target, back=back), status


@bp.get("/moderace/blokace")
def blocks():
    """Current posting blocks that I may lift."""
    login = _require_login()
    if login:
        return login
    if not rules.can_view_queue(current_user):
        abort(403)
    scope = scope_of(current_user)
    statement = (
        select(PostingBlock)
        .where(PostingBlock.lifted_at.is_(None), PostingBlock.ends_at > utcnow())
        .order_by(PostingBlock.ends_at)
    )
    if not scope.everywhere:
        statement = statement.where(PostingBlock.municipality_id.in_(list(scope.municipality_ids)))
    from sqlalchemy.orm import joinedload

    from participation.common.pagination import paginate

    page = paginate(statement.options(joinedload(PostingBlock.user), joinedload(PostingBlock.municipality)),
                    page_from_request(), current_app.config.get("PER_PAGE", 20))
    return render_template("moderation/blocks.html", page=page, note_form=NoteForm())


@bp.post("/moderace/blokace/<int:block_id>/zrusit")
def lift_block(block_id: int):
    """End a posting block early."""
    login = _require_login()
    if login:
        return login
    block = db.session.get(PostingBlock, block_id) or abort(404)
    if not rules.can_lift_block(current_user, block):
        abort(403)
    form = NoteForm()
    form.validate()
    try:
        services.lift_block(current_user, block, form.note.data or "")
    except services.ModerationRefused as refused:
        flash(str(refused.message), "warning")
    else:
        flash(_("The block was lifted."), "success")
    return redirect(url_for("moderation.blocks"), code=303)


# --- transparency (public) ---------------------------------------------------

@bp.get("/transparentnost", endpoint="transparency")
def transparency_page():
    """Per municipality and month: how many items were hidden and why. No hidden text."""
    years = transparency.available_years()
    current_year = utcnow().year
    year, malformed = read_int(request.args.get("year"), minimum=2000, maximum=2100)
    if year is None:
        year = current_year if malformed or not years else years[0]
    municipality_id = read_int(request.args.get("municipality"))[0]
    municipality = db.session.get(Municipality, municipality_id) if municipality_id else None
    rows = transparency.monthly_counts(year, municipality.id if municipality else None)
    return render_template("moderation/transparency.html", rows=rows, years=years or [current_year],
                           year=year, municipality=municipality,
                           year_totals=transparency.year_by_municipality(rows))
