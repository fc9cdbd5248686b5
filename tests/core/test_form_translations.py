"""WTForms' own messages (a required field left empty) follow each request's language, read once per language."""

from flask_babel import refresh
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired

from participation.common import form_translations


class _NameForm(FlaskForm):
    class Meta:
        csrf = False

    name = StringField("Name", validators=[DataRequired()])


def _error_in(app, language: str) -> str:
    with app.test_request_context("/", method="POST", data={"name": ""}, headers={"Accept-Language": language}):
        refresh()  # the tests' app context outlives this request: forget the last one's language
        form = _NameForm()
        assert not form.validate()
        return form.name.errors[0]


def test_a_required_field_is_named_in_each_request_s_language(app):
    assert _error_in(app, "cs") == "Toto pole je povinné."
    assert _error_in(app, "en") == "This field is required."
    assert _error_in(app, "cs") == "Toto pole je povinné."


def test_the_catalogue_is_read_from_disk_once_per_language(app):
    form_translations._catalogue.cache_clear()
    for _ in range(3):
        _error_in(app, "cs")
    assert form_translations._catalogue.cache_info().misses == 1
