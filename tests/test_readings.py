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
from sitegen.readings_syllables import normalise_syllable
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


def test_taiwan_style_zhe(reader):
    # s2tw writes the particle 着 as 著; t2s keeps it, so the reader must tell 著 zhù from 着
    assert syllables(reader.read("圍繞著目標")) == ["wéi", "rào", "zhe", "mù", "biāo"]
    assert syllables(reader.read("著名的著作"))[0::3] == ["zhù", "zhù"]
    assert reader.read("著力")[0].syllable == "zhuó"


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


_POLYPHONES = list("重为為行长長得地着著了的一不乐樂好中国，。 aZ9《》") + ["\n"]


@settings(max_examples=60, deadline=None)
@given(
    st.text(
        alphabet=st.one_of(
            st.sampled_from(_POLYPHONES),
            st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
            st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF),
            st.characters(),
        ),
        max_size=40,
    )
)
def test_property_one_reading_per_character(text):
    readings = Reader().read(text)
    assert len(readings) == len(text)
    for char, reading in zip(text, readings):
        if not is_han(char):
            assert reading.syllable is None and reading.layer == ""
        else:
            # a Han character always gets a layer; a syllable unless no dictionary knows it at all
            assert reading.layer in LAYERS
        if reading.syllable:
            assert reading.syllable not in reading.alternatives


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from(_POLYPHONES), max_size=20), st.sampled_from(["重振", "為王", "行長", "得了"]))
def test_property_article_overrides_win(prefix, word):
    text = prefix + word
    pinned = ["zhòu"] * len(word)  # a reading no layer would choose
    readings = Reader().read(text, overrides={word: pinned})
    assert [r.syllable for r in readings[len(prefix) :]] == pinned
    assert {r.layer for r in readings[len(prefix) :]} == {"override"}


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


def _layer_of(reader, text, char_index):
    r = reader.read(text)[char_index]
    return r.syllable, r.layer


@pytest.mark.parametrize(
    "text, index, syllable",
    [
        ("以人民為中心", 3, "wéi"),  # 以…为…
        ("以做優做精做特為方向", 7, "wéi"),  # 以…为… beats the dictionary word 特为 (tèwèi)
        ("全心全意為人民服務", 4, "wèi"),  # 为…服务: for
        ("切實為基層減負", 2, "wèi"),  # adverb + 为 + NP + verb: for
        ("也為全省幹部樹立了榜樣", 1, "wèi"),
        ("以優異成績為黨的生日獻禮", 5, "wèi"),
        ("看得見", 1, "de"),  # potential complement
        ("抓得緊", 1, "de"),
        ("他跑得很快", 2, "de"),
        ("積極穩妥地推進改革", 4, "de"),  # adverbial 地
        ("圍繞着目標", 2, "zhe"),  # aspect 着
        ("用不着", 2, "zháo"),
        ("受不了", 2, "liǎo"),
        ("取得了成績", 2, "le"),
        ("干得好", 0, "gàn"),
    ],
)
def test_grammar_layer(reader, text, index, syllable):
    got = reader.read(text)[index]
    assert got.syllable == syllable
    assert got.layer in ("grammar", "phrase")


def test_grammar_layer_is_named(reader):
    assert reader.read("以人民為中心")[3].layer == "grammar"
    assert reader.read("看得見摸得着")[1].layer == "grammar"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("重振江西", "chóng zhèn jiāng xī"),
        ("重大項目", "zhòng dà xiàng mù"),
        ("銀行行長", "yín háng háng zhǎng"),
        ("代省長", "dài shěng zhǎng"),  # a jieba-only word: the dictionary word inside it counts
        ("與會人員", "yù huì rén yuán"),
        ("吃拿卡要", "chī ná qiǎ yào"),
        ("供給側", "gōng jǐ cè"),
        ("協調發展", "xié tiáo fā zhǎn"),
        ("差別化", "chā bié huà"),
        ("應用", "yìng yòng"),
        ("工業強省", "gōng yè qiáng shěng"),
        ("提檔", "tí dàng"),
        ("省委書記", "shěng wěi shū jì"),
        ("扑下身子", "pū xià shēn zi"),
    ],
)
def test_phrase_layer_words(reader, text, expected):
    assert " ".join(syllables(reader.read(text))) == expected


def test_model_layer_decides_what_dictionaries_leave_open(reader):
    # 长 alone: the model reads the context (growth vs length)
    growth = reader.read("經濟長得很快")[1]
    length = reader.read("這條河很長")[4]
    assert growth.layer in ("model", "grammar", "phrase") and length.layer == "model"
    assert length.syllable == "cháng"
    assert length.confidence is not None and 0 < length.confidence <= 1
    assert "zhǎng" in length.alternatives


def test_model_batches_and_caches():
    from sitegen.readings_model import context_model

    model = context_model()
    requests = [("这条河很长", [4]), ("他长大了", [1]), ("这条河很长", [4])]
    first = model.logits(requests)
    assert len(first) == 3 and first[0][0] is first[2][0]  # the same sentence is computed once


def test_default_layer_and_char_defaults(reader):
    r = reader.read("誰")[0]
    assert r.syllable == "shéi" and r.layer == "default"


def test_review_lists_weak_readings(reader):
    text = "這條河很長"
    items = reader.review(text, below=1.1)
    assert any(item.char == "長" and item.layer == "model" and "zhǎng" in item.alternatives for item in items)
    item = next(item for item in items if item.char == "長")
    assert item.override_line.startswith(item.word + "\t")
    assert reader.review("重振江西") == []


def test_reader_is_cheap_and_overrides_are_validated():
    Reader()  # no heavy load on construction
    with pytest.raises(ValueError):
        Reader({"重振": ["chóng"]})
    assert Reader({"重振": ["chong2", "zhen4"]}).read("重振")[0].syllable == "chóng"


@pytest.mark.parametrize("syllable", ["zhòng", "lǜ", "de", "nǚ", "ér", "yī", "shéi", "ê", "n"])
def test_numbers_round_trip(syllable):
    assert normalise_syllable(format_syllable(syllable, "numbers")) == syllable


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


def test_sandhi_numbers_dates_and_enumerations():
    assert _sandhi("一月一日", "yī yuè yī rì", [(0, 2), (2, 4)]) == ["yī", "yuè", "yī", "rì"]
    assert _sandhi("一是加强", "yī shì jiā qiáng", [(0, 1), (1, 2), (2, 4)])[0] == "yī"
    assert _sandhi("一带一路", "yī dài yī lù", [(0, 4)]) == ["yí", "dài", "yí", "lù"]
    assert _sandhi("一起", "yī qǐ", [(0, 2)]) == ["yì", "qǐ"]


def test_sandhi_third_tone_runs_inside_words_only():
    assert _sandhi("你好", "nǐ hǎo", [(0, 2)]) == ["ní", "hǎo"]
    assert _sandhi("展览馆", "zhǎn lǎn guǎn", [(0, 3)]) == ["zhán", "lán", "guǎn"]
    assert _sandhi("买 好", "mǎi x hǎo".replace("x", "x"), [(0, 1), (1, 2), (2, 3)]) == ["mǎi", "x", "hǎo"]
    assert _sandhi("老马", "lǎo mǎ", [(0, 1), (1, 2)]) == ["lǎo", "mǎ"]


def test_sandhi_leaves_none_and_needs_text():
    assert apply_sandhi(["bù", None, "yào"], [(0, 1), (1, 2), (2, 3)], text="不，要") == ["bù", None, "yào"]
    with pytest.raises(ValueError):
        apply_sandhi(["bù", "yào"], [(0, 2)])  # plain strings: 不 or 部?
    assert apply_sandhi(["nǐ", "hǎo"], [(0, 2)]) == ["ní", "hǎo"]  # no 一/不 in sight: fine


def test_sandhi_on_reading_syllables_without_text(reader):
    text = "我不要一個部落，一是"
    readings = reader.read(text)
    spoken = apply_sandhi([r.syllable for r in readings], reader.words(text))
    assert spoken == reader.spoken(text)
    assert spoken[:5] == ["wǒ", "bú", "yào", "yí", "gè"] and spoken[5] == "bù" and spoken[8] == "yī"
    import pickle

    assert pickle.loads(pickle.dumps(readings)) == readings
    assert pickle.loads(pickle.dumps(readings[1].syllable)).char == "不"


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


def test_both_lstm_directions_at_once_equal_each_alone():
    import numpy as np

    from sitegen.readings_model import context_model

    model = context_model()
    rng = np.random.default_rng(7)
    gates = rng.normal(size=(2, 3, 5, 4 * model.hidden)).astype(np.float32)
    together = model._lstm(gates, model.w_hh)
    for d in range(2):
        alone = model._lstm(gates[d : d + 1], model.w_hh[d : d + 1])[0]
        assert np.allclose(together[d], alone, atol=1e-6)


def test_gate_rows_worked_out_when_met_equal_the_whole_table():
    import numpy as np

    from sitegen.readings_model import ContextModel

    model = ContextModel()
    ids = np.array([[[5, 9, 5, 3000, 0]], [[0, 3000, 5, 9, 5]]])
    model._fill_gate_rows(ids)
    whole = model.embeddings @ model.w_ih + model.bias  # [2, vocabulary, 4h]
    for row in (0, 5, 9, 3000):
        assert np.allclose(model.gate_tables[:, row], whole[:, row], atol=1e-5)
    assert not model.gate_tables[:, 7].any()  # not met: not worked out
