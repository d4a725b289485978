"""Charts: data first, then a static SVG drawn by matplotlib at build time.

A `Chart` holds the numbers; the same object renders the SVG and the table shown
right below it, so the two can never disagree. SVGs are deterministic (no date,
a fixed id salt), use the Okabe-Ito colour-blind-safe palette, keep their text
as text (searchable, scalable) and carry a <title> and <desc> for screen readers.

Every chart is drawn twice: `<slug>.svg` for Material's light scheme and
`<slug>.dark.svg` for its dark (slate) one; the page shows the one of the reader's
scheme with Material's `#only-light` / `#only-dark` image fragments. A chart marks
what it knows is not final: a dashed line for each target the policy sets, and a
hatched bar (or a hollow point) with an asterisk for a period that is not over.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.legend import Legend

# Okabe & Ito (2008): distinguishable with every common colour-vision deficiency.
MAX_LABELS = 24  # category labels an axis shows; a longer history labels every n-th
DAYS_FROM_HOURS = 14 * 24  # durations past two weeks are drawn in days
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000")
SEVERITY_COLOURS = {
    "sev1": "#D55E00",
    "sev2": "#E69F00",
    "sev3": "#56B4E9",
    "sev4": "#009E73",
    "unknown": "#CC79A7",  # not the grey of `unassessed`: two swatches a legend cannot tell apart
}
GREY = "#999999"
SIZE = (8, 3.6)  # inches: 576 x 259.2 pt, shown 800 px wide (charts.css keeps it >= 540 px on a phone)
FONT_SIZE = 10  # every text but the title: >= 9.4 px at the 540 px a phone scrolls sideways
TITLE_SIZE = 12
PAD = 6  # points between the figure's edge and any text
TITLE_CHARS = 64  # a longer title wraps (12 pt bold: about 8 pt a character)
ROTATE_FROM = 9  # categories from which the x labels are drawn at 45 degrees
ROTATED_CHARS = 16  # a rotated label wraps at this many characters, to two lines at most
SO_FAR = "*"  # after the label of a period that is not over
HATCH = "////"


@dataclass(frozen=True, slots=True)
class Theme:
    """The colours of one Material colour scheme."""

    name: str  # light | dark
    background: str
    text: str
    lines: str  # axes, ticks
    grid: str
    target: str  # a target's dashed line and its label
    recolour: tuple[tuple[str, str], ...] = ()  # palette colours replaced on this background

    def colour(self, colour: str) -> str:
        return dict(self.recolour).get(colour.upper(), colour)


LIGHT = Theme("light", "#ffffff", "#000000", "#000000", "#dddddd", "#333333")
# Material's slate background is hsl(225deg 15% 14%) = #1e2129. On it every palette colour but
# black keeps at least 3:1 (the blue #0072B2 3.1:1, the others 4.2:1 to 12:1; tests/test_chart_polish.py),
# and black becomes white.
DARK = Theme("dark", "#1e2129", "#e3e5ea", "#a9adb8", "#3b3f4c", "#e3e5ea", (("#000000", "#FFFFFF"),))
THEMES = (LIGHT, DARK)


def _rc(theme: Theme) -> dict[str, object]:
    return {
        "svg.hashsalt": "pirsite",  # stable ids inside the SVG
        "svg.fonttype": "none",  # text stays text
        "font.family": "sans-serif",
        # laid out in DejaVu Sans (matplotlib's own); a browser without it falls back to a
        # narrower face, never to a wider one (Verdana): text measured to fit still fits
        "font.sans-serif": ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica"],
        "font.size": FONT_SIZE,
        "legend.fontsize": FONT_SIZE,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "axes.grid.axis": "y",
        "grid.color": theme.grid,
        "figure.facecolor": theme.background,  # a solid face: readable opened on its own too
        "axes.facecolor": theme.background,
        "text.color": theme.text,
        "axes.labelcolor": theme.text,
        "axes.edgecolor": theme.lines,
        "xtick.color": theme.lines,
        "ytick.color": theme.lines,
        "xtick.labelcolor": theme.text,
        "ytick.labelcolor": theme.text,
        "hatch.color": theme.text,
        "legend.frameon": False,
    }


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: tuple[float | None, ...]
    kind: str = "bar"  # bar | line
    colour: str | None = None
    right_axis: bool = False  # a line drawn against a second axis (e.g. a cumulative share)


@dataclass(frozen=True, slots=True)
class Target:
    """A goal the policy sets, drawn as a dashed line: ``value`` in the chart's unit."""

    value: float
    at_least: bool  # a rate to reach (>=), else the most allowed (<=)
    what: str = ""  # the series it bounds, when the chart has several ("overdue")


@dataclass(frozen=True, slots=True)
class Chart:
    slug: str  # file name: charts/<slug>.svg (and <slug>.dark.svg)
    title: str
    x_label: str
    y_label: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str = "count"  # count | hours | days | percent
    stacked: bool = False
    right_label: str = ""
    targets: tuple[Target, ...] = ()  # the policy's, only where it sets one
    partial: tuple[str, ...] = ()  # categories whose period is not over at the build's as-of time
    as_of: str = ""  # the day those are counted to ("2026-11-23")
    note: str = ""  # a sentence under the table (e.g. why no target line is drawn)

    def file(self, dark: bool = False) -> str:
        """The SVG's file name in charts/: one per colour scheme."""
        return f"{self.slug}.dark.svg" if dark else f"{self.slug}.svg"

    @property
    def alt(self) -> str:
        """Alt text: what the chart shows and where its numbers are (the table below it)."""
        return self.description + " The table below gives every value."

    @property
    def description(self) -> str:
        """What the chart shows, for a place without its table (a report, a slide)."""
        chart = self.readable()
        names = ", ".join(s.name for s in chart.series)
        span = f"{chart.categories[0]} to {chart.categories[-1]}" if chart.categories else "no data"
        parts = [f"{chart.title}: {names}, {chart.x_label.lower()} {span}."]
        if chart.targets:
            parts.append(
                "Dashed line: " + "; ".join(chart.target_label(t).lower() for t in chart.targets) + "."
            )
        if chart.partial:
            marked = "hatched" if any(s.kind == "bar" for s in chart.series) else "a hollow point"
            parts.append(
                f"{_listed(chart.partial)} {'is' if len(chart.partial) == 1 else 'are'} not over: "
                f"counted to {chart.as_of} (marked {SO_FAR}, {marked})."
            )
        return " ".join(parts)

    def target_label(self, target: Target) -> str:
        """``Target ≥ 100%``, ``Target ≤ 4 h``, ``Target: overdue ≤ 0``."""
        return f"Target: {self._bound(target)}" if target.what else f"Target {self._bound(target)}"

    def _bound(self, target: Target) -> str:
        bound = ("≥ " if target.at_least else "≤ ") + _amount(target.value, self.unit)
        return f"{target.what} {bound}" if target.what else bound

    def table(self) -> str:
        """The chart's numbers as a Markdown table, in the unit the chart is drawn in, and what
        the chart marks (targets, periods not over) in words below it."""
        chart = self.readable()
        header = f"| {chart.x_label} | " + " | ".join(s.name for s in chart.series) + " |"
        rule = "|---|" + "---:|" * len(chart.series)
        rows = [
            f"| {category}{' (so far)' if category in chart.partial else ''} | "
            + " | ".join(_number(s.values[i], chart.unit_of(s)) for s in chart.series)
            + " |"
            for i, category in enumerate(chart.categories)
        ]
        notes = [f"Target: {chart._bound(t)} (the policy's; the dashed line)." for t in chart.targets]
        if chart.partial:
            notes.append(
                f"*So far*: {_listed(chart.partial)} {'is' if len(chart.partial) == 1 else 'are'} not over, "
                f"counted to {chart.as_of} (marked \\{SO_FAR} on the chart)."
            )
        if chart.note:
            notes.append(chart.note)
        return "\n".join([header, rule, *rows]) + ("\n\n" + " ".join(notes) if notes else "")

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
        targets = tuple(replace(t, value=t.value / 24) for t in self.targets)
        label = self.y_label.replace("Hours", "Days").replace("hours", "days")
        return replace(self, series=series, unit="days", y_label=label, targets=targets)


def _listed(items: tuple[str, ...]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "percent":
        return f"{value:.0f}%"
    if unit in ("hours", "days"):
        return f"{value:.1f}"
    return f"{value:g}"


def _amount(value: float, unit: str) -> str:
    """A target in words: 100%, 4 h, 0.5 d, 3."""
    suffix = {"percent": "%", "hours": " h", "days": " d"}.get(unit, "")
    return f"{value:.3g}{suffix}"


def render_svg(chart: Chart, *, dark: bool = False) -> str:
    """The chart as a standalone, deterministic SVG document (in a unit its range reads in),
    in the colours of Material's light scheme, or of its dark one."""
    with drawn(chart, DARK if dark else LIGHT) as figure:
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "pirsite"})
    return _accessible(buffer.getvalue(), chart)


def chart_files(chart: Chart) -> list[tuple[str, str]]:
    """(file name, SVG) of the chart in every colour scheme."""
    return [(chart.file(theme is DARK), render_svg(chart, dark=theme is DARK)) for theme in THEMES]


@contextmanager
def drawn(chart: Chart, theme: Theme = LIGHT) -> Iterator[Figure]:
    """The chart on a laid-out figure, inside its style: what `render_svg` saves (and what
    tests measure: every text inside the figure, the legend clear of the plot)."""
    chart = chart.readable()
    import matplotlib  # imported here: only a site build draws charts (no pyplot, no display)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_rc(theme)):
        figure = Figure(figsize=SIZE, dpi=72)  # 72 dpi: a pixel is the SVG's point
        FigureCanvasAgg(figure)  # measures text for the layout
        ax = figure.add_subplot()
        handles = _draw(ax, chart, theme)
        _layout(figure, chart, handles)
        yield figure


def _mix(colour: str, background: str, share: float) -> str:
    """``colour`` blended with ``share`` of ``background``: the pale face of a partial bar."""
    a = [int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    b = [int(background.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(x * (1 - share) + y * share):02x}" for x, y in zip(a, b, strict=True))


def _draw(ax: Axes, chart: Chart, theme: Theme) -> list[tuple[Artist, str]]:
    """Draw the chart's data, targets and axes; return the legend's (handle, label) pairs."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.ticker import MaxNLocator
    from matplotlib.transforms import blended_transform_factory

    positions = list(range(len(chart.categories)))
    partial = [i for i, category in enumerate(chart.categories) if category in chart.partial]
    bars = [s for s in chart.series if s.kind == "bar"]
    width = 0.8 if chart.stacked or len(bars) <= 1 else 0.8 / len(bars)
    bottom = [0.0] * len(positions)
    colours = iter(PALETTE)
    right = None
    handles: list[tuple[Artist, str]] = []
    for series in chart.series:
        colour = theme.colour(series.colour or next(colours))
        values = [v if v is not None else float("nan") for v in series.values]
        if series.kind == "bar":
            if chart.stacked:
                heights = [0 if v != v else v for v in values]
                drawn_bars = ax.bar(positions, heights, width, bottom=bottom, color=colour)
                bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
            else:
                index = bars.index(series)
                offset = (index - (len(bars) - 1) / 2) * width if len(bars) > 1 else 0
                drawn_bars = ax.bar([p + offset for p in positions], values, width, color=colour)
            for i in partial:  # not over: a pale, hatched bar edged in the series' colour
                bar = drawn_bars.patches[i]
                bar.set_facecolor(_mix(colour, theme.background, 0.6))
                bar.set_edgecolor(colour)  # before matplotlib 3.11 the hatch takes this colour
                bar.set_hatch(HATCH)
                if hasattr(bar, "set_hatchcolor"):  # matplotlib 3.11+
                    bar.set_hatchcolor(colour)
            handles.append((Patch(facecolor=colour), series.name))
        else:
            target = ax
            if series.right_axis:
                right = right or ax.twinx()
                target = right
            target.plot(positions, values, marker="o", color=colour, linewidth=2)
            if partial:  # not over: a hollow point
                target.plot(
                    partial,
                    [values[i] for i in partial],
                    linestyle="none",
                    marker="o",
                    markersize=7,
                    markeredgewidth=2,
                    color=colour,
                    markerfacecolor=theme.background,
                    zorder=3,
                )
            handles.append((Line2D([], [], marker="o", color=colour, linewidth=2), series.name))
    ax.set_xlabel(chart.x_label)
    ax.set_ylabel(chart.y_label)
    step = max(1, -(-len(positions) // MAX_LABELS))  # a long history: every step-th label, never overprinted
    rotate = len(positions) >= ROTATE_FROM
    slot = 460 / max(1, len(positions)) * step  # points of axis per label, about
    chars = ROTATED_CHARS if rotate else max(5, int(slot / (0.62 * FONT_SIZE)))
    shown = positions[(len(positions) - 1) % step :: step]  # the latest labelled: it is the news
    ax.set_xticks(
        shown,
        [
            _wrapped(chart.categories[i], chars, 2 if rotate else 3) + (SO_FAR if i in partial else "")
            for i in shown
        ],
        rotation=45 if rotate else 0,
        ha="right" if rotate else "center",
        rotation_mode="anchor" if rotate else "default",
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
    top = ax.get_ylim()[1]
    for goal in chart.targets:
        if goal.value >= top:
            top = goal.value * 1.08
            ax.set_ylim(0, top)
    edge = blended_transform_factory(ax.transAxes, ax.transData)  # x: the axes' right edge; y: the value
    for goal in chart.targets:
        label = chart.target_label(goal)
        ax.axhline(goal.value, color=theme.target, linestyle=(0, (5, 3)), linewidth=1.5, zorder=2.5)
        if right is None:  # named at the line's end too, in the margin a right axis would take
            ax.text(
                1.01,
                goal.value,
                label.replace(" ", "\n", 1),
                transform=edge,
                ha="left",
                va="bottom" if goal.value <= top / 2 else "top",
                color=theme.target,
            )
        handles.append((Line2D([], [], color=theme.target, linestyle=(0, (5, 3)), linewidth=1.5), label))
    if partial:
        mark = f"{SO_FAR} so far (to {chart.as_of})" if chart.as_of else f"{SO_FAR} so far"
        if bars:
            swatch: Artist = Patch(facecolor=theme.background, edgecolor=theme.text, hatch=HATCH)
        else:
            swatch = Line2D(
                [], [], linestyle="none", marker="o", markersize=7, markeredgewidth=2,
                color=theme.text, markerfacecolor=theme.background,
            )  # fmt: skip
        handles.append((swatch, mark))
    return handles


def _wrapped(label: str, width: int, lines: int) -> str:
    """A category label in at most ``lines`` lines of ``width`` characters, cut with an ellipsis
    beyond (the table below the chart has it in full)."""
    if len(label) <= width:
        return label
    parts = textwrap.wrap(label, width, break_long_words=False) or [label]
    cut = len(parts) > lines
    parts = parts[:lines]
    parts = [p if len(p) <= width else p[: width - 1] + "…" for p in parts]
    if cut and not parts[-1].endswith("…"):
        parts[-1] = (parts[-1] if len(parts[-1]) < width else parts[-1][: width - 1]) + "…"
    return "\n".join(parts)


@dataclass(frozen=True, slots=True)
class _Layout:
    """Where `_layout` put the legend and the plot: the same in every colour scheme."""

    legend_top: float  # figure fraction
    columns: int
    plot: tuple[float, float, float, float]  # left, bottom, right, top


_LAYOUTS: dict[Chart, _Layout] = {}  # measured for the light variant, reused for the dark one


def _layout(figure: Figure, chart: Chart, handles: list[tuple[Artist, str]]) -> None:
    """The title atop, the legend in a row (or rows) right under it, above the plot and clear
    of both axes, and the plot in what is left with every label inside the figure. One
    measuring pass (tight_layout), not a layout engine that draws twice; colours change no
    size, so a chart's second colour scheme reuses what its first measured."""
    width, height = (v * 72 for v in SIZE)
    title = figure.text(
        PAD / width,
        1 - PAD / height,
        textwrap.fill(chart.title, TITLE_CHARS),
        ha="left",
        va="top",
        fontsize=TITLE_SIZE,
        fontweight="bold",
    )

    def legend(top: float, columns: int) -> Legend:
        return figure.legend(
            [h for h, _ in handles],
            [label for _, label in handles],
            loc="upper left",
            bbox_to_anchor=(PAD / width, top),  # lined up with the title
            borderaxespad=0,
            borderpad=0,
            ncols=columns,
            handlelength=1.6,
            columnspacing=1.2,
        )

    known = _LAYOUTS.get(chart)
    if known is not None:
        if len(handles) > 1:
            legend(known.legend_top, known.columns)
        left, bottom, right, top = known.plot
        figure.subplots_adjust(left=left, bottom=bottom, right=right, top=top)
        return
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    below = title.get_window_extent(renderer).height + 1.5 * PAD  # points from the top the plot starts at
    legend_top, columns = 1 - below / height, len(handles)
    if len(handles) > 1:
        while True:  # one row when it fits the figure's width, else as few rows as do
            shown = legend(legend_top, columns)
            if columns == 1 or shown.get_window_extent(renderer).width <= width - 2 * PAD:
                break
            shown.remove()
            columns -= 1
        below += shown.get_window_extent(renderer).height + PAD
    figure.tight_layout(pad=PAD / FONT_SIZE, rect=(0, 0, 1, 1 - below / height))
    if len(_LAYOUTS) >= 64:  # `mkdocs serve` rebuilds: keep a few builds' charts, not all of them
        _LAYOUTS.clear()
    params = figure.subplotpars
    _LAYOUTS[chart] = _Layout(legend_top, columns, (params.left, params.bottom, params.right, params.top))


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
