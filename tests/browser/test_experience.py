"""The reading experience in headless Chromium: tone colours, text size, keyboard, dark mode, print,
ruby layout, copy, popups on a phone, screenshots (test-artifacts/) and page weight."""

from __future__ import annotations

import importlib.util
import re

import pytest

from sitegen.content import load_article
from sitegen.script import to_hans, to_hant

from ..conftest import ROOT, SEED_SLUG

pytestmark = pytest.mark.browser
ARTICLE = f"/articles/{SEED_SLUG}/"
ARTIFACTS = ROOT / "test-artifacts"
PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}
# The palette of style.css, as computed colours.
LIGHT_TONES = {"1": "rgb(194, 78, 0)", "2": "rgb(0, 121, 92)", "3": "rgb(26, 79, 160)", "4": "rgb(162, 58, 140)"}
DARK_TONES = {"1": "rgb(255, 176, 102)", "2": "rgb(60, 201, 154)", "3": "rgb(79, 147, 255)", "4": "rgb(240, 138, 214)"}


@pytest.fixture(scope="module")
def source_paragraphs():
    return [b.text for b in load_article(ROOT / "content" / "articles" / f"{SEED_SLUG}.md").blocks]


@pytest.fixture
def context_of(browser):
    """New browser contexts with options; closed, and checked for JavaScript errors, at the end."""
    made = []

    def make(**options):
        context = browser.new_context(**options)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        made.append((context, errors))
        return page

    yield make
    for context, errors in made:
        context.close()
        assert errors == [], f"JavaScript errors: {errors}"


def colour(page, selector, prop="color"):
    return page.locator(selector).first.evaluate(f"(e) => getComputedStyle(e).{prop}")


def tone_colours(page, scope="#p1"):
    """{tone: set of computed colours of its rubies} and the colours of their <rt>s, in `scope`."""
    return page.locator(scope).evaluate(
        """(el) => {
            const out = {};
            for (const ruby of el.querySelectorAll("ruby")) {
                const tone = ruby.getAttribute("data-tone") || "none";
                const rt = ruby.querySelector("rt");
                (out[tone] = out[tone] || new Set()).add(getComputedStyle(ruby).color + "|" + getComputedStyle(rt).color);
            }
            return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, [...v]]));
        }"""
    )


# ---- tone colours

def test_tone_colours_colour_each_tone_and_are_remembered(page, server):
    page.goto(server + ARTICLE)
    toggle = page.locator("[data-toggle-tones]")
    assert toggle.get_attribute("aria-pressed") == "false"
    assert page.locator("ruby[data-tone]").count() == 0  # nothing is done (or shipped) until asked for
    text_colour = colour(page, "#p1")
    assert colour(page, "#p1 ruby") == text_colour
    height = page.locator("#p1").bounding_box()["height"]

    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    assert page.locator("#p1 ruby").first.get_attribute("data-tone") == "4"  # 月 yuè
    colours = tone_colours(page)
    for tone, expected in LIGHT_TONES.items():
        assert colours[tone] == [f"{expected}|{expected}"], tone  # the character and its pinyin
    assert colours["5"] == [f"{text_colour}|{text_colour}"]  # the neutral tone is left uncoloured
    assert page.locator("#p1").bounding_box()["height"] == height  # no layout jump

    page.reload()
    assert page.get_attribute("html", "data-tones") == "on"
    assert page.locator("[data-toggle-tones]").get_attribute("aria-pressed") == "true"
    assert colour(page, "#p1 ruby") == LIGHT_TONES["4"]
    page.click("nav a[href='/glossary/']")
    page.wait_for_load_state()
    assert page.get_attribute("html", "data-tones") == "on"
    assert page.locator("[data-toggle-tones]").get_attribute("aria-pressed") == "true"
    assert page.locator(".entry ruby[data-tone]").count() > 0

    page.click("[data-toggle-tones]")
    page.goto(server + ARTICLE)
    assert page.get_attribute("html", "data-tones") == "off"
    assert colour(page, "#p1 ruby") == text_colour


def test_tones_come_from_the_syllable_in_every_pinyin_style(page, server):
    page.goto(server + ARTICLE)
    page.select_option("[data-set-style]", "numbers")
    page.click("[data-toggle-tones]")
    pairs = page.locator(".text").evaluate(
        "(el) => [...el.querySelectorAll('ruby')].map((r) => [r.getAttribute('data-tone'), r.querySelector('rt').textContent])"
    )
    assert len(pairs) > 1000
    for tone, numbered in pairs:
        assert numbered[-1] == tone, numbered
    assert {tone for tone, _ in pairs} == {"1", "2", "3", "4", "5"}
    page.select_option("[data-set-style]", "zhuyin")
    assert page.locator("#p1 ruby").first.get_attribute("data-tone") == "4"


def test_tone_colours_in_popups(page, server):
    page.goto(server + ARTICLE)
    page.click("[data-toggle-tones]")
    page.locator(".text a.term").first.click()
    assert page.locator("#term-popup ruby[data-tone]").count() > 0
    tone = page.locator("#term-popup ruby[data-tone='1'], #term-popup ruby[data-tone='2'], "
                        "#term-popup ruby[data-tone='3'], #term-popup ruby[data-tone='4']").first
    assert tone.evaluate("(e) => getComputedStyle(e).color") in LIGHT_TONES.values()


# ---- text size

def font_px(page, selector="#p1"):
    return float(colour(page, selector, "fontSize").removesuffix("px"))


def test_text_size_scales_the_reading_text_and_is_remembered(page, server):
    page.goto(server + ARTICLE)
    smaller, larger = page.locator("[data-size-step='-1']"), page.locator("[data-size-step='1']")
    base = font_px(page)
    body = font_px(page, ".meta")
    larger.click()
    assert font_px(page) == pytest.approx(base * 1.15, rel=0.01)
    assert font_px(page, "h1.zh") > 1.6 * 16
    assert font_px(page, ".meta") == body  # only the reading text grows
    for _ in range(2):
        larger.click()
    assert larger.get_attribute("aria-disabled") == "true" and smaller.get_attribute("aria-disabled") == "false"
    larger.click(force=True)  # still focusable at the end of the scale, and does nothing there
    assert font_px(page) == pytest.approx(base * 1.5, rel=0.01)

    page.reload()
    assert font_px(page) == pytest.approx(base * 1.5, rel=0.01)
    page.click("nav a[href='/']")
    page.wait_for_load_state()
    assert page.get_attribute("html", "data-size") == "xxl"
    assert page.locator("[data-size-step='1']").get_attribute("aria-disabled") == "true"

    page.goto(server + ARTICLE)
    for _ in range(4):
        page.click("[data-size-step='-1']")
    assert font_px(page) == pytest.approx(base * 0.85, rel=0.01)
    assert page.locator("[data-size-step='-1']").get_attribute("aria-disabled") == "true"


def test_controls_work_from_the_keyboard(page, server):
    page.goto(server + ARTICLE)
    page.focus("[data-toggle-tones]")
    page.keyboard.press("Space")
    assert page.get_attribute("html", "data-tones") == "on"
    page.keyboard.press("Enter")
    assert page.get_attribute("html", "data-tones") == "off"
    page.focus("[data-size-step='1']")
    page.keyboard.press("Enter")
    assert page.get_attribute("html", "data-size") == "l"
    page.focus("[data-toggle-pinyin]")
    page.keyboard.press("Space")
    assert page.get_attribute("html", "data-pinyin") == "off"
    page.focus("[data-set-script=hans]")
    page.keyboard.press("Enter")
    assert page.get_attribute("html", "data-script") == "hans"
    page.focus("[data-set-style]")
    page.keyboard.press("ArrowDown")
    assert page.locator("#p1 rt").first.text_content() == "yue4"


def test_controls_are_labelled(page, server):
    page.goto(server + ARTICLE)
    names = page.locator(".controls").evaluate(
        """(bar) => [...bar.querySelectorAll("button, select")].map((c) => {
            const label = c.labels && c.labels.length ? c.labels[0].textContent : "";
            return (c.getAttribute("aria-label") || label || c.textContent).trim();
        })"""
    )
    assert len(names) == 7 and all(names), names
    assert page.locator(".controls [role=group]").count() == 2


# ---- keyboard

def test_tab_reaches_every_control_then_every_term_in_order_with_visible_focus(page, server):
    page.goto(server + ARTICLE)
    controls = page.locator(".controls button, .controls select").count()
    terms = page.locator(".text a.term").count()
    page.evaluate(
        """() => {
            document.querySelectorAll(".controls button, .controls select").forEach((c, i) => c.dataset.ctl = i);
            document.querySelectorAll(".text a.term").forEach((t, i) => t.dataset.termIndex = i);
        }"""
    )
    seen, problems = [], []
    for _ in range(controls + terms + 200):
        page.keyboard.press("Tab")
        info = page.evaluate(
            """() => {
                const e = document.activeElement;
                if (!e || e === document.body) return null;
                const s = getComputedStyle(e), r = e.getClientRects()[0] || e.getBoundingClientRect();  // a term may wrap
                return {ctl: e.dataset.ctl ?? null, html: e.outerHTML.slice(0, 80), top: r.top, term: e.dataset.termIndex ?? null, tag: e.tagName,
                        outline: s.outlineStyle, width: parseFloat(s.outlineWidth),
                        inView: e.contains(document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2))};
            }"""
        )
        if info is None:
            break
        seen.append(info)
        if info["outline"] == "none" or info["width"] < 2 or not info["inView"]:
            problems.append(info)
        if info["term"] is not None and int(info["term"]) == terms - 1:
            break
    control_order = [int(i["ctl"]) for i in seen if i["ctl"] is not None]
    term_order = [int(i["term"]) for i in seen if i["term"] is not None]
    assert control_order == list(range(controls))
    assert term_order == list(range(terms))
    first_term = next(n for n, i in enumerate(seen) if i["term"] is not None)
    last_control = max(n for n, i in enumerate(seen) if i["ctl"] is not None)
    assert last_control < first_term
    assert problems == [], "focus not visible on: " + str(problems[:5])


def test_focus_is_visible_on_every_control(page, server):
    page.goto(server + ARTICLE)
    for control in page.locator(".controls button, .controls select").all():
        control.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # focused from the keyboard, so :focus-visible applies
        style = control.evaluate("(e) => [getComputedStyle(e).outlineStyle, getComputedStyle(e).outlineWidth]")
        assert style[0] != "none" and float(style[1].removesuffix("px")) >= 2


# ---- themes and print

def test_dark_mode_follows_the_system(context_of, server):
    light = context_of(color_scheme="light")
    dark = context_of(color_scheme="dark")
    for page in (light, dark):
        page.goto(server + ARTICLE)
        page.click("[data-toggle-tones]")
    light_bg, dark_bg = colour(light, "body", "backgroundColor"), colour(dark, "body", "backgroundColor")
    assert light_bg != dark_bg
    luminance = lambda rgb: sum(int(v) for v in re.findall(r"\d+", rgb)[:3])  # noqa: E731
    assert luminance(dark_bg) < 150 < luminance(light_bg)
    assert luminance(colour(dark, "#p1")) > 500
    assert tone_colours(dark)["1"] == [f"{DARK_TONES['1']}|{DARK_TONES['1']}"]
    assert colour(dark, "#p1 ruby") == DARK_TONES["4"]


@pytest.mark.parametrize("pinyin", ["on", "off"])
def test_print_hides_the_controls_and_prints_pinyin_as_shown(page, server, pinyin):
    page.goto(server + ARTICLE)
    if pinyin == "off":
        page.click("[data-toggle-pinyin]")
    page.emulate_media(media="print", color_scheme="dark")
    assert not page.locator(".controls").is_visible()
    assert not page.locator(".skip").is_visible()
    assert page.locator("#p1").is_visible()
    assert page.locator("#p1 rt").first.is_visible() == (pinyin == "on")
    assert colour(page, "body", "backgroundColor") == "rgb(255, 255, 255)"
    assert colour(page, "#p1") == "rgb(0, 0, 0)"
    pdf = page.pdf(format="A4")
    assert pdf[:4] == b"%PDF"


# ---- ruby layout

RUBY_LAYOUT_JS = """
(els) => {
  const problems = [], bases = [], rts = [];
  for (const el of els) for (const ruby of el.querySelectorAll("ruby")) {
    const rt = ruby.querySelector("rt");
    // The base: the characters shown (the other script's form is display: none).
    const boxes = [];
    for (const node of ruby.childNodes) {
      if (node.nodeName === "RT" || node.nodeName === "RP") continue;
      const range = document.createRange();
      range.selectNodeContents(node.nodeType === 3 ? node : node.firstChild || node);
      if (node.nodeType === 3) range.selectNode(node);
      boxes.push(...[...range.getClientRects()].filter((r) => r.width > 0));
    }
    const t = rt.getBoundingClientRect();
    if (!boxes.length) { problems.push("no base: " + ruby.textContent); continue; }
    const b = [new DOMRect(Math.min(...boxes.map((r) => r.left)), Math.min(...boxes.map((r) => r.top)),
                           Math.max(...boxes.map((r) => r.right)) - Math.min(...boxes.map((r) => r.left)),
                           Math.max(...boxes.map((r) => r.bottom)) - Math.min(...boxes.map((r) => r.top)))];
    const centre = (r) => r.left + r.width / 2;
    if (Math.abs(centre(b[0]) - centre(t)) > 1.5) problems.push("off centre: " + ruby.textContent);
    // Ink, not font boxes: a Han character is 1em square in the middle of its content area; the
    // reading's letters and tone marks keep inside the middle 80% of its box.
    const size = parseFloat(getComputedStyle(ruby).fontSize), pad = (b[0].height - size) / 2;
    const base = {left: b[0].left, right: b[0].right, top: b[0].top + pad, bottom: b[0].bottom - pad, ruby};
    const reading = {left: t.left, right: t.right, top: t.top + 0.1 * t.height, bottom: t.bottom - 0.1 * t.height, ruby};
    if (reading.bottom > base.top + 0.5) problems.push("reading on its character: " + ruby.textContent);
    bases.push(base); rts.push(reading);
  }
  // No reading touches a character of another ruby (the line above, or its neighbours).
  for (const t of rts) for (const b of bases) {
    if (b.ruby === t.ruby) continue;
    const overlap = Math.min(t.right, b.right) - Math.max(t.left, b.left) > 0.5 &&
                    Math.min(t.bottom, b.bottom) - Math.max(t.top, b.top) > 0.5;
    if (overlap) { problems.push("collision: " + t.ruby.textContent + " with " + b.ruby.textContent); break; }
  }
  return {problems: problems.slice(0, 10), count: rts.length,
          maxRight: Math.max(...rts.map((r) => r.right), ...bases.map((r) => r.right))};
}
"""


@pytest.mark.parametrize("width,size", [(1280, "m"), (375, "m"), (375, "xxl"), (1280, "s")])
def test_ruby_is_centred_and_lines_never_collide(context_of, server, width, size):
    options = PHONE if width == 375 else {"viewport": {"width": width, "height": 900}}
    page = context_of(**options)
    page.goto(server + ARTICLE)
    page.evaluate(f"localStorage.setItem('sitegen.size', '{size}')")
    page.reload()
    page.evaluate("document.fonts.ready")
    for style in ["marks", "zhuyin"]:
        page.select_option("[data-set-style]", style)
        result = page.locator("#p1, #p2, #p3, h1.zh").evaluate_all(RUBY_LAYOUT_JS)
        assert result["count"] > 200
        assert result["problems"] == [], (style, result["problems"])
        assert result["maxRight"] <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_phone_at_the_largest_size_with_every_option_has_no_horizontal_scroll(context_of, server):
    page = context_of(**PHONE)
    page.goto(server + ARTICLE)
    page.evaluate("""() => { localStorage.setItem('sitegen.size', 'xxl'); localStorage.setItem('sitegen.tones', 'on');
                             localStorage.setItem('sitegen.style', 'zhuyin'); }""")
    for path in [ARTICLE, "/", "/glossary/", "/directives/"]:
        page.goto(server + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
    page.goto(server + ARTICLE)
    bar = page.locator(".controls").bounding_box()
    assert bar["x"] >= 0 and bar["x"] + bar["width"] <= 375
    assert bar["height"] < 120  # the reader bar wraps to at most two rows of controls


# ---- copy, as the clipboard gets it

@pytest.mark.parametrize("script", ["hant", "hans"])
def test_copying_a_paragraph_puts_characters_only_on_the_clipboard(context_of, server, source_paragraphs, script):
    page = context_of(permissions=["clipboard-read", "clipboard-write"])
    page.goto(server + ARTICLE)
    page.click(f"[data-set-script={script}]")
    page.select_option("[data-set-style]", "numbers")
    page.click("[data-toggle-tones]")
    page.evaluate(
        """() => {
            const range = document.createRange();
            range.selectNodeContents(document.getElementById("p2"));
            getSelection().removeAllRanges();
            getSelection().addRange(range);
        }"""
    )
    page.keyboard.press("Control+C")
    copied = page.evaluate("navigator.clipboard.readText()")
    expected = (to_hans if script == "hans" else to_hant)(source_paragraphs[1])
    assert copied == expected
    assert not re.search(r"[A-Za-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüㄅ-ㄩ]", copied)  # no pinyin in any style


# ---- glossary popups on a phone

def test_popup_by_tap_closes_by_outside_tap_and_fits_a_phone(context_of, server):
    page = context_of(**PHONE)
    page.goto(server + ARTICLE)
    page.evaluate("localStorage.setItem('sitegen.size', 'xxl')")
    page.reload()
    popup = page.locator("#term-popup")
    terms = page.locator(".text a.term")
    for index in [0, terms.count() - 1]:
        term = terms.nth(index)
        term.scroll_into_view_if_needed()
        term.tap()
        assert popup.is_visible()
        box = popup.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375
        assert box["width"] >= 200
        page.touchscreen.tap(370, 5)  # outside the card
        assert not popup.is_visible()
        assert term.get_attribute("aria-expanded") == "false"
    terms.first.focus()
    page.keyboard.press("Enter")
    assert popup.is_visible()
    page.keyboard.press("Escape")
    assert not popup.is_visible()


# ---- screenshots, for people and for the README

@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [375, 1280])
def test_screenshots_of_the_seed_page(context_of, server, width, scheme):
    options = PHONE if width == 375 else {"viewport": {"width": width, "height": 800}}
    page = context_of(color_scheme=scheme, **options)
    page.goto(server + ARTICLE)
    page.evaluate("document.fonts.ready")
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"seed-{width}-{scheme}.png"
    page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000
    page.click("[data-toggle-tones]")
    toned = ARTIFACTS / f"seed-{width}-{scheme}-tones.png"
    page.screenshot(path=str(toned))
    assert toned.stat().st_size > 10_000


# ---- page weight (size, not time)

def test_seed_page_with_its_css_and_js_stays_under_40_kb_gzipped(seed_site):
    spec = importlib.util.spec_from_file_location("page_weight", ROOT / "benchmarks" / "page_weight.py")
    page_weight = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(page_weight)
    result = page_weight.measure(seed_site)
    names = [name for name, *_ in result["files"]]
    assert any(n.endswith(".css") for n in names) and any(n.endswith("reader.js") for n in names)
    assert result["total"] <= page_weight.BUDGET, result
