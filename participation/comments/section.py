"""What the discussion include needs: one object built in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlencode

from flask import request, url_for
from flask_login import current_user

from participation.comments import marks, queries
from participation.comments.forms import CommentForm
from participation.comments.models import Comment, Thread
from participation.comments.subjects import Subject
from participation.common.access import safe_next
from participation.common.pagination import page_from_request
from participation.permissions import comments as rules

PAGE_PARAM = "comment_page"
ORDER_PARAM = "comment_order"


@dataclass
class Section:
    thread: Thread
    subject: Subject | None
    return_to: str
    order: str = "oldest"
    page: int = 1
    has_next: bool = False
    nodes: list[queries.Node] = field(default_factory=list)
    counts: queries.StanceCounts | None = None
    form: CommentForm | None = None
    fragment: bool = False
    # Set when a moderator has stopped this viewer posting here.
    blocked_until: datetime | None = None
    # On a comment's own page, which shows every reply page by page.
    permalink: bool = False
    # Whether this viewer may report here at all: asked once per page (`viewer_may_report`).
    _may_report: bool | None = field(default=None, repr=False)
    # Public marks from other domains for the comments of this page: asked once (`mark`).
    _marks: dict | None = field(default=None, repr=False)
    # Rendering the part alike for everyone (comments/page.py): no viewer's actions, hidden text hidden.
    shared: bool = False
    # The page of comments is read when first needed (`load_nodes`): a cached page needs none of it.
    _loaded: bool = field(default=True, repr=False)

    # Asked once per page, not once per comment (`moderator`, `may_reply`).
    _moderator: bool | None = field(default=None, repr=False)
    _may_comment: bool | None = field(default=None, repr=False)

    @property
    def moderator(self) -> bool:
        if self._moderator is None:
            self._moderator = rules.moderates_subject(current_user, self.subject)
        return self._moderator

    def may_reply(self, comment) -> bool:
        """`rules.can_reply` for this viewer, the subject's part asked once per page."""
        if self._may_comment is None:
            self._may_comment = rules.can_comment(current_user, self.subject)
        return self._may_comment and comment.is_visible

    @property
    def viewer_may_report(self) -> bool:
        """Report links for this viewer: anonymous visitors (sent to sign in) and confirmed accounts not blocked here.

        One query for the viewer's blocks per page, not one per comment.
        """
        if self._may_report is None:
            if not current_user.is_authenticated:
                self._may_report = True
            elif not current_user.is_confirmed or self.blocked_until is not None:
                self._may_report = False
            else:
                from participation.moderation.blocks import is_posting_blocked

                municipality_ids = self.subject.municipality_ids if self.subject else ()
                self._may_report = not is_posting_blocked(current_user, municipality_ids)
        return self._may_report

    def mark(self, comment: Comment):
        """A public mark for the comment (e.g. filed at the office), or None: one lookup per page."""
        if self._marks is None or comment.id not in self._marks:
            ids = [comment.id] + [node.comment.id for node in _walk(self.nodes)]
            self._marks = {**(self._marks or {}), **{i: None for i in ids}, **marks.marks_for(ids)}
        return self._marks.get(comment.id)

    def load_nodes(self) -> list:
        """One page of top-level comments and the first replies under each (three queries, once)."""
        if not self._loaded:
            from participation.comments import services

            self._loaded = True
            nodes, self.has_next = queries.top_level_page(
                self.thread.id, self.order, self.page, services.per_page())
            replies = queries.replies_under([n.comment.id for n in nodes], services.replies_shown())
            self.nodes = queries.build_tree(nodes, replies)
        return self.nodes

    def placeholder(self, comment: Comment):
        """Where the viewer's actions go in the shared rendering (comments/page.py)."""
        from participation.comments.page import placeholder

        return placeholder(comment)

    def text_visible(self, comment: Comment) -> bool:
        """Whether this viewer may read the comment's text (in the shared rendering: nobody's hidden text)."""
        if comment.is_deleted:
            return False
        if comment.is_hidden and self.shared:
            return False
        if comment.is_hidden:
            return rules.can_see_hidden_text(current_user, comment, self.subject)
        return True

    @property
    def subject_url(self) -> str:
        return self.subject.url if self.subject else self.return_to

    def page_url(self, page: int, order: str | None = None) -> str:
        """The subject's page showing another page (or order) of the discussion (no JS)."""
        args = {ORDER_PARAM: order or self.order, PAGE_PARAM: page}
        if args[ORDER_PARAM] == "oldest":
            args.pop(ORDER_PARAM)
        if page == 1:
            args.pop(PAGE_PARAM)
        query = f"?{urlencode(args)}" if args else ""
        return f"{self.return_to}{query}#thread-{self.thread.id}"

    def fragment_url(self, page: int) -> str:
        return url_for("comments.thread_page", thread_id=self.thread.id,
                       **{PAGE_PARAM: page, ORDER_PARAM: self.order, "return_to": self.return_to})

    @property
    def insert_position(self) -> str:
        return "afterbegin"


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node.children)


def requested_order() -> str:
    order = request.args.get(ORDER_PARAM, "oldest")
    return order if order in queries.ORDERS else "oldest"


def default_return_to(return_to: str | None, subject: Subject | None) -> str:
    fallback = subject.url if subject else request.path
    return safe_next(return_to, fallback)


def build_section(thread: Thread, subject: Subject | None, return_to: str | None,
                  *, load_page: bool = True, fragment: bool = False, lazy: bool = False,
                  counts_loaded: bool = False) -> Section:
    """Counts, one page of top-level comments and the first replies under each (`lazy`: read when
    the page is rendered, which a cached page is not)."""
    section = Section(
        thread=thread, subject=subject,
        return_to=default_return_to(return_to, subject),
        order=requested_order(), page=page_from_request(PAGE_PARAM), fragment=fragment,
    )
    if not load_page:
        return section
    section.counts = queries.stance_counts_of(thread) if counts_loaded else queries.stance_counts(thread.id)
    section._loaded = False
    if not lazy:
        section.load_nodes()
    if not fragment and rules.can_comment(current_user, subject):
        from participation.moderation.blocks import block_ends_at

        blocked_until = block_ends_at(current_user, subject.municipality_ids)
        if blocked_until is not None:
            section.blocked_until = blocked_until
        else:
            section._may_report = bool(current_user.is_confirmed)  # no block here: no second query for it
            section.form = CommentForm(prefix=f"t{thread.id}", formdata=None, return_to=section.return_to)
    return section
