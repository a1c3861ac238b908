"""The whole build: pages, atomic writes, refusing dangerous output folders, the CLI's errors."""

import json
import re

import pytest

from sitegen.build import build
from sitegen.cli import main
from sitegen.errors import BuildFailed, SitegenError
from sitegen.script import is_han

from .conftest import ROOT, SEED_SLUG


def test_seed_site_has_the_pages_a_site_needs(seed_site):
    for path in ["index.html", f"articles/{SEED_SLUG}/index.html", "404.html", "assets/style.css",
                 "assets/reader.js", ".nojekyll"]:
        assert (seed_site / path).exists(), path


def test_seed_page_one_rt_per_han_character_both_scripts_nothing_external(seed_site):
    from sitegen.content import load_article

    html = (seed_site / f"articles/{SEED_SLUG}/index.html").read_text(encoding="utf-8")
    article = load_article(ROOT / "content" / "articles" / f"{SEED_SLUG}.md")
    body = html.split('<div class="text zh"', 1)[1].split("</article>")[0]
    han = sum(1 for b in article.blocks for c in b.text if is_han(c))
    assert body.count("<rt") == han
    assert '<span class="hant">國</span><span class="hans alt" lang="zh-Hans">国</span>' in body
    assert 'lang="zh-Latn-pinyin"' in body and '<html lang="en"' in html
    assert not re.search(r"""(src|href)=["'](https?:)?//""", html)


def test_home_page_lists_articles_with_length_and_reading_time(seed_site):
    html = (seed_site / "index.html").read_text(encoding="utf-8")
    assert f'href="/articles/{SEED_SLUG}/"' in html
    assert re.search(r"2018-08-29</time> · \d+ characters · \d+ min read", html)


def test_base_url_prefixes_every_internal_link(scratch, tmp_path):
    scratch.article("a", "中文。")
    build(scratch.root, base_url="https://user.github.io/repo/")
    html = (scratch.root / "public/articles/a/index.html").read_text(encoding="utf-8")
    links = re.findall(r'(?:href|src)="([^"]+)"', html)
    assert links and all(link.startswith(("/repo/", "#", "https://user.github.io/repo/")) for link in links), links


def test_failed_build_keeps_the_last_good_site(scratch):
    scratch.article("a", "中文。")
    build(scratch.root)
    before = {p: p.read_bytes() for p in (scratch.root / "public").rglob("*") if p.is_file()}
    scratch.article("b", "文字。", date="2020-02-31")
    with pytest.raises(BuildFailed) as e:
        build(scratch.root)
    assert "b.md" in str(e.value.errors[0])
    after = {p: p.read_bytes() for p in (scratch.root / "public").rglob("*") if p.is_file()}
    assert after == before


def test_all_article_errors_reported_together(scratch):
    scratch.article("a", "中文。", date="nope")
    scratch.article("b", "中文。", date="2020-13-01")
    with pytest.raises(BuildFailed) as e:
        build(scratch.root)
    assert len(e.value.errors) == 2


def test_duplicate_slugs_name_both_files(scratch):
    scratch.article("a", "中文。", extra="slug: same\n")
    scratch.article("b", "中文。", extra="slug: same\n")
    with pytest.raises(BuildFailed) as e:
        build(scratch.root)
    message = str(e.value.errors[0])
    assert "a.md" in message and "b.md" in message


def test_drafts_only_with_flag(scratch):
    scratch.article("a", "中文。")
    scratch.article("d", "草稿。", extra="draft: true\n")
    build(scratch.root)
    assert not (scratch.root / "public/articles/d").exists()
    build(scratch.root, drafts=True)
    assert (scratch.root / "public/articles/d/index.html").exists()


@pytest.mark.parametrize("output", [".", "content", "templates"])
def test_refuses_to_write_over_sources(scratch, output):
    scratch.article("a", "中文。")
    with pytest.raises(SitegenError, match="refusing"):
        build(scratch.root, scratch.root / output)


def test_refuses_a_foreign_non_empty_folder(scratch):
    scratch.article("a", "中文。")
    foreign = scratch.root / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    with pytest.raises(SitegenError, match="not made by sitegen"):
        build(scratch.root, foreign)
    assert (foreign / "notes.txt").read_text() == "keep me"
    build(scratch.root, foreign, force=True)
    assert (foreign / "index.html").exists()


def test_cli_build_and_error_format(scratch, capsys, monkeypatch):
    scratch.article("a", "中文。")
    assert main(["build", "--source", str(scratch.root)]) == 0
    assert "built 1 article(s)" in capsys.readouterr().out
    scratch.write("content/articles/bad.md", "---\ntitle: 標題\ndate: [\n---\n\n文\n")
    assert main(["build", "--source", str(scratch.root)]) == 1
    err = capsys.readouterr().err
    assert re.search(r"bad\.md:3: invalid YAML", err) and "Traceback" not in err


def test_cli_annotate_txt(tmp_path, capsys):
    text = tmp_path / "a.txt"
    text.write_text("重振江西制造輝煌。\n\n營商環境“四最”\n", encoding="utf-8")
    assert main(["annotate", str(text), "--source", str(ROOT)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["script"] == "hant" and len(data["paragraphs"]) == 2
    tokens = data["paragraphs"][0]
    assert set(tokens[0]) == {"text", "hans", "hant", "pinyin", "term"}
    assert "".join(t["text"] for t in tokens) == "重振江西制造輝煌。"
    assert "".join(t["hant"] for t in tokens) == "重振江西製造輝煌。"
    assert "".join(t["hans"] for t in tokens) == "重振江西制造辉煌。"
    pinyin = [p for t in tokens for p in t["pinyin"]]
    assert pinyin[:2] == ["chóng", "zhèn"] and pinyin[-1] is None
    terms = {t["text"]: t["term"] for t in data["paragraphs"][1]}
    assert terms.get("營商環境") == "營商環境" and terms.get("四最") == "四最"


def test_cli_annotate_article(capsys):
    assert main(["annotate", str(ROOT / "content" / "articles" / f"{SEED_SLUG}.md"), "--source", str(ROOT)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["paragraphs"]) == 14
    for tokens in data["paragraphs"]:
        for token in tokens:
            assert len(token["pinyin"]) == len(token["text"]) == len(token["hans"]) == len(token["hant"])
