"""The training pages as built. A tabletop page can be projected without spoiling the exercise:
every inject has an inject card for the players, and its expected decisions and record guidance
sit in a closed facilitator block; printed, each card starts a page and no facilitator note is
printed. The first 15 minutes card is in the nav, links only to pages (and headings) that
exist, and states the acknowledge and triage targets of the policy, not remembered ones."""

from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from conftest import PROJECT

TABLETOPS = ("tabletop-misdirected-export", "tabletop-ransomware", "tabletop-vendor-breach")
CARD = "pirsite-inject"
FACILITATOR = "pirsite-facilitator"
STYLESHEET = PROJECT / "src/pirsite/site/assets/tabletop.css"
FIRST15 = "training/first-15-minutes"
POLICY = PROJECT / "schemas/policy.yaml"  # the program policy the site is built from
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Element:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Element | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Element | str] = []

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def text(self) -> str:
        return "".join(child if isinstance(child, str) else child.text() for child in self.children)

    def iter(self) -> list[Element]:
        found = [self]
        for child in self.children:
            if isinstance(child, Element):
                found += child.iter()
        return found

    def find_all(self, tag: str, cls: str | None = None) -> list[Element]:
        return [el for el in self.iter() if el.tag == tag and (cls is None or cls in el.classes)]

    def ancestors(self) -> list[Element]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = self.current = Element("#document", {}, None)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs), self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Element(tag, dict(attrs), self.current))

    def handle_endtag(self, tag: str) -> None:
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:  # a stray end tag is ignored
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def document(site: Path, page: str) -> Element:
    """A built page, as a tree."""
    builder = _TreeBuilder()
    builder.feed((site / page / "index.html").read_text(encoding="utf-8"))
    return builder.root


def article(site: Path, page: str) -> Element:
    """The <article> of a built page: its content, without the navigation."""
    (found,) = document(site, page).find_all("article")
    return found


def strong(root: Element, text: str) -> list[Element]:
    return [el for el in root.find_all("strong") if el.text().strip() == text]


@pytest.mark.parametrize("name", TABLETOPS)
def test_every_inject_has_a_card_and_its_expected_decisions_start_closed(
    example_site: Path, name: str
) -> None:
    source = (PROJECT / "docs/training" / f"{name}.md").read_text(encoding="utf-8")
    injects = len(re.findall(r"^### Inject \d+:", source, re.M))
    assert injects == 5
    content = article(example_site, f"training/{name}")
    headings = [h for h in content.find_all("h3") if h.text().startswith("Inject ")]
    cards = content.find_all("div", CARD)
    assert len(headings) == len(cards) == injects
    for heading, card in zip(headings, cards, strict=True):
        assert card in heading.ancestors(), heading.text()  # the card carries the inject's title
        players = card.text()
        assert "Facilitator reveals." in players and "Questions for players." in players, heading.text()
        assert "Expected decisions" not in players and "Record." not in players, heading.text()
    for label in ("Expected decisions.", "Record."):
        found = strong(content, label)
        assert len(found) == injects, label
        for element in found:
            around = element.ancestors()
            details = [el for el in around if el.tag == "details"]
            assert details, f"{label} is not in a collapsed block"
            assert all("open" not in el.attrs for el in details), f"{label} is open by default"
            assert any(FACILITATOR in el.classes for el in around[around.index(details[0]) :]), label
    assert 'href="../../assets/pirsite/tabletop.css"' in (
        example_site / f"training/{name}/index.html"
    ).read_text(encoding="utf-8")
    assert (example_site / "assets/pirsite/tabletop.css").read_text(encoding="utf-8") == STYLESHEET.read_text(
        encoding="utf-8"
    )


def css_rules(css: str) -> list[tuple[str, str, str]]:
    """(at-rule prelude or "", selector, declarations) of every rule; nested blocks are flattened."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    rules: list[tuple[str, str, str]] = []

    def walk(text: str, context: str) -> None:
        position = 0
        while (opening := text.find("{", position)) != -1:
            prelude = text[position:opening].strip().rsplit(";", 1)[-1].strip()
            depth, end = 1, opening + 1
            while depth:
                depth += {"{": 1, "}": -1}.get(text[end], 0)
                end += 1
            body = text[opening + 1 : end - 1]
            if prelude.startswith("@"):
                walk(body, prelude)
            else:
                rules.append((context, prelude, " ".join(body.split())))
            position = end

    walk(css, "")
    return rules


def declares(declarations: str, prop: str, value: str) -> bool:
    declaration = rf"(^|;)\s*{re.escape(prop)}\s*:\s*{re.escape(value)}\s*(!important\s*)?(;|$)"
    return re.search(declaration, declarations) is not None


def test_printed_tabletops_hide_the_facilitator_notes_and_start_each_card_on_a_page() -> None:
    rules = css_rules(STYLESHEET.read_text(encoding="utf-8"))
    printed = [(selector, body) for context, selector, body in rules if context == "@media print"]
    assert any(FACILITATOR in sel and declares(body, "display", "none") for sel, body in printed)
    assert any(CARD in sel and declares(body, "break-before", "page") for sel, body in printed)
    assert any(CARD in sel and "border" in body for sel, body in printed)  # framed like a card
    screen = [(selector, body) for context, selector, body in rules if context == ""]
    # on screen the notes are only collapsed, never hidden, and the card's frame follows the scheme
    assert not any(FACILITATOR in sel and "display" in body for sel, body in screen)
    themed = r"border[^;]*var\(--md-default-fg-color"
    assert any(CARD in sel and re.search(themed, body) for sel, body in screen)


def nav_after(nav: list, wanted: str) -> str | None:
    """The nav entry right after ``wanted``, in whichever section holds it."""
    for entry in nav:
        children = next(iter(entry.values())) if isinstance(entry, dict) else None
        if isinstance(children, list):
            if wanted in children:
                index = children.index(wanted)
                return children[index + 1] if index + 1 < len(children) else None
            if (found := nav_after(children, wanted)) is not None:
                return found
    return None


def test_the_first_15_minutes_card_is_in_the_nav_and_linked_from_both_indexes(example_site: Path) -> None:
    assert (example_site / FIRST15 / "index.html").is_file()
    config = yaml.safe_load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert nav_after(config["nav"], "training/onboarding.md") == f"{FIRST15}.md"
    nav = [a.attrs.get("href") for a in document(example_site, "training").find_all("a", "md-nav__link")]
    assert "first-15-minutes/" in nav  # in the site's rendered navigation too
    for index, href in (("training", "first-15-minutes/"), ("procedures", "../training/first-15-minutes/")):
        links = [a.attrs.get("href") for a in article(example_site, index).find_all("a")]
        assert href in links, index


def test_every_link_on_the_first_15_minutes_card_reaches_a_built_page(example_site: Path) -> None:
    content = article(example_site, FIRST15)
    base = f"https://site.invalid/{FIRST15}/"
    checked = 0
    for link in content.find_all("a"):
        href = link.attrs.get("href") or ""
        if "headerlink" in link.classes or "md-content__button" in link.classes:
            continue  # the heading's own anchor, and the edit button to the repository
        target = urlsplit(urljoin(base, href))
        assert target.netloc == "site.invalid", f"{href} leaves the site: the card must work offline"
        path = target.path.removeprefix("/")
        file = example_site / (path + "index.html" if path.endswith("/") or not path else path)
        assert file.is_file(), href
        if target.fragment:
            assert f'id="{target.fragment}"' in file.read_text(encoding="utf-8"), href
        checked += 1
    assert checked >= 15  # a procedure link for every step


def test_the_first_15_minutes_card_is_one_screen_of_numbered_steps(example_site: Path) -> None:
    card = article(example_site, FIRST15).find_all("div", "pirsite-first15")[0]
    groups = card.find_all("h2")
    lists = card.find_all("ol")
    assert 3 <= len(groups) <= 4 and len(lists) == len(groups)
    number = 1
    for steps in lists:  # the steps are numbered on across the groups
        assert int(steps.attrs.get("start") or 1) == number
        number += len(steps.find_all("li"))
    assert 12 <= number - 1 <= 16


UNITS = {"m": "minutes", "min": "minutes", "minute": "minutes", "h": "hours", "hour": "hours"}
UNITS |= {"d": "days", "day": "days"}


def duration(text: str) -> timedelta:
    """A policy duration ("15m", "1d") or the card's ("15 min", "1 day") as a timedelta."""
    match = re.fullmatch(r"(\d+)\s*([a-z]+?)s?", text.strip())
    assert match and match.group(2) in UNITS, text
    return timedelta(**{UNITS[match.group(2)]: int(match.group(1))})


STATED = r"(\d+\s*(?:min|minutes?|h|hours?|d|days?))\b"


def test_the_first_15_minutes_card_states_the_policys_targets(example_site: Path) -> None:
    policy = yaml.safe_load(POLICY.read_text(encoding="utf-8"))
    content = article(example_site, FIRST15)
    text = " ".join(content.text().split())
    (acknowledge,) = [li for li in content.find_all("li") if li.text().strip().startswith("Acknowledge")]
    step = " ".join(acknowledge.text().split())
    stated = {sev: duration(value) for sev, value in re.findall(rf"\b(sev[1-4])\s+{STATED}", step)}
    wanted = {sev: duration(value) for sev, value in policy["slas"]["acknowledge"].items()}
    assert stated == wanted, "the card's acknowledge targets are not the policy's"
    # a severity followed by a duration anywhere on the card is an acknowledge target, so it must agree too
    for sev, value in re.findall(rf"\b(sev[1-4])\s+{STATED}", text):
        assert duration(value) == wanted[sev], (sev, value)
    triage = policy["triage"]
    for field, key in (("reported_at", "assess_severity_within"), ("detected_at", "record_awareness_within")):
        found = re.findall(rf"{STATED} after {field}", text)
        assert found, f"the card does not say the {key} target"
        assert all(duration(value) == duration(triage[key]) for value in found), (key, found)
