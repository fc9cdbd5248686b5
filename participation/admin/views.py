"""Administrators look people up and grant or revoke their roles."""

from flask import Blueprint, abort, current_app, flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from participation.accounts.models import Role, RoleKind
from participation.admin import services
from participation.admin.forms import (
    GrantAdministratorForm,
    GrantModeratorForm,
    GrantRepresentativeForm,
    RevokeRoleForm,
)
from participation.audit.models import AuditEntry
from participation.common.access import require
from participation.common.htmx import redirect_to
from participation.common.pagination import page_from_request, paginate
from participation.extensions import db, limiter
from participation.permissions import admin as rules
from participation.permissions.territory import administered_region_ids
from participation.territory import services as territory
from participation.territory.models import Grouping, Municipality, Region

bp = Blueprint("admin", __name__)

GRANT_FORMS = {
    "moderator": GrantModeratorForm,
    "representative": GrantRepresentativeForm,
    "administrator": GrantAdministratorForm,
}
RECENT_ENTRIES = 20


def _write_limit():
    return current_app.config["RATELIMIT_WRITE"]


@bp.get("/sprava/uzivatele")
def users():
    """People, searchable by name or e-mail, optionally only holders of a role."""
    require(rules.can_manage_users(current_user))
    query = request.args.get("q", "").strip()[:254]
    role = request.args.get("role", "")
    role = role if role in services.ROLE_FILTERS else ""
    page = paginate(services.search_users(query, role), page_from_request(), current_app.config["PER_PAGE"])
    return render_template("admin/users.html", page=page, query=query, role=role)


def _groupings_for(user) -> list[Grouping]:
    allowed = administered_region_ids(user)
    statement = select(Grouping).order_by(Grouping.search_name)
    if allowed is not None:
        statement = statement.where(Grouping.region_id.in_(allowed))
    return list(db.session.scalars(statement))


def _forms(prefill: dict | None = None) -> dict:
    forms = {
        "moderator": GrantModeratorForm(prefix="moderator", formdata=None),
        "representative": GrantRepresentativeForm(prefix="representative", formdata=None),
        "administrator": GrantAdministratorForm(prefix="administrator", formdata=None),
    }
    forms.update(prefill or {})
    forms["representative"].set_groupings(_groupings_for(current_user))
    forms["administrator"].set_regions(territory.regions())
    return forms


def _load_user(user_id: int):
    require(rules.can_manage_users(current_user))
    user = services.user_with_roles(user_id)
    if user is None:
        abort(404)
    return user


def _user_page(user, forms: dict, status: int = 200):
    entries = list(db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.target_user_id == user.id)
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
        .limit(RECENT_ENTRIES)
    ))
    roles = sorted(user.roles, key=lambda r: (r.kind.value, r.id))
    return render_template("admin/user.html", user=user, roles=roles, forms=forms, entries=entries), status


@bp.get("/sprava/uzivatele/<int:user_id>")
def user(user_id: int):
    """A person's account and roles, with forms to grant more."""
    found = _load_user(user_id)
    return _user_page(found, _forms())


def _scope_from(kind: str, form) -> dict | None:
    """Resolve and check the scope chosen in the form; add errors to it and return None if refused."""
    if kind == "moderator":
        municipality = db.session.get(Municipality, form.municipality.data)
        if not rules.can_grant_moderator(current_user, municipality):
            form.municipality.errors.append(_("You may only grant roles in the region you administer."))
            return None
        return {"municipality": municipality}
    if kind == "representative":
        grouping = db.session.get(Grouping, form.grouping.data) if form.grouping.data else None
        if not rules.can_grant_representative(current_user, grouping):
            form.grouping.errors.append(_("Choose a grouping."))
            return None
        return {"grouping": grouping}
    region = db.session.get(Region, form.region.data) if form.region.data else None
    return {"region": region}


ERROR_MESSAGES = {
    "duplicate": lambda: _("This person already holds this role."),
    "deleted": lambda: _("This account has been deleted: it cannot be given roles."),
}


@bp.post("/sprava/uzivatele/<int:user_id>/role/<kind>")
@limiter.limit(_write_limit, methods=["POST"])
def grant(user_id: int, kind: str):
    """Grant a moderator, representative or administrator role."""
    found = _load_user(user_id)
    if kind not in GRANT_FORMS:
        abort(404)
    if kind == "administrator":
        require(rules.can_grant_administrator(current_user))
    form = GRANT_FORMS[kind](prefix=kind)
    forms = _forms({kind: form})
    if not form.validate() or (scope := _scope_from(kind, form)) is None:
        return _user_page(found, forms, 422)
    try:
        services.grant_role(current_user, found, RoleKind(kind), **scope)
    except services.RoleError as error:
        db.session.rollback()
        flash(ERROR_MESSAGES[error.code](), "error")
        return _user_page(found, _forms(), 409)
    flash(_("Role granted to %(name)s.", name=found.display_name), "success")
    return redirect_to("admin.user", user_id=found.id)


def _load_role(user_id: int, role_id: int) -> Role:
    require(rules.can_manage_users(current_user))
    role = db.session.get(Role, role_id)
    if role is None or role.user_id != user_id:
        abort(404)
    require(rules.can_revoke_role(current_user, role))
    return role


@bp.route("/sprava/uzivatele/<int:user_id>/role/<int:role_id>/odebrat", methods=["GET", "POST"])
@limiter.limit(_write_limit, methods=["POST"])
def revoke(user_id: int, role_id: int):
    """Confirm, then take a role away."""
    role = _load_role(user_id, role_id)
    form = RevokeRoleForm()
    if form.validate_on_submit():
        try:
            services.revoke_role(current_user, role, form.reason.data or "")
        except services.RoleError:
            db.session.rollback()
            flash(_("You cannot remove your own administrator role: ask another administrator."), "error")
            return redirect_to("admin.user", user_id=user_id)
        flash(_("Role removed."), "success")
        return redirect_to("admin.user", user_id=user_id)
    return render_template("admin/revoke.html", role=role, form=form)


@bp.app_template_global()
def role_label(role) -> str:
    """A role in words: "Moderator of Choceň", "Administrator everywhere"."""
    if role.kind == RoleKind.MODERATOR:
        name = role.municipality.name if role.municipality else "?"
        return _("Moderator of %(name)s", name=name)
    if role.kind == RoleKind.REPRESENTATIVE:
        name = role.grouping.name if role.grouping else "?"
        return _("Representative of %(name)s", name=name)
    if role.kind == RoleKind.OPERATOR:
        name = role.operator.name if role.operator else "?"
        return _("Staff of the operator %(name)s", name=name)
    if role.region is not None:
        return _("Administrator of %(name)s", name=role.region.name)
    return _("Administrator everywhere")
