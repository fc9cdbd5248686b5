"""Public territory pages: find a municipality, see a municipality or a grouping."""

from flask import abort, current_app, redirect, render_template, request, url_for

from participation.common.htmx import render_page_or_fragment
from participation.common.pagination import page_from_request, paginate
from participation.extensions import htmx
from participation.territory import page_facts, services
from participation.territory.blueprint import bp
from participation.territory.forms import kind_label


@bp.app_template_global()
def grouping_kind_label(kind) -> str:
    return kind_label(kind)


@bp.app_template_global()
def grouping_members(grouping) -> list:
    """The grouping's current member municipalities, by name (its page's shared table)."""
    return services.current_members(grouping)


@bp.get("/obce")
def municipalities():
    """Municipalities, searchable by name (any case or diacritics) or code."""
    query = request.args.get("q", "").strip()[:120]
    page = paginate(
        services.search_municipalities(query), page_from_request(), current_app.config["PER_PAGE"]
    )
    # A full code that matches one municipality goes straight to its page.
    if not htmx and query.isdigit() and len(query) == 6 and page.total == 1:
        return redirect(url_for("territory.municipality", code=page.items[0].code))
    return render_page_or_fragment(
        "territory/municipalities.html", "territory/_municipality_results.html",
        results=page, query=query,
    )


@bp.get("/obce/<code>")
def municipality(code: str):
    """A municipality: its region, groupings and what other domains show about it.

    The sections are shared fragments and the municipality is a remembered value
    (page_facts): a signed-in request runs only its own few queries.
    """
    found = page_facts.municipality(code)
    if found is None:
        abort(404)
    return render_template("territory/municipality.html", municipality=found, groupings=found.groupings)


@bp.get("/seskupeni")
def groupings():
    """Every grouping: DSOs, MASs, micro-regions and others."""
    query = request.args.get("q", "").strip()[:200]
    page = paginate(
        services.search_groupings(query), page_from_request(), current_app.config["PER_PAGE"],
        scalars=False,
    )
    return render_template("territory/groupings.html", page=page, query=query)


@bp.get("/seskupeni/<int:grouping_id>")
def grouping(grouping_id: int):
    """A grouping: its member municipalities with population, and its threshold.

    As the municipality page: shared fragments around the viewer's own links, the grouping remembered.
    """
    found = page_facts.grouping(grouping_id)
    if found is None:
        abort(404)
    return render_template("territory/grouping.html", grouping=found)


from participation.territory import admin_views  # noqa: E402, F401  (registers the administrator routes on bp)
