"""Segmentation keeps protected spans (glossary terms) whole."""

from hypothesis import given, strategies as st

from sitegen.words import segment


def test_protected_span_is_one_word():
    text = "推进工业强省战略"
    words = [text[a:b] for a, b in segment(text, [(2, 6)])]
    assert "工业强省" in words


def test_spans_cover_text():
    text = "全省上下要深入学习，abc 123。"
    spans = segment(text)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))


@given(st.text(alphabet="中国工业强省发展的了，。ab 1", max_size=40), st.data())
def test_segment_covers_text_and_keeps_protected(text, data):
    protected = []
    if len(text) >= 2:
        start = data.draw(st.integers(0, len(text) - 2))
        end = data.draw(st.integers(start + 1, len(text)))
        protected = [(start, end)]
    spans = segment(text, protected)
    assert "".join(text[a:b] for a, b in spans) == text
    assert all(a < b for a, b in spans)
    for p in protected:
        assert p in spans
