"""The server-drawn bar charts: readable without JavaScript, by screen readers and in Czech."""

from flask import render_template_string
from flask_babel import force_locale
from lxml import etree

from participation.common.charts import LABEL_CHARACTERS, bar_chart
from participation.common.formatting import percent

SVG = "{http://www.w3.org/2000/svg}"
MACRO = '{% from "_macros/charts.html" import bar_chart %}{{ bar_chart(chart_id, title, rows, maximum=maximum) }}'


def _render(app, rows, maximum=None, locale="cs"):
    with app.test_request_context(), force_locale(locale):
        html = render_template_string(MACRO, chart_id="turnout", title="Účast podle obcí", rows=rows, maximum=maximum)
    return etree.fromstring(html.strip().encode())


def _czech_percent(app, value):
    with app.test_request_context(), force_locale("cs"):
        return percent(value)


def test_chart_is_an_image_with_a_title_and_a_description_holding_the_figures(app):
    rows = [("Dolní Dobrouč", 0.45, _czech_percent(app, 0.45)), ("Lhota", 0.3, _czech_percent(app, 0.3))]
    svg = _render(app, rows, maximum=1)
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "turnout-title turnout-desc"
    assert svg.find(f"{SVG}title").text == "Účast podle obcí"
    assert svg.find(f"{SVG}title").get("id") == "turnout-title"
    description = svg.find(f"{SVG}desc").text
    assert description == "Dolní Dobrouč: 45\u00a0%; Lhota: 30\u00a0%"


def test_bar_widths_are_proportional_to_the_values(app):
    svg = _render(app, [("A", 40, "40"), ("B", 20, "20"), ("C", 0, "0")])
    widths = [float(rect.get("width").rstrip("%")) for rect in svg.iter(f"{SVG}rect")]
    assert widths[0] == 100.0  # the largest value fills the width
    assert widths[1] == widths[0] / 2
    assert widths[2] == 0


def test_figures_are_drawn_as_text_in_czech_format(app):
    svg = _render(app, [("Horní Ves", 0.125, _czech_percent(app, 0.125))], maximum=1)
    figures = [span.text for span in svg.iter(f"{SVG}tspan") if span.get("class") == "bar-chart-figure"]
    assert figures == ["12,5\u00a0%"]  # a decimal comma and a non-breaking space before the sign
    labels = ["".join(text.itertext()) for text in svg.iter(f"{SVG}text") if text.get("class") == "bar-chart-label"]
    assert labels == ["Horní Ves: 12,5\u00a0%"]


def test_a_hidden_figure_has_no_bar_but_says_why(app):
    svg = _render(app, [("Malá Lhota", None, "skryto: méně než 5 odpovědí"), ("Velká Ves", 0.5, "50 %")], maximum=1)
    assert len(list(svg.iter(f"{SVG}rect"))) == 1
    assert "Malá Lhota: skryto: méně než 5 odpovědí" in svg.find(f"{SVG}desc").text


def test_long_labels_and_figures_wrap_onto_lines_that_fit_a_phone():
    name = "Brandýs nad Labem-Stará Boleslav a přilehlé osady na soutoku"
    chart = bar_chart("c", "t", [(name, 1, "skryto: méně než 5 respondentů"), ("Ves", 1, "1")])
    first, second = chart.rows
    assert first.lines[-1] == ("", "skryto: méně než 5 respondentů")  # too long to follow the label
    assert len(first.lines) == 3 and all(len(text) + len(figure) <= LABEL_CHARACTERS for text, figure in first.lines)
    assert second.lines == (("Ves: ", "1"),)
    assert second.top > first.bar_top  # the next row starts below the wrapped label's bar
    assert chart.height > second.bar_top


def test_no_rows_draw_nothing(app):
    with app.test_request_context():
        html = render_template_string(MACRO, chart_id="x", title="t", rows=[], maximum=None)
    assert html.strip() == ""


def test_percent_filter_follows_the_readers_language(app):
    with app.test_request_context(), force_locale("cs"):
        assert percent(0.0125, "#,##0.0#%") == "1,25\u00a0%"
    with app.test_request_context(), force_locale("en"):
        assert percent(0.455) == "45.5%"
