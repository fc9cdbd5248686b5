"""A page of a discussion: rendered once for everyone, each viewer's actions stitched in.

The comments, their authors, marks, texts and reply links are alike for
every viewer; only the actions under each comment (reply, edit, delete,
report, moderate) and a hidden comment's text (its author and moderators
read it) differ. The page is rendered once with a placeholder where each
comment's actions go (carrying the comment's id, author and state, which is
all the rules read) and kept as a shared fragment under the versions of what
it read (common/page_cache). Each request fills the placeholders for its
viewer without a query. A viewer who may read a hidden comment's text on the
page gets the page rendered for them alone.
"""

import re
from dataclasses import dataclass

from flask import current_app
from flask_login import current_user
from markupsafe import Markup

from participation.accounts.models import User
from participation.comments.models import Comment
from participation.common import page_cache
from participation.permissions import comments as rules

_PLACEHOLDER = re.compile(r"<!--spolu-actions:(\d+):(\d+):([01])([01])-->")


@dataclass(frozen=True)
class CommentFacts:
    """What the action rules read of a comment, from its placeholder."""

    id: int
    author_id: int | None
    is_hidden: bool
    is_deleted: bool

    @property
    def is_visible(self) -> bool:
        return not self.is_hidden and not self.is_deleted


def placeholder(comment) -> Markup:
    return Markup(f"<!--spolu-actions:{comment.id}:{comment.author_id or 0}:"
                  f"{int(comment.is_hidden)}{int(comment.is_deleted)}-->")


def _facts(match: re.Match) -> CommentFacts:
    comment_id, author_id, hidden, deleted = match.groups()
    return CommentFacts(int(comment_id), int(author_id) or None, hidden == "1", deleted == "1")


def _render(section) -> str:
    section.load_nodes()
    return current_app.jinja_env.get_template("comments/_page_body.html").render(
        _context(section))


def _context(section) -> dict:
    context = {"section": section}
    current_app.update_template_context(context)
    return context


def _shared_key(section) -> str:
    return f"{section.thread.id}:{section.order}:{section.page}:{int(section.fragment)}:{section.return_to}"


def _render_shared(section) -> str:
    section.shared = True
    try:
        return _render(section)
    finally:
        section.shared = False


def _reads_hidden_text(section, facts: list[CommentFacts]) -> bool:
    """Does this viewer read the text of a hidden comment on the page (its author, a moderator)?"""
    hidden = [f for f in facts if f.is_hidden and not f.is_deleted]
    return bool(hidden) and current_user.is_authenticated and (
        section.moderator or any(rules.is_author(current_user, f) for f in hidden))


def discussion_page(section) -> Markup:
    """Template global: one page of the discussion for this viewer."""
    if section.permalink:
        return Markup(_render(section))
    # Comments read before the rendering (an empty discussion's check) are not in its recording: named here.
    read_before = (Comment, User) if section._loaded else ()
    html = page_cache.shared("discussion", _shared_key(section), lambda: _render_shared(section), read_before)
    facts = {match.group(0): _facts(match) for match in _PLACEHOLDER.finditer(html)}
    if _reads_hidden_text(section, list(facts.values())):
        return Markup(_render(section))
    actions = _actions_for_viewer(section)
    return Markup(_PLACEHOLDER.sub(lambda match: actions(facts[match.group(0)]), html))


# Stands in for a comment's id while one shape of actions is rendered; no real id or text on a page has it.
_STAND_IN_ID = 2_147_480_001


def _actions_for_viewer(section):
    """A function giving the viewer's actions under a comment, rendered once per shape, not once per comment.

    The actions read only whether the viewer wrote the comment, whether it is
    hidden or deleted, and its id (in addresses): each shape is rendered once
    with a stand-in id, which is then replaced by each comment's own.
    """
    macros = current_app.jinja_env.get_template("comments/_macros.html").make_module(_context(section))
    shapes: dict[tuple, str] = {}

    def actions(facts: CommentFacts) -> str:
        shape = (rules.is_author(current_user, facts), facts.is_hidden, facts.is_deleted)
        if shape not in shapes:
            stand_in = CommentFacts(_STAND_IN_ID, facts.author_id, facts.is_hidden, facts.is_deleted)
            shapes[shape] = str(macros.comment_actions(stand_in, section))
        return shapes[shape].replace(str(_STAND_IN_ID), str(facts.id))

    return actions
