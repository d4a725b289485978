"""The built example site in headless Chromium: search, an incident page, the index filter,
and not a single request leaving localhost.

Uses Debian's chromium (installed by `make test` / .ci/run) through Playwright's
executable_path; Playwright never downloads a browser here. Set
PIRSITE_SCREENSHOTS=DIR to save the screenshots the README shows.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Route, expect, sync_playwright

from site_fixtures import SITE_AS_OF

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BUILT = datetime.fromisoformat(SITE_AS_OF)  # the example site is built as of this time (conftest)
SEARCHED = "CDN cache served brokers other brokers' client document lists"  # PIR-2026-0022


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _served(site: Path) -> Iterator[str]:
    """The URL of ``site`` served on a free local port, until the generator is closed."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def site_url(example_site: Path) -> Iterator[str]:
    yield from _served(example_site)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), (
        "Debian's chromium is needed: apt-get install chromium (make test does it)"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    """A page whose every request is recorded; any request off localhost is blocked."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside: list[str] = []

    def route(route: Route) -> None:
        host = urlsplit(route.request.url).hostname
        if host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    yield context.new_page(), outside
    context.close()


def _shot(page: Page, name: str) -> None:
    folder = os.environ.get("PIRSITE_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / name), full_page=False)


def test_search_finds_an_incident_and_opens_it(site_url: str, page: tuple[Page, list[str]]) -> None:
    tab, outside = page
    tab.goto(site_url)
    _shot(tab, "home.png")
    tab.locator("label.md-search__icon, .md-search__input").first.click()
    tab.locator("input.md-search__input").fill("CDN cache served brokers")
    result = tab.locator(".md-search-result__item a").first
    result.wait_for(timeout=45_000)  # the search index is built in a worker: slow on a busy 2-core machine
    assert "PIR-2026-0022" in result.inner_text()
    result.click()
    tab.wait_for_url("**/incidents/PIR-2026-0022/**")
    assert SEARCHED in tab.locator("h1").inner_text()
    assert outside == []


def test_incident_page_shows_its_clocks_and_history(site_url: str, page: tuple[Page, list[str]]) -> None:
    tab, outside = page
    tab.clock.set_fixed_time(BUILT)  # the reader's clock at the build: the page says what it said then
    tab.goto(site_url + "incidents/PIR-2026-0022/")
    _shot(tab, "incident.png")
    text = tab.locator("article").inner_text()
    assert "GDPR Art. 33" in text and "due in 1d 3h" in text
    assert "Filed " in text and "revision" in text
    assert (
        tab.locator("a.md-content__button")
        .first.get_attribute("href", timeout=5_000)
        .endswith("incidents/2026/PIR-2026-0022/incident.yaml")
    )
    assert outside == []


def test_index_filter_narrows_the_table(site_url: str, page: tuple[Page, list[str]]) -> None:
    tab, outside = page
    tab.goto(site_url + "incidents/")
    rows = tab.locator(".pirsite-table tbody tr")
    total = rows.count()
    assert total > 40
    tab.locator("input.pirsite-filter").fill("sev1")
    visible = [row.inner_text() for row in rows.all() if row.is_visible()]
    assert 0 < len(visible) < total
    assert all("sev1" in row for row in visible)
    assert tab.locator(".pirsite-count").inner_text() == f"{len(visible)} of {total} rows shown"
    tab.locator("input.pirsite-filter").fill("")
    tab.locator(".pirsite-table th", has_text="Incident").locator("button").click()
    first = tab.locator(".pirsite-table tbody tr").first.inner_text()
    assert first.startswith("PIR-2024-0001")  # the historical record from the breach register
    assert outside == []


def test_trend_charts_load_and_the_report_prints_without_navigation(
    site_url: str, page: tuple[Page, list[str]]
) -> None:
    tab, outside = page
    tab.goto(site_url + "trends/root-causes/")
    charts = tab.locator('figure.pirsite-chart img[src$="#only-light"]')  # the light scheme's of each pair
    assert charts.count() == 2
    for index in range(charts.count()):
        image = charts.nth(index)
        image.scroll_into_view_if_needed()
        assert image.evaluate("img => img.complete && img.naturalWidth > 0"), index
        assert image.get_attribute("alt").startswith(("Root causes", "Recurrence rate"))
    tab.goto(site_url + "reports/2026-Q3/")
    verdict = tab.locator(".pirsite-better").first
    colour = "el => getComputedStyle(el).color"
    assert verdict.evaluate(colour) == "rgb(0, 122, 90)"  # on screen: green, and the word says it
    tab.emulate_media(media="print")
    assert verdict.evaluate(colour) == "rgb(0, 0, 0)"  # pirsite's print stylesheet
    assert not tab.locator(".md-sidebar--primary").is_visible()
    assert not tab.locator(".md-content__button").first.is_visible()
    assert tab.locator("h1", has_text="Quarterly report 2026-Q3").is_visible()
    header = tab.locator(".pirsite-print-header")
    assert header.is_visible() and "Quarterly report 2026-Q3 · Internal · built" in header.inner_text()
    assert not tab.locator(".pirsite-screen-only").is_visible()  # "print this page" is not printed
    pages = (
        "() => [...document.styleSheets].flatMap(s => { try { return [...s.cssRules] } catch { return [] } })"
    )
    assert tab.evaluate(pages + ".some(r => r instanceof CSSPageRule && r.cssText.includes('counter(page)'))")
    _shot(tab, "report-print.png")
    tab.emulate_media(media="screen")
    assert not header.is_visible() and tab.locator(".pirsite-screen-only").is_visible()
    assert outside == []


@pytest.fixture(scope="module")
def long_history_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A program of 19 years of real public breaches (the VCDB corpus, imported), built."""
    from click.testing import CliRunner

    from conftest import PROJECT
    from pirsite.cli import main

    root = tmp_path_factory.mktemp("history") / "program"
    runner = CliRunner()
    assert runner.invoke(main, ["init", str(root), "--yes"]).exit_code == 0
    imported = runner.invoke(
        main, ["--root", str(root), "import", str(PROJECT / "tests/data/vcdb/records"), "--extend-policy"]
    )
    assert imported.exit_code == 0, imported.output
    built = runner.invoke(main, ["--root", str(root), "build", "--as-of", "2026-12-01T00:00:00Z"])
    assert built.exit_code == 0, built.output
    yield from _served(root / "site")


LABEL_BOXES = """svg => [...svg.querySelectorAll('g[id^="xtick"] text')].map(t => {
    const b = t.getBoundingClientRect();
    const size = parseFloat(getComputedStyle(t).fontSize) * (b.width ? 1 : 0);
    return [t.textContent, b.left, b.right, b.top, b.bottom, size, /rotate/.test(t.getAttribute('transform') || '')];
})"""


def _overlapping(boxes: list[list]) -> list[tuple[str, str]]:
    """Pairs of axis labels that print over each other. Labels at 45 degrees are parallel
    strips one font size thick: they clear each other when their centres are at least
    sqrt(2) font sizes apart; upright labels when their boxes do not meet."""
    found = []
    for i, (a, left, right, top, bottom, size, rotated) in enumerate(boxes):
        for b, left2, right2, top2, bottom2, _, _ in boxes[i + 1 :]:
            if rotated:
                if abs((left + right) / 2 - (left2 + right2) / 2) < 1.414 * size:
                    found.append((a, b))
            elif left < right2 and left2 < right and top < bottom2 and top2 < bottom:
                found.append((a, b))
    return found


def test_twenty_years_of_history_render_legibly(
    long_history_url: str, page: tuple[Page, list[str]], tmp_path: Path
) -> None:
    """The trends of 2006-2024 read as years, not 230 overprinted months; every chart's
    axis labels are few enough not to overlap; the page is screenshotted."""
    tab, outside = page
    tab.goto(long_history_url + "trends/")
    assert tab.locator("h2", has_text="Incidents per year").is_visible()
    figure = tab.locator("figure.pirsite-chart img").first
    figure.scroll_into_view_if_needed()
    assert figure.evaluate("img => img.complete && img.naturalWidth > 0")
    tab.screenshot(path=str(tmp_path / "long-history-trends.png"), full_page=True)
    assert (tmp_path / "long-history-trends.png").stat().st_size > 10_000
    _shot(tab, "long-history-trends.png")
    text = tab.locator("article").inner_text()
    assert "63 of the 63 incidents are historical records" in text
    for chart in ("incidents-per-month", "time-to-contain", "recurrence-rate", "action-items-over-time"):
        tab.goto(long_history_url + f"trends/charts/{chart}.svg")
        boxes = tab.locator("svg").first.evaluate(LABEL_BOXES)
        assert 0 < len(boxes) <= 24, (chart, len(boxes))
        assert _overlapping(boxes) == [], chart
    tab.goto(long_history_url + "trends/response-times/")
    assert "quarters without incidents are not listed" in tab.locator("article").inner_text()
    assert outside == []


def test_the_home_dashboard_leads_to_the_pages_that_explain_it(
    site_url: str, page: tuple[Page, list[str]]
) -> None:
    tab, outside = page
    tab.goto(site_url)
    tiles = tab.locator(".pirsite-tile")
    assert tiles.count() == 6
    first = tiles.nth(1)
    assert first.is_visible()
    text = first.inner_text()
    assert "Contained within SLA" in text and "target 90%" in text and "n=" in text
    _shot(tab, "dashboard.png")
    first.locator("a").first.click()
    tab.wait_for_url("**/trends/response-times/")
    assert outside == []


def test_an_incident_page_opens_with_what_needs_attention(
    site_url: str, page: tuple[Page, list[str]]
) -> None:
    tab, outside = page
    tab.goto(site_url + "incidents/PIR-2026-0024/")
    top = tab.locator(".pirsite-strip")
    assert top.is_visible()
    assert top.bounding_box()["y"] < 400  # above the fold, under the title
    assert "overdue: Acknowledge, Assess severity" in top.inner_text()
    assert outside == []


def test_a_postmortem_in_review_says_what_its_approval_still_needs(
    site_url: str, page: tuple[Page, list[str]]
) -> None:
    tab, outside = page
    tab.goto(site_url + "postmortems/PIR-2025-0036/")
    review = tab.locator("h2#review")
    assert review.is_visible()
    text = tab.locator("article").inner_text()
    assert "1 thing outstanding before it can be approved" in text
    assert "Adaeze Okafor (a.okafor) can approve" in text
    assert outside == []


def _visible_rows(tab: Page) -> list[list[str]]:
    return tab.evaluate(
        """() => [...document.querySelectorAll('.pirsite-table tbody tr')].filter(r => !r.hidden)
                 .map(r => [...r.cells].map(c => c.textContent.trim()))"""
    )


def test_the_index_has_facets_a_shareable_view_and_real_column_headers(
    site_url: str, page: tuple[Page, list[str]]
) -> None:
    tab, outside = page
    tab.goto(site_url + "incidents/")
    headers = tab.locator(".pirsite-table thead th")
    assert headers.count() == 8
    assert all(headers.nth(i).get_attribute("scope") == "col" for i in range(8))
    assert tab.locator(".pirsite-table th[role]").count() == 0  # column headers, not buttons
    assert tab.locator(".md-sidebar--secondary").is_hidden()  # no empty table of contents
    status = ["reported", "triage", "investigating", "contained", "resolved", "closed"]

    tab.locator(".pirsite-table th", has_text="Status").locator("button").click()
    assert tab.locator(".pirsite-table th", has_text="Status").get_attribute("aria-sort") == "ascending"
    ranks = [status.index(row[2]) for row in _visible_rows(tab)]
    assert ranks == sorted(ranks) and ranks[0] < ranks[-1]  # lifecycle order, not alphabetical

    # "open" typed as a word matches titles; the Open facet means not resolved or closed
    tab.get_by_role("checkbox", name="sev2").check()
    tab.get_by_role("radio", name="Open", exact=True).check()
    _shot(tab, "index.png")
    rows = _visible_rows(tab)
    assert rows and all(r[3] == "sev2" and r[2] not in ("resolved", "closed") for r in rows)
    assert "severity=sev2" in tab.url and "open=open" in tab.url and "sort=status" in tab.url

    shared = tab.url  # the same view opens from the address
    tab.goto(site_url)
    tab.goto(shared)
    assert _visible_rows(tab) == rows
    assert tab.get_by_role("checkbox", name="sev2").is_checked()
    assert tab.locator(".pirsite-table th", has_text="Status").get_attribute("aria-sort") == "ascending"

    tab.goto(site_url + "incidents/?domains=privacy")
    assert all("privacy" in r[6] for r in _visible_rows(tab))
    assert "of" in tab.locator(".pirsite-count").inner_text()

    tab.goto(site_url + "incidents/")  # the skip link: the filter is two key presses away
    tab.keyboard.press("Tab")
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.textContent") == "Skip to the table filter"
    tab.keyboard.press("Enter")
    assert tab.evaluate("document.activeElement.id") == "pirsite-filter"

    csv = tab.get_by_role("link", name="Download these incidents as CSV")
    assert csv.is_visible()
    response = tab.request.get(site_url + "incidents/" + csv.get_attribute("href"))
    assert response.ok and response.text().startswith("id,")
    assert outside == []


def test_on_a_phone_the_index_rows_are_cards(browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800}, is_mobile=True)
    tab = context.new_page()
    tab.goto(site_url + "incidents/")
    first = tab.locator(".pirsite-table tbody tr").first
    assert first.evaluate("r => getComputedStyle(r).display") == "block"
    label = first.locator("td").nth(2).evaluate("c => getComputedStyle(c, '::before').content")
    assert label == '"Status: "'
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert width <= 380  # nothing runs off the screen sideways
    tab.goto(site_url + "postmortems/")
    assert (
        tab.locator(".pirsite-table tbody tr").first.evaluate("r => getComputedStyle(r).display") == "block"
    )
    context.close()


def test_clocks_tick_in_the_browser_and_say_the_build_time_without_scripts(
    browser: Browser, site_url: str, page: tuple[Page, list[str]]
) -> None:
    tab, outside = page
    tab.clock.set_fixed_time(BUILT + timedelta(days=2))  # opened two days after the build
    tab.goto(site_url + "incidents/PIR-2026-0022/")
    notices = tab.locator("article table", has_text="GDPR Art. 33").first.inner_text()
    assert "due in 1d 3h" not in notices
    assert "overdue by 20h 55m" in notices  # due 2026-11-24 15:05 UTC, now 11-25 12:00
    strip = tab.locator(".pirsite-strip").inner_text()
    assert "clocks live on your computer's time; page built 2026-11-23 12:00 UTC" in strip
    assert "overdue by" in strip  # the next deadline has passed too
    tab.goto(site_url)
    running = tab.locator("article").inner_text()
    assert "overdue by 20h 55m" in running
    assert outside == []

    context = browser.new_context(java_script_enabled=False)
    still = context.new_page()
    still.goto(site_url + "incidents/PIR-2026-0022/")
    text = still.locator("article").inner_text()
    assert "due in 1d 3h" in text and "clocks as of the build, 2026-11-23 12:00 UTC" in text
    context.close()


def test_the_leadership_deck_steps_by_keyboard_and_prints_to_16_9(
    site_url: str, page: tuple[Page, list[str]]
) -> None:
    tab, outside = page
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.goto(site_url + "reports/2026-Q3/")
    tab.get_by_role("link", name="the slides").click()
    tab.wait_for_url("**/reports/2026-Q3-slides.html*")
    slides = tab.locator("section.slide")
    total = slides.count()
    assert total == 8

    def shown() -> list[str]:
        return [slides.nth(i).get_attribute("aria-label") for i in range(total) if slides.nth(i).is_visible()]

    assert shown() == ["Title"]
    tab.keyboard.press("ArrowRight")
    assert shown() == ["Headline"] and tab.url.endswith("#2")
    _shot(tab, "deck.png")
    assert tab.locator("#counter").inner_text() == "Slide 2 of 8"
    tab.keyboard.press("End")
    assert shown() == ["Asks"]
    assert "Unblock" in slides.nth(total - 1).inner_text()
    tab.keyboard.press("ArrowLeft")
    assert shown() == ["Overdue actions"]
    tab.get_by_role("button", name="Next slide").click()
    assert shown() == ["Asks"]
    tab.goto(site_url + "reports/2026-Q3-slides.html#4")  # a shared link opens at its slide
    assert shown() == ["Trend"]
    images = tab.locator("section.slide img")
    assert all(images.nth(i).evaluate("i => i.naturalWidth > 0") for i in range(images.count()))

    pdf = tab.pdf(prefer_css_page_size=True, print_background=True)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert len(boxes) == total  # one page per slide
    for width, height in boxes:
        assert abs(float(width) / float(height) - 16 / 9) < 0.01
    assert errors == [] and outside == []


PRINTED_PAGES = re.compile(rb"/Type\s*/Page\b(?!s)")  # one page object per printed sheet


def test_tabletop_decisions_stay_hidden_on_screen_and_in_print(
    site_url: str, page: tuple[Page, list[str]]
) -> None:
    tab, outside = page
    tab.goto(site_url + "training/tabletop-ransomware/")
    cards = tab.locator(".pirsite-inject")
    notes = tab.locator(".pirsite-facilitator details")
    decisions = tab.locator(".pirsite-facilitator details strong", has_text="Expected decisions.")
    assert cards.count() == notes.count() == decisions.count() == 5
    assert cards.first.is_visible() and "Questions for players." in cards.first.inner_text()
    assert not any(decisions.nth(index).is_visible() for index in range(5))
    notes.first.locator("summary").click()  # the facilitator opens inject 1's notes
    assert decisions.first.is_visible() and not decisions.nth(1).is_visible()

    tab.emulate_media(media="print")
    tab.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true })")
    assert not any(decisions.nth(index).is_visible() for index in range(5))
    assert not tab.locator(".pirsite-facilitator").first.is_visible()  # the "How to run this page" note
    assert all(cards.nth(index).is_visible() for index in range(5))
    breaks = cards.evaluate_all("cards => cards.map(card => getComputedStyle(card).breakBefore)")
    assert breaks == ["page"] * 5
    sheets = len(PRINTED_PAGES.findall(tab.pdf(prefer_css_page_size=True)))
    assert sheets >= 1 + 5  # the briefing, then a sheet per card
    tab.emulate_media(media="screen")
    assert outside == []


def test_first_15_minutes_fits_one_screen_and_one_sheet(site_url: str, page: tuple[Page, list[str]]) -> None:
    tab, outside = page
    tab.set_viewport_size({"width": 1280, "height": 800})
    tab.goto(site_url + "training/first-15-minutes/")
    steps = tab.locator(".pirsite-first15 li")
    assert 12 <= steps.count() <= 16
    bottom = steps.evaluate_all(
        "steps => Math.max(...steps.map(step => step.getBoundingClientRect().bottom + window.scrollY))"
    )
    assert bottom <= 800 * 1.1, f"the last step ends at {bottom:.0f}px, more than a screen of 800px"
    height = tab.evaluate("() => document.documentElement.scrollHeight")
    assert height <= 800 * 1.3, f"the page is {height}px tall"
    assert tab.locator("article a", has_text="Containment").first.is_visible()  # steps link their procedure
    tab.emulate_media(media="print")
    assert len(PRINTED_PAGES.findall(tab.pdf(prefer_css_page_size=True))) == 1
    tab.emulate_media(media="screen")
    assert outside == []


AUDITED = {
    "home": "",
    "incident": "incidents/PIR-2026-0022/",
    "index": "incidents/",
    "postmortem": "postmortems/PIR-2026-0002/",
    "report": "reports/2026-Q3/",
    "trend page": "trends/response-times/",
    "deck": "reports/2026-Q3-slides.html",
    "quiz": "training/knowledge-checks/",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violation(browser: Browser, site_url: str, scheme: str) -> None:
    """axe-core (bundled with axe-playwright-python: nothing fetched) over the pages each kind
    of user reads, in the light and the dark scheme."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    tab = context.new_page()
    found = {}
    for name, path in AUDITED.items():
        tab.goto(site_url + path)
        results = axe.run(tab).response["violations"]
        bad = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
            for v in results
            if v["impact"] in ("serious", "critical")
        ]
        if bad:
            found[name] = bad
    context.close()
    assert found == {}


QUIZ_MISSED = {3: "wrong", 9: "wrong", 14: "wrong", 20: "wrong", 28: "wrong", 12: None, 31: None}


def test_the_knowledge_checks_are_a_scored_quiz(site_url: str, page: tuple[Page, list[str]]) -> None:
    """The 33 knowledge checks are radio groups scored in the page: 26 right (5 wrong, 2 not
    answered) is 79% and not yet a pass, all 33 right pass; the result downloads and copies as
    text with the score; no console error and nothing leaves the machine."""
    tab, outside = page
    errors: list[str] = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(site_url + "training/knowledge-checks/")
    questions = tab.locator(".pirsite-quiz-question")
    assert questions.count() == 33
    answers = questions.evaluate_all("blocks => blocks.map(b => b.dataset.answer)")
    assert tab.locator(".pirsite-quiz fieldset").count() == 33
    assert tab.locator(".pirsite-quiz-question details:visible").count() == 0  # hidden until scored
    first = tab.get_by_role("group", name=re.compile(r"^1\. A customer tells a support agent"))
    assert first.get_by_role("radio").count() == 4
    first.get_by_role("radio").first.focus()
    tab.keyboard.press("ArrowDown")  # a native radio group: the arrow keys choose
    assert first.get_by_role("radio", name=re.compile(r"^\(b\)")).is_checked()

    def answer(missed: dict[int, str | None]) -> None:
        for number, letter in enumerate(answers, start=1):
            if number in missed and missed[number] is None:
                continue
            if number in missed:
                letter = "a" if letter != "a" else "b"
            questions.nth(number - 1).get_by_role("radio", name=re.compile(rf"^\({letter}\)")).check()

    answer(QUIZ_MISSED)
    tab.get_by_label("Your name (optional, for the training register)").fill("Test Trainee")
    tab.get_by_role("button", name="Score my answers").click()
    result = tab.locator(".pirsite-quiz__result")
    assert result.get_attribute("aria-live") == "polite"
    text = result.inner_text()
    assert "You scored 26 of 33 (79%). Pass mark 80%: not yet passed." in text
    assert "Incorrect: questions 3, 9, 14, 20 and 28." in text
    assert "Not answered (counted as incorrect): questions 12 and 31." in text
    assert questions.nth(0).locator(".pirsite-quiz__mark").inner_text() == "✓ Correct: (b)."
    wrong = questions.nth(2).locator(".pirsite-quiz__mark").inner_text()
    assert re.fullmatch(r"✗ Incorrect: you chose \([a-d]\); the answer is \(a\)\.", wrong), wrong
    assert "Incorrect: not answered" in questions.nth(11).locator(".pirsite-quiz__mark").inner_text()
    assert tab.locator(".pirsite-quiz-question details:visible").count() == 33  # every answer shown
    assert questions.nth(2).locator("details").get_attribute("open") is not None  # a miss opens

    with tab.expect_download() as started:
        tab.get_by_role("button", name="Download result").click()
    download = started.value
    assert re.fullmatch(r"knowledge-check-\d{4}-\d{2}-\d{2}\.txt", download.suggested_filename)
    saved = Path(download.path()).read_text(encoding="utf-8")
    assert "Name: Test Trainee" in saved and "Score: 26 of 33" in saved and "Percentage: 79%" in saved
    assert "Pass mark: 80%" in saved and "Result: not yet passed" in saved
    assert re.search(r"^Date: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$", saved, re.M)
    assert "Page: " + site_url + "training/knowledge-checks/" in saved
    assert "Question 1: correct" in saved and "Question 12: incorrect (not answered" in saved
    assert len(re.findall(r"^Question \d+: (correct|incorrect)", saved, re.M)) == 33

    tab.get_by_role("button", name="Try again").click()
    assert tab.locator(".pirsite-quiz input[type=radio]:checked").count() == 0
    assert tab.locator(".pirsite-quiz-question details:visible").count() == 0
    assert result.inner_text() == ""
    answer({})
    tab.get_by_role("button", name="Score my answers").click()
    assert "You scored 33 of 33 (100%). Pass mark 80%: passed." in result.inner_text()
    assert tab.locator(".pirsite-quiz-question--incorrect").count() == 0

    tab.context.grant_permissions(["clipboard-read", "clipboard-write"])
    tab.get_by_role("button", name="Copy result").click()
    tab.locator(".pirsite-quiz__status", has_text="Result copied.").wait_for()
    copied = tab.evaluate("navigator.clipboard.readText()")
    assert "Score: 33 of 33" in copied and "Result: passed" in copied
    assert errors == []
    assert outside == []


FONT_SIZES = """async img => {
    const svg = await (await fetch(img.src)).text();
    const sizes = [...svg.matchAll(/font-size: ([\\d.]+)px/g)].map(m => parseFloat(m[1]));
    const box = svg.match(/viewBox="0 0 ([\\d.]+) /);
    return {smallest: Math.min(...sizes), viewBox: parseFloat(box[1]), shown: img.getBoundingClientRect().width};
}"""


def test_charts_follow_the_colour_scheme(site_url: str, page: tuple[Page, list[str]]) -> None:
    """In Material's slate scheme the dark chart is the one shown, without the white backing
    pirsite.css gives chart images; better and worse keep 4.5:1 there; print is light."""
    tab, outside = page
    tab.emulate_media(color_scheme="dark")  # before the first load: Material follows the system
    tab.goto(site_url + "trends/privacy/")
    assert tab.locator("body").get_attribute("data-md-color-scheme") == "slate"
    dark = tab.locator('figure.pirsite-chart img[src$="#only-dark"]').first
    light = tab.locator('figure.pirsite-chart img[src$="#only-light"]').first
    dark.scroll_into_view_if_needed()
    assert dark.is_visible() and not light.is_visible()
    assert dark.evaluate("img => img.complete && img.naturalWidth > 0")
    assert dark.evaluate("img => getComputedStyle(img).backgroundColor") == "rgba(0, 0, 0, 0)"
    tab.goto(site_url + "reports/2026-Q3/")
    colour = "el => getComputedStyle(el).color"
    assert tab.locator(".pirsite-better").first.evaluate(colour) == "rgb(63, 199, 155)"  # 7.5:1 on slate
    tab.emulate_media(media="print")
    assert tab.locator('figure.pirsite-chart img[src$="#only-light"]').first.is_visible()
    assert not tab.locator('figure.pirsite-chart img[src$="#only-dark"]').first.is_visible()
    assert tab.locator(".pirsite-better").first.evaluate(colour) == "rgb(0, 0, 0)"
    tab.emulate_media(media="screen")
    assert outside == []


def test_charts_stay_legible_on_a_phone(site_url: str, page: tuple[Page, list[str]]) -> None:
    """At 360 px the chart keeps its smallest text at 9 px or more and scrolls sideways inside
    its figure (from the image's left edge), which the keyboard can reach and scroll."""
    tab, outside = page
    tab.emulate_media(color_scheme="light")
    tab.set_viewport_size({"width": 360, "height": 740})
    tab.goto(site_url + "trends/privacy/")
    assert tab.locator("body").get_attribute("data-md-color-scheme") == "default"
    figure = tab.locator("figure.pirsite-chart").first
    image = figure.locator('img[src$="#only-light"]')
    image.scroll_into_view_if_needed()
    assert image.is_visible() and not figure.locator('img[src$="#only-dark"]').is_visible()
    sizes = image.evaluate(FONT_SIZES)
    assert sizes["smallest"] * sizes["shown"] / sizes["viewBox"] >= 9, sizes
    assert figure.evaluate("f => f.scrollWidth > f.clientWidth")  # it scrolls, the page does not
    assert tab.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert image.evaluate(
        "img => img.getBoundingClientRect().left >= img.closest('figure').getBoundingClientRect().left - 1"
    )  # nothing cut off on the left, out of the scroll's reach
    figure.focus()
    assert figure.evaluate("f => document.activeElement === f")
    figure.press("ArrowRight")
    tab.wait_for_function("f => f.scrollLeft > 0", arg=figure.element_handle())
    assert outside == []


def _search(tab: Page, query: str, expected: str) -> list[str]:
    """The hrefs of the search box's results for ``query``, once the first one names ``expected``."""
    box = tab.locator("input.md-search__input")
    if not box.is_visible():
        tab.locator("label.md-search__icon, .md-search__input").first.click()
    box.fill(query)
    box.press("End")  # Material searches on a key press, not on the input event alone
    first = tab.locator(".md-search-result__item").first
    expect(first).to_contain_text(expected, timeout=45_000)  # the index loads in a worker: slow here
    hrefs = [a.get_attribute("href") or "" for a in tab.locator(".md-search-result__item a").all()]
    return [re.sub(r"\?h=[^#]*", "", href) for href in hrefs]  # search.highlight's query


def test_search_finds_an_incident_by_its_id_and_by_a_word_of_its_title(
    site_url: str, page: tuple[Page, list[str]]
) -> None:
    """The index keeps a record page's title and summary, not its body (issue 18): both still
    find it first, and no result leads into a section of a record page's body."""
    tab, outside = page
    tab.goto(site_url)
    found = _search(tab, "PIR-2025-0019", "Retention job for declined quote applications")
    assert found[0].endswith("incidents/PIR-2025-0019/")
    assert not [href for href in found if "/PIR-" in href and "#" in href]
    found = _search(tab, "Deserialization", "PIR-2026-0019")
    assert found[0].endswith("incidents/PIR-2026-0019/")
    tab.locator(".md-search-result__item a").first.click()
    tab.wait_for_url("**/incidents/PIR-2026-0019/**")
    assert outside == []


@pytest.fixture(scope="module")
def bounded_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The small site program with one incident row on the all-incidents page: the script
    loads the other from the page's data file."""
    from conftest import PROJECT, Repo
    from pirsite.mkdocs_commands import build_site
    from site_fixtures import MKDOCS_YML, program

    root = tmp_path_factory.mktemp("bounded-browser")
    shutil.copytree(PROJECT / "schemas", root / "schemas")
    program(Repo(root))
    (root / "mkdocs.yml").write_text(
        MKDOCS_YML.replace("  - pirsite\n", "  - pirsite:\n      index_rows: 1\n"), encoding="utf-8"
    )
    yield from _served(build_site(root, root / "site", audience="internal", as_of=SITE_AS_OF))


def test_the_all_incidents_table_loads_the_rows_its_page_does_not_hold(
    bounded_url: str, page: tuple[Page, list[str]]
) -> None:
    tab, outside = page
    tab.goto(bounded_url + "incidents/")
    tab.wait_for_function("() => document.querySelectorAll('.pirsite-table tbody tr').length === 2")
    assert tab.locator(".pirsite-more").is_hidden()  # the note for readers without the script
    assert tab.locator(".pirsite-count").inner_text() == "2 rows"
    assert tab.locator("input.pirsite-filter").get_attribute("placeholder") == "Filter 2 rows"
    loaded = tab.locator(".pirsite-table tbody tr").nth(1)
    assert loaded.locator("td").nth(1).inner_text() == "Search latency spike in the EU region"
    assert loaded.locator("td").first.get_attribute("data-label") == "Incident"
    assert loaded.locator("a").get_attribute("href") == "PIR-2026-0001/"  # as the page's own links
    tab.get_by_role("checkbox", name="availability (1)").check()  # facets count every row
    assert [r[0] for r in _visible_rows(tab)] == ["PIR-2026-0001"]
    assert "domains=availability" in tab.url
    tab.goto(tab.url)  # a shared view opens on the loaded rows
    tab.wait_for_function("() => document.querySelectorAll('.pirsite-table tbody tr').length === 2")
    assert [r[0] for r in _visible_rows(tab)] == ["PIR-2026-0001"]
    tab.locator(".pirsite-table tbody tr a", has_text="PIR-2026-0001").click()
    tab.wait_for_url("**/incidents/PIR-2026-0001/")
    assert "Search latency spike" in tab.locator("h1").inner_text()
    assert outside == []
