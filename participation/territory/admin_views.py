"""Administrator screens for regions, municipalities and groupings (routes on territory.bp)."""

from flask import abort, current_app, flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from participation.common.access import int_list, require
from participation.common.htmx import redirect_to
from participation.common.pagination import page_from_request, paginate
from participation.extensions import db, limiter
from participation.permissions import territory as rules
from participation.territory import services
from participation.territory.blueprint import bp
from participation.territory.forms import GroupingForm, MembersForm, MunicipalityForm
from participation.territory.models import Grouping, Municipality, Region


def _write_limit():
    return current_app.config["RATELIMIT_WRITE"]


def _regions_for(user) -> list[Region]:
    allowed = rules.administered_region_ids(user)
    return [r for r in services.regions() if allowed is None or r.id in allowed]


def _region_or_none(region_id: int) -> Region | None:
    return db.session.get(Region, region_id) if region_id else None


@bp.get("/sprava/uzemi")
def admin_index():
    """The administration's front page: territory, people and the audit log."""
    require(rules.can_administer_territory(current_user))
    allowed = rules.administered_region_ids(current_user)
    municipalities = select(func.count(Municipality.id))
    groupings = select(func.count(Grouping.id))
    if allowed is not None:
        municipalities = municipalities.where(Municipality.region_id.in_(allowed))
        groupings = groupings.where(Grouping.region_id.in_(allowed))
    return render_template(
        "territory/admin/index.html",
        municipality_count=db.session.scalar(municipalities),
        grouping_count=db.session.scalar(groupings),
        regions=_regions_for(current_user),
        everywhere=allowed is None,
    )


@bp.get("/sprava/kraje")
def admin_regions():
    """The regions with how many municipalities and groupings each has."""
    require(rules.can_administer_territory(current_user))
    municipality_counts = dict(
        db.session.execute(select(Municipality.region_id, func.count()).group_by(Municipality.region_id)).all()
    )
    grouping_counts = dict(
        db.session.execute(select(Grouping.region_id, func.count()).group_by(Grouping.region_id)).all()
    )
    return render_template(
        "territory/admin/regions.html",
        regions=services.regions(),
        municipality_counts=municipality_counts,
        grouping_counts=grouping_counts,
    )


# --- Municipalities ------------------------------------------------------------------


@bp.get("/sprava/obce")
def admin_municipalities():
    """Municipalities the administrator may change, with search."""
    require(rules.can_administer_territory(current_user))
    query = request.args.get("q", "").strip()[:120]
    statement = services.search_municipalities(query, rules.administered_region_ids(current_user))
    page = paginate(statement, page_from_request(), current_app.config["PER_PAGE"])
    return render_template("territory/admin/municipalities.html", page=page, query=query)


def _municipality_form_page(form, municipality=None):
    return render_template("territory/admin/municipality_form.html", form=form, municipality=municipality)


def _save_municipality(form: MunicipalityForm, municipality: Municipality | None):
    """Validate the region and code against the rules; return the saved municipality or None."""
    region = _region_or_none(form.region.data)
    if region is None or not rules.can_administer_region(current_user, region.id):
        form.region.errors.append(_("Choose a region you administer."))
        return None
    values = {"code": form.code.data, "name": form.name.data,
              "population": form.population.data, "region": region}
    try:
        if municipality is None:
            return services.create_municipality(current_user, **values)
        services.update_municipality(current_user, municipality, **values)
        return municipality
    except services.TerritoryError:
        db.session.rollback()
        form.code.errors.append(_("Another municipality already has this code."))
        return None


@bp.route("/sprava/obce/nova", methods=["GET", "POST"])
@limiter.limit(_write_limit, methods=["POST"])
def admin_municipality_new():
    """Add a municipality."""
    require(rules.can_administer_territory(current_user))
    form = MunicipalityForm()
    form.set_regions(_regions_for(current_user))
    if form.validate_on_submit():
        saved = _save_municipality(form, None)
        if saved is not None:
            flash(_("Municipality %(name)s added.", name=saved.name), "success")
            return redirect_to("territory.admin_municipalities", q=saved.code)
    return _municipality_form_page(form)


@bp.route("/sprava/obce/<int:municipality_id>", methods=["GET", "POST"])
@limiter.limit(_write_limit, methods=["POST"])
def admin_municipality_edit(municipality_id: int):
    """Change a municipality's code, name, population or region."""
    municipality = db.session.get(Municipality, municipality_id)
    if municipality is None:
        require(rules.can_administer_territory(current_user))
        abort(404)
    require(rules.can_edit_municipality(current_user, municipality))
    form = MunicipalityForm(obj=municipality if request.method == "GET" else None)
    form.set_regions(_regions_for(current_user))
    if request.method == "GET":
        form.region.data = municipality.region_id
    if form.validate_on_submit():
        if _save_municipality(form, municipality) is not None:
            flash(_("Municipality %(name)s saved.", name=municipality.name), "success")
            return redirect_to("territory.admin_municipalities", q=municipality.code)
    return _municipality_form_page(form, municipality)


# --- Groupings -----------------------------------------------------------------------


@bp.get("/sprava/seskupeni")
def admin_groupings():
    """Groupings the administrator may change, with search."""
    require(rules.can_administer_territory(current_user))
    query = request.args.get("q", "").strip()[:200]
    statement = services.search_groupings(query, rules.administered_region_ids(current_user))
    page = paginate(statement, page_from_request(), current_app.config["PER_PAGE"], scalars=False)
    return render_template("territory/admin/groupings.html", page=page, query=query)


def _grouping_values(form: GroupingForm) -> dict | None:
    region = _region_or_none(form.region.data)
    if not rules.can_administer_region(current_user, region.id if region else None):
        form.region.errors.append(_("Choose a region you administer."))
        return None
    return {
        "name": form.name.data, "kind": form.kind.data, "description": form.description.data,
        "region": region,
        "threshold_municipalities": form.threshold_municipalities.data,
        "threshold_min_supporters": form.threshold_min_supporters.data,
        "threshold_population_percent": form.threshold_population_percent.data,
    }


def _grouping_form(grouping=None) -> GroupingForm:
    form = GroupingForm(obj=grouping if request.method == "GET" else None)
    form.set_choices(_regions_for(current_user), rules.administered_region_ids(current_user) is None)
    if request.method == "GET" and grouping is not None:
        form.kind.data = grouping.kind.value
        form.region.data = grouping.region_id or 0
    return form


@bp.route("/sprava/seskupeni/nove", methods=["GET", "POST"])
@limiter.limit(_write_limit, methods=["POST"])
def admin_grouping_new():
    """Add a grouping; its members are chosen next."""
    require(rules.can_administer_territory(current_user))
    form = _grouping_form()
    if form.validate_on_submit() and (values := _grouping_values(form)) is not None:
        try:
            grouping = services.create_grouping(current_user, **values)
        except services.TerritoryError:
            db.session.rollback()
            form.name.errors.append(_("Another grouping already has this name."))
        else:
            flash(_("Grouping %(name)s added. Now choose its members.", name=grouping.name), "success")
            return redirect_to("territory.admin_grouping_members", grouping_id=grouping.id)
    return render_template("territory/admin/grouping_form.html", form=form, grouping=None)


def _editable_grouping(grouping_id: int) -> Grouping:
    grouping = services.grouping_with_region(grouping_id)
    if grouping is None:
        require(rules.can_administer_territory(current_user))
        abort(404)
    require(rules.can_edit_grouping(current_user, grouping))
    return grouping


@bp.route("/sprava/seskupeni/<int:grouping_id>", methods=["GET", "POST"])
@limiter.limit(_write_limit, methods=["POST"])
def admin_grouping_edit(grouping_id: int):
    """Change a grouping's name, kind, description, region or threshold."""
    grouping = _editable_grouping(grouping_id)
    form = _grouping_form(grouping)
    if form.validate_on_submit() and (values := _grouping_values(form)) is not None:
        try:
            services.update_grouping(current_user, grouping, **values)
        except services.TerritoryError:
            db.session.rollback()
            form.name.errors.append(_("Another grouping already has this name."))
        else:
            flash(_("Grouping %(name)s saved.", name=grouping.name), "success")
            return redirect_to("territory.admin_groupings")
    return render_template("territory/admin/grouping_form.html", form=form, grouping=grouping)


@bp.route("/sprava/seskupeni/<int:grouping_id>/clenove", methods=["GET", "POST"])
@limiter.limit(_write_limit, methods=["POST"])
def admin_grouping_members(grouping_id: int):
    """Choose member municipalities: untick current members, add more with the picker."""
    grouping = _editable_grouping(grouping_id)
    allowed = rules.administered_region_ids(current_user)
    members = services.current_members(grouping)
    if request.method == "GET":
        form = MembersForm(formdata=None)
        checked = {m.id for m in members}
    else:
        form = MembersForm()
        checked = int_list(request.form.getlist("member"))
        if form.validate() and _addable(form, allowed):
            added_ids = set(form.add.data or [])
            added, removed = services.set_members(
                current_user, grouping,
                shown_ids=int_list(request.form.getlist("shown")) | added_ids,
                checked_ids=checked | added_ids,
                allowed_region_ids=allowed,
            )
            if added or removed:
                flash(_("Members saved: %(added)s added, %(removed)s removed.",
                        added=len(added), removed=len(removed)), "success")
            else:
                flash(_("Nothing changed."), "info")
            return redirect_to("territory.admin_grouping_members", grouping_id=grouping.id)
    return render_template(
        "territory/admin/grouping_members.html",
        grouping=grouping, members=members, form=form, checked=checked,
        can_change=lambda m: allowed is None or m.region_id in allowed,
    ), (200 if request.method == "GET" else 422)


def _addable(form: MembersForm, allowed: frozenset[int] | None) -> bool:
    """A region's administrator may add only municipalities of their region."""
    outside = [m.name for m in form.add.selected if allowed is not None and m.region_id not in allowed]
    if outside:
        form.add.errors = list(form.add.errors) + [
            _("You may only add municipalities of the region you administer: %(names)s.",
              names=", ".join(outside))
        ]
        return False
    return True
