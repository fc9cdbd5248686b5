"""Read a server-drawn bar chart (templates/_macros/charts.html) back from a page, as a reader would."""

from lxml import html as lxml_html


def read_chart(page: str, chart_id: str) -> list[tuple[str, str, float | None]]:
    """(label, figure, bar width in per cent or None) per row; the chart must be an image with a title and a description."""
    svg = lxml_html.fromstring(page).get_element_by_id(chart_id)
    assert svg.get("role") == "img" and svg.find("title").text and svg.find("desc").text
    rows = []
    for row in svg.findall("g"):
        figure = row.find("text/tspan[@class='bar-chart-figure']").text
        label = "".join(row.find("text").itertext()).removesuffix(figure).removesuffix(": ").strip()
        bar = row.find("rect")
        rows.append((label, figure, None if bar is None else float(bar.get("width").rstrip("%"))))
    assert all(figure in svg.find("desc").text for _label, figure, _width in rows)
    return rows
