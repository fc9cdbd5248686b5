"""Open data pages and files: exports, feeds, the catalogue, the widget and its settings, sitemap and robots.

Exports, feeds, the catalogue and the sitemap read the API's datasets, so they
show what the API shows and nothing more; a bad parameter is a 400 with a JSON
error, as in the API. The widget is the only page other sites may frame: only
those its municipality's office registered.
"""

import json

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address
from flask_login import current_user

from participation.api.datasets import DATASETS
from participation.api.errors import ApiError, bad_parameter
from participation.api.http import error_response
from participation.api.lists import FILTERS
from participation.api.params import read_list_query
from participation.common.access import require, write_limit
from participation.common.confirm import confirmable
from participation.extensions import db, limiter
from participation.opendata import catalogue as catalogue_module
from participation.opendata import embed, exports, feeds, kept_files, services, sharing
from participation.opendata.forms import OriginForm, RemoveForm
from participation.opendata.models import EmbedOrigin
from participation.opendata.origins import OriginError
from participation.permissions import opendata as rules
from participation.projects import queries as project_queries
from participation.territory import services as territory

bp = Blueprint("opendata", __name__)
FEED_TYPE = "application/atom+xml; charset=utf-8"
PROJECT_FEED_UPDATES = 20


@bp.errorhandler(ApiError)
def _bad_request(error: ApiError):
    return error_response(error)


@bp.record_once
def _register_template_globals(state) -> None:
    state.app.jinja_env.globals.update(
        page_meta=sharing.page_meta, open_data_links=embed.download_links, embed_snippet=embed.snippet)


# ----- the open data page, the catalogue and the exports -----

@bp.get("/otevrena-data")
def index():
    """The open datasets, their files and addresses, the API and the catalogue."""
    return render_template("opendata/index.html", datasets=catalogue_module.OPEN_DATASETS,
                           licence=current_app.config["OPEN_DATA_LICENSE"])


@bp.get("/otevrena-data/katalog.jsonld")
def catalogue():
    """The DCAT-AP catalogue of the datasets (JSON-LD), for the national open data catalogue."""
    body = json.dumps(catalogue_module.catalogue(), ensure_ascii=False, indent=1)
    response = current_app.response_class(body, mimetype="application/ld+json")
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def _export_values(name: str) -> dict:
    for parameter in ("limit", "cursor"):
        if parameter in request.args:
            raise bad_parameter(parameter, f"An export has every row: '{parameter}' is not needed.",
                                "unknown_parameter")
    return read_list_query(request.args, request.endpoint, FILTERS[name]).values


# Files and feeds are read by programs: one budget per address, as the API's (API_RATELIMIT).
files_limit = limiter.shared_limit(lambda: current_app.config["API_RATELIMIT"], scope="open-data-files",
                                   key_func=get_remote_address)


@bp.get("/otevrena-data/<slug>.<fmt>")
@files_limit
def export(slug: str, fmt: str):
    """A public list as a CSV or JSON file, with the list page's filters; streamed, or kept whole when unfiltered."""
    dataset = catalogue_module.BY_SLUG.get(slug)
    if dataset is None or fmt not in catalogue_module.FORMATS:
        raise ApiError(404, "not_found", "No such dataset: see /otevrena-data/katalog.jsonld.")
    values = _export_values(dataset.name)
    build = exports.csv_chunks if fmt == "csv" else exports.json_chunks
    mimetype = "text/csv" if fmt == "csv" else "application/json"
    if request.args:  # filtered: built for this download
        response = Response(stream_with_context(build(dataset.name, values)), mimetype=mimetype)
    else:  # every row: written once per change, then served from disk
        response = kept_files.response(f"{dataset.name}.{fmt}", lambda: build(dataset.name, values), mimetype,
                                       f"spolu-{slug}.{fmt}")
    response.headers["Content-Disposition"] = f'attachment; filename="spolu-{slug}.{fmt}"'
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


# ----- Atom feeds -----

def _feed_response(feed) -> Response:
    response = Response(feeds.feed_response_body(feed), mimetype="application/atom+xml")
    response.headers["Content-Type"] = FEED_TYPE
    return response


@bp.get("/obce/<code>/atom.xml")
@files_limit
def municipality_feed(code: str):
    """What is new about a municipality: proposals, agreements, projects and good practice."""
    municipality = territory.municipality_by_code(code) if territory.CODE_PATTERN.match(code) else None
    if municipality is None:
        abort(404)
    page = url_for("territory.municipality", code=code, _external=True)
    feed = feeds.new_feed(page, _("%(name)s on Spolu", name=municipality.name), page,
                          url_for("opendata.municipality_feed", code=code, _external=True))
    feeds.add_items(feed, feeds.latest_items(("proposals", "agreements", "projects", "good_practice"),
                                             {"municipality": str(municipality.id)}))
    return _feed_response(feed)


@bp.get("/seskupeni/<int:grouping_id>/atom.xml")
@files_limit
def grouping_feed(grouping_id: int):
    """What is new in a grouping: proposals, agreements, projects, good practice and its consultations."""
    grouping = territory.grouping_with_region(grouping_id)
    if grouping is None:
        abort(404)
    page = url_for("territory.grouping", grouping_id=grouping.id, _external=True)
    feed = feeds.new_feed(page, _("%(name)s on Spolu", name=grouping.name), page,
                          url_for("opendata.grouping_feed", grouping_id=grouping.id, _external=True))
    feeds.add_items(feed, feeds.latest_items(
        ("proposals", "agreements", "projects", "good_practice", "consultations"), {"grouping": str(grouping.id)}))
    return _feed_response(feed)


@bp.get("/projekty/<int:project_id>/atom.xml")
@files_limit
def project_feed(project_id: int):
    """A project's updates and reached milestones."""
    found = project_queries.load_project(project_id)
    if found is None:
        abort(404)
    item = DATASETS["projects"].shape([(found,)])[0]
    page = item["url"]
    updates = db.session.scalars(project_queries.updates_statement(found.id).limit(PROJECT_FEED_UPDATES)).all()
    feed = feeds.new_feed(page, _("Project: %(title)s", title=found.title), page,
                          url_for("opendata.project_feed", project_id=found.id, _external=True))
    feeds.add_project_updates(feed, item, updates, page)
    return _feed_response(feed)


@bp.get("/dobra-praxe/atom.xml")
@files_limit
def good_practice_feed():
    """Newly published good practice."""
    page = url_for("good_practice.list", _external=True)
    feed = feeds.new_feed(page, _("Good practice on Spolu"), page,
                          url_for("opendata.good_practice_feed", _external=True))
    feeds.add_items(feed, feeds.latest_items(("good_practice",), {}))
    return _feed_response(feed)


# ----- the widget -----

@bp.get("/vlozeni/obec/<code>")
def embed_municipality(code: str):
    """The municipality's widget for its own web site: latest proposals, open consultations, projects."""
    municipality = territory.municipality_by_code(code) if territory.CODE_PATTERN.match(code) else None
    if municipality is None:
        abort(404)
    values = {"municipality": str(municipality.id)}
    page = render_template("opendata/embed.html", name=municipality.name, **embed.widget_items(values),
                           more_url=url_for("territory.municipality", code=code, _external=True))
    return embed.framed_response(page, [municipality.id])


@bp.get("/vlozeni/seskupeni/<int:grouping_id>")
def embed_grouping(grouping_id: int):
    """A grouping's widget: framed by the sites its member municipalities registered."""
    grouping = territory.grouping_with_region(grouping_id)
    if grouping is None:
        abort(404)
    values = {"grouping": str(grouping.id)}
    page = render_template("opendata/embed.html", name=grouping.name, **embed.widget_items(values),
                           more_url=url_for("territory.grouping", grouping_id=grouping.id, _external=True))
    return embed.framed_response(page, [m.id for m in territory.current_members(grouping)])


def _office_municipality(code: str):
    municipality = territory.municipality_by_code(code) if territory.CODE_PATTERN.match(code) else None
    if municipality is None:
        abort(404)
    require(rules.can_manage_embed(current_user, municipality))
    return municipality


@bp.route("/obce/<code>/vlozeni", methods=["GET", "POST"])
@limiter.limit(write_limit, methods=["POST"])
def embed_settings(code: str):
    """The widget's snippet, and the web sites allowed to show it (the office adds one here)."""
    municipality = _office_municipality(code)
    form = OriginForm()
    status = 200
    if form.validate_on_submit():
        try:
            entry = services.add_origin(current_user, municipality, form.origin.data)
        except OriginError as error:
            form.origin.errors = [str(error.message)]
        else:
            flash(_("%(origin)s may now show the widget.", origin=entry.origin), "success")
            return redirect(url_for("opendata.embed_settings", code=code), 303)
    if form.errors:
        status = 422
    page = render_template("opendata/embed_settings.html", municipality=municipality, form=form,
                           origins=services.origins_of(municipality.id))
    return page, status, {"Cache-Control": "no-store"}


@bp.post("/obce/<code>/vlozeni/<int:origin_id>/odebrat")
@limiter.limit(write_limit)
def remove_origin(code: str, origin_id: int):
    """Stop a web site from showing the widget."""
    municipality = _office_municipality(code)
    entry = db.session.get(EmbedOrigin, origin_id)
    if entry is None or entry.municipality_id != municipality.id:
        abort(404)
    if RemoveForm().validate_on_submit():
        services.remove_origin(current_user, entry)
        flash(_("%(origin)s can no longer show the widget.", origin=entry.origin), "success")
    return redirect(url_for("opendata.embed_settings", code=code), 303)


# ----- sitemap and robots -----

@bp.get("/sitemap.xml")
def sitemap():
    """The sitemap index: the lists, then one file per dataset and page."""
    pages = sharing.dataset_pages()
    return Response(stream_with_context(sharing.sitemap_index(pages)), mimetype="application/xml")


@bp.get("/sitemap-stranky.xml")
def sitemap_pages():
    """The lists and pages everyone may read."""
    return Response("".join(sharing.static_pages()), mimetype="application/xml")


@bp.get("/sitemap-<slug>-<int:page>.xml")
@files_limit
def sitemap_part(slug: str, page: int):
    """One dataset's public items, SITEMAP_PAGE a file."""
    if slug not in catalogue_module.BY_SLUG or not 1 <= page <= 10_000:
        abort(404)
    return Response(stream_with_context(sharing.sitemap_part(slug, page)), mimetype="application/xml")


@bp.get("/robots.txt")
def robots():
    """Search engines: everything public, nothing private, and where the sitemap is."""
    return Response(sharing.robots_txt(), mimetype="text/plain")


# Destructive actions ask first (participation/common/confirm.py).
confirmable("opendata.remove_origin", _l("Remove this website from the allowed ones?"), _l("Yes, remove"))
