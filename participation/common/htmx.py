"""Render a full page or just its fragment, depending on who asks."""

from flask import redirect, render_template, url_for

from participation.extensions import htmx


def render_page_or_fragment(page: str, fragment: str, **context):
    """A GET that htmx may ask for: the fragment for htmx, the page otherwise."""
    template = fragment if htmx else page
    response = render_template(template, **context)
    from flask import make_response

    response = make_response(response)
    response.headers["Vary"] = "HX-Request"
    return response


def fragment_or_redirect(fragment: str, location: str, **context):
    """After a POST: htmx gets the fragment to swap, a plain browser a 303 redirect."""
    if htmx:
        return render_template(fragment, **context)
    return redirect(location, code=303)


def redirect_to(endpoint: str, **values):
    """A 303 so that a browser follows a POST with a GET."""
    return redirect(url_for(endpoint, **values), code=303)
