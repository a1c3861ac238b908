"""Load stage: front matter, Markdown blocks, errors with file and line."""

import datetime as dt

import pytest

from sitegen.content import load_article, parse_body
from sitegen.errors import SitegenError, Warning_


def test_article_fields_and_blocks(scratch):
    path = scratch.article(
        "a",
        """
        # 小標題

        第一段**重要**文字，見[網站](https://example.org)。
        第二行接上。

        > 引用一段

        - 甲項
        - 乙項
        """,
        extra="summary: 摘要\nspeakers: [劉奇]\npinyin:\n  重振: chóng zhèn\n",
    )
    article = load_article(path)
    assert article.title == "測試文章" and article.date == dt.date(2020, 1, 2) and article.slug == "a"
    assert article.speakers == ["劉奇"] and article.summary == "摘要"
    assert article.pinyin_overrides == {"重振": ["chóng", "zhèn"]}
    kinds = [(b.kind, b.text) for b in article.blocks]
    assert kinds == [
        ("h", "小標題"),
        ("p", "第一段重要文字，見網站。第二行接上。"),
        ("quote", "引用一段"),
        ("ul", "甲項"),
        ("ul", "乙項"),
    ]
    paragraph = article.blocks[1]
    assert [(r.text, r.marks, r.href) for r in paragraph.runs][1:4] == [
        ("重要", ("strong",), None),
        ("文字，見", (), None),
        ("網站", (), "https://example.org"),
    ]
    # lines are lines of the file: 6 lines of front matter + blank line, heading on line 10
    assert [b.line for b in article.blocks] == [10, 12, 15, 17, 18]


def test_raw_html_is_text():
    blocks = parse_body("<script>alert(1)</script> 文字", 1, None)
    assert blocks[0].text == "<script>alert(1)</script> 文字"


def test_directive_marks_are_stripped_and_recorded():
    blocks = parse_body("他說。{+要做好工作。+}{-要素市場。-}", 1, None)
    assert blocks[0].text == "他說。要做好工作。要素市場。"
    assert blocks[0].marks == [(3, 9, True), (9, 14, False)]


@pytest.mark.parametrize(
    "front,line,message",
    [
        ("title: 標題\n", 1, "needs 'date'"),
        ("title: 標題\ndate: 2020-02-30\n", 3, "not a real date"),
        ("title: [1, 2\ndate: 2020-01-01\n", 3, "invalid YAML"),
        ("title: 標題\ndate: 2020-01-01\ndraft: maybe\n", 4, "true or false"),
        ("title: 標題\ndate: 2020-01-01\nslug: Not A Slug\n", 4, "slug"),
        ("title: 標題\ndate: 2020-01-01\npinyin:\n  重振: chóng\n", 4, "pinyin for 重振"),
    ],
)
def test_front_matter_errors_name_file_and_line(scratch, front, line, message):
    path = scratch.write("content/articles/bad.md", f"---\n{front}---\n\n正文。\n")
    with pytest.raises(SitegenError) as e:
        load_article(path)
    assert e.value.path == str(path)
    assert e.value.line == line
    assert message in e.value.message


def test_unknown_key_warns_with_suggestion(scratch):
    path = scratch.article("a", "正文。", extra="titel: x\n")
    warnings: list[Warning_] = []
    load_article(path, warnings)
    assert len(warnings) == 1 and warnings[0].line == 4 and "did you mean 'title'" in warnings[0].message


def test_unsafe_links_are_refused(scratch):
    # markdown-it never makes javascript: a link; it stays text
    article = load_article(scratch.article("a", "文字[點](javascript:alert(1))"))
    assert all(r.href is None for r in article.blocks[0].runs)
    path = scratch.article("b", "文字\n\n[點](ftp://example.org/x)")
    with pytest.raises(SitegenError) as e:
        load_article(path)
    assert e.value.line == 8 and "only http" in e.value.message


def test_not_utf8_and_bom_crlf(scratch):
    path = scratch.root / "content/articles/big5.md"
    path.write_bytes("---\ntitle: 標題\ndate: 2020-01-01\n---\n\n中文\n".encode("big5"))
    with pytest.raises(SitegenError) as e:
        load_article(path)
    assert "not UTF-8" in e.value.message
    path.write_bytes("\ufeff---\r\ntitle: 標題\r\ndate: 2020-01-01\r\n---\r\n\r\n中文\r\n".encode("utf-8"))
    assert load_article(path).blocks[0].text == "中文"


def test_empty_article_is_an_error(scratch):
    path = scratch.article("a", "\n")
    with pytest.raises(SitegenError, match="no text"):
        load_article(path)
