"""The knowledge checks are a scored quiz (assets/quiz.js) that still reads as a self-check
without JavaScript: 33 multiple-choice questions, each naming its one right option in
data-answer, with the answer and its explanation in a collapsed block and a link to the page
that covers it. The script and its styles are on the page and send nothing anywhere."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml

from conftest import PROJECT

PAGE = "training/knowledge-checks"
SOURCE = PROJECT / "docs" / f"{PAGE}.md"
ASSETS = PROJECT / "src/pirsite/site/assets"
SECTIONS = [
    "Recognising and reporting incidents",
    "Filing and maintaining records",
    "Triage, containment and evidence",
    "Privacy and notification",
    "Communications",
    "Postmortems and problems",
]
TITLE, OWNER = "Knowledge checks", "privacy-office"
SENDS = ("fetch(", "XMLHttpRequest", "sendBeacon", "WebSocket", "EventSource", "http:", "https:", ".submit(")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.walk()

    def find(self, tag: str, cls: str | None = None) -> list[Node]:
        return [n for n in self.walk() if n.tag == tag and (cls is None or cls in n.classes)]

    def kids(self, tag: str) -> list[Node]:
        return [c for c in self.children if isinstance(c, Node) and c.tag == tag]


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#document", {}, None)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Node(tag, dict(attrs), self.current))

    def handle_endtag(self, tag: str) -> None:
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def article(site: Path) -> Node:
    tree = _Tree()
    tree.feed((site / PAGE / "index.html").read_text(encoding="utf-8"))
    (found,) = tree.root.find("article")
    return found


def questions(site: Path) -> list[Node]:
    (quiz,) = article(site).find("div", "pirsite-quiz")
    return quiz.find("div", "pirsite-quiz-question")


def words(node: Node) -> str:
    return " ".join(node.text().split())


def test_the_knowledge_checks_are_33_multiple_choice_questions(example_site: Path) -> None:
    (quiz,) = article(example_site).find("div", "pirsite-quiz")
    assert quiz.attrs.get("data-pass") == "80"
    assert "The pass mark for onboarding and the annual refresh is 80%." in words(article(example_site))
    found = questions(example_site)
    assert len(found) == 33
    for number, block in enumerate(found, start=1):
        prompt = block.kids("p")[0]
        assert re.fullmatch(rf"{number}\. .+\?", words(prompt)), words(prompt)
        (options,) = block.kids("ul")
        items = [words(li) for li in options.kids("li")]
        assert 3 <= len(items) <= 4, number
        letters = [re.match(r"\(([a-z])\) ", item).group(1) for item in items]
        assert letters == list("abcd"[: len(items)]), (number, letters)
        assert len(set(items)) == len(items), number
        assert block.attrs.get("data-answer") in letters, (number, block.attrs.get("data-answer"))
    spread = Counter(block.attrs["data-answer"] for block in found)
    assert set(spread) == set("abcd") and max(spread.values()) <= 12, spread  # not always the same place


def test_every_answer_is_in_a_collapsed_block_that_names_the_right_option(example_site: Path) -> None:
    for number, block in enumerate(questions(example_site), start=1):
        (details,) = block.kids("details")
        assert "open" not in details.attrs, f"the answer to {number} shows without JavaScript"
        assert words(details.kids("summary")[0]) == "Answer", number
        explained = [words(p) for p in details.kids("p")]
        assert explained[0].startswith(f"({block.attrs['data-answer']}) "), (number, explained[0])
        assert any(p.startswith("Why: ") for p in explained), number
        outside = [words(node) for node in block.kids("p") + block.kids("ul")]
        assert not any("Why:" in text for text in outside), number  # nothing of the answer outside


def test_every_question_links_to_the_page_that_covers_it(example_site: Path) -> None:
    base = f"https://site.invalid/{PAGE}/"
    for number, block in enumerate(questions(example_site), start=1):
        (details,) = block.kids("details")
        pages = []
        for link in details.find("a"):
            target = urlsplit(urljoin(base, link.attrs.get("href") or ""))
            assert target.netloc == "site.invalid", (number, link.attrs.get("href"))
            path = target.path.removeprefix("/")
            assert (example_site / path / "index.html").is_file(), (number, link.attrs.get("href"))
            pages.append(path)
        assert any(p.startswith(("procedures/", "training/", "policy/")) for p in pages), number


def test_the_page_keeps_its_front_matter_and_sections(example_site: Path) -> None:
    source = SOURCE.read_text(encoding="utf-8")
    meta = yaml.safe_load(source.split("---\n")[1])
    assert (meta["title"], meta["last_reviewed"], meta["owner"]) == (TITLE, date(2026, 12, 3), OWNER)
    headings = [words(h).removesuffix("¶") for h in article(example_site).find("h2")]
    assert headings == SECTIONS
    assert source.count('<div class="pirsite-quiz-question" data-answer="') == 33


def test_the_quiz_script_and_styles_are_on_the_page_and_send_nothing(example_site: Path) -> None:
    page = (example_site / PAGE / "index.html").read_text(encoding="utf-8")
    for name in ("quiz.js", "quiz.css"):
        assert f'"../../assets/pirsite/{name}"' in page, name
        built = (example_site / "assets/pirsite" / name).read_text(encoding="utf-8")
        assert built == (ASSETS / name).read_text(encoding="utf-8"), name
    script = (ASSETS / "quiz.js").read_text(encoding="utf-8")
    assert "window.document$.subscribe(init)" in script  # Material's instant navigation, as table.js
    assert 'setAttribute("aria-live", "polite")' in script and "data-answer" in script
    assert [call for call in SENDS if call in script] == []
    styles = (ASSETS / "quiz.css").read_text(encoding="utf-8")
    assert "url(" not in styles and "@import" not in styles
    assert '[data-md-color-scheme="slate"] .pirsite-quiz' in styles and "var(--md-default-fg-color" in styles
