"""Horizontal bar charts drawn on the server as inline SVG (templates/_macros/charts.html).

No chart library and no JavaScript: a chart is a list of rows, each a label
and its figure on their own line(s) above a bar. The text is laid out here in
pixels and the bars in per cent of the chart's width, so the chart fills a
360 px phone or a desktop column without its letters shrinking; long labels
and figures wrap instead of running off the edge. The reader's figure
(already formatted: "45 %", "12,5 dne") is drawn as text and repeated in the
<desc>, and the page shows the same figures in a table: neither colour nor
length alone carries the meaning.

A row whose figure is hidden (a municipality with too few respondents) has
no bar, only its explanation.
"""

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass

FONT_SIZE = 14  # px; the text is not scaled with the chart
LINE_HEIGHT = 18
BAR_HEIGHT = 14
ROW_GAP = 10
LABEL_CHARACTERS = 38  # about 300 px of 14 px text: fits a 360 px phone with the page margins


@dataclass(frozen=True)
class ChartRow:
    """One bar: its label (wrapped into lines), figure and length as a fraction of the longest possible."""

    label: str
    figure: str
    fraction: float | None
    lines: tuple[tuple[str, str], ...]  # (label text, figure text) per line; the figure ends the last line(s)
    top: int

    @property
    def hidden(self) -> bool:
        return self.fraction is None

    @property
    def baselines(self) -> list[tuple[str, str, int]]:
        """Each line's label text, figure text and the y of its baseline."""
        return [(text, figure, self.top + (number + 1) * LINE_HEIGHT - 4)
                for number, (text, figure) in enumerate(self.lines)]

    @property
    def bar_top(self) -> int:
        return self.top + len(self.lines) * LINE_HEIGHT + 2

    @property
    def width(self) -> str:
        """The bar's width in per cent of the chart, as an SVG length."""
        return f"{(self.fraction or 0.0) * 100:.2f}%"


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    description: str
    rows: tuple[ChartRow, ...]
    bar_height: int = BAR_HEIGHT
    font_size: int = FONT_SIZE

    @property
    def height(self) -> int:
        if not self.rows:
            return 0
        last = self.rows[-1]
        return last.bar_top + BAR_HEIGHT + 2


def _fraction(value: float | None, maximum: float) -> float | None:
    if value is None:
        return None
    if maximum <= 0:
        return 0.0
    return min(max(value / maximum, 0.0), 1.0)


def _lines(label: str, figure: str) -> tuple[tuple[str, str], ...]:
    """The label wrapped to the width, the figure after it on its last line or on a line of its own."""
    lines = [(text, "") for text in textwrap.wrap(label, LABEL_CHARACTERS)] or [("", "")]
    last = lines[-1][0]
    if len(last) + 2 + len(figure) <= LABEL_CHARACTERS:
        lines[-1] = (f"{last}: " if last else "", figure)
    else:
        lines.append(("", figure))
    return tuple(lines)


def bar_chart(chart_id: str, title: str, rows: Iterable[tuple[str, float | None, str]], *,
              maximum: float | None = None, description: str | None = None) -> BarChart:
    """Lay out (label, value, figure) rows; a value of None hides the bar (the figure says why).

    Bars are proportional to value / maximum; without `maximum` the largest
    value fills the span (pass 1 for shares, 5 for a 1-5 scale). The
    description defaults to every "label: figure" pair, so a screen reader
    hears the figures even where the table is far away.
    """
    rows = list(rows)
    if maximum is None:
        maximum = max((value for _label, value, _figure in rows if value is not None), default=0)
    laid_out, top = [], 0
    for label, value, figure in rows:
        row = ChartRow(str(label), str(figure), _fraction(value, maximum), _lines(str(label), str(figure)), top)
        laid_out.append(row)
        top = row.bar_top + BAR_HEIGHT + ROW_GAP
    if description is None:
        description = "; ".join(f"{row.label}: {row.figure}" for row in laid_out)
    return BarChart(chart_id, str(title), description, tuple(laid_out))
