"""Charts a reader can read: no text clipped, the legend clear of the plot and both axes, the
policy's targets drawn (and only those), periods not over marked as such, a dark variant for
Material's slate scheme, and text that stays legible on a phone."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from conftest import PROJECT
from pirsite.metrics import compute
from pirsite.pipeline import check
from pirsite.site import charts as charts_module
from pirsite.site.charts import (
    DARK,
    FONT_SIZE,
    GREY,
    LIGHT,
    PALETTE,
    SEVERITY_COLOURS,
    SIZE,
    Chart,
    Series,
    Target,
    Theme,
    chart_files,
    drawn,
    render_svg,
)
from pirsite.site.pages import names
from pirsite.site.trends import charts

SVG = "{http://www.w3.org/2000/svg}"
NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
CSS = PROJECT / "src/pirsite/site/assets/charts.css"
MONTHS_20Y = tuple(f"{2006 + i // 12}-{i % 12 + 1:02d}" for i in range(240))
TWENTY_YEARS = Chart(
    "twenty-years",
    "Incidents per month, by severity",
    "Month",
    "Incidents",
    MONTHS_20Y,
    tuple(
        Series(sev, tuple(float((i * (n + 3)) % 5) for i in range(240)), colour=SEVERITY_COLOURS[sev])
        for n, sev in enumerate(("sev1", "sev2", "sev3", "sev4"))
    ),
    stacked=True,
    partial=(MONTHS_20Y[-1],),
    as_of="2025-12-14",
)
LONG_LABELS = Chart(  # a policy's own long root-cause names, a long title, both axes, a target
    "long-labels",
    "Root causes of every incident the programme has recorded since it began, most frequent first (Pareto)",
    "Root cause",
    "Incidents",
    (
        "Not yet determined",
        "Human error in a manual step of a change",
        "Third-party service failure outside our control",
        "Supercalifragilisticexpialidociousconfiguration",
        "Capacity",
        "Social engineering",
    ),
    (
        Series("incidents", (12.0, 9.0, 7.0, 4.0, 2.0, 1.0)),
        Series("cumulative share", (34.3, 60.0, 80.0, 91.4, 97.1, 100.0), "line", right_axis=True),
    ),
    right_label="Cumulative share (%)",
    targets=(Target(8.0, at_least=False),),
)


@pytest.fixture(scope="module")
def example() -> tuple:
    result = check(PROJECT, now=NOW, git_history=False)
    assert result.errors == 0
    metrics = compute(result.incidents, result.postmortems, result.policy, now=NOW)
    return result.policy, metrics, charts(metrics, result.policy, names(result.policy)["root_cause"])


def _example_charts() -> list[Chart]:
    result = check(PROJECT, now=NOW, git_history=False)
    metrics = compute(result.incidents, result.postmortems, result.policy, now=NOW)
    return list(charts(metrics, result.policy, names(result.policy)["root_cause"]).values())


EXAMPLE_CHARTS = _example_charts()
ALL_CHARTS = [*EXAMPLE_CHARTS, TWENTY_YEARS, LONG_LABELS]


def _drawn_texts(figure):
    """Every text the figure draws: tick labels only of the ticks inside the view (matplotlib
    keeps others around, undrawn), no empty strings."""
    from matplotlib.text import Text

    ticks, shown = set(), []
    for ax in figure.axes:
        for axis in (ax.xaxis, ax.yaxis):
            low, high = sorted(axis.get_view_interval())
            locs = list(axis.get_majorticklocs())
            for i, tick in enumerate(axis.majorTicks):
                ticks.update((tick.label1, tick.label2))
                if i < len(locs) and low - 1e-9 <= locs[i] <= high + 1e-9:
                    shown += [t for t in (tick.label1, tick.label2) if t.get_visible() and t.get_text()]
            for tick in axis.minorTicks:
                ticks.update((tick.label1, tick.label2))
    others = [t for t in figure.findobj(Text) if t not in ticks and t.get_visible() and t.get_text().strip()]
    return shown + others


def _overlap(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=lambda t: t.name)
@pytest.mark.parametrize("chart", ALL_CHARTS, ids=lambda c: c.slug)
def test_no_text_leaves_the_figure(chart: Chart, theme: Theme) -> None:
    with drawn(chart, theme) as figure:
        figure.canvas.draw()
        renderer = figure.canvas.get_renderer()
        box = figure.bbox
        texts = _drawn_texts(figure)
        assert len(texts) > 5
        for text in texts:
            extent = text.get_window_extent(renderer)
            assert extent.x0 >= box.x0 and extent.y0 >= box.y0, (text.get_text(), extent, box)
            assert extent.x1 <= box.x1 and extent.y1 <= box.y1, (text.get_text(), extent, box)


@pytest.mark.parametrize("chart", ALL_CHARTS, ids=lambda c: c.slug)
def test_the_legend_sits_outside_the_plot_clear_of_both_axes(chart: Chart) -> None:
    with drawn(chart) as figure:
        figure.canvas.draw()
        renderer = figure.canvas.get_renderer()
        if len(chart.series) == 1 and not chart.targets and not chart.partial:
            assert figure.legends == [] and all(ax.get_legend() is None for ax in figure.axes)
            return
        (legend,) = figure.legends
        assert all(ax.get_legend() is None for ax in figure.axes)
        area = legend.get_window_extent(renderer)
        assert figure.bbox.x0 <= area.x0 and area.x1 <= figure.bbox.x1
        for ax in figure.axes:  # the plot, and the right axis' ticks and label
            assert not _overlap(area, ax.bbox), ax
            for axis in (ax.xaxis, ax.yaxis):
                bound = axis.get_tightbbox(renderer)
                assert bound is None or not _overlap(area, bound), (chart.slug, axis)
        own = set(legend.get_texts())
        for text in _drawn_texts(figure):
            if text not in own:
                assert not _overlap(area, text.get_window_extent(renderer)), text.get_text()


def test_long_category_labels_are_wrapped_or_cut_and_kept_whole_in_the_table() -> None:
    with drawn(LONG_LABELS) as figure:
        labels = [t.get_text() for t in figure.axes[0].get_xticklabels()]
    assert labels[0] == "Not yet\ndetermined"
    assert all(len(line) <= 16 for label in labels for line in label.split("\n"))
    assert all(label.count("\n") <= 2 for label in labels)
    assert any(label.endswith("…") for label in labels)  # more than fits is cut, visibly
    assert "| Human error in a manual step of a change |" in LONG_LABELS.table()


def test_twenty_years_of_months_label_the_latest_month_and_mark_it() -> None:
    with drawn(TWENTY_YEARS) as figure:
        labels = [t.get_text() for t in figure.axes[0].get_xticklabels()]
    assert 12 <= len(labels) <= 24
    assert labels[-1] == "2025-12*"
    assert "| 2025-12 (so far) |" in TWENTY_YEARS.table()


# Targets: where the policy sets one, and only there.


def test_the_policys_targets_are_drawn_labelled_and_tabled(example: tuple) -> None:
    _, _, found = example
    on_time = found["notifications-on-time"]
    assert on_time.targets == (Target(100.0, at_least=True),)
    assert "Dashed line: target ≥ 100%." in on_time.alt
    assert "Target: ≥ 100% (the policy's; the dashed line)." in on_time.table()
    svg = render_svg(on_time)
    texts = [t.text for t in ET.fromstring(svg.encode()).iter(f"{SVG}text")]
    assert "Target ≥ 100%" in texts  # in the legend
    assert {"Target", "≥ 100%"} <= set(texts)  # at the line's end, in two lines
    assert "stroke-dasharray" in svg
    with drawn(on_time) as figure:
        lines = [line for line in figure.axes[0].get_lines() if line.get_linestyle() == "--"]
        assert [tuple(line.get_ydata()) for line in lines] == [(100.0, 100.0)]
    actions = found["action-items-over-time"]
    assert actions.targets == (Target(0.0, at_least=False, what="overdue"),)
    assert "Target: overdue ≤ 0 (the policy's; the dashed line)." in actions.table()
    for slug in ("incidents-per-month", "root-cause-pareto", "recurrence-rate"):
        assert found[slug].targets == (), slug  # the policy sets none for these


def test_no_single_contain_target_for_severities_with_different_slas(example: tuple) -> None:
    policy, metrics, found = example
    contain = found["time-to-contain"]
    assert contain.targets == ()
    assert "sev1 4h, sev2 24h, sev3 3d, sev4 7d" in contain.note and contain.note in contain.table()
    one_sla = replace(policy, sla_contain={s: timedelta(hours=4) for s in policy.severity_ids})
    contain = charts(metrics, one_sla, {})["time-to-contain"]
    assert contain.targets == (Target(4.0, at_least=False),) and contain.note == ""
    assert "Target: ≤ 4 h (the policy's; the dashed line)." in contain.table()


def test_a_policy_without_targets_gets_no_target_line(example: tuple) -> None:
    policy, metrics, _ = example
    found = charts(metrics, replace(policy, targets={}), {})
    assert all(chart.targets == () for chart in found.values())
    svg = render_svg(found["notifications-on-time"])
    assert "Target" not in svg


def test_a_target_in_hours_follows_the_chart_into_days() -> None:
    chart = Chart(
        "slow", "Slow", "Quarter", "Hours", ("2013-Q1",), (Series("median", (800.0,), "line"),),
        unit="hours", targets=(Target(96.0, at_least=False),),
    )  # fmt: skip
    assert chart.readable().targets == (Target(4.0, at_least=False),)
    assert "Target: ≤ 4 d" in chart.table()


# Periods not over.


def test_the_running_month_and_quarter_are_marked_so_far(example: tuple) -> None:
    _, _, found = example
    assert found["incidents-per-month"].partial == ("2026-11",)
    assert found["action-items-over-time"].partial == ("2026-11",)
    for slug in ("time-to-contain", "notifications-on-time", "recurrence-rate"):
        assert found[slug].partial == ("2026-Q4",), slug
    assert found["root-cause-pareto"].partial == ()  # all time: no period
    per_month = found["incidents-per-month"]
    assert per_month.as_of == "2026-11-23"
    assert "| 2026-11 (so far) |" in per_month.table() and "| 2026-10 |" in per_month.table()
    assert "*So far*: 2026-11 is not over, counted to 2026-11-23" in per_month.table()
    assert "2026-11 is not over: counted to 2026-11-23 (marked *, hatched)." in per_month.alt
    svg = render_svg(per_month)
    texts = [t.text for t in ET.fromstring(svg.encode()).iter(f"{SVG}text")]
    assert "2026-11*" in texts and "* so far (to 2026-11-23)" in texts
    assert "<pattern" in svg  # the hatch
    assert "a hollow point" in found["time-to-contain"].alt


def test_a_month_just_begun_is_so_far_and_the_one_before_is_over() -> None:
    now = datetime(2026, 12, 1, tzinfo=UTC)
    result = check(PROJECT, now=now, git_history=False)
    metrics = compute(result.incidents, result.postmortems, result.policy, now=now)
    found = charts(metrics, result.policy, {})
    assert found["incidents-per-month"].partial == ("2026-12",)
    assert found["notifications-on-time"].partial == ("2026-Q4",)


# The dark variant.


def _luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_chart_has_a_deterministic_dark_variant(example: tuple) -> None:
    _, _, found = example
    chart = found["root-cause-pareto"]
    files = chart_files(chart)
    assert [name for name, _ in files] == ["root-cause-pareto.svg", "root-cause-pareto.dark.svg"]
    light, dark = (svg for _, svg in files)
    assert "fill: #1e2129" in dark and "fill: #ffffff" not in dark
    assert "fill: #ffffff" in light and "#1e2129" not in light
    charts_module._LAYOUTS.clear()  # measured afresh or reused from the light variant: same bytes
    assert render_svg(chart, dark=True) == dark
    assert render_svg(chart, dark=True) == dark and chart_files(chart) == files
    root = ET.fromstring(dark.encode())
    assert root.find(f"{SVG}title").text == chart.title and root.find(f"{SVG}desc").text == chart.alt


def test_the_dark_palette_stays_okabe_ito_with_3_to_1_on_slate() -> None:
    assert DARK.background == "#1e2129"  # Material slate: hsl(225deg 15% 14%)
    used = {DARK.colour(c) for c in (*PALETTE, *SEVERITY_COLOURS.values(), GREY)}
    assert used - {"#FFFFFF"} == {*PALETTE, *SEVERITY_COLOURS.values(), GREY} - {"#000000"}
    for colour in used | {DARK.text, DARK.lines, DARK.target}:
        assert contrast(colour, DARK.background) >= 3, colour
    assert contrast(DARK.text, DARK.background) >= 7  # the labels
    assert SEVERITY_COLOURS["unknown"] != GREY  # not the grey of "unassessed"


def test_better_and_worse_read_at_4_5_to_1_on_slate() -> None:
    css = CSS.read_text(encoding="utf-8")
    for word in ("better", "worse"):
        (colour,) = re.findall(
            rf'\[data-md-color-scheme="slate"\] \.pirsite-{word} {{ color: (#[0-9a-f]{{6}}); }}', css
        )
        assert contrast(colour, DARK.background) >= 4.5, (word, colour)
    assert re.search(r'img\[src\$="#only-dark"\] \{ background: transparent; \}', css)


# Legible on a phone.


def test_chart_text_stays_at_least_9_px_where_the_css_stops_shrinking_it(example: tuple) -> None:
    _, _, found = example
    (min_width,) = re.findall(
        r"figure\.pirsite-chart img \{ min-width: (\d+)px; \}", CSS.read_text(encoding="utf-8")
    )
    for chart in found.values():
        for _, svg in chart_files(chart):
            sizes = [float(s) for s in re.findall(r"font-size: ([\d.]+)px", svg)]
            assert sizes and min(sizes) >= FONT_SIZE, chart.slug
    assert FONT_SIZE * int(min_width) / (SIZE[0] * 72) >= 9


# The page.


def test_the_page_shows_the_chart_of_the_readers_scheme(example_site: Path) -> None:
    page = (example_site / "trends/privacy/index.html").read_text(encoding="utf-8")
    assert 'src="../charts/notifications-on-time.svg#only-light"' in page  # the fragment ends src
    assert 'src="../charts/notifications-on-time.dark.svg#only-dark"' in page
    assert re.search(r'<figure [^>]*class="pirsite-chart"[^>]*tabindex="0"', page)
    dark = (example_site / "trends/charts/notifications-on-time.dark.svg").read_text(encoding="utf-8")
    assert "<text" in dark and "fill: #1e2129" in dark  # drawn over its placeholder
    assert "charts.css" in page
    report = (example_site / "reports/2026-Q3/index.html").read_text(encoding="utf-8")
    assert 'src="../../trends/charts/time-to-contain.dark.svg#only-dark"' in report
