"""Markdown rendered to HTML that is safe to show: no raw HTML, no scripts."""

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

# html=False: raw HTML in the source is shown as text, never passed through.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True}).enable(
    ["table", "strikethrough"]
)

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "del", "s", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h3", "h4", "h5", "h6", "hr",
    "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}


def render_markdown(source: str | None) -> Markup:
    """Render user Markdown; the sanitiser is the last word on what reaches the page."""
    if not source:
        return Markup("")
    html = _markdown.render(source)
    # Headings h1/h2 are reserved for the page; nh3 drops their tags, keeps the text.
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow ugc noopener",
    )
    return Markup(clean)
