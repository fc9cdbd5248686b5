"""Web pieces every item kind shares: loading a child row, and the pages that link proposals.

Views stay thin: load (404), check the rule (403), call one service, then
render or redirect. `LinkPages` is configured once per item kind and adds
its search, link and unlink pages to the kind's blueprint.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Blueprint, abort, flash, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from participation.chain import linking as link_service
from participation.chain.errors import Refused
from participation.chain.filters import read_id
from participation.common.access import write_limit
from participation.common.form_pages import load_or_404
from participation.common.htmx import redirect_to, render_page_or_fragment
from participation.extensions import db, limiter
from participation.proposals.models import Proposal

MAX_QUERY = 100

# No pages of its own: it carries the template helpers every item kind's pages use.
bp = Blueprint("chain", __name__)


@bp.app_template_global()
def proposal_url(proposal) -> str:
    """The proposal's page."""
    return url_for("proposals.detail", proposal_id=proposal.id)


def write_rate_limit():
    """The rate limit on every item kind's writes (POSTs only)."""
    return limiter.limit(write_limit, methods=["POST"])


def child_or_404(model, child_id: int, parent_key: str, parent_id: int):
    """A row that belongs to the given parent (a document of this agreement), or 404."""
    child = db.session.get(model, child_id)
    if child is None or getattr(child, parent_key) != parent_id:
        abort(404)
    return child


def item_or_404(item, may_view=None, may_edit=None, *, edit: bool = False):
    """A loaded item, or 404 when it is missing or hidden from the user; with `edit`, 403 unless they may edit it."""
    load_or_404(item, may_view)
    if edit and not may_edit(current_user, item):
        abort(403)
    return item


def save_item(form, item, data, create: Callable, update: Callable, field: str = "municipalities"):
    """Create (no item yet) or update from validated data; a refusal goes next to `field`. The saved item or None."""
    if data is None:
        return None
    try:
        if item is None:
            return create(current_user, data)
        update(current_user, item, data)
        return item
    except Refused as refused:
        form[field].errors = [refused.message]
        return None


def saved_or_form(saved, message, detail_endpoint: str, item_key: str, template: str, form, **context):
    """After a save attempt: the saved item's page (303), or the form again (422 with errors, else 200)."""
    if saved is not None:
        flash(str(message), "success")
        return redirect_to(detail_endpoint, **{item_key: saved.id})
    return render_template(template, form=form, **context), 422 if form.errors else 200


def proposal_or_404(proposal_id: int, may_act: Callable):
    """A proposal with its municipalities (404), if the current user may act on it (403)."""
    proposal = db.session.scalars(
        select(Proposal).where(Proposal.id == proposal_id).options(selectinload(Proposal.municipalities))
    ).first()
    if proposal is None:
        abort(404)
    if not may_act(current_user, proposal):
        abort(403)
    return proposal


def search_query() -> str:
    return request.args.get("q", "")[:MAX_QUERY]


@dataclass
class LinkPages:
    """Search, link and unlink pages for one item kind (all work without JavaScript)."""

    linking: link_service.ProposalLinking
    detail_endpoint: str  # the item's page, e.g. "agreements.detail"
    load_item: Callable  # (item_id) -> item, 404 when the user may not see it
    may_link: Callable  # (user, proposal) -> bool
    search: Callable  # (user, q) -> items offered in the picker
    may_choose: Callable  # (user, item) -> whether the user may pick this item (else "choose from the list")
    link_form: type
    unlink_form: type
    # When True, search(user, q, proposal) and may_choose(user, item, proposal) also get the proposal being
    # linked (e.g. its author may pick only items of its municipalities); the search page reads ?podnet=<id>.
    proposal_scoped: bool = False
    # Texts of the pages (lazy strings of the item kind's catalogue) and its status labels.
    texts: dict = field(default_factory=dict)
    status_labels: dict = field(default_factory=dict)
    endpoints: dict = field(default_factory=dict, init=False)

    @property
    def name(self) -> str:
        return self.linking.item_name

    def _context(self, **context) -> dict:
        return {"item_name": self.name, "texts": self.texts, "status_labels": self.status_labels,
                "detail_endpoint": self.detail_endpoint, "endpoints": self.endpoints, **context}

    def register(self, blueprint, *, link_rule: str, unlink_rule: str, link_endpoint: str,
                 unlink_endpoint: str, search_rule: str = "/hledat") -> None:
        """Add the pages to the blueprint under the kind's own addresses and endpoint names."""
        prefix = blueprint.name
        self.endpoints = {"search": f"{prefix}.search", "link": f"{prefix}.{link_endpoint}",
                          "unlink": f"{prefix}.{unlink_endpoint}"}
        limit = write_rate_limit()
        blueprint.add_url_rule(search_rule, "search", self.search_page, methods=["GET"])
        blueprint.add_url_rule(link_rule, link_endpoint, login_required(limit(self.link_page)),
                               methods=["GET", "POST"])
        blueprint.add_url_rule(unlink_rule, unlink_endpoint, login_required(limit(self.unlink_page)),
                               methods=["GET", "POST"])

    def _scoped(self, proposal) -> tuple:
        return (proposal,) if self.proposal_scoped else ()

    def search_page(self):
        """Items matching a title, as radio options for the link form (htmx) or a page."""
        q = search_query()
        proposal = None
        if self.proposal_scoped:
            proposal_id = read_id(request.args, "podnet")[0]
            proposal = proposal_or_404(proposal_id, self.may_link) if proposal_id else None
        return render_page_or_fragment("chain/link_search.html", "chain/_link_options.html", **self._context(
            results=self.search(current_user, q, *self._scoped(proposal)), q=q, selected=None))

    def _results(self, q: str, selected, proposal):
        results = self.search(current_user, q, *self._scoped(proposal))
        if selected and selected not in {item.id for item in results}:
            chosen = db.session.get(self.linking.item_model, selected)
            if chosen is not None and self.may_choose(current_user, chosen, *self._scoped(proposal)):
                results.insert(0, chosen)
        return results

    def link_page(self, proposal_id: int):
        """Link a proposal to an item: search, pick, say why."""
        proposal = proposal_or_404(proposal_id, self.may_link)
        form = self.link_form()
        choice = form[self.linking.item_key]
        q = search_query()
        selected = choice.data if request.method == "POST" else None
        results = self._results(q, selected, proposal)
        choice.choices = [(item.id, item.title) for item in results]
        if form.validate_on_submit():
            item = db.session.get(self.linking.item_model, choice.data)
            if item is None or not self.may_choose(current_user, item, *self._scoped(proposal)):
                choice.errors = [self.texts["choose_from_list"]]
            else:
                try:
                    link_service.link_proposal(current_user, self.linking, item, proposal, form.note.data)
                except Refused as refused:
                    choice.errors = [refused.message]
                else:
                    flash(str(self.texts["linked"]), "success")
                    return redirect_to(self.detail_endpoint, **{self.linking.item_key: item.id},
                                       _anchor="proposals")
        status = 422 if request.method == "POST" else 200
        return render_template("chain/link.html", **self._context(
            form=form, choice=choice, proposal=proposal, results=results, q=q, selected=selected)), status

    def unlink_page(self, proposal_id: int, **item_key):
        """Unlink a proposal from an item, with a reason."""
        item = self.load_item(*item_key.values())
        proposal = proposal_or_404(proposal_id, self.may_link)
        link = self.linking.find(item.id, proposal.id)
        if link is None:
            abort(404)
        form = self.unlink_form()
        if form.validate_on_submit():
            link_service.unlink_proposal(current_user, self.linking, link, form.reason.data)
            flash(str(self.texts["unlinked"]), "success")
            return redirect_to(self.detail_endpoint, **{self.linking.item_key: item.id}, _anchor="proposals")
        status = 422 if request.method == "POST" else 200
        return render_template("chain/unlink.html", **self._context(
            form=form, item=item, proposal=proposal)), status
