"""Every glossary term has an anchor, so procedures, training and incident pages can link to
the definition of a word (training/glossary/#aware-at)."""

from __future__ import annotations

import re
from pathlib import Path


def test_every_glossary_term_has_its_own_anchor(example_site: Path) -> None:
    page = (example_site / "training/glossary/index.html").read_text(encoding="utf-8")
    terms = re.findall(r"<dt([^>]*)>(.*?)</dt>", page, re.S)
    assert len(terms) >= 69
    ids = [re.search(r'id="([^"]+)"', attrs).group(1) for attrs, _ in terms if 'id="' in attrs]
    assert len(ids) == len(terms), [text for attrs, text in terms if 'id="' not in attrs]
    assert len(set(ids)) == len(ids)
    assert "aware-at" in ids and "action-item" in ids


def test_other_pages_explain_the_glossarys_jargon_in_tooltips(example_site: Path) -> None:
    from pirsite.site.glossary import definitions

    glossary = definitions(
        (Path(__file__).parents[1] / "docs/training/glossary.md").read_text(encoding="utf-8")
    )
    page = (example_site / "procedures/notification-decision/index.html").read_text(encoding="utf-8")
    by_word = {word: title for title, word in re.findall(r'<abbr title="([^"]+)">([^<]+)</abbr>', page)}
    assert by_word["privacy lead"] == glossary["Privacy lead"]
    assert by_word["DPO"] == glossary["Data Protection Officer (DPO)"]
    assert by_word["personal data breach"].startswith("A breach of security leading to")
    assert "Category" not in by_word and "Status" not in by_word  # everyday words stay plain
    own = (example_site / "training/glossary/index.html").read_text(encoding="utf-8")
    assert "<abbr" not in own  # the glossary defines its terms; it does not tooltip them


def test_a_tooltip_is_the_first_sentence_in_plain_text() -> None:
    from pirsite.site.glossary import abbreviations, definitions, tooltip_terms

    text = (
        "Near miss { #near-miss }\n"
        ":   An event that could have caused harm but did not, see [containment](c.md). `disposition:\n"
        "    near_miss`; it still gets a root cause class.\n\n"
        "Clock { #clock }\n:   The time to a deadline.\n\n"
        "SLA { #sla }\n:   Service level agreement. Internal targets.\n"
    )
    terms = definitions(text)
    assert (
        terms["Near miss"]
        == "An event that could have caused harm but did not, see containment. disposition: near_miss; it still gets a root cause class."
    )
    assert terms["SLA"] == "Service level agreement."
    chosen = tooltip_terms(terms)
    assert set(chosen) == {"Near miss", "near miss", "SLA"}
    assert "*[near miss]: An event that" in abbreviations(chosen)


def test_the_quiz_has_no_tooltip_that_would_give_an_answer_away(example_site: Path) -> None:
    quiz = (example_site / "training/knowledge-checks/index.html").read_text(encoding="utf-8")
    assert "near miss" in quiz and "<abbr" not in quiz
