"""The reading stage: layers, styles, sandhi, overrides, and accuracy on the shared gold."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.errors import SitegenError
from sitegen.readings import (
    LAYERS,
    Reader,
    Reading,
    apply_sandhi,
    format_syllable,
    load_overrides,
    parse_override,
)
from sitegen.script import is_han

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"


def syllables(readings: list[Reading]) -> list[str | None]:
    return [r.syllable for r in readings]


@pytest.fixture(scope="module")
def reader() -> Reader:
    return Reader()


# --- interface ------------------------------------------------------------------------------


def test_one_reading_per_character_and_none_for_non_han(reader):
    text = "重振江西，GDP增长3.5%！"
    readings = reader.read(text)
    assert len(readings) == len(text)
    for char, reading in zip(text, readings):
        assert (reading.syllable is None) == (not is_han(char))
        assert (reading.layer == "") == (not is_han(char))
        if reading.layer:
            assert reading.layer in LAYERS


def test_either_script_reads_the_same(reader):
    assert syllables(reader.read("重構全球產業鏈")) == syllables(reader.read("重构全球产业链"))


def test_read_many_matches_read(reader):
    texts = ["重大項目", "以項目為王", "", "abc"]
    assert reader.read_many(texts) == [reader.read(t) for t in texts]


def test_alternatives_exclude_the_choice(reader):
    (reading,) = reader.read("重")
    assert reading.syllable not in reading.alternatives
    assert "chóng" in reading.alternatives or reading.syllable == "chóng"
    (reading,) = reader.read("江")
    assert reading.alternatives == ()


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("重为為行长長得地着著了的一不乐樂好中国，。 aZ9《》") + ["\n"]), max_size=40))
def test_property_one_reading_per_character(text):
    readings = Reader().read(text)
    assert len(readings) == len(text)
    for char, reading in zip(text, readings):
        assert (reading.syllable is None) == (not is_han(char))
        if reading.syllable:
            assert reading.syllable not in reading.alternatives


# --- overrides ------------------------------------------------------------------------------


def test_parse_override_accepts_marks_and_numbers():
    assert parse_override("重振", "chóng zhèn") == ["chóng", "zhèn"]
    assert parse_override("重振", "chong2 zhen4") == ["chóng", "zhèn"]
    assert parse_override("綠", "lv4") == ["lǜ"]
    assert parse_override("的", ["de5"]) == ["de"]


@pytest.mark.parametrize(
    "word, value, message",
    [
        ("重振", "chóng", r"2 character\(s\) but 1 syllable"),
        ("重振", "chóng zhèn zhèn", "3 syllable"),
        ("重振", "chóng zhxn", "not a pinyin syllable"),
        ("ab", "a b", "only Chinese characters"),
        ("重", 5, "must be a string"),
    ],
)
def test_parse_override_errors(word, value, message):
    with pytest.raises(ValueError, match=message):
        parse_override(word, value)


def test_load_overrides_names_file_and_line(tmp_path):
    path = tmp_path / "pinyin-overrides.txt"
    path.write_text("# curator pins\n重振\tchóng zhèn\n\n為王 wei2 wang2  # comment\n", encoding="utf-8")
    assert load_overrides(path) == {"重振": ["chóng", "zhèn"], "為王": ["wéi", "wáng"]}
    path.write_text("重振 chóng zhèn\n重構 chóng\n", encoding="utf-8")
    with pytest.raises(SitegenError) as info:
        load_overrides(path)
    assert info.value.line == 2 and str(path) in str(info.value)
    path.write_text("重振 chóng zhèn\n\n重構 chóng gou9\n", encoding="utf-8")
    with pytest.raises(SitegenError) as info:
        load_overrides(path)
    assert info.value.line == 3


def test_shipped_overrides_file_is_valid():
    load_overrides(ROOT / "sitegen" / "data" / "pinyin-overrides.txt")


def test_override_layer_beats_everything(reader):
    readings = Reader({"重大": ["chóng", "dà"]}).read("重大項目")
    assert syllables(readings)[:2] == ["chóng", "dà"] and readings[0].layer == "override"
    # per-article overrides beat site overrides, in either script
    readings = Reader({"重大": ["chóng", "dà"]}).read("重大項目", overrides={"重大": ["zhòng", "dà"]})
    assert readings[0].syllable == "zhòng" and readings[0].layer == "override"
    readings = reader.read("重大項目", overrides={"项目": ["xiàng", "mu"]})
    assert syllables(readings) == ["zhòng", "dà", "xiàng", "mu"]


def test_glossary_pins(reader):
    readings = reader.read("他說重慶很好", pinned=[(2, ["chóng", "qìng"])])
    assert syllables(readings)[2:4] == ["chóng", "qìng"]
    assert {r.layer for r in readings[2:4]} == {"glossary"}
    # an override still wins over a glossary pin
    readings = reader.read("重慶", overrides={"重慶": ["zhòng", "qìng"]}, pinned=[(0, ["chóng", "qìng"])])
    assert readings[0].syllable == "zhòng" and readings[0].layer == "override"


def test_phrase_layer(reader):
    readings = reader.read("銀行")
    assert syllables(readings) == ["yín", "háng"] and readings[1].layer == "phrase"


# --- styles ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "syllable, numbers, zhuyin",
    [
        ("zhòng", "zhong4", "ㄓㄨㄥˋ"),
        ("lǜ", "lü4", "ㄌㄩˋ"),
        ("de", "de5", "˙ㄉㄜ"),
        ("yī", "yi1", "ㄧ"),
        ("shéi", "shei2", "ㄕㄟˊ"),
        ("nǚ", "nü3", "ㄋㄩˇ"),
        ("xué", "xue2", "ㄒㄩㄝˊ"),
        ("zhī", "zhi1", "ㄓ"),
        ("sì", "si4", "ㄙˋ"),
        ("ér", "er2", "ㄦˊ"),
        ("jiǒng", "jiong3", "ㄐㄩㄥˇ"),
        ("wēn", "wen1", "ㄨㄣ"),
    ],
)
def test_format_styles(syllable, numbers, zhuyin):
    assert format_syllable(syllable, "marks") == syllable
    assert format_syllable(syllable, "numbers") == numbers
    assert format_syllable(syllable, "zhuyin") == zhuyin


def test_format_unknown_style():
    with pytest.raises(ValueError):
        format_syllable("zhòng", "ipa")


# --- sandhi ---------------------------------------------------------------------------------


def _sandhi(text: str, syls: str, words: list[tuple[int, int]]) -> list[str | None]:
    return apply_sandhi(syls.split(), words, text=text)


def test_sandhi_yi_bu():
    assert _sandhi("一个", "yī gè", [(0, 2)]) == ["yí", "gè"]
    assert _sandhi("一天", "yī tiān", [(0, 2)]) == ["yì", "tiān"]
    assert _sandhi("不要", "bù yào", [(0, 2)]) == ["bú", "yào"]
    assert _sandhi("不行", "bù xíng", [(0, 2)]) == ["bù", "xíng"]
    # 一 as a number keeps yī
    assert _sandhi("第一次", "dì yī cì", [(0, 2), (2, 3)]) == ["dì", "yī", "cì"]
    assert _sandhi("统一", "tǒng yī", [(0, 2)]) == ["tǒng", "yī"]
    assert _sandhi("十一月", "shí yī yuè", [(0, 3)]) == ["shí", "yī", "yuè"]
    assert _sandhi("统一战线", "tǒng yī zhàn xiàn", [(0, 2), (2, 4)]) == ["tǒng", "yī", "zhàn", "xiàn"]


def test_sandhi_third_tone_runs_inside_words_only():
    assert _sandhi("你好", "nǐ hǎo", [(0, 2)]) == ["ní", "hǎo"]
    assert _sandhi("展览馆", "zhǎn lǎn guǎn", [(0, 3)]) == ["zhán", "lán", "guǎn"]
    assert _sandhi("买 好", "mǎi x hǎo".replace("x", "x"), [(0, 1), (1, 2), (2, 3)]) == ["mǎi", "x", "hǎo"]
    assert _sandhi("老马", "lǎo mǎ", [(0, 1), (1, 2)]) == ["lǎo", "mǎ"]


def test_sandhi_leaves_none_and_needs_text():
    assert apply_sandhi(["bù", None, "yào"], [(0, 1), (1, 2), (2, 3)], text="不，要") == ["bù", None, "yào"]
    with pytest.raises(ValueError):
        apply_sandhi(["bù", "yào"], [(0, 2)])


def test_reader_spoken(reader):
    assert reader.spoken("我不要一個") == ["wǒ", "bú", "yào", "yí", "gè"]


def test_citation_tones_by_default(reader):
    assert syllables(reader.read("不要一個")) == ["bù", "yào", "yī", "gè"]
    assert syllables(reader.read("身子")) == ["shēn", "zi"]
    assert syllables(reader.read("我們的")) == ["wǒ", "men", "de"]


# --- accuracy on the shared gold --------------------------------------------------------------


def _benchmark():
    spec = importlib.util.spec_from_file_location("pinyin_accuracy", ROOT / "benchmarks" / "pinyin_accuracy.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


needs_eval = pytest.mark.skipif(not (EVAL / "seed-pinyin.tsv").exists(), reason="../shared/eval not beside the project")


@needs_eval
def test_seed_gold_every_character(reader):
    correct, total, errors = _benchmark().seed_accuracy(reader)
    assert total > 300
    assert errors == []


@needs_eval
def test_cpp_dev_at_floor():
    correct, total, seconds, errors = _benchmark().cpp_accuracy(Reader())
    assert total > 9000
    assert correct / total >= 0.975, f"CPP dev {correct / total:.4f}"
