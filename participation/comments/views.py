"""Discussion pages and fragments: write, reply, edit, delete, read on."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_limiter.errors import RateLimitExceeded
from flask_login import current_user

from participation.comments import page as discussion
from participation.comments import queries, services
from participation.comments.forms import CommentForm, EditForm, ReplyForm
from participation.comments.models import Comment, Thread
from participation.comments.section import PAGE_PARAM, Section, build_section, default_return_to
from participation.comments.subjects import Subject, describe_loaded_thread, describe_thread
from participation.common.htmx import render_page_or_fragment
from participation.common.pagination import page_from_request
from participation.extensions import db, htmx, limiter
from participation.permissions import comments as rules

bp = Blueprint("comments", __name__)



def comment_limit() -> str:
    return current_app.config["RATELIMIT_COMMENT"]


def limit_reached(request_limit):
    """A friendly answer when someone writes too fast (htmx gets it in place)."""
    message = _("You are writing faster than we allow. Please wait a minute and try again.")
    if htmx:
        response = current_app.make_response(
            render_template("comments/_notice.html", message=message, notice_id=_notice_target())
        )
        response.headers["HX-Retarget"] = f"#{_notice_target()}"
        response.headers["HX-Reswap"] = "innerHTML"
        return response
    return current_app.make_response((render_template("errors/429.html", description=message), 429))


def _notice_target() -> str:
    """Where an htmx request's form shows its notices."""
    view_args = request.view_args or {}
    if "thread_id" in view_args:
        return f"thread-{view_args['thread_id']}-notice"
    if "comment_id" in view_args:
        return f"comment-{view_args['comment_id']}-reply-slot"
    return "main"



@bp.errorhandler(RateLimitExceeded)
def rate_limited(error):
    """Our own friendly answer (built by the on_breach callback) instead of the generic page."""
    return error.get_response()

# --- template globals: what templates/comments/_section.html calls -------------

@bp.app_template_global()
def comment_section(thread=None, subject=None, return_to=None) -> Section | None:
    """Load the discussion of `subject` (its thread created on first need)."""
    if thread is None and subject is not None:
        thread = services.ensure_thread(subject, subject.__tablename__)
    if thread is None:
        return None
    described = describe_loaded_thread(thread, subject)
    # A page (GET) reads the counts the view just loaded with the thread; nothing wrote since.
    return build_section(thread, described, return_to, lazy=True, counts_loaded=request.method == "GET")


@bp.app_template_global()
def discussion_page(section: Section):
    """One page of the discussion: shared rendering, this viewer's actions (comments/page.py)."""
    return discussion.discussion_page(section)


@bp.app_template_global()
def comment_counts(thread_ids) -> dict[int, int]:
    """Visible comments per thread, for lists (one query)."""
    return queries.visible_comment_counts(thread_ids)


@bp.app_template_global()
def stance_label(stance) -> str:
    labels = {"for": _("For"), "against": _("Against"), "neutral": _("Neutral")}
    return labels.get(str(stance), "")


# --- loading ---------------------------------------------------------------

def _require_login():
    if current_user.is_authenticated:
        return None
    if "accounts.login" in current_app.view_functions:
        return redirect(url_for("accounts.login", next=request.full_path), code=303)
    abort(401)


def _load_thread(thread_id: int) -> tuple[Thread, Subject]:
    thread = db.session.get(Thread, thread_id) or abort(404)
    subject = describe_thread(thread.id)
    if not rules.can_view_subject(current_user, subject):
        abort(404)
    return thread, subject


def _load_comment(comment_id: int) -> tuple[Comment, Subject]:
    comment = db.session.get(Comment, comment_id) or abort(404)
    subject = describe_thread(comment.thread_id)
    if not rules.can_view_subject(current_user, subject):
        abort(404)
    return comment, subject


def _anchor_url(comment: Comment, section: Section) -> str:
    """Where a browser without JavaScript finds the comment after posting."""
    position = queries.position_under_root(comment)
    if position > services.replies_shown():
        return url_for("comments.show", comment_id=comment.root_id,
                       page=(position - 1) // services.per_page() + 1, _anchor=f"comment-{comment.id}")
    page = queries.page_of(comment, services.per_page())
    base = section.return_to
    query = f"?{PAGE_PARAM}={page}" if page > 1 else ""
    return f"{base}{query}#comment-{comment.id}"


def _refused(message, section: Section, status: int = 200):
    """A rule said no: htmx gets a notice in place, a plain request a flash and a redirect."""
    if htmx:
        return render_template("comments/_notice.html", message=message,
                               notice_id=_notice_target()), status
    flash(str(message), "error")
    return redirect(section.return_to, code=303)


# --- writing ----------------------------------------------------------------

@bp.post("/vlakna/<int:thread_id>/komentare")
@limiter.limit(comment_limit, methods=["POST"], on_breach=limit_reached)
def create(thread_id: int):
    """Post a new comment (htmx: the comment in place; otherwise back to its anchor)."""
    login = _require_login()
    if login:
        return login
    thread, subject = _load_thread(thread_id)
    form = CommentForm(prefix=f"t{thread.id}")
    section = Section(thread=thread, subject=subject,
                      return_to=default_return_to(form.return_to.data, subject))
    if not rules.can_comment(current_user, subject):
        return _refused(_("This discussion is closed."), section)
    if form.honeypot_tripped:
        return redirect(section.return_to, code=303)
    if not form.validate():
        section.form = form
        if htmx:
            response = current_app.make_response(render_template("comments/_form.html", section=section))
            response.headers["HX-Retarget"] = f"#thread-{thread.id}-form"
            response.headers["HX-Reswap"] = "outerHTML"
            return response
        return render_template("comments/new.html", section=section), 422
    try:
        comment = services.create_comment(current_user, thread, form.body.data, form.stance_value,
                                          subject=subject)
    except services.CommentRefused as refused:
        return _refused(refused.message, section)
    if htmx:
        section.form = CommentForm(prefix=f"t{thread.id}", formdata=None, return_to=section.return_to)
        section.counts = queries.stance_counts(thread.id)
        return render_template("comments/_created.html", section=section,
                               node=queries.Node(comment=comment))
    flash(_("Your comment is posted."), "success")
    return redirect(_anchor_url(comment, section), code=303)


@bp.route("/komentare/<int:comment_id>/odpovedet", methods=["GET", "POST"])
@limiter.limit(comment_limit, methods=["POST"], on_breach=limit_reached)
def reply(comment_id: int):
    """Reply to a comment: the form (page or fragment) and posting it."""
    login = _require_login()
    if login:
        return login
    target, subject = _load_comment(comment_id)
    form = ReplyForm(prefix=f"r{target.id}")
    section = Section(thread=target.thread, subject=subject,
                      return_to=default_return_to(form.return_to.data or request.args.get("next"), subject))
    if not rules.can_reply(current_user, target, subject):
        return _refused(_("You cannot reply to this comment."), section)
    if request.method == "GET":
        form.return_to.data = section.return_to
        return render_page_or_fragment("comments/reply.html", "comments/_reply_form.html",
                                       section=section, form=form, target=target)
    if form.honeypot_tripped:
        return redirect(section.return_to, code=303)
    if not form.validate():
        if htmx:
            return render_template("comments/_reply_form.html", section=section, form=form, target=target)
        return render_template("comments/reply.html", section=section, form=form, target=target), 422
    try:
        comment = services.reply_to(current_user, target, form.body.data, subject=subject)
    except services.CommentRefused as refused:
        return _refused(refused.message, section)
    if htmx:
        section.counts = queries.stance_counts(target.thread_id)
        response = current_app.make_response(render_template(
            "comments/_replied.html", section=section, node=queries.Node(comment=comment), target=target,
        ))
        response.headers["HX-Retarget"] = f"#comment-{comment.parent_id}-replies"
        response.headers["HX-Reswap"] = "beforeend"
        return response
    return redirect(_anchor_url(comment, section), code=303)


@bp.route("/komentare/<int:comment_id>/upravit", methods=["GET", "POST"])
def edit(comment_id: int):
    """The author edits a comment; it is marked as edited, with the time."""
    login = _require_login()
    if login:
        return login
    comment, subject = _load_comment(comment_id)
    if not rules.can_edit(current_user, comment):
        abort(403)
    form = EditForm(prefix=f"e{comment.id}", obj=None if request.method == "POST" else comment)
    if request.method == "GET":
        form.stance.data = comment.stance.value if comment.stance else ""
    section = Section(thread=comment.thread, subject=subject,
                      return_to=default_return_to(form.return_to.data or request.args.get("next"), subject))
    form.return_to.data = section.return_to
    saved = False
    try:
        services.check_not_blocked(current_user, subject)
        if request.method == "POST" and form.validate():
            services.edit_comment(current_user, comment, form.body.data, form.stance_value, subject=subject)
            saved = True
    except services.CommentRefused as refused:
        return _refused(refused.message, section)
    if saved:
        if htmx:
            return render_template("comments/_article.html", section=section, comment=comment)
        return redirect(_anchor_url(comment, section), code=303)
    if htmx:
        return render_template("comments/_edit_form.html", section=section, form=form, comment=comment)
    status = 422 if request.method == "POST" else 200
    return render_template("comments/edit.html", section=section, form=form, comment=comment), status


@bp.route("/komentare/<int:comment_id>/smazat", methods=["GET", "POST"])
def delete(comment_id: int):
    """The author deletes a comment (a placeholder stays if it has replies)."""
    login = _require_login()
    if login:
        return login
    comment, subject = _load_comment(comment_id)
    if not rules.can_delete(current_user, comment):
        abort(403)
    section = Section(thread=comment.thread, subject=subject,
                      return_to=default_return_to(request.values.get("next"), subject))
    if request.method == "GET":
        return render_template("comments/delete.html", section=section, comment=comment)
    placeholder = services.delete_comment(current_user, comment)
    if htmx:
        if placeholder:
            response = current_app.make_response(
                render_template("comments/_article.html", section=section, comment=comment))
            response.headers["HX-Retarget"] = f"#comment-{comment.id}-article"
        else:
            response = current_app.make_response("")
            response.headers["HX-Retarget"] = f"#comment-{comment_id}"
        response.headers["HX-Reswap"] = "outerHTML"
        return response
    flash(_("Your comment was deleted."), "success")
    return redirect(f"{section.return_to}#thread-{comment.thread_id}", code=303)


# --- reading ----------------------------------------------------------------

@bp.get("/vlakna/<int:thread_id>/komentare")
def thread_page(thread_id: int):
    """More top-level comments: the next page as a fragment (htmx) or on the subject's page."""
    thread, subject = _load_thread(thread_id)
    if not htmx:
        args = request.args.to_dict()
        args.pop("return_to", None)
        section = Section(thread=thread, subject=subject, return_to=subject.url)
        page = page_from_request(PAGE_PARAM)
        response = redirect(section.page_url(page, args.get("comment_order")), code=303)
        response.headers["Vary"] = "HX-Request"
        return response
    section = build_section(thread, subject, request.args.get("return_to"), fragment=True, lazy=True)
    response = current_app.make_response(render_template("comments/_page.html", section=section))
    response.headers["Vary"] = "HX-Request"
    return response


@bp.get("/komentare/<int:comment_id>")
def show(comment_id: int):
    """A comment with every reply under its top-level comment, page by page."""
    comment, subject = _load_comment(comment_id)
    root = comment if comment.depth == 1 else db.session.get(Comment, comment.root_id)
    page = page_from_request("page")
    per_page = services.per_page()
    nodes, _more = queries.top_level_page_of_ids([root.id])
    replies = queries.replies_under([root.id], per_page, offset=(page - 1) * per_page)
    queries.build_tree(nodes, replies)
    total = nodes[0].reply_count if nodes else 0
    section = Section(thread=root.thread, subject=subject, return_to=subject.url, permalink=True)
    pages = max(1, -(-total // per_page))
    return render_template("comments/show.html", section=section, node=nodes[0], page=page,
                           pages=pages, target=comment)


@bp.get("/komentare/<int:comment_id>/clanek")
def show_article(comment_id: int):
    """One comment's article (htmx: cancelling an edit puts it back)."""
    comment, subject = _load_comment(comment_id)
    if not htmx:
        return redirect(url_for("comments.show", comment_id=comment.id, _anchor=f"comment-{comment.id}"), code=303)
    section = Section(thread=comment.thread, subject=subject, return_to=subject.url)
    response = current_app.make_response(render_template("comments/_article.html", section=section, comment=comment))
    response.headers["Vary"] = "HX-Request"
    return response
