"""Dates and numbers in templates: Czech rules, formatted once per value in a request, per language."""

from datetime import date

from flask import render_template_string
from flask_babel import force_locale

from participation.common import formats


def test_czech_numbers_and_percentages_use_non_breaking_spaces(app):
    with app.test_request_context():
        with force_locale("cs"):
            html = render_template_string("{{ 12345|number }} {{ 0.45|percent }} {{ day|date }}", day=date(2026, 12, 1))
    assert html == "12\u00a0345 45\u00a0% 1. prosince 2026"


def test_a_value_repeated_on_a_page_is_formatted_once(app, monkeypatch):
    calls = []
    real = formats.format_date
    monkeypatch.setattr(formats, "format_date", lambda value, pattern: calls.append(value) or real(value, pattern))
    with app.test_request_context():
        with force_locale("cs"):
            html = render_template_string("{% for _ in range(50) %}{{ day|date }};{% endfor %}", day=date(2026, 3, 2))
    assert html.count("2. března 2026") == 50
    assert calls == [date(2026, 3, 2)]


def test_the_same_value_in_another_language_is_formatted_again(app):
    with app.test_request_context():
        with force_locale("cs"):
            czech = render_template_string("{{ day|date }}", day=date(2026, 3, 2))
        with force_locale("en"):
            english = render_template_string("{{ day|date }}", day=date(2026, 3, 2))
    assert (czech, english) == ("2. března 2026", "March 2, 2026")
