"""Charts: data first, then a static SVG drawn by matplotlib at build time.

A `Chart` holds the numbers; the same object renders the SVG and the table shown
right below it, so the two can never disagree. SVGs are deterministic (no date,
a fixed id salt), use the Okabe-Ito colour-blind-safe palette, keep their text
as text (searchable, scalable) and carry a <title> and <desc> for screen readers.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.axes import Axes

# Okabe & Ito (2008): distinguishable with every common colour-vision deficiency.
MAX_LABELS = 24  # category labels an axis shows; a longer history labels every n-th
DAYS_FROM_HOURS = 14 * 24  # durations past two weeks are drawn in days
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000")
SEVERITY_COLOURS = {"sev1": "#D55E00", "sev2": "#E69F00", "sev3": "#56B4E9", "sev4": "#009E73"}
GREY = "#999999"
RC = {
    "svg.hashsalt": "pirsite",  # stable ids inside the SVG
    "svg.fonttype": "none",  # text stays text
    "font.family": "sans-serif",
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": "#dddddd",
    "figure.facecolor": "white",  # readable in the dark theme too
}


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: tuple[float | None, ...]
    kind: str = "bar"  # bar | line
    colour: str | None = None
    right_axis: bool = False  # a line drawn against a second axis (e.g. a cumulative share)


@dataclass(frozen=True, slots=True)
class Chart:
    slug: str  # file name: charts/<slug>.svg
    title: str
    x_label: str
    y_label: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str = "count"  # count | hours | days | percent
    stacked: bool = False
    right_label: str = ""

    @property
    def alt(self) -> str:
        """Alt text: what the chart shows and where its numbers are."""
        names = ", ".join(s.name for s in self.series)
        span = f"{self.categories[0]} to {self.categories[-1]}" if self.categories else "no data"
        return f"{self.title}: {names}, {self.x_label.lower()} {span}. The table below gives every value."

    def table(self) -> str:
        """The chart's numbers as a Markdown table, in the unit the chart is drawn in."""
        chart = self.readable()
        header = f"| {chart.x_label} | " + " | ".join(s.name for s in chart.series) + " |"
        rule = "|---|" + "---:|" * len(chart.series)
        rows = [
            f"| {category} | "
            + " | ".join(_number(s.values[i], chart.unit_of(s)) for s in chart.series)
            + " |"
            for i, category in enumerate(chart.categories)
        ]
        return "\n".join([header, rule, *rows])

    def unit_of(self, series: Series) -> str:
        return "percent" if series.right_axis else self.unit

    def readable(self) -> Chart:
        """The chart in a unit its range reads in: durations past two weeks in days, not
        hours up to 80,000 (a history of slow containment)."""
        if self.unit != "hours":
            return self
        finite = [v for s in self.series if not s.right_axis for v in s.values if v is not None]
        if not finite or max(finite) <= DAYS_FROM_HOURS:
            return self
        series = tuple(
            s if s.right_axis else replace(s, values=tuple(None if v is None else v / 24 for v in s.values))
            for s in self.series
        )
        label = self.y_label.replace("Hours", "Days").replace("hours", "days")
        return replace(self, series=series, unit="days", y_label=label)


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "percent":
        return f"{value:.0f}%"
    if unit in ("hours", "days"):
        return f"{value:.1f}"
    return f"{value:g}"


def render_svg(chart: Chart) -> str:
    """The chart as a standalone, deterministic SVG document (in a unit its range reads in)."""
    chart = chart.readable()
    import matplotlib  # imported here: only a site build draws charts (no pyplot, no display)
    from matplotlib.figure import Figure

    with matplotlib.rc_context(RC):
        figure = Figure(figsize=(8, 3.6), dpi=100)  # fixed margins: a layout engine draws twice
        figure.subplots_adjust(left=0.08, right=0.84, top=0.9, bottom=0.24)
        ax = figure.add_subplot()
        _draw(ax, chart)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "pirsite"})
    return _accessible(buffer.getvalue(), chart)


def _draw(ax: Axes, chart: Chart) -> None:
    from matplotlib.ticker import MaxNLocator

    positions = list(range(len(chart.categories)))
    bars = [s for s in chart.series if s.kind == "bar"]
    width = 0.8 if chart.stacked or len(bars) <= 1 else 0.8 / len(bars)
    bottom = [0.0] * len(positions)
    colours = iter(PALETTE)
    right = None
    for index, series in enumerate(chart.series):
        colour = series.colour or next(colours)
        values = [v if v is not None else float("nan") for v in series.values]
        if series.kind == "bar":
            if chart.stacked:
                ax.bar(
                    positions,
                    [0 if v != v else v for v in values],
                    width,
                    bottom=bottom,
                    label=series.name,
                    color=colour,
                )
                bottom = [b + (0 if v != v else v) for b, v in zip(bottom, values, strict=True)]
            else:
                offset = (index - (len(bars) - 1) / 2) * width if len(bars) > 1 else 0
                ax.bar([p + offset for p in positions], values, width, label=series.name, color=colour)
        else:
            target = ax
            if series.right_axis:
                right = right or ax.twinx()
                target = right
            target.plot(positions, values, marker="o", label=series.name, color=colour, linewidth=2)
    ax.set_title(chart.title, loc="left", fontweight="bold")
    ax.set_xlabel(chart.x_label)
    ax.set_ylabel(chart.y_label)
    step = max(1, -(-len(positions) // MAX_LABELS))  # a long history: every step-th label, never overprinted
    ax.set_xticks(
        positions[::step],
        chart.categories[::step],
        rotation=45 if len(positions) > 8 else 0,
        ha="right" if len(positions) > 8 else "center",
    )
    ax.set_ylim(bottom=0)
    if chart.unit == "count":
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    if chart.unit == "percent":
        ax.set_ylim(0, 105)
    if right is not None:
        right.set_ylim(0, 105)
        right.set_ylabel(chart.right_label)
        right.grid(False)
    handles, labels = ax.get_legend_handles_labels()
    if right is not None:
        more = right.get_legend_handles_labels()
        handles, labels = handles + more[0], labels + more[1]
    if len(labels) > 1:
        ax.legend(handles, labels, frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))


def _accessible(svg: str, chart: Chart) -> str:
    """Give the SVG a role, a <title> and a <desc> right after its opening tag."""
    start = svg.index("<svg")
    end = svg.index(">", start)
    head = svg[start:end].replace("<svg", '<svg role="img" aria-labelledby="title desc"', 1)
    return (
        svg[:start]
        + head
        + f'>\n <title id="title">{escape(chart.title)}</title>\n <desc id="desc">{escape(chart.alt)}</desc>'
        + svg[end + 1 :]
    )
