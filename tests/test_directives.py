"""Directive extraction: the seed's gold in both scripts, the rules one by one, and properties."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sitegen.directives import find_directives, language, normalise
from sitegen.script import to_hans, to_hant

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEED = SEEDS / "000_a94368abaf671e96.txt"
GOLD = EVAL / "seed-directives.tsv"


def _importer_form(text: str) -> str:
    """What the importer makes of a seed: half-width commas between Han characters become ，."""
    return re.sub(r"(?<=[\u3400-\u9fff]),(?=[\u3400-\u9fff“”])|(?<=[“”]),(?=[\u3400-\u9fff])", "，", text)


def _gold() -> list[tuple[str, str, str]]:
    rows = []
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, substring, speaker = line.split("\t")
            rows.append((kind, substring, speaker))
    return rows


def _check_gold(paragraphs: list[str], convert) -> list[str]:
    found = find_directives(paragraphs)
    failures = []
    for kind, substring, speaker in _gold():
        substring = convert(substring)
        hits = [d for d in found if substring in d.text]
        if kind == "must":
            if len(hits) != 1:
                failures.append(f"must {substring}: in {len(hits)} directives")
            elif to_hans(hits[0].speaker or "-") != to_hans(speaker):
                failures.append(f"must {substring}: speaker {hits[0].speaker}, expected {speaker}")
        elif hits:
            failures.append(f"not {substring}: listed as {hits[0].text[:30]}")
    return failures


needs_seed = pytest.mark.skipif(not (GOLD.exists() and SEED.exists()), reason="../shared/eval not present")


@needs_seed
def test_seed_gold_traditional():
    paragraphs = _importer_form(SEED.read_text(encoding="utf-8")).splitlines()
    assert _check_gold(paragraphs, lambda s: s) == []


@needs_seed
def test_seed_gold_simplified():
    paragraphs = [to_hans(p) for p in _importer_form(SEED.read_text(encoding="utf-8")).splitlines()]
    assert _check_gold(paragraphs, to_hans) == []


@needs_seed
def test_seed_gold_with_half_width_commas():
    # before import the seed has "," between Han characters; the rules read both forms
    assert _check_gold(SEED.read_text(encoding="utf-8").splitlines(), lambda s: s) == []


def texts(paragraphs, **kw):
    return [(d.block, d.text, d.speaker) for d in find_directives(paragraphs, **kw)]


# Sentences and list items


def test_sentences_are_units_and_headline_is_first_clause():
    [d] = find_directives(["会议在南昌举行。他说，各地要狠抓落实，务求实效。这是一次重要的会议！"])
    assert d.text == "各地要狠抓落实，务求实效。"
    assert d.headline == "各地要狠抓落实"


def test_list_item_is_one_unit_without_its_marker():
    item = "——要抓住科技创新“强引擎”，增强核心竞争力。强化企业主体地位，各地要因地制宜。"
    [d] = find_directives(["王强强调，", item])
    assert d.text == item[2:] and d.headline == "要抓住科技创新“强引擎”"
    assert d.speaker == "王强"


def test_numbered_items_inside_a_paragraph():
    paragraph = "李明指出，要做好三方面工作：一是要加强领导；二是要深化改革；三是要优化服务。"
    assert [t for _, t, _ in texts([paragraph])] == ["要做好三方面工作", "要加强领导", "要深化改革", "要优化服务。"]


def test_item_without_instruction_falls_back_to_sentences():
    paragraph = "——经济实力显著增强。全省生产总值增长8%。各地要巩固成果。"
    assert [t for _, t, _ in texts([paragraph])] == ["各地要巩固成果。"]


def test_modal_series_in_one_sentence_gives_one_directive_per_clause():
    paragraph = "他强调，要在对标一流中找准差距；要在狠抓项目中扩大总量，再上新水平；要在苦练内功中强化支撑。"
    assert [t for _, t, _ in texts(["省长张华出席并讲话。", paragraph])] == [
        "要在对标一流中找准差距",
        "要在狠抓项目中扩大总量，再上新水平",
        "要在苦练内功中强化支撑。",
    ]


def test_one_modal_with_semicolons_stays_one_sentence():
    paragraph = "要大力促进信息化与工业化深度融合；培育新模式；推动军民深度融合。"
    assert [t for _, t, _ in texts([paragraph])] == [paragraph]


def test_heading_with_jianchi_and_assessment_with_jianchi():
    assert texts(["（二）坚持创新驱动发展"]) == [(0, "坚持创新驱动发展", None)]
    assert texts(["坚持党的领导是我们的根本优势。"]) == []


# What is not a directive


@pytest.mark.parametrize(
    "sentence",
    [
        "这是一次十分重要的会议。",
        "按照中央的要求，我省完成了主要任务。",
        "只要跨过了这一关，迎来的将是一片坦途。",
        "会议听取了关于要素保障的汇报。",
        "会议纪要已印发各地。",
        "省委副书记、代省长易炼红主持，省领导出席。",
        "会议期间，与会人员分组考察了重点园区。",
        "这项工作是必须的。",
        "人民群众要的是实实在在的获得感。",
    ],
)
def test_not_directives(sentence):
    assert texts([sentence]) == []
    assert texts([to_hant(sentence)]) == []


def test_modal_before_a_word_with_yao_still_counts():
    assert texts(["要要素保障到位。"]) == [(0, "要要素保障到位。", None)]
    assert texts(["要不断深化改革。"]) == [(0, "要不断深化改革。", None)]


# Speakers


def test_title_stripped_and_carried_across_paragraphs():
    paragraphs = ["省委书记刘洋出席并讲话。", "他强调，全省上下要深入学习。", "——要加快发展。", "要抓好落实。"]
    assert [s for _, _, s in texts(paragraphs)] == ["刘洋", "刘洋", "刘洋"]


def test_titles_before_and_after_the_name():
    assert texts(["中共中央政治局委员、省委书记赵军在会上强调，要狠抓落实。"])[0][2] == "赵军"
    assert texts(["习近平总书记强调，必须坚持人民至上。"])[0][2] == "习近平"
    assert texts(["省委副书记、代省长易炼红在主持时指出，要在狠抓项目中扩大总量。"])[0][2] == "易炼红"


@pytest.mark.parametrize(
    "paragraph, speaker",
    [
        ("刘奇8月28日在赣州强调，要加快发展。", "刘奇"),  # date and place between name and verb
        ("会上，刘奇强调，要加快发展。", "刘奇"),  # a scene-setting first clause
        ("国务院总理李强作出批示指出，要压实责任。", "李强"),  # chained verbs
        ("王在明表示，要深化改革。", "王在明"),  # 在 inside a name
        ("刘奇同志在讲话中说，要深化改革。", "刘奇"),
        ("省委书记、省人大常委会主任刘奇强调，要深化改革。", "刘奇"),
        ("《纲要》提出，要深化改革。", None),  # a document, not a person
        ("有关负责人表示，要深化改革。", None),  # an unnamed person
    ],
)
def test_speaker_phrases(paragraph, speaker):
    [(_, text, who)] = texts([paragraph])
    assert (text.startswith("要"), who) == (True, speaker)
    [(_, _, who)] = texts([to_hant(paragraph)])
    assert who == (to_hant(speaker) if speaker else None)


def test_pronoun_goes_back_to_last_named_speaker():
    paragraphs = ["市长陈平主持会议。", "市委书记周明出席并讲话。", "她说，要把群众放在心上。"]
    assert texts(paragraphs)[0][2] == "周明"


def test_someone_else_speaking_ends_the_turn():
    paragraphs = ["孙刚指出，要深化改革。", "会议要求，各地切实抓好落实。", "要加强督查。"]
    assert [s for _, _, s in texts(paragraphs)] == ["孙刚", None, None]


def test_commanding_verb_makes_a_directive():
    assert texts(["会议要求，各地切实抓好落实。"]) == [(0, "各地切实抓好落实。", None)]


def test_nested_report_is_the_quoted_speakers_own():
    paragraph = "刘奇指出，习近平总书记强调，要坚定不移走高质量发展之路。要抓好落实。"
    assert [s for _, _, s in texts([paragraph])] == ["习近平", "刘奇"]


def test_quote_then_speaker():
    assert texts(["“我们一定要把这件事办好。”王晓东说。"])[0][2] == "王晓东"


def test_front_matter_speaker_helps():
    # an unusual surname, no title: known only from front matter
    assert texts(["卞和指出，要深化改革。"], speakers=["卞和"])[0][2] == "卞和"
    # a transcript with no attributions belongs to its sole speaker
    assert texts(["同志们：我们要久久为功。"], speakers=["卞和"])[0][2] == "卞和"


def test_speaker_as_written_in_traditional():
    paragraphs = [to_hant("省委书记刘洋出席并讲话。"), to_hant("刘洋强调，要加快发展。")]
    assert texts(paragraphs) == [(1, "要加快發展。", "劉洋")]


# Author marks


def test_marks():
    paragraph = "工业必须当先锋。培育一流企业，集聚一流产业。"
    not_one = {0: [(2, 4, False)]}
    assert texts([paragraph], marks=not_one) == []
    start = paragraph.index("培育")
    is_one = {0: [(start, len(paragraph), True)]}
    assert [t for _, t, _ in texts([paragraph], marks=is_one)] == ["工业必须当先锋。", "培育一流企业，集聚一流产业。"]


def test_mark_inside_a_sentence_cuts_it():
    paragraph = "我们看到，培育一流企业，集聚一流产业。"
    a = paragraph.index("培育")
    [d] = find_directives([paragraph], marks={0: [(a, a + 6, True)]})
    assert (d.start, d.end, d.text) == (a, a + 6, "培育一流企业")


# Data and properties


def test_data_file_loads_once():
    assert language() is language()
    assert "要" in language().modals and "重要" in [w for w, _ in language().exclusions["要"]]


def test_normalise_keeps_length_and_numbers():
    text = "劉奇指出,工業化是1,000年的事;他說:要加快!"
    assert len(normalise(text)) == len(text)
    assert normalise(text) == "刘奇指出，工业化是1,000年的事；他说：要加快！"


ALPHABET = st.sampled_from(list("要必须他说强调指出，。；：——一是（二）刘奇书记省长重主素在时坚持 \n“”,:\ud800")) | st.characters()
MARKS = st.lists(st.tuples(st.integers(-3, 70), st.integers(-3, 70), st.booleans()), max_size=3)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET, max_size=60), max_size=4), MARKS)
@example(["："], [(0, 1, True)])  # a marked span of punctuation only
def test_spans_are_consistent(paragraphs, marks):
    for d in find_directives(paragraphs, speakers=["刘奇"], marks={0: marks, 1: marks}):
        text = paragraphs[d.block]
        assert 0 <= d.start < d.end <= len(text)
        assert d.text == text[d.start : d.end]
        assert d.text.startswith(d.headline)
