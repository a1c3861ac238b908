"""Glossary terms on the seed page: a real control that opens its explanation in place."""

from __future__ import annotations

import pytest

from ..conftest import SEED_SLUG
from .conftest import VISIBLE_TEXT_JS

pytestmark = pytest.mark.browser
ARTICLE = f"/articles/{SEED_SLUG}/"
TERM = "a.term[data-term='四最']"


def test_term_is_announced_as_a_popup_button(page, server):
    page.goto(server + ARTICLE)
    term = page.locator(TERM).first
    assert term.get_attribute("role") == "button"
    assert term.get_attribute("aria-haspopup") == "dialog"
    assert term.get_attribute("aria-expanded") == "false"
    assert page.locator(".text a.term").count() >= 27


def test_click_opens_escape_closes_and_focus_returns(page, server):
    page.goto(server + ARTICLE)
    term = page.locator(TERM).first
    term.click()
    popup = page.locator("#term-popup")
    assert popup.is_visible()
    assert popup.get_attribute("role") == "dialog"
    assert "四最" in popup.get_attribute("aria-label")
    text = popup.evaluate(VISIBLE_TEXT_JS)
    for part in ["four bests", "投資環境最優", "成本最低", "服務最好", "辦事最快", "glossary"]:
        assert part in text
    assert term.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.id") == "term-popup"
    page.keyboard.press("Escape")
    assert not popup.is_visible()
    assert page.evaluate("document.activeElement.getAttribute('data-term')") == "四最"


@pytest.mark.parametrize("key", ["Enter", " "])
def test_keyboard_opens(page, server, key):
    page.goto(server + ARTICLE)
    page.locator(TERM).first.focus()
    page.keyboard.press(key)
    assert page.locator("#term-popup").is_visible()


def test_outside_click_closes(page, server):
    page.goto(server + ARTICLE)
    page.locator(TERM).first.click()
    page.mouse.click(5, 300)
    assert not page.locator("#term-popup").is_visible()


def test_popup_follows_the_script_switch(page, server):
    page.goto(server + ARTICLE)
    page.click("[data-set-script=hans]")
    page.locator(TERM).first.click()
    visible = page.locator("#term-popup .card-expands").evaluate(VISIBLE_TEXT_JS)
    assert "投资环境最优" in visible and "投資" not in visible


def test_popup_stays_inside_a_phone_viewport(browser, server):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(server + ARTICLE)
    terms = page.locator(".text a.term")
    for index in [0, terms.count() // 2, terms.count() - 1]:
        term = terms.nth(index)
        term.scroll_into_view_if_needed()
        term.tap()
        box = page.locator("#term-popup").bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375
        page.keyboard.press("Escape")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


def test_without_javascript_a_term_links_to_its_entry(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + ARTICLE)
    page.locator(TERM).first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/glossary/#term-%E5%9B%9B%E6%9C%80") or page.url.endswith("/glossary/#term-四最")
    assert page.locator("#term-四最").is_visible()
    context.close()


def test_glossary_concordance_links_to_the_paragraph(page, server):
    page.goto(server + "/glossary/")
    link = page.locator("#term-四最 .concordance a").first
    href = link.get_attribute("href")
    assert href.startswith(f"/articles/{SEED_SLUG}/#p")
    link.click()
    page.wait_for_load_state()
    anchor = href.split("#")[1]
    assert "四最" in page.locator(f"#{anchor}").evaluate(VISIBLE_TEXT_JS)
