"""A honeypot field for public forms: people never see it, naive bots fill it in.

Mix `HoneypotMixin` into a FlaskForm, render `{{ form.honeypot_html() }}` inside
the <form>, and in the view treat `form.honeypot_tripped` like a success that
saves nothing (a bot learns nothing from the answer). `EmptyHoneypot` is the
validator form for forms that prefer an error instead.
"""

from markupsafe import Markup, escape
from wtforms import StringField
from wtforms.validators import StopValidation

HONEYPOT_FIELD = "website"


class EmptyHoneypot:
    """Validator: the field must stay empty; `message` is shown if it is not."""

    def __init__(self, message: str = ""):
        self.message = message

    def __call__(self, form, field):
        if field.data:
            raise StopValidation(self.message or "-")


class HoneypotMixin:
    # Not a user-facing string: the field is invisible and skipped by assistive technology.
    website = StringField("Website", default="")

    @property
    def honeypot_tripped(self) -> bool:
        return bool((self.website.data or "").strip())

    def honeypot_html(self) -> Markup:
        """The field, off screen, out of the tab order and hidden from screen readers."""
        field = self.website
        return Markup(
            '<div class="honeypot" aria-hidden="true">'
            f'<label for="{escape(field.id)}">Website</label>'
            f'<input type="text" id="{escape(field.id)}" name="{escape(field.name)}" value="" '
            'tabindex="-1" autocomplete="off">'
            "</div>"
        )
