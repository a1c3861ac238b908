"""The annotate stage end to end: reading layers from the site's data, sandhi option, terms."""

import json

from sitegen.cli import main


def annotate(scratch, capsys, path):
    assert main(["annotate", str(path), "--source", str(scratch.root)]) == 0
    return json.loads(capsys.readouterr().out)


def pinyin_of(data, word):
    for paragraph in data["paragraphs"]:
        text = "".join(t["text"] for t in paragraph)
        at = text.find(word)
        if at >= 0:
            syllables = [p for t in paragraph for p in t["pinyin"]]
            return syllables[at : at + len(word)]
    raise AssertionError(word)


def test_overrides_beat_glossary_beat_dictionary(scratch, capsys):
    scratch.write("content/glossary.yaml", "行長:\n  gloss: bank president\n  pinyin: háng zhǎng\n")
    scratch.write("content/pinyin-overrides.txt", "重慶\tchóng qìng\n")
    path = scratch.article("a", "行長說重慶的銀行很多。長江很長。", extra="pinyin:\n  銀行: yín háng\n")
    data = annotate(scratch, capsys, path)
    assert pinyin_of(data, "行長") == ["háng", "zhǎng"]  # the glossary's own pinyin
    assert pinyin_of(data, "重慶") == ["chóng", "qìng"]  # the site's overrides file
    assert pinyin_of(data, "銀行") == ["yín", "háng"]  # the article's front matter
    assert pinyin_of(data, "長江") == ["cháng", "jiāng"]
    terms = [t["term"] for p in data["paragraphs"] for t in p if t["term"]]
    assert terms == ["行長"]


def test_citation_tones_by_default_sandhi_when_asked(scratch, capsys):
    path = scratch.article("a", "一定不要這樣。")
    assert pinyin_of(annotate(scratch, capsys, path), "一定不要") == ["yī", "dìng", "bù", "yào"]
    scratch.write("sitegen.toml", "tone_sandhi = true\n")
    assert pinyin_of(annotate(scratch, capsys, path), "一定不要") == ["yí", "dìng", "bú", "yào"]
