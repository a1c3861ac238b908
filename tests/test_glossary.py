from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.errors import SitegenError
from sitegen.glossary import (
    Entry,
    Glossary,
    TermMatch,
    find_terms,
    link_note_terms,
    load_glossary,
    normalize,
    unglossed,
)
from sitegen.script import is_han, to_hans, to_hant

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "content" / "glossary.yaml"
SEED = Path("/work/shared/seeds/000_a94368abaf671e96.txt")

QUOTED_SEED_TERMS = (
    "強引擎 主方向 新路徑 大平臺 聚寶盆 創新第一口活水 軍轉民 民參軍 畝產論英雄 低產田 高產田 放管服 "
    "互聯網+政務服務 降成本、優環境 四最 專精特新 獨角獸 瞪羚 主力軍 硬脊梁 主陣地 軟支撐 項目為王 "
    "推陳出新 新中求進 無中生有 集結號"
).split()


@pytest.fixture(scope="module")
def real():
    return load_glossary(GLOSSARY)


def small(**terms) -> Glossary:
    """A glossary from term → list of aliases."""
    return Glossary({k: Entry(k, f"gloss of {k}", aliases=list(v)) for k, v in terms.items()})


def write(tmp_path, text: str, name="glossary.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_line(path: Path) -> int | None:
    with pytest.raises(SitegenError) as info:
        load_glossary(path)
    assert info.value.path == str(path)
    return info.value.line


# --- the real glossary ---------------------------------------------------------------------------


def test_every_quoted_seed_term_has_an_entry(real):
    assert len(QUOTED_SEED_TERMS) == 27
    for term in QUOTED_SEED_TERMS:
        assert real.lookup(term) is not None, term


def test_real_glossary_shape(real):
    assert 45 <= len(real.entries) <= 80
    for entry in real.entries.values():
        assert entry.gloss and entry.line > 0
        for key in entry.see:
            assert key in real.entries and key != entry.key


def test_numbered_formulas_list_what_they_count(real):
    formulas = {"四最", "三篇文章", "三級跳", "放管服", "專精特新", "產學研用", "三產", "十九大"}
    # Any key the curation rule sees as a numbered formula counts too.
    formulas |= {k for k in real.entries if [(0, len(k), k)] == unglossed(Glossary(), k)}
    for key in formulas:
        assert real.entries[key].expands, key
    assert real.entries["四最"].expands == ["投資環境最優", "成本最低", "服務最好", "辦事最快"]
    assert real.entries["三篇文章"].expands == ["推陳出新", "新中求進", "無中生有"]
    assert real.entries["放管服"].expands == ["簡政放權", "放管結合", "優化服務"]


def test_pinyin_matches_han_count(real):
    for entry in real.entries.values():
        if entry.pinyin is not None:
            assert len(entry.pinyin) == sum(map(is_han, entry.key))
    assert real.entries["項目為王"].pinyin == ["xiàng", "mù", "wéi", "wáng"]


@pytest.mark.skipif(not SEED.exists(), reason="seed article not available")
def test_seed_has_no_unglossed_terms(real):
    text = SEED.read_text(encoding="utf-8")
    assert unglossed(real, text) == []
    assert unglossed(Glossary(), text)  # but without the glossary there is plenty to report
    for form in (text, to_hans(text)):  # and every quoted term is found, in both scripts
        keys = {m.key for m in find_terms(real, form)}
        assert set(QUOTED_SEED_TERMS) <= keys


@pytest.mark.skipif(not SEED.exists(), reason="seed article not available")
def test_unglossed_on_the_seed_without_glossary():
    found = {phrase for _, _, phrase in unglossed(Glossary(), SEED.read_text(encoding="utf-8"))}
    assert set(QUOTED_SEED_TERMS) <= found
    assert {"十九大", "三產", "三級跳", "四最", "三篇文章"} <= found
    # Ordinary counting and words are left alone.
    assert not found & {"一個", "一批", "一流", "一片", "十四屆", "六次", "三大", "一把手"}
    assert all(not p.startswith("第") for p in found)


def test_notes_link_other_entries(real):
    links = link_note_terms(real, real.entries["三篇文章"])
    assert [m.key for m in links] == ["推陳出新", "新中求進", "無中生有"]
    note = real.entries["三篇文章"].note
    assert [note[m.start : m.end] for m in links] == ["推陳出新", "新中求進", "無中生有"]
    for entry in real.entries.values():
        assert all(m.key != entry.key for m in link_note_terms(real, entry))


# --- loading and schema errors ---------------------------------------------------------------------


def test_load_full_entry(tmp_path):
    path = write(
        tmp_path,
        "四最:\n"
        "  gloss: the four bests\n"
        "  note: See *this*.\n"
        "  expands: [投資環境最優, 成本最低, 服務最好, 辦事最快]\n"
        "  aliases: 四個最\n"
        "  pinyin: sì zuì\n"
        "  see: [营商环境]\n"
        "  source: somewhere\n"
        "營商環境:\n"
        "  gloss: business environment\n",
    )
    g = load_glossary(path)
    assert list(g.entries) == ["四最", "營商環境"]
    e = g.entries["四最"]
    assert (e.gloss, e.note, e.source, e.line) == ("the four bests", "See *this*.", "somewhere", 1)
    assert e.expands[1] == "成本最低" and e.aliases == ["四個最"] and e.pinyin == ["sì", "zuì"]
    assert e.see == ["營商環境"]  # a see in the other script resolves to the key as written
    assert g.entries["營商環境"].line == 9


def test_missing_and_empty_files(tmp_path):
    assert load_glossary(tmp_path / "nope.yaml").entries == {}
    assert load_glossary(write(tmp_path, "# nothing yet\n")).entries == {}


def test_bom_is_accepted(tmp_path):
    path = tmp_path / "g.yaml"
    path.write_bytes("\ufeff瞪羚:\n  gloss: gazelle\n".encode("utf-8"))
    assert load_glossary(path).entries["瞪羚"].gloss == "gazelle"


@pytest.mark.parametrize(
    "text, line",
    [
        ("a:\n  gloss: x\nb:\n  note: no gloss\n", 3),  # missing gloss: the key's line
        ("a:\n  gloss: x\nb:\n  gloss: [not, text]\n", 4),  # wrong type
        ("a:\n  gloss: x\n  see: [a, b]\n", 3),  # see → unknown key
        ("a:\n  gloss: x\n  see:\n    - zzz\n", 4),  # …on its own line
        ("a:\n  gloss: x\nb:\n  gloss: y\na:\n  gloss: z\n", 5),  # duplicate key
        ("強引擎:\n  gloss: x\n\n强引擎:\n  gloss: y\n", 4),  # same term in the other script
        ("a:\n  gloss: x\nb:\n  gloss: y\n  aliases: [a]\n", 3),  # alias clashes with a term
        ("四最:\n  gloss: x\n  pinyin: sì\n", 3),  # pinyin count ≠ Han characters
        ("四最:\n  gloss: x\n  pinyin: [sì, zui4]\n", 3),  # not a tone-marked syllable
        ("a:\n  gloss: x\n  expands: {b: c}\n", 3),  # list field given a mapping
        ("a:\n  gloss: x\nb: just a string\n", 3),  # entry not a mapping
        ("a:\n  gloss: 12\n", 2),  # a number is not text
        ("a:\n  gloss: x\n  gloss: y\n", 3),  # field twice
        ("a:\n  gloss: x\nb:\n  gloss: [unclosed\n", 5),  # YAML syntax error
        ("- a\n- b\n", 1),  # not a mapping at all
    ],
)
def test_schema_errors_name_file_and_line(tmp_path, text, line):
    assert error_line(write(tmp_path, text)) == line


def test_error_message_is_readable(tmp_path):
    path = write(tmp_path, "a:\n  gloss: x\n  see: [nowhere]\n")
    with pytest.raises(SitegenError) as info:
        load_glossary(path)
    assert str(info.value).startswith(f"{path}:3: ") and "nowhere" in str(info.value)


def test_not_utf8(tmp_path):
    path = tmp_path / "g.yaml"
    path.write_bytes("瞪羚:\n  gloss: x\n".encode("big5"))
    with pytest.raises(SitegenError):
        load_glossary(path)


# --- matching ------------------------------------------------------------------------------------


def test_match_in_both_scripts():
    g = small(專精特新=[], 聚寶盆=[])
    for text in ("培育專精特新企業，建好聚寶盆", "培育专精特新企业，建好聚宝盆"):
        assert find_terms(g, text) == [TermMatch(2, 6, "專精特新"), TermMatch(11, 14, "聚寶盆")]
    assert g.match("聚宝盆") == [TermMatch(0, 3, "聚寶盆")]


def test_simplified_keys_match_traditional_text():
    g = small(营商环境=[])
    assert find_terms(g, "優化營商環境") == [TermMatch(2, 6, "营商环境")]


def test_longest_match_wins():
    g = small(十九大=[], 黨的十九大=[], 新時代=[], 習近平新時代中國特色社會主義思想=[])
    text = "學習習近平新時代中國特色社會主義思想和黨的十九大精神，新時代"
    assert [(m.key, text[m.start : m.end]) for m in find_terms(g, text)] == [
        ("習近平新時代中國特色社會主義思想", "習近平新時代中國特色社會主義思想"),
        ("黨的十九大", "黨的十九大"),
        ("新時代", "新時代"),
    ]


def test_aliases_report_the_key():
    g = small(獨角獸=["獨角獸企業"], 經開區=["經濟技術開發區"])
    assert find_terms(g, "独角兽企业在经济技术开发区") == [TermMatch(0, 5, "獨角獸"), TermMatch(6, 13, "經開區")]


def test_punctuation_in_terms():
    g = small(**{"互聯網+政務服務": [], "降成本、優環境": []})
    assert find_terms(g, "提升“互联网＋政务服务”")[0] == TermMatch(3, 11, "互聯網+政務服務")
    assert find_terms(g, "推進降成本、優環境行動") == [TermMatch(2, 9, "降成本、優環境")]
    assert find_terms(g, "降成本，優環境") == []


def test_no_match_and_empty():
    assert find_terms(small(瞪羚=[]), "") == []
    assert find_terms(Glossary(), "瞪羚") == []
    assert find_terms(small(瞪羚=[]), "羚羊") == []


def test_index_follows_edits():
    g = small(瞪羚=[])
    assert len(find_terms(g, "瞪羚和獨角獸")) == 1
    g.entries["獨角獸"] = Entry("獨角獸", "unicorn")
    assert len(find_terms(g, "瞪羚和獨角獸")) == 2


def test_normalize_keeps_length():
    text = "互聯網＋政務服務，ＡＢＣ「畝產論英雄」"
    assert len(normalize(text)) == len(text)
    assert normalize(text).startswith("互联网+政务服务")


# --- curation -------------------------------------------------------------------------------------


def test_unglossed_quoted_terms():
    g = small(放管服=[])
    text = "深化“放管服”改革，提升「互聯網+政務服務」，打造『四最』環境"
    assert [p for _, _, p in unglossed(g, text)] == ["互聯網+政務服務", "四最"]
    start, end, phrase = unglossed(g, text)[0]
    assert text[start:end] == phrase


def test_quoted_sentences_are_not_terms():
    text = "他說：“我們要繼續努力，把工作做好。”又說“好”"
    assert [p for _, _, p in unglossed(Glossary(), text)] == ["好"]
    assert unglossed(Glossary(), "“ABC”") == []


def test_quoted_term_in_other_script_is_glossed():
    assert unglossed(small(獨角獸=[]), "“独角兽”企业") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("做好三篇文章", ["三篇文章"]),
        ("實現三級跳。", ["三級跳"]),
        ("黨的十九大精神", ["十九大"]),
        ("打造四最營商環境", ["四最"]),
        ("三嚴三實和兩學一做", ["三嚴三實", "兩學一做"]),
        ("五位一體總體布局", ["五位一體"]),
        ("三去一降一補", ["三去一降一補"]),
        ("一國兩制", ["一國兩制"]),
        ("解決三農問題", ["三農"]),
        # ordinary numbers, dates, words and idioms
        ("工業化是一個國家的必由之路", []),
        ("培育一批企業，建設一流園區", []),
        ("省委十四屆六次全會", []),
        ("聚焦三大領域", []),
        ("發展第三產業和二三產業", []),
        ("創新第一口活水", []),
        ("每兩年一次，一年兩次", []),
        ("千方百計，四面八方，一心一意", []),
        ("一帶一路", []),
        ("二十大型企業", []),
        ("8月28日至29日", []),
        ("三個方面", []),
    ],
)
def test_numbered_formulas(text, expected):
    assert [p for _, _, p in unglossed(Glossary(), text)] == expected


def test_glossed_formula_is_not_reported():
    g = small(四最=[], 三篇文章=[])
    assert unglossed(g, "四最環境，做好三篇文章") == []


# --- property: matches are ordered, disjoint, and each is a term --------------------------------

TERMS = ["四最", "強引擎", "互聯網+政務服務", "降成本、優環境", "十九大", "黨的十九大", "獨角獸", "瞪羚", "軍轉民"]
ALIASES = {"獨角獸": ["獨角獸企業"], "十九大": ["中共十九大"]}
PROPERTY_GLOSSARY = Glossary({t: Entry(t, "x", aliases=ALIASES.get(t, [])) for t in TERMS})
PIECES = TERMS + ["獨角獸企業", "中共", "黨的", "企業", "，", "强", "引擎", "十九", "大", "民", "军转", "＋", "a"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=20), st.sampled_from(["as-is", "hans", "hant"]))
def test_matches_are_disjoint_ordered_terms(pieces, script):
    text = "".join(pieces)
    text = {"as-is": text, "hans": to_hans(text), "hant": to_hant(text)}[script]
    forms = {}
    for key, entry in PROPERTY_GLOSSARY.entries.items():
        for term in (key, *entry.aliases):
            forms[normalize(term)] = key
    matches = find_terms(PROPERTY_GLOSSARY, text)
    last_end = 0
    for m in matches:
        assert last_end <= m.start < m.end <= len(text)
        assert forms[normalize(text[m.start : m.end])] == m.key
        last_end = m.end
    # Greedy longest: no term starts at a position skipped between matches.
    covered = {i for m in matches for i in range(m.start, m.end)}
    norm = normalize(text)
    for i in range(len(text)):
        if i not in covered:
            assert not any(norm.startswith(f, i) for f in forms)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="一二三四五六七八九十兩第每年次大最篇文章級跳農產國制“”「」，。的企業", max_size=30))
def test_unglossed_spans_are_valid(text):
    spans = unglossed(Glossary(), text)
    assert spans == sorted(spans)
    for start, end, phrase in spans:
        assert 0 <= start < end <= len(text) and text[start:end] == phrase


def test_unknown_field_is_a_warning_with_a_suggestion(tmp_path):
    path = tmp_path / "glossary.yaml"
    path.write_text("a:\n  gloss: x\n  notes: y\n", encoding="utf-8")
    glossary = load_glossary(path)
    assert glossary.entries["a"].gloss == "x"
    assert [(w.line, w.message) for w in glossary.warnings] == [(3, "a: unknown field 'notes' (did you mean 'note'?)")]
