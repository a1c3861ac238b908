"""Text markup: annotated tokens → HTML (ruby, both scripts, terms, directives).

This is the hot path of rendering and pure formatting, so it is Python, not Jinja. Each Han
character gets one <ruby> with one <rt>; where the two scripts differ the base holds both forms
and CSS shows the reader's choice.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import Markup, escape

from .model import Token
from .script import detect_script, is_han, to_hans, to_hant

LANG = {"hant": "zh-Hant", "hans": "zh-Hans"}
PINYIN_LANG = "zh-Latn-pinyin"
MARK_TAGS = {"strong": "strong", "em": "em", "code": "code"}
SAFE_LINK = ("http:", "https:", "mailto:", "/", "#")

@lru_cache(maxsize=1 << 16)  # a site has a few thousand distinct characters and readings
def char_html(hant: str, hans: str, syllable: str | None, source: str) -> str:
    """One character: ruby with its reading; both script forms where they differ."""
    if hant == hans:
        base = str(escape(hant))
    else:
        own, other = ("hant", "hans") if source == "hant" else ("hans", "hant")
        forms = {"hant": hant, "hans": hans}
        base = (
            f'<span class="{own}">{escape(forms[own])}</span>'
            f'<span class="{other} alt" lang="{LANG[other]}">{escape(forms[other])}</span>'
        )
    if syllable is None:
        return base
    return f'<ruby>{base}<rp>(</rp><rt lang="{PINYIN_LANG}">{escape(syllable)}</rt><rp>)</rp></ruby>'


@lru_cache(maxsize=1 << 16)  # words repeat: most of a page is words met before
def word_html(hant: str, hans: str, pinyin: tuple[str | None, ...], source: str) -> str:
    """A word's characters, each with its ruby (``char_html``)."""
    return "".join(char_html(a, b, p, source) for a, b, p in zip(hant, hans, pinyin))


def tokens_html(tokens: list[Token], source: str, term_url=None, directives: list[dict] | None = None) -> Markup:
    """Markup for a run of tokens, with formatting, links, glossary terms and directives.

    `directives[n]` gives the anchor and speaker markup for tokens with `directive == n`.
    """
    out: list[str] = []
    open_key = None
    open_directive = None
    for token in tokens:
        key = (token.marks, token.href, token.term)
        directive = token.directive if directives is not None else None
        if directive != open_directive or key != open_key:
            if open_key is not None:
                out.append(_close(open_key, term_url))
            if directive != open_directive:
                if open_directive is not None:
                    out.append("</span>")
                if directive is not None:
                    d = directives[directive]
                    out.append(f'<span class="directive" id="{d["anchor"]}">{d["marker_html"]}')
                open_directive = directive
            out.append(_open(key, term_url))
            open_key = key
        pinyin = token.pinyin if type(token.pinyin) is tuple else tuple(token.pinyin)
        out.append(word_html(token.hant, token.hans, pinyin, source))
    if open_key is not None:
        out.append(_close(open_key, term_url))
    if open_directive is not None:
        out.append("</span>")
    return Markup("".join(out))


def _open(key, term_url) -> str:
    marks, href, term = key
    parts = [f"<{MARK_TAGS[m]}>" for m in marks if m in MARK_TAGS]
    if href is not None:
        parts.append(f'<a href="{escape(href)}">')
    elif term is not None and term_url is not None:
        parts.append(f'<a class="term" href="{escape(term_url(term))}" data-term="{escape(term)}">')
    return "".join(parts)


def _close(key, term_url) -> str:
    marks, href, term = key
    parts = []
    if href is not None or (term is not None and term_url is not None):  # as _open opened it
        parts.append("</a>")
    parts.extend(f"</{MARK_TAGS[m]}>" for m in reversed(marks) if m in MARK_TAGS)
    return "".join(parts)


def script_html(hant: str, hans: str, source: str) -> str:
    """Text in both scripts without pinyin (snippets, notes, lists): one form where the scripts
    agree, else both whole (smaller than doubling character by character)."""
    if hant == hans:
        return str(escape(hant))
    own, other = ("hant", "hans") if source == "hant" else ("hans", "hant")
    forms = {"hant": hant, "hans": hans}
    return (f'<span class="{own}">{escape(forms[own])}</span>'
            f'<span class="{other} alt" lang="{LANG[other]}">{escape(forms[other])}</span>')


CJK_RUN = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff01-\uff5e\U00020000-\U0003134f“”]+")


def mixed_text_html(text: str) -> str:
    """English with Chinese in it (glossary notes): the Chinese switches script with the page."""
    out, last = [], 0
    for m in CJK_RUN.finditer(text):
        run = m.group()
        out.append(str(escape(text[last : m.start()])))
        if any(is_han(c) for c in run):
            source = detect_script(run)
            out.append(f'<span class="zh" lang="{LANG[source]}">{script_html(to_hant(run), to_hans(run), source)}</span>')
        else:
            out.append(str(escape(run)))
        last = m.end()
    out.append(str(escape(text[last:])))
    return "".join(out)


def note_html(note: str | None, glossary, own_key: str, term_url) -> Markup:
    """A glossary note (inline Markdown, raw HTML off), other entries' terms linked."""
    from markdown_it import MarkdownIt

    from .glossary import find_terms

    if not note:
        return Markup("")
    tokens = MarkdownIt("commonmark", {"html": False}).parseInline(note.strip())[0].children or []
    out, in_link = [], False
    for token in tokens:
        if token.type == "text":
            text, last = token.content, 0
            for m in ([] if in_link else find_terms(glossary, text)):
                if m.key == own_key:
                    continue
                out.append(mixed_text_html(text[last : m.start]))
                out.append(f'<a href="{escape(term_url(m.key))}">{mixed_text_html(text[m.start : m.end])}</a>')
                last = m.end
            out.append(mixed_text_html(text[last:]))
        elif token.type == "link_open":
            href = token.attrs.get("href", "")
            in_link = True
            out.append(f'<a href="{escape(href)}">' if str(href).lower().startswith(SAFE_LINK) else "<a>")
        elif token.type == "link_close":
            in_link = False
            out.append("</a>")
        elif token.type in ("strong_open", "strong_close", "em_open", "em_close"):
            out.append(f"<{'/' if token.type.endswith('close') else ''}{token.tag}>")
        elif token.type == "code_inline":
            out.append(f"<code>{escape(token.content)}</code>")
        elif token.type == "softbreak":
            out.append(" ")
    return Markup("".join(out))
