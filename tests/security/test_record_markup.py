"""Record text meant as plain text renders as plain text, and no record text loads anything
from outside the site: Markdown images, links, emphasis and attribute lists planted in every
plain-text field kind the site publishes, and images in the Markdown fields (summary,
postmortem body), reach no page as an image, a link, a style or a class."""

from __future__ import annotations

import html
import json
import re
import shutil
from html.parser import HTMLParser

import pytest

from conftest import BASE, POSTMORTEM, PRIVACY, PROJECT, Repo
from site_fixtures import build_without, program, site_files

TRACKER = "tracker.example"


def payload(n: int) -> str:
    """Markup a plain-text field must show as it is; ``n`` names the field in a failure."""
    return f"![t{n}](https://{TRACKER}/{n}.png) [l{n}](https://{TRACKER}/l{n}) **b{n}** {{: .admonition .danger }}"


def quoted(n: int) -> str:
    return "'" + payload(n) + "'"


# Every plain-text field the incident, postmortem, index and report pages show, numbered.
PLAIN = {
    10: "title",
    11: "reporter",
    12: "detection.detail",
    13: "cause.trigger",
    14: "cause.root_cause",
    15: "contributing factor",
    16: "timeline description",
    17: "timeline source",
    18: "communication summary",
    19: "action item title",
    20: "participant role",
    21: "escalation reason",
    22: "priority override",
    30: "recipient description",
    31: "risk rationale",
    32: "notification rationale",
    33: "notification reference",
    40: "approval note",
    41: "postmortem title",
}
SUMMARY = f"""summary: |
  The summary's image ![s](https://{TRACKER}/s.png) and a sized one ![z](../x.png){{: width=1 height=1 }}.

  A reference image ![r][px] and [a link](https://example.com/ok).
  {{: .admonition .danger }}

  [px]: https://{TRACKER}/r.png
"""
BODY = f"""## Summary
Body image ![b](https://{TRACKER}/b.png) and ![q][pq] and //{TRACKER}/proto.png

![p](//{TRACKER}/p.png)

[pq]: <https://{TRACKER}/q.png>
"""


def poisoned_base() -> str:
    text = BASE.replace("title: Search latency spike in the EU region", f"title: {quoted(10)}")
    text = text.replace("reporter: monitoring", f"reporter: {quoted(11)}\npriority_override: {quoted(22)}")
    text = text.replace("  internal: true\n", f"  internal: true\n  detail: {quoted(12)}\n")
    text = text.replace(
        "summary: Search requests in the EU region took over five seconds for forty minutes "
        "after a cache node failed.\n",
        SUMMARY,
    )
    text = text.replace(
        "  root_cause_category: hardware-failure\n",
        f"  root_cause_category: hardware-failure\n  trigger: {quoted(13)}\n  root_cause: {quoted(14)}\n"
        f"  contributing_factors:\n    - {{category: documentation, description: {quoted(15)}}}\n",
    )
    text = text.replace(
        "description: Latency alert fires.}", f"description: {quoted(16)}, source: {quoted(17)}}}"
    )
    text = text.replace("title: Add a second cache replica,", f"title: {quoted(19)},")
    return text + (
        "communications:\n"
        f"  - {{at: 2026-03-02T10:20:00Z, audience: leadership, type: email, summary: {quoted(18)}}}\n"
        f"participants:\n  - {{name: j.whitfield, role: {quoted(20)}}}\n"
        f"escalations:\n  - {{at: 2026-03-02T10:10:00Z, to: leadership, reason: {quoted(21)}}}\n"
    )


def poisoned_privacy() -> str:
    return (
        PRIVACY.replace(
            "  risk:\n", f"  recipient: {{type: known_third_party, description: {quoted(30)}}}\n  risk:\n"
        )
        .replace(
            "rationale: Name and address only, but to an unknown private person.", f"rationale: {quoted(31)}"
        )
        .replace(
            "    sent_at: 2026-05-06T10:00:00+02:00",
            f"    rationale: {quoted(32)}\n    sent_at: 2026-05-06T10:00:00+02:00\n    reference: {quoted(33)}",
        )
    )


def poisoned_postmortem() -> str:
    return (
        POSTMORTEM.replace("decision: approved}", f"decision: approved, note: {quoted(40)}}}")
        .replace("status: approved\n", f"status: approved\ntitle: {quoted(41)}\n")
        .replace("## Summary\ns", BODY)
    )


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    root = tmp_path_factory.mktemp("markup")
    repo = program(Repo(root))
    shutil.copytree(PROJECT / "schemas", root / "schemas")
    repo.record(poisoned_base())
    repo.record(poisoned_privacy(), "incidents/2026/PIR-2026-0002/incident.yaml")
    repo.write("incidents/2026/PIR-2026-0002/postmortem.md", poisoned_postmortem())
    return repo


@pytest.fixture(scope="module")
def site(poisoned: Repo) -> dict[str, str]:
    """Built with the link rule off, so the rendering alone must keep the markup inert (the
    check refuses the external images first: see the last tests)."""
    return site_files(build_without(poisoned.root, "link_problems"))


class Elements(HTMLParser):
    """Every start tag's attributes, and the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(page: str) -> Elements:
    elements = Elements()
    elements.feed(page)
    return elements


def pages(site: dict[str, str]) -> dict[str, Elements]:
    return {name: parsed(text) for name, text in site.items() if name.endswith(".html")}


def test_every_plain_field_arrived_and_shows_its_markup_as_text(site: dict[str, str]) -> None:
    visible = " ".join(" ".join(e.text) for e in pages(site).values())
    missing = {n: field for n, field in PLAIN.items() if payload(n) not in visible}
    assert missing == {}  # each field's text is on some page, character for character


def test_no_page_loads_anything_from_outside_the_site(site: dict[str, str]) -> None:
    external = {
        name: [attrs.get("src") for tag, attrs in e.tags if tag == "img" and TRACKER in attrs.get("src", "")]
        for name, e in pages(site).items()
    }
    assert {name: found for name, found in external.items() if found} == {}
    assert not [name for name, text in site.items() if re.search(rf"src=[\"']?(https?:)?//{TRACKER}", text)]


def test_plain_text_makes_no_link_no_emphasis_no_class(site: dict[str, str]) -> None:
    found = []
    for name, e in pages(site).items():
        for _tag, attrs in e.tags:
            if f"//{TRACKER}/l" in attrs.get("href", ""):
                found.append((name, "link", attrs["href"]))
            if "danger" in attrs.get("class", "") and name.startswith(
                ("incidents/", "postmortems/", "reports/")
            ):
                found.append((name, "class", attrs["class"]))
    for name, text in site.items():
        found += [(name, "bold", m) for m in re.findall(r"<strong>b\d+</strong>", text)]
    assert found == []


def test_markdown_fields_keep_links_but_show_no_image_and_no_size(site: dict[str, str]) -> None:
    incident = parsed(site["incidents/PIR-2026-0001/index.html"])
    assert ("a", {"href": "https://example.com/ok"}) in incident.tags  # Markdown still works
    images = [attrs for tag, attrs in incident.tags if tag == "img"]
    assert not [a for a in images if a.get("width") == "1" or TRACKER in a.get("src", "")]
    postmortem = parsed(site["postmortems/PIR-2026-0002/index.html"])
    assert not [a for tag, a in postmortem.tags if tag == "img" and TRACKER in a.get("src", "")]


def test_search_index_holds_the_text_not_the_markup(site: dict[str, str]) -> None:
    docs = json.loads(site["search/search_index.json"])["docs"]
    texts = " ".join(html.unescape(doc["text"]) + doc["title"] for doc in docs)
    assert TRACKER in texts  # searchable as text...
    assert "<img" not in texts and "<strong>b1" not in texts  # ...never as markup


def test_check_names_each_external_image_at_its_line(poisoned: Repo) -> None:
    code, lines = poisoned.check()
    assert code == 1
    images = [line for line in lines if " error external-image" in line]
    places = sorted(line.split(": error")[0] for line in images)
    record = "incidents/2026/PIR-2026-0001/incident.yaml"
    postmortem = "incidents/2026/PIR-2026-0002/postmortem.md"
    # the summary: an inline image at its target, a reference-style one where it is used
    assert f"{record}:5:28" in places and f"{record}:7:21" in places
    assert f"{postmortem}:12:17" in places and f"{postmortem}:12:52" in places  # body, both kinds
    assert f"{postmortem}:14:6" in places  # protocol-relative
    # every plain field's image, too: nothing in a record may load from elsewhere
    assert len([p for p in places if p.startswith(record)]) == 2 + 13
    assert len(places) == 2 + 13 + 4 + 2 + 3


def test_the_sanitizer_drops_an_external_image_source_whatever_its_spelling() -> None:
    from pirsite.site.sanitize import sanitize

    for src in (
        "https://t.example/x.png",
        "//t.example/x.png",
        "HTTPS://t.example/x",
        "\\\\t.example/x.png",
        "&#104;ttps://t.example/x",
    ):
        assert "t.example" not in sanitize(f'<p><img src="{src}" alt="a"></p>'), src
    assert 'src="../charts/a.svg"' in sanitize('<img src="../charts/a.svg" alt="chart">')


@pytest.mark.parametrize(
    ("raw", "rendered"),
    [
        ("![t](https://x.example/p.png)", "<p>![t](https://x.example/p.png)</p>"),
        ("[l](https://x.example)", "<p>[l](https://x.example)</p>"),
        ("**b** _i_ `c` ~~s~~ ==m== ^^u^^", "<p>**b** _i_ `c` ~~s~~ ==m== ^^u^^</p>"),
        ("a {: .admonition .danger }", "<p>a {: .admonition .danger }</p>"),
        ("- item", "<p>- item</p>"),
        ("1. first", "<p>1. first</p>"),
        ("# heading", "<p># heading</p>"),
        ("<b>x</b> &amp;", "<p>&lt;b&gt;x&lt;/b&gt; &amp;amp;</p>"),
        ("two\n\nparagraphs", "<p>two paragraphs</p>"),
        (":smile: https://x.example a@b.example", "<p>:smile: https://x.example a@b.example</p>"),
    ],
)
def test_plain_text_renders_as_itself(raw: str, rendered: str) -> None:
    """Through the site's own Markdown extensions plus the common pymdownx ones."""
    import markdown

    from pirsite.site.templates import text

    extensions = [
        "attr_list", "tables", "admonition", "def_list", "md_in_html", "toc",
        "pymdownx.tilde", "pymdownx.mark", "pymdownx.caret", "pymdownx.magiclink", "pymdownx.emoji",
    ]  # fmt: skip
    out = markdown.markdown(text(raw), extensions=extensions)
    assert html.unescape(out) == html.unescape(rendered)
