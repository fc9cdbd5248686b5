"""Rendering the discussion include the way a subject's page does."""

import pytest
from flask import render_template_string

from participation.comments.models import Thread
from participation.extensions import db

PAGE = '{% include "comments/_section.html" %}'


@pytest.fixture
def render_section(app, login):
    """Render the discussion of a proposal as `user` sees it (None: a visitor)."""

    def _render(proposal, user=None, query_string=""):
        from flask_login import login_user

        path = f"/podnety/{proposal.id}"
        with app.test_request_context(f"{path}?{query_string}" if query_string else path):
            app.preprocess_request()
            if user is not None:
                login_user(user)
            thread = db.session.get(Thread, proposal.thread_id) if proposal.thread_id else None
            return render_template_string(PAGE, thread=thread, subject=proposal)

    return _render
