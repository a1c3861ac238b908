"""Hostile or broken input: everything escaped, nothing executable, clean errors, never a traceback."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings, strategies as st

from sitegen.build import build
from sitegen.content import load_article
from sitegen.errors import BuildFailed, SitegenError
from sitegen.script import to_hans, to_hant

EVIL = "<script>alert(1)</script>\"'&<img src=x onerror=alert(2)>"


class _Audit(HTMLParser):
    """Collects what could run: inline scripts, event handlers, style attributes, unsafe URLs."""

    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "script" and "src" not in names:
            self.problems.append("inline script")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name}")
            if name == "style":
                self.problems.append("style attribute")
            if name in ("href", "src") and value and re.match(r"\s*(javascript|data|vbscript):", value, re.I):
                self.problems.append(f"unsafe url {value}")


def audit(public: Path) -> list[str]:
    problems = []
    for page in public.rglob("*.html"):
        parser = _Audit()
        parser.feed(page.read_text(encoding="utf-8"))
        problems += [f"{page.relative_to(public)}: {p}" for p in parser.problems]
    return problems


def test_hostile_text_everywhere_stays_inert(scratch):
    scratch.write("sitegen.toml", f'title = "{EVIL.replace(chr(34), "")}"\nauthor = "{EVIL.replace(chr(34), "")}"\n')
    scratch.write(
        "content/glossary.yaml",
        f"""
        重振:
          gloss: {json.dumps("revive " + EVIL)}
          note: {json.dumps("[click](javascript:alert(3)) <b>bold</b> " + EVIL)}
          source: {json.dumps(EVIL)}
        """,
    )
    scratch.article(
        "a",
        f"重振江西。{EVIL}\n\n[鏈接](javascript:alert(4)) ![圖](javascript:alert(5))\n\n<div onclick=alert(6)>字</div>\n",
        title=json.dumps(EVIL),
        extra=f"summary: {json.dumps(EVIL)}\n",
    )
    build(scratch.root, base_url="https://u.github.io/r/")
    public = scratch.root / "public"
    assert audit(public) == []
    for path in public.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml"):  # JSON is data, shown via textContent
            text = path.read_text(encoding="utf-8")
            assert "<script>alert" not in text and "<img src=x" not in text, path
    page = (public / "articles/a/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'http-equiv="Content-Security-Policy"' in page and "script-src 'self'" in page


def test_seed_site_has_no_inline_script_or_handlers(seed_site):
    assert audit(seed_site) == []


@pytest.mark.parametrize(
    "body,message",
    [
        ("---\ntitle: [\n---\n\n文\n", "invalid YAML"),
        ("---\ntitle: t\n---\n\n文\n", "needs 'date'"),
        ("---\ntitle: t\ndate: 2021-02-29\n---\n\n文\n", "not a real date"),
        ("no front matter\n", "missing front matter"),
        ("---\ntitle: t\ndate: 2021-01-01\n", "not closed"),
    ],
)
def test_bad_articles_fail_cleanly_and_keep_the_site(scratch, body, message):
    scratch.article("good", "好文章。")
    build(scratch.root)
    before = (scratch.root / "public/index.html").read_bytes()
    scratch.write("content/articles/bad.md", body)
    with pytest.raises(BuildFailed) as e:
        build(scratch.root)
    assert any(message in str(err) and "bad.md:" in str(err) for err in e.value.errors)
    assert (scratch.root / "public/index.html").read_bytes() == before


def test_unused_glossary_term_and_override_warn(scratch):
    scratch.article("a", "重振江西。", extra="pinyin:\n  重構: chóng gòu\n")
    scratch.write("content/glossary.yaml", "重振:\n  gloss: revive\n四最:\n  gloss: four bests\n")
    scratch.write("content/pinyin-overrides.txt", "# mine\n重振\tchóng zhèn\n行長\tháng zhǎng\n")
    result = build(scratch.root)
    messages = [str(w) for w in result.warnings]
    assert any("glossary.yaml:3:" in m and "四最" in m for m in messages)
    assert any("pinyin-overrides.txt:3:" in m and "行長" in m for m in messages)
    assert any("a.md:4:" in m and "重構" in m for m in messages)
    assert not any("重振" in m for m in messages)
    with pytest.raises(BuildFailed):
        build(scratch.root, strict=True)


MARKDOWN_BITS = ["# ", "> ", "- ", "1. ", "**", "*", "_", "`", "[", "](", ")", "<", ">", "&", "\\", "{+", "+}", "|", "\n"]
paragraphs = st.lists(
    st.one_of(
        st.sampled_from(list("的是中國国發发後后麵面臺台，。“”「」abc 123🙂𠀀")),
        st.sampled_from(MARKDOWN_BITS),
        st.characters(blacklist_categories=("Cs", "Cc")),
    ),
    min_size=1,
    max_size=60,
).map("".join)


class _ById(HTMLParser):
    """Visible text (Traditional chosen, pinyin hidden) of each element with an id pN."""

    def __init__(self, script):
        super().__init__(convert_charrefs=True)
        self.hide = "hans" if script == "hant" else "hant"
        self.stack, self.texts = [], {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        hidden = tag in ("rt", "rp") or self.hide in (a.get("class") or "").split()
        block = a.get("id") if re.fullmatch(r"p\d+", a.get("id") or "") else None
        parent = self.stack[-1] if self.stack else (None, False)
        self.stack.append((block or parent[0], hidden or parent[1]))

    def handle_endtag(self, tag):
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] and not self.stack[-1][1]:
            self.texts[self.stack[-1][0]] = self.texts.get(self.stack[-1][0], "") + data


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(paragraphs, min_size=1, max_size=4))
def test_any_markdown_builds_or_fails_cleanly_and_shows_the_source(tmp_path_factory, body):
    from .conftest import ScratchSite

    site = ScratchSite(tmp_path_factory.mktemp("fuzz"))
    path = site.write("content/articles/a.md", "---\ntitle: 標題\ndate: 2020-01-01\n---\n\n" + "\n\n".join(body) + "\n")
    try:
        build(site.root, use_cache=False, jobs=1)
    except (SitegenError, BuildFailed) as e:
        assert str(e)  # a clean, located message; anything else would propagate and fail the test
        event("clean error")
        return
    event("built")
    blocks = [b for b in load_article(path).blocks if b.kind != "code"]
    html = (site.root / "public/articles/a/index.html").read_text(encoding="utf-8")
    for script, convert in (("hant", to_hant), ("hans", to_hans)):
        parser = _ById(script)
        parser.feed(html)
        for n, block in enumerate(load_article(path).blocks, 1):
            if block.kind != "code":
                assert parser.texts.get(f"p{n}", "") == convert(block.text)
    assert blocks is not None


def test_every_problem_of_a_build_is_reported_together(scratch, capsys):
    from sitegen.cli import main

    scratch.write("sitegen.toml", 'pinyin_style = "colour"\n')
    scratch.write("content/glossary.yaml", "a:\n  note: no gloss\n")
    scratch.write("content/pinyin-overrides.txt", "重振 chóng\n")
    scratch.article("a", "文。", date="2020-02-30")
    scratch.write("content/articles/b.md", "---\ntitle: t\n---\n\n文\n")
    assert main(["build", "--source", str(scratch.root)]) == 1
    err = capsys.readouterr().err
    for where in ["sitegen.toml:1:", "glossary.yaml:1:", "pinyin-overrides.txt:1:", "a.md:3:", "b.md:1:"]:
        assert where in err, where
    assert "Traceback" not in err and "5 error(s)" in err
