"""The discussion fixtures serve moderation tests too."""

from tests.comments.conftest import render_section  # noqa: F401
