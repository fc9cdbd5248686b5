"""The widget for a municipality's web site, who may frame it, and the download links of list pages.

The widget page sends its own Content-Security-Policy: frame-ancestors names
only the origins the municipality's office registered (for a grouping's
widget: those of its member municipalities), and 'none' when there are none.
Every other page keeps the site's policy, which refuses any frame.
"""

from flask import request, url_for
from markupsafe import Markup, escape

from participation.api.datasets import DATASETS
from participation.api.errors import ApiError
from participation.api.lists import FILTERS
from participation.api.params import _clean
from participation.extensions import db
from participation.opendata.catalogue import BY_NAME
from participation.opendata.services import frame_origins

WIDGET_ITEMS = 5
WIDGET_POLICY = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                 "form-action 'self'; base-uri 'self'; frame-ancestors {ancestors}")


def widget_items(values: dict) -> dict:
    """The newest public proposals, open consultations and projects for the widget: a few queries each."""
    found = {}
    for key, name, extra in (("proposals", "proposals", {}), ("consultations", "consultations", {"state": "open"}),
                             ("projects", "projects", {})):
        dataset = DATASETS[name]
        rows = db.session.execute(dataset.statement({**values, **extra}).limit(WIDGET_ITEMS)).all()
        found[key] = dataset.shape(rows)
    return found


def frame_ancestors(municipality_ids) -> str:
    origins = frame_origins(municipality_ids)
    return " ".join(origins) if origins else "'none'"


def framed_response(page: str, municipality_ids):
    """The widget page, framable only by the registered origins."""
    from flask import make_response

    response = make_response(page)
    response.headers["Content-Security-Policy"] = WIDGET_POLICY.format(ancestors=frame_ancestors(municipality_ids))
    return response


def snippet(municipality) -> str:
    """The HTML a municipality's web site pastes: the widget in a frame, and a plain link without frames."""
    widget = url_for("opendata.embed_municipality", code=municipality.code, _external=True)
    page = url_for("territory.municipality", code=municipality.code, _external=True)
    name = escape(municipality.name)
    return (f'<iframe src="{widget}" title="Spolu: {name}" width="100%" height="480" '
            f'style="border:0;max-width:40rem" loading="lazy"></iframe>\n'
            f'<p><a href="{page}">{name} na Spolu: podněty, konzultace a projekty</a></p>')


def _clean_values(name: str, args) -> dict:
    """The page's filters the export understands, well-formed ones only (a list page drops the rest too)."""
    values = {}
    for spec in FILTERS[name]:
        raw = args.get(spec.name, "")
        if raw:
            try:
                cleaned = _clean(spec, raw)
            except ApiError:
                continue
            if cleaned:
                values[spec.name] = cleaned
    return values


def download_links(name: str, **fixed) -> Markup:
    """CSV and JSON links of a list page's dataset, with the page's filters (and `fixed` ones)."""
    from flask import render_template

    values = {**_clean_values(name, request.args), **{k: str(v) for k, v in fixed.items() if v}}
    dataset = BY_NAME[name]
    links = {fmt: url_for("opendata.export", slug=dataset.slug, fmt=fmt, **values) for fmt in ("csv", "json")}
    bases = {fmt: url_for("opendata.export", slug=dataset.slug, fmt=fmt) for fmt in ("csv", "json")}
    # A page about one place (fixed filters) keeps them; a list page's filters follow the address.
    names = [] if fixed else [spec.name for spec in FILTERS[name]]
    return Markup(render_template("opendata/_downloads.html", links=links, bases=links if fixed else bases,
                                  filter_names=names, filtered=bool(values)))
