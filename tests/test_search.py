"""search.json: contents (both scripts and readings restored exactly), pinyin normalisation, the
reference matcher, size, and the search form and page on the built site."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from pathlib import Path

import pytest

from sitegen.build import build
from sitegen.content import load_article
from sitegen.model import AnnotatedArticle, AnnotatedBlock, Article, Token
from sitegen.script import is_han, to_hans, to_hant

from sitegen.search import build_search_index as _build_index, expand, find, normalise_pinyin, search_entry, toneless


def build_search_index(articles):
    """The index of annotated articles, through the per-article entries the build caches."""
    return _build_index([search_entry(a) for a in articles])

from .conftest import ROOT, SEED_SLUG

URL = f"articles/{SEED_SLUG}/"


@pytest.mark.parametrize("syllable, plain", [
    ("fàng", "fang"), ("zhong4", "zhong"), ("lǜ", "lv"), ("lü", "lv"), ("nü3", "nv"), ("lu:4", "lv"),
    ("de", "de"), ("Èr", "er"), ("ń", "n"), (None, None),
])
def test_toneless(syllable, plain):
    assert toneless(syllable) == plain


@pytest.mark.parametrize("query, letters, ends", [
    ("fangguanfu", "fangguanfu", set()),
    ("fàng guǎn fú", "fangguanfu", {4, 8}),
    ("fang4guan3fu2", "fangguanfu", {4, 8}),
    ("  Fang4 Guan3 Fu2 ", "fangguanfu", {4, 8}),
    ("xi'an", "xian", {2}),
    ("lǜsè", "lvse", set()),
    ("nu:3", "nv", set()),
    ("GDP", "gdp", set()),
])
def test_normalise_pinyin(query, letters, ends):
    assert normalise_pinyin(query) == (letters, frozenset(ends))


@pytest.mark.parametrize("query", ["放管服", "2018", "", "   ", "fang服"])
def test_not_pinyin(query):
    assert normalise_pinyin(query) is None


def _token(text: str, hans: str, hant: str, pinyin: list[str | None]) -> Token:
    return Token(text=text, hans=hans, hant=hant, pinyin=pinyin)


def _article(slug: str, paragraphs: list[list[Token]], title: list[Token], day: int = 1) -> AnnotatedArticle:
    article = Article(path=Path(f"{slug}.md"), slug=slug, title="".join(t.text for t in title),
                      date=dt.date(2020, 1, day), blocks=[])
    blocks = [AnnotatedBlock("p", 0, n, f"p{n}", tokens) for n, tokens in enumerate(paragraphs, 1)]
    return AnnotatedArticle(article=article, script="hant", title=title, blocks=blocks, char_count=0)


def test_index_restores_both_scripts_and_readings_from_defaults_and_exceptions():
    # 干 is usually 幹 here but once 乾; 重 is usually zhòng but once chóng; 行 twice xíng, once háng
    paragraphs = [
        [_token("幹部", "干部", "幹部", ["gàn", "bù"]), _token("重要", "重要", "重要", ["zhòng", "yào"])],
        [_token("乾淨", "干净", "乾淨", ["gān", "jìng"]), _token("重新", "重新", "重新", ["chóng", "xīn"])],
        [_token("幹", "干", "幹", ["gàn"]), _token("重", "重", "重", ["zhòng"]), _token("，", "，", "，", [None]),
         _token("銀行", "银行", "銀行", ["yín", "háng"]), _token("行", "行", "行", ["xíng"]),
         _token("行", "行", "行", ["xíng"]), _token("綠", "绿", "綠", ["lǜ"])],
    ]
    title = [_token("標題", "标题", "標題", ["biāo", "tí"])]
    data = build_search_index([_article("a", paragraphs, title)])
    index = json.loads(data)
    assert index["v"] == 1
    pairs = dict(zip(index["hant"][::2], index["hant"][1::2]))
    assert pairs["干"] == "幹" and "重" not in pairs  # only characters that differ
    assert "重" in index["py"]["zhong"] and "重" not in index["py"].get("chong", "")
    assert "绿" in index["py"]["lv"]
    rows = index["a"][0]["b"]
    assert rows[0][:2] == ["", "标题"] and len(rows[0]) == 2  # the title, no exceptions
    assert rows[2][2] == [0, "乾"] and rows[2][3] == [2, "chong"]  # 干 is gan either way: no exception
    assert rows[3][3] == [4, "hang"]
    blocks = expand(index)
    for block, tokens in zip(blocks, [title, *paragraphs]):
        assert block["hans"] == "".join(t.hans for t in tokens)
        assert block["hant"] == "".join(t.hant for t in tokens)
        assert block["pinyin"] == [toneless(p) for t in tokens for p in t.pinyin]
        assert block["url"] == "articles/a/" and block["source"] == "hant"


def test_matching_either_script_mixed_and_pinyin():
    paragraphs = [[_token("西安", "西安", "西安", ["xī", "ān"]), _token("先", "先", "先", ["xiān"]),
                   _token("綠色", "绿色", "綠色", ["lǜ", "sè"]), _token("GDP", "GDP", "GDP", [None] * 3)]]
    index = json.loads(build_search_index([_article("a", paragraphs, [_token("題", "题", "題", ["tí"])])]))
    assert find(index, "綠色") == [("articles/a/", "p1", 3, 5)]
    assert find(index, "绿色") == find(index, "綠色") == find(index, "綠 色")
    assert find(index, "xian") == [("articles/a/", "p1", 0, 2)]  # the first place: 西安, syllable by syllable
    assert find(index, "xi'an") == [("articles/a/", "p1", 0, 2)]
    assert find(index, "xian1 lv4") == [("articles/a/", "p1", 2, 4)]
    assert find(index, "xianlu") == [("articles/a/", "p1", 2, 4)]  # u for ü
    assert find(index, "lvs") == [("articles/a/", "p1", 3, 5)]  # an unfinished last syllable
    assert find(index, "xia") == [("articles/a/", "p1", 0, 2)]  # xi + a(n)
    assert find(index, "xia nlv") == []  # a space inside a syllable
    assert find(index, "gdp") == [("articles/a/", "p1", 5, 8)]
    assert find(index, "ti") == [("articles/a/", "", 0, 1)]  # titles are found too


# ----------------------------------------------------------------------------- the seed site


@pytest.fixture(scope="module")
def seed_index(seed_site):
    return json.loads((seed_site / "search.json").read_bytes())


def test_seed_index_holds_every_paragraph_in_both_scripts_with_readings(seed_index):
    article = load_article(ROOT / "content" / "articles" / f"{SEED_SLUG}.md")
    blocks = expand(seed_index)
    assert [b["anchor"] for b in blocks] == [""] + [f"p{n}" for n in range(1, len(article.blocks) + 1)]
    assert blocks[0]["hant"] == article.title
    for block, source in zip(blocks[1:], article.blocks):
        assert block["hans"] == to_hans(source.text) and block["hant"] == to_hant(source.text)
        assert [c for c, p in zip(block["hans"], block["pinyin"]) if p] == [c for c in block["hans"] if is_han(c)]
        assert all(re.fullmatch(r"[a-z]+", p) for p in block["pinyin"] if p)
    p11 = blocks[11]
    start = p11["hans"].index("放管服")
    assert p11["pinyin"][start:start + 3] == ["fang", "guan", "fu"]


@pytest.mark.parametrize("query, anchors", [
    ("放管服", ["p11"]), ("營商環境", ["p11", "p13"]), ("营商环境", ["p11", "p13"]), ("營商环境", ["p11", "p13"]),
    ("fangguanfu", ["p11"]), ("fàng guǎn fú", ["p11"]), ("fang4 guan3 fu2", ["p11"]),
    ("yingshanghuanjing", ["p11", "p13"]), ("fangg uanfu", []),
    ("工業強省", ["", "p1", "p4", "p5", "p13"]),
])
def test_seed_queries(seed_index, query, anchors):
    hits = find(seed_index, query)
    assert [anchor for _, anchor, _, _ in hits] == anchors
    assert all(url == URL for url, _, _, _ in hits)


def test_seed_index_is_small(seed_site):
    data = (seed_site / "search.json").read_bytes()
    text = sum(len(b["hans"].encode()) for b in expand(json.loads(data)))
    # measured: 11.7 KB, 6.1 KB gzipped for 2,100 characters (about 174 KB gzipped per 100,000)
    assert len(gzip.compress(data)) < 8 * 1024
    assert len(data) < 2 * text  # the text once, plus small tables


# ----------------------------------------------------------------------------- pages


def test_every_page_has_the_search_form_and_the_search_page_says_it_needs_javascript(seed_site):
    for path in ["index.html", f"articles/{SEED_SLUG}/index.html", "glossary/index.html", "404.html",
                 "search/index.html"]:
        html = (seed_site / path).read_text(encoding="utf-8")
        form = re.search(r'<form class="search" role="search" action="/search/" method="get"[^>]*>', html)
        assert form and 'data-index="/search.json"' in form.group(0), path
        assert '<label for="search-q"' in html and '<input id="search-q" type="search" name="q"' in html
        assert '<script src="/assets/search.js" defer></script>' in html
    page = (seed_site / "search/index.html").read_text(encoding="utf-8")
    assert "<noscript><p>Search runs in your browser and needs JavaScript" in page
    assert (seed_site / "assets/search.js").exists()


def test_search_paths_follow_the_base_url(scratch):
    scratch.article("a", "放管服改革。")
    build(scratch.root, base_url="https://user.github.io/repo/")
    html = (scratch.root / "public/articles/a/index.html").read_text(encoding="utf-8")
    assert 'action="/repo/search/"' in html and 'data-index="/repo/search.json"' in html
    assert 'data-base="/repo/"' in html and 'src="/repo/assets/search.js"' in html
    index = json.loads((scratch.root / "public/search.json").read_bytes())
    assert find(index, "fangguanfu") == [("articles/a/", "p1", 0, 3)]
