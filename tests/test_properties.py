"""Property tests of the text pipeline: what a reader sees is the source, converted, whatever the text."""

from hypothesis import HealthCheck, given, settings, strategies as st

from sitegen.annotate import Annotator
from sitegen.glossary import Glossary
from sitegen.model import Block, Run
from sitegen.readings import Reader
from sitegen.markup import tokens_html
from sitegen.script import default_fixes, is_han, to_hans, to_hant

from .htmltext import visible_text

# Characters whose forms differ between the scripts, or depend on the word around them.
TRICKY = list("发髮發干乾幹后後里裡裏面麵台臺檯回迴松鬆并並于於系係繫只隻着著了重长行为為強强制製杰傑")
COMMON = list("的是在中国國家人民工业業发展展開，。、；：“”「」（）！？ 　abcXYZ019-+<>&\"'")
texts = st.text(
    alphabet=st.one_of(
        st.sampled_from(TRICKY + COMMON),
        st.characters(blacklist_categories=("Cs",), max_codepoint=0x2FFFF),
    ),
    max_size=60,
)

def in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


annotator = Annotator(Glossary(entries={}), Reader(), default_fixes())


def annotate(text: str):
    tokens, _ = annotator.annotate_texts([Block("p", [Run(text)], 1)], {})
    return tokens[0]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.sampled_from(["hant", "hans"]))
def test_visible_text_is_the_source_in_each_script(text, source):
    tokens = annotate(text)
    html = tokens_html(tokens, source)
    assert visible_text(html, "hant") == to_hant(text)
    assert visible_text(html, "hans") == to_hans(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_tokens_cover_the_text_with_one_reading_per_han_character(text):
    tokens = annotate(text)
    assert "".join(t.text for t in tokens) == text
    assert "".join(t.hant for t in tokens) == to_hant(text)
    assert "".join(t.hans for t in tokens) == to_hans(text)
    for token in tokens:
        assert len(token.pinyin) == len(token.text)
        for char, syllable in zip(token.text, token.pinyin):
            if not is_han(char):
                assert syllable is None, (char, syllable)
            elif in_gb2312(char):  # common characters always have a reading; rare ones may not
                assert syllable, char
    html = tokens_html(tokens, "hant")
    assert html.count("<rt") == sum(1 for t in tokens for p in t.pinyin if p)
