"""Offline search in a real browser, on the seed site: Chinese in either script, pinyin with and
without tones, results in the reader's script, keyboard, the search page, no JS, phone width."""

from __future__ import annotations

import re

import pytest

from ..conftest import SEED_SLUG
from .conftest import VISIBLE_TEXT_JS

pytestmark = pytest.mark.browser
ARTICLE = f"/articles/{SEED_SLUG}/"
BOX = "#search-q"
PANEL = ".search-panel"
RESULTS = ".search-panel .search-results a"


def results(page, selector=RESULTS) -> list[str]:
    """The result links once the results for the query in the box are shown."""
    area = selector.split(" .search-results")[0]
    page.wait_for_function("a => { const e = document.querySelector(a); return e && e.dataset.query === "
                           "document.querySelector('#search-q').value.trim(); }", arg=area)
    return [re.sub(r"^http://[^/]+", "", a.get_attribute("href")) for a in page.locator(selector).all()]


def search(page, query: str) -> list[str]:
    page.fill(BOX, query)
    page.wait_for_selector(PANEL, state="visible")
    return results(page)


@pytest.mark.parametrize("query, anchors", [
    ("放管服", ["p11"]),
    ("營商環境", ["p11", "p13"]),
    ("营商环境", ["p11", "p13"]),
    ("營商环境", ["p11", "p13"]),  # mixed scripts
    ("fangguanfu", ["p11"]),
    ("fàng guǎn fú", ["p11"]),
    ("Fang4 guan3 fu2", ["p11"]),
    ("yingshanghuanjing", ["p11", "p13"]),
])
def test_finds_paragraphs_by_chinese_in_either_script_and_by_pinyin(page, server, query, anchors):
    page.goto(server + "/")
    assert search(page, query) == [f"{ARTICLE}#{a}" for a in anchors]
    expected = "1 result" if len(anchors) == 1 else f"{len(anchors)} results"
    assert page.locator("form.search [role=status]").text_content() == expected
    assert page.locator(".search-panel .search-count").text_content() == expected


def test_syllable_boundaries_are_respected(page, server):
    page.goto(server + "/")
    assert search(page, "fangg uanfu") == []
    assert "No results" in page.locator(".search-panel .search-count").text_content()
    assert search(page, "fangguanf") == [f"{ARTICLE}#p11"]  # the last syllable may be unfinished


def test_index_loads_lazily_and_obeys_the_csp(page, server):
    requests, console = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: console.append(m.text))
    page.goto(server + ARTICLE)
    page.wait_for_load_state("networkidle")
    assert not any(u.endswith("/search.json") for u in requests)
    page.focus(BOX)
    page.wait_for_timeout(300)
    assert [u for u in requests if u.endswith("/search.json")] == [server + "/search.json"]
    assert search(page, "放管服") == [f"{ARTICLE}#p11"]
    assert not [m for m in console if "Content Security Policy" in m or "Refused" in m]


def test_results_follow_the_script_switch(page, server):
    page.goto(server + ARTICLE)
    page.click("[data-set-script=hant]")
    search(page, "营商环境")
    marks = page.locator(".search-panel mark")
    assert marks.all_text_contents() == ["營商環境", "營商環境"]
    assert page.locator(".search-panel .search-snippet").first.get_attribute("lang") == "zh-Hant"
    title = page.locator(".search-panel .search-title").first.text_content()
    assert title == "全省工業強省推進大會在贛州舉行"

    page.click("[data-set-script=hans]")  # closes the panel; the results are redrawn
    page.focus(BOX)
    page.wait_for_selector(PANEL, state="visible")
    assert marks.all_text_contents() == ["营商环境", "营商环境"]
    assert page.locator(".search-panel .search-snippet").first.get_attribute("lang") == "zh-Hans"
    assert page.locator(".search-panel .search-title").first.text_content() == "全省工业强省推进大会在赣州举行"


def test_result_links_to_the_paragraph(page, server):
    page.goto(server + "/")
    search(page, "fangguanfu")
    page.locator(RESULTS).first.click()
    page.wait_for_url(f"**{ARTICLE}#p11")
    assert "放管服" in page.locator("#p11").evaluate(VISIBLE_TEXT_JS)


def test_keyboard_arrows_enter_and_escape(page, server):
    page.goto(server + "/")
    page.focus(BOX)
    page.keyboard.type("营商环境")
    page.wait_for_selector(PANEL, state="visible")
    results(page)
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.getAttribute('href')").endswith("#p11")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.getAttribute('href')").endswith("#p13")
    page.keyboard.press("Escape")
    assert page.locator(PANEL).is_hidden()
    assert page.evaluate("document.activeElement.id") == "search-q"
    page.keyboard.press("Enter")  # submits to the search page
    page.wait_for_url("**/search/?q=*")
    assert results(page, ".search-page .search-results a") == [f"{ARTICLE}#p11", f"{ARTICLE}#p13"]
    assert page.input_value(BOX) == "营商环境"


def test_search_page_reads_the_query_from_the_address(page, server):
    page.goto(server + "/search/?q=fang+guan+fu")
    assert results(page, ".search-page .search-results a") == [f"{ARTICLE}#p11"]
    assert page.locator(".search-page mark").text_content() in ("放管服",)
    page.fill(BOX, "yingshang")
    page.wait_for_function("() => document.querySelectorAll('.search-page .search-results li').length === 2")
    assert page.locator(PANEL).count() == 0  # on the search page the results are the page


def test_without_javascript_the_form_goes_to_the_search_page(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + ARTICLE)
    page.fill(BOX, "放管服")
    page.press(BOX, "Enter")
    page.wait_for_url("**/search/?q=*")
    assert "needs JavaScript" in page.locator("main").inner_text()
    context.close()


def test_phone_width_has_no_horizontal_scroll(browser, server):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(server + ARTICLE)
    box = page.locator(BOX).bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    search(page, "营商环境")
    panel = page.locator(PANEL).bounding_box()
    assert panel["x"] >= 0 and panel["x"] + panel["width"] <= 375
    assert box["y"] + box["height"] <= panel["y"] < 740  # right under the header, on screen
    for link in page.locator(RESULTS).all():
        b = link.bounding_box()
        assert b["x"] >= 0 and b["x"] + b["width"] <= 375
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.goto(server + "/search/?q=yingshanghuanjing")
    results(page, ".search-page .search-results a")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()
