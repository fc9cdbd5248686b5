"""The page shell's parts that read like a constant: rendered once per process and language, then reused.

Every page's header, menu and footer (templates/base.html) are the same for
everyone speaking a language, save a few things: which menu item is the
current page, whether the reader is signed in and what roles they hold, their
name, unread count and CSRF token, and the address the language switch returns
to. Rendering all of it afresh (some thirty translations and URL builds) was
most of a signed-in page's work once its content came from shared fragments.

`{% call shell_part("name", key...) %}...{% endcall %}` renders its block once
per name, language and key, and keeps the markup in this process (a few small
strings per language: the keys are endpoints and role flags, never a person).
What is a person's own goes in a `fragment_slot("name", value)` inside the
block and is rendered per request by `fill(name, value)` (base.html's
`shell_slot` macro). Nothing here reads the database, so nothing goes stale
but the templates and catalogues, which only change with a new process (or,
with templates reloading on edit in development, are never kept).
"""

from collections.abc import Callable

from flask import current_app
from flask_babel import get_locale
from jinja2 import pass_context
from markupsafe import Markup

from participation.common.page_cache.fragments import SLOT

MEMO = "spolu_page_shell"
# Far more than two languages times the endpoints and role flags; a guard against a key that grows.
MOST_PARTS = 5000


@pass_context
def shell_part(context, name: str, *key, fill: Callable | None = None, keep: bool = True, caller=None) -> Markup:
    """Jinja: the block's markup for this language and `key`, rendered once; its slots filled for this request.

    `key` must name everything the block reads that is not the same for
    everyone in a language (the block is kept per key); `keep=False` renders
    it afresh (a search page's box shows what was asked).
    """
    app = current_app._get_current_object()
    if keep and app.config.get("FRAGMENT_CACHE_ENABLED", True) and not context.environment.auto_reload:
        memo = app.extensions.setdefault(MEMO, {})
        memo_key = (name, context.get("current_locale") or str(get_locale()), *key)
        html = memo.get(memo_key)
        if html is None:
            if len(memo) >= MOST_PARTS:
                memo.clear()
            html = memo[memo_key] = str(caller())
    else:
        html = str(caller())
    if fill is None:
        return Markup(html)
    return Markup(SLOT.sub(lambda match: str(fill(match.group(1), match.group(2))), html))
