"""`sitegen import`: punctuation normalisation and the seed article."""

import pytest

from sitegen.content import load_article
from sitegen.errors import SitegenError
from sitegen.importer import import_text, normalise_punctuation, pinyin_slug

from .conftest import ROOT, SEED_SLUG


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("他強調,全省", "他強調，全省"),
        ("認識到:工業;培育", "認識到：工業；培育"),
        ("好嗎?是的!", "好嗎？是的!"),  # end of line: not between Han characters
        ("“強引擎”,增強", "“強引擎”，增強"),
        ("8月28日,全省", "8月28日，全省"),
        ("1,000 元", "1,000 元"),  # digits: unchanged
        ("GDP,增長", "GDP,增長"),  # Latin on one side: unchanged
        ("中,", "中,"),
    ],
)
def test_normalise_punctuation(raw, expected):
    assert normalise_punctuation(raw) == expected


def test_slug_from_pinyin():
    assert pinyin_slug("全省工業強省推進大會") == "quan-sheng-gong-ye-qiang-sheng-tui-jin-da-hui"
    assert pinyin_slug("綠色發展") == "lv-se-fa-zhan"
    assert len(pinyin_slug("很長" * 50)) <= 60


def test_import_seed_reproduces_the_committed_article(tmp_path):
    seed = ROOT / "seeds" / "000_a94368abaf671e96.txt"
    committed = load_article(ROOT / "content" / "articles" / f"{SEED_SLUG}.md")
    path = import_text(seed, tmp_path / "content", committed.title, committed.date.isoformat(), slug=SEED_SLUG)
    imported = load_article(path)
    assert [b.text for b in imported.blocks] == [b.text for b in committed.blocks]
    raw = [line.strip() for line in seed.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(imported.blocks) == len(raw) == 14
    # only half-width punctuation between Han characters changed
    for block, line in zip(imported.blocks, raw):
        assert len(block.text) == len(line)
        assert {(a, b) for a, b in zip(line, block.text) if a != b} <= {(",", "，"), (":", "："), (";", "；")}


def test_import_refuses_to_overwrite(tmp_path):
    source = tmp_path / "a.txt"
    source.write_text("第一段\n\n第二段\n", encoding="utf-8")
    import_text(source, tmp_path / "content", "標題", "2020-01-01", slug="a")
    with pytest.raises(SitegenError, match="already exists"):
        import_text(source, tmp_path / "content", "標題", "2020-01-01", slug="a")
    with pytest.raises(SitegenError, match="not a real date"):
        import_text(source, tmp_path / "content", "標題", "2020-13-01", slug="b")


def test_import_escapes_markdown_syntax(tmp_path):
    source = tmp_path / "a.txt"
    source.write_text("# 不是標題\n1. 不是列表\n*強調*\n", encoding="utf-8")
    article = load_article(import_text(source, tmp_path / "content", "標題", "2020-01-01", slug="a"))
    assert [b.text for b in article.blocks] == ["# 不是標題", "1. 不是列表", "*強調*"]
    assert all(b.kind == "p" for b in article.blocks)
