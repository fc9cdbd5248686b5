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


# --- Rendered once, when the text is saved -----------------------------------------
#
# A model keeps the rendered HTML of a Markdown column in "<column>_html": every ORM
# assignment of the source renders it (`keep_rendered`), pages read it
# (`markdown_of`, the template filter of the same name) instead of rendering on
# each view, and `flask markdown rerender` renders everything again when the
# rules above change.

_KEPT: list[tuple[type, str]] = []


def keep_rendered(model: type, column: str) -> None:
    """Render `model.<column>` into `model.<column>_html` whenever it is assigned."""
    from sqlalchemy import event

    html_column = f"{column}_html"

    def _render_on_set(target, value, _old, _initiator):
        setattr(target, html_column, str(render_markdown(value)))
        return value

    event.listen(getattr(model, column), "set", _render_on_set, retval=True)
    _KEPT.append((model, column))


def kept() -> list[tuple[type, str]]:
    return list(_KEPT)


def markdown_of(item, column: str = "body") -> Markup:
    """The stored HTML of `item.<column>`; rendered now only where nothing is stored yet."""
    html = getattr(item, f"{column}_html", None)
    if html:
        return Markup(html)
    return render_markdown(getattr(item, column, None))


def rerender_all(batch: int = 1000) -> list[tuple[str, int, int]]:
    """Render every kept column again; (model.column, rows changed, rows) per column."""
    from sqlalchemy import select, update

    from participation.extensions import db

    report = []
    for model, column in _KEPT:
        source, html = getattr(model, column), getattr(model, f"{column}_html")
        changed = total = 0
        last_id = 0
        while True:
            rows = db.session.execute(
                select(model.id, source, html).where(model.id > last_id).order_by(model.id).limit(batch)
            ).all()
            if not rows:
                break
            for row_id, text, stored in rows:
                total += 1
                fresh = str(render_markdown(text))
                if fresh != (stored or ""):
                    changed += 1
                    db.session.execute(
                        update(model).where(model.id == row_id).values({f"{column}_html": fresh})
                        .execution_options(synchronize_session=False)
                    )
            last_id = rows[-1][0]
            db.session.commit()
        report.append((f"{model.__tablename__}.{column}", changed, total))
    return report
