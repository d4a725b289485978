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
