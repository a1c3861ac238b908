"""The page's pinyin styles agree with the reading stage's own formatting of every syllable."""

from __future__ import annotations

import pytest

from sitegen.readings import format_syllable

from ..conftest import SEED_SLUG

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("style", ["numbers", "zhuyin"])
def test_every_rt_in_each_style_matches_format_syllable(page, server, style):
    page.goto(server + f"/articles/{SEED_SLUG}/")
    page.select_option("[data-set-style]", style)
    pairs = page.evaluate("[...document.querySelectorAll('.text rt')].map(rt => [rt.dataset.p, rt.textContent])")
    assert len(pairs) > 1500
    wrong = {(p, shown) for p, shown in pairs if format_syllable(p, style) != shown}
    assert wrong == set()


def test_all_syllables_agree(page, server):
    """Every toned syllable pypinyin knows, not just the seed's, through the page's converter."""
    from pypinyin.constants import PINYIN_DICT

    syllables = sorted({s for value in PINYIN_DICT.values() for s in value.split(",")})
    page.goto(server + f"/articles/{SEED_SLUG}/")
    page.select_option("[data-set-style]", "marks")
    results = page.evaluate(
        """(syllables) => {
            const rt = document.querySelector('.text rt');
            const select = document.querySelector('[data-set-style]');
            const out = {};
            for (const style of ['numbers', 'zhuyin']) {
              out[style] = syllables.map(s => {
                rt.setAttribute('data-p', s);
                select.value = style; select.dispatchEvent(new Event('change'));
                return rt.textContent;
              });
            }
            return out;
        }""",
        syllables,
    )
    for style, shown in results.items():
        wrong = [(s, x, format_syllable(s, style)) for s, x in zip(syllables, shown) if format_syllable(s, style) != x]
        assert wrong == [], style
