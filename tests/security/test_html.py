"""Safe HTML: script, event handlers and javascript: links planted in every kind of record
field and in a postmortem never reach the built site as active content."""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import BASE, POSTMORTEM, PROJECT, Repo
from site_fixtures import build_without, pirsite_build, program, site_files

# Each payload carries its own number, so a failure names the field it came from.
PAYLOADS = [
    "<script>alert({n})</script>",
    '<img src=x onerror="alert({n})">',
    "[click](javascript:alert({n}))",
    "[click](JaVaScRiPt:alert({n}))",
    '![pic](https://example.com/x.png){{ onerror="alert({n})" }}',
    '[site](https://example.com){{ onclick="alert({n})" }}',
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="javascript:alert({n})">a</a>',
    "<svg onload=alert({n})>",
    "<!-- --><script>alert({n})</script>",
]


def planted(n: int) -> str:
    """Every payload, numbered from ``n``: one line of text for a YAML single-quoted scalar."""
    return " ".join(p.format(n=n + i) for i, p in enumerate(PAYLOADS)).replace("'", "''")


FIELDS = {  # field in BASE -> its original text
    "title": "title: Search latency spike in the EU region",
    "summary": "summary: Search requests in the EU region took over five seconds for forty minutes "
    "after a cache node failed.",
    "timeline": "description: Latency alert fires.}",
    "action item": "title: Add a second cache replica,",
}


def poisoned_record() -> str:
    text = BASE
    text = text.replace(
        FIELDS["title"],
        "title: 'Spike <script>alert(110)</script> [x](javascript:alert(111)) { onclick=\"alert(112)\" }'",
    )
    text = text.replace(FIELDS["summary"], f"summary: '{planted(120)} Search took long.'")
    text = text.replace(
        "  root_cause_category: hardware-failure\n",
        f"  root_cause_category: hardware-failure\n  trigger: '{planted(130)}'\n"
        f"  root_cause: '{planted(140)}'\n"
        f"  contributing_factors:\n    - {{category: documentation, description: '{planted(150)}'}}\n",
    )
    text = text.replace(FIELDS["timeline"], f"description: '{planted(160)}'}}")
    text = text.replace(FIELDS["action item"], f"title: '{planted(170)}',")
    text += (
        "communications:\n"
        f"  - {{at: 2026-03-02T10:20:00Z, audience: leadership, type: email, summary: '{planted(180)}'}}\n"
    )
    return text


def poisoned_postmortem() -> str:
    body = "\n\n".join(p.format(n=200 + i) for i, p in enumerate(PAYLOADS))
    return POSTMORTEM.replace(
        "## Summary\ns", f"## Summary\n\n{body}\n\n[r]: javascript:alert(299)\n\n[ref][r]"
    )


class Active(HTMLParser):
    """Collects what a browser would run: attributes and script bodies."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_script = tag == "script"
        for name, value in attrs:
            value = "".join((value or "").split()).lower()
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "formaction", "xlink:href") and value.startswith(
                ("javascript:", "vbscript:", "data:")
            ):
                self.found.append(f"<{tag} {name}={value[:30]}>")

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script and "alert(" in data:
            self.found.append(f"<script>{data[:30]}")


def active_content(html: str) -> list[str]:
    parser = Active()
    parser.feed(html)
    return parser.found


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    root = tmp_path_factory.mktemp("poisoned")
    repo = program(Repo(root))
    shutil.copytree(PROJECT / "schemas", root / "schemas")
    repo.record(poisoned_record())
    repo.write("incidents/2026/PIR-2026-0002/postmortem.md", poisoned_postmortem())
    return repo


@pytest.fixture(scope="module")
def site(poisoned: Repo) -> Path:
    """The poisoned program built with the link rule switched off, so that the sanitizer alone
    has to stop the javascript: and data: links (defence in depth: check refuses them first)."""
    return build_without(poisoned.root, "link_problems")


def test_check_refuses_the_script_links_before_any_build(poisoned: Repo) -> None:
    code, lines = poisoned.check()
    assert code == 1
    unsafe = [line for line in lines if " error unsafe-link: " in line]
    assert len(unsafe) == 1 + 7 * 3 + 4  # the title's link, 3 in each of 7 other fields, 4 in the postmortem
    assert pirsite_build(poisoned.root).returncode == 1  # and the build stops on them


def test_the_planted_text_is_on_the_pages_as_text(site: Path) -> None:
    page = (site / "incidents/PIR-2026-0001/index.html").read_text(encoding="utf-8")
    for n in (111, 120, 130, 140, 150, 160, 170, 180):  # one per field: the payloads did arrive
        assert f"alert({n})" in page, n
    assert "&lt;script&gt;alert(120)&lt;/script&gt;" in page  # shown, escaped
    postmortem = (site / "postmortems/PIR-2026-0002/index.html").read_text(encoding="utf-8")
    assert "alert(200)" in postmortem


def test_no_page_carries_active_content(site: Path) -> None:
    found = {name: active_content(text) for name, text in site_files(site).items() if name.endswith(".html")}
    assert {name: items for name, items in found.items() if items} == {}


def test_charts_and_search_index_carry_no_markup_from_records(site: Path) -> None:
    for name, text in site_files(site).items():
        if name.endswith(".svg"):
            assert "<script" not in text and "onerror" not in text, name
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    texts = [doc[key] for doc in index["docs"] for key in ("title", "text")]
    assert any("alert(120)" in text for text in texts)  # record text is searchable...
    assert [found for text in texts for found in active_content(text)] == []  # ...and inert as HTML


def test_the_checker_before_the_sanitizer_would_have_found_something() -> None:
    """The test can fail: unsanitized, Markdown turns these payloads into live attributes."""
    import markdown as md

    html = md.markdown('[x](javascript:alert(1))\n\n# t { onclick="alert(2)" }', extensions=["attr_list"])
    assert len(active_content(html)) == 2
    from pirsite.site.sanitize import sanitize

    assert active_content(sanitize(html)) == []


def test_relative_links_become_text_not_dead_links(tmp_path: Path) -> None:
    repo = program(Repo(tmp_path))
    shutil.copytree(PROJECT / "schemas", tmp_path / "schemas")
    repo.write("incidents/2026/PIR-2026-0001/evidence/latency.png", b"\x89PNG")
    repo.record(
        BASE.replace(
            FIELDS["summary"],
            "summary: 'See ![the graph](evidence/latency.png) and [the runbook](https://example.com/rb).'",
        )
    )
    result = pirsite_build(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr  # strict: no dead link
    page = (tmp_path / "site/incidents/PIR-2026-0001/index.html").read_text(encoding="utf-8")
    assert "the graph (<code>evidence/latency.png</code>, in the repository)" in page
    assert 'href="https://example.com/rb"' in page
    assert not (tmp_path / "site/incidents/PIR-2026-0001/evidence").exists()  # evidence is never published
