"""Golden test of the seed page: for every block, the text in each script and its pinyin, as a
reader sees them on the built page. A change in conversion, readings, terms or directives shows
up here as a diff to review. After a deliberate change:

    SITEGEN_UPDATE_GOLDEN=1 pytest tests/test_golden.py
"""

import os
import re
from html.parser import HTMLParser

from .conftest import ROOT, SEED_SLUG

GOLDEN = ROOT / "tests" / "golden" / "seed-article.txt"


class _Reader(HTMLParser):
    """Per block id: the Traditional text, the Simplified text, the readings, and the terms."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # (block id, class list, tag)
        self.blocks = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        block = a.get("id") if re.fullmatch(r"p\d+", a.get("id") or "") else (self.stack[-1][0] if self.stack else None)
        self.stack.append((block, (a.get("class") or "").split(), tag, a))
        if block and tag == "a" and "term" in (a.get("class") or "").split():
            self.blocks.setdefault(block, {"hant": "", "hans": "", "rt": [], "terms": [], "directives": []})
            self.blocks[block]["terms"].append(a.get("data-term"))
        if block and tag == "span" and "directive" in (a.get("class") or "").split():
            self.blocks.setdefault(block, {"hant": "", "hans": "", "rt": [], "terms": [], "directives": []})
            self.blocks[block]["directives"].append(a.get("id"))

    def handle_endtag(self, tag):
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not self.stack or not self.stack[-1][0]:
            return
        block = self.blocks.setdefault(self.stack[-1][0], {"hant": "", "hans": "", "rt": [], "terms": [], "directives": []})
        tags = [t for _, _, t, _ in self.stack]
        classes = {c for _, cs, _, _ in self.stack for c in cs}
        if "rp" in tags:
            return
        if "rt" in tags:
            block["rt"].append(data)
            return
        if "hans" not in classes:
            block["hant"] += data
        if "hant" not in classes:
            block["hans"] += data


def render_golden(html: str) -> str:
    body = html.split('<div class="text zh"', 1)[1].split("</article>", 1)[0]
    parser = _Reader()
    parser.feed(body)
    lines = []
    for block, data in parser.blocks.items():
        lines += [f"[{block}]", data["hant"], data["hans"], " ".join(data["rt"]),
                  "terms: " + " ".join(data["terms"]), "directives: " + " ".join(data["directives"]), ""]
    return "\n".join(lines)


def test_seed_page_matches_golden(seed_site):
    actual = render_golden((seed_site / f"articles/{SEED_SLUG}/index.html").read_text(encoding="utf-8"))
    if os.environ.get("SITEGEN_UPDATE_GOLDEN") == "1" or not GOLDEN.exists():
        GOLDEN.write_text(actual, encoding="utf-8")
    assert actual == GOLDEN.read_text(encoding="utf-8")
