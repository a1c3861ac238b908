"""The seed page in a real browser: script and pinyin switches, memory, no-JS, copy, phone width."""

from __future__ import annotations

import pytest

from sitegen.content import load_article
from sitegen.script import to_hans, to_hant

from ..conftest import ROOT, SEED_SLUG
from .conftest import VISIBLE_TEXT_JS

pytestmark = pytest.mark.browser
ARTICLE = f"/articles/{SEED_SLUG}/"


@pytest.fixture(scope="module")
def source_paragraphs():
    return [b.text for b in load_article(ROOT / "content" / "articles" / f"{SEED_SLUG}.md").blocks]


def visible(page, selector):
    return page.locator(selector).evaluate(VISIBLE_TEXT_JS)


def test_script_switch_shows_each_script_and_is_remembered(page, server, source_paragraphs):
    page.goto(server + ARTICLE)
    first = source_paragraphs[0]
    assert visible(page, "#p1") == to_hant(first)  # the article's own script by default
    assert page.get_attribute("#p1", "lang") is None and page.locator(".text").get_attribute("lang") == "zh-Hant"

    page.click("[data-set-script=hans]")
    assert visible(page, "#p1") == to_hans(first)
    assert page.get_attribute("[data-set-script=hans]", "aria-pressed") == "true"
    assert page.locator(".text").get_attribute("lang") == "zh-Hans"

    page.reload()
    assert visible(page, "#p1") == to_hans(first)
    page.click("nav a[href='/']")
    page.wait_for_load_state()
    assert page.get_attribute("html", "data-script") == "hans"

    page.goto(server + ARTICLE)
    page.click("[data-set-script=hant]")
    assert visible(page, "#p1") == to_hant(first)
    for n, text in enumerate(source_paragraphs, 1):
        assert visible(page, f"#p{n}") == to_hant(text)


def test_pinyin_switch_hides_and_shows_ruby_and_is_remembered(page, server):
    page.goto(server + ARTICLE)
    rt = page.locator("#p1 rt").first
    assert rt.is_visible()
    height = page.locator("#p1").bounding_box()["height"]
    page.click("[data-toggle-pinyin]")
    assert not rt.is_visible()
    assert page.get_attribute("[data-toggle-pinyin]", "aria-pressed") == "false"
    assert page.locator("#p1").bounding_box()["height"] == height  # no layout jump
    page.reload()
    assert not page.locator("#p1 rt").first.is_visible()
    page.click("[data-toggle-pinyin]")
    assert page.locator("#p1 rt").first.is_visible()


def test_pinyin_style_switch(page, server):
    page.goto(server + ARTICLE)
    first = page.locator("#p1 rt").nth(0)  # 月 yuè (8月)
    marks = first.text_content()
    page.select_option("[data-set-style]", "numbers")
    assert first.text_content() == "yue4" and marks == "yuè"
    page.select_option("[data-set-style]", "zhuyin")
    assert first.text_content() == "ㄩㄝˋ"
    page.reload()
    assert page.locator("#p1 rt").nth(0).text_content() == "ㄩㄝˋ"
    page.select_option("[data-set-style]", "marks")
    assert page.locator("#p1 rt").nth(0).text_content() == "yuè"


def test_one_rt_per_han_character_in_the_browser(page, server, source_paragraphs):
    from sitegen.script import is_han

    page.goto(server + ARTICLE)
    count = page.locator(".text rt").count()
    assert count == sum(1 for text in source_paragraphs for c in text if is_han(c))


def test_without_javascript_the_source_script_shows_with_pinyin(browser, server, source_paragraphs):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + ARTICLE)
    assert visible(page, "#p2") == to_hant(source_paragraphs[1])
    assert page.locator("#p2 rt").first.is_visible()
    assert not page.locator(".controls").is_visible()  # switches need JS; they are not shown dead
    context.close()


def test_nothing_is_loaded_from_another_origin(page, server):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(server + ARTICLE)
    page.wait_for_load_state("networkidle")
    assert requests and all(url.startswith(server) for url in requests)


def test_copy_gives_characters_only(page, server, source_paragraphs):
    page.goto(server + ARTICLE)
    copied = page.evaluate(
        """() => {
            const range = document.createRange();
            range.selectNodeContents(document.getElementById("p2"));
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            const data = new DataTransfer();
            document.getElementById("p2").dispatchEvent(new ClipboardEvent("copy", {clipboardData: data, bubbles: true}));
            return data.getData("text/plain");
        }"""
    )
    assert copied == to_hant(source_paragraphs[1])
    assert page.evaluate("getComputedStyle(document.querySelector('rt')).userSelect") == "none"


def test_phone_width_has_no_horizontal_scroll(browser, server):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(server + ARTICLE)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.tap("[data-set-script=hans]")
    assert page.get_attribute("html", "data-script") == "hans"
    context.close()
