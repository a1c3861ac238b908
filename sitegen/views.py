"""Page data: what the templates show, prepared from the annotated site (no markup decisions
left to templates)."""

from __future__ import annotations

import json
import re
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup, escape

from .markup import LANG, mixed_text_html, note_html, script_html, tokens_html
from .model import AnnotatedArticle, AnnotatedBlock, AnnotatedTerm, Token
from .script import detect_script, is_han, to_hans, to_hant

BLOCK_TAGS = {"p": "p", "quote": "blockquote", "ul": "li", "ol": "li", "code": "pre"}


def reading_minutes(chars: int, speed: int) -> int:
    return max(1, math.ceil(chars / speed))


def article_url(base: str, slug: str) -> str:
    return f"{base}articles/{slug}/"



@dataclass
class TermView:
    key: str
    anchor: str  # id on the glossary page
    card: str  # id of its popup card on an article page
    html: Markup  # the term with ruby
    lang: str
    gloss: str
    expands: list[Markup]
    note: Markup
    aliases: Markup
    see: list[tuple[str, str]]  # (key, url)
    source: str | None
    url: str
    occurrences: int  # how many places in the articles use it
    places_url: str = ""  # its page listing every place (made when there are more than the glossary shows)
    concordance: Markup = Markup()  # concordance lines (views.occurrences), newest article first
    more: str | None = None  # the link text to all places, when the glossary page shows only some


# The glossary page shows this many places per term, the newest; each term with more has a page
# of its own listing all of them (a large library would otherwise make the glossary page huge).
PLACES_ON_GLOSSARY = 10


def term_views(terms: list[AnnotatedTerm], glossary, base: str, term_url) -> dict[str, TermView]:
    views = {}
    slugs: set[str] = set()
    for n, t in enumerate(terms, 1):
        entry = t.entry
        source = detect_script(entry.key)
        plain = re.sub(r"[^a-z0-9]+", "-", t.sort_key.lower()).strip("-") or f"term-{n}"
        slug, k = plain, 1
        while slug in slugs:  # two terms with the same toneless pinyin: numbered
            k += 1
            slug = f"{plain}-{k}"
        slugs.add(slug)
        views[entry.key] = TermView(
            key=entry.key,
            anchor=f"term-{entry.key}",
            card=f"gl-{n}",
            html=tokens_html(t.term, source),
            lang=LANG[source],
            gloss=entry.gloss,
            expands=[tokens_html(x, source) for x in t.expands],
            note=note_html(entry.note, glossary, entry.key, term_url),
            aliases=Markup("、").join(Markup(mixed_text_html(a)) for a in entry.aliases),
            see=[(Markup(mixed_text_html(k)), term_url(k)) for k in entry.see],
            source=entry.source,
            url=term_url(entry.key),
            occurrences=0,
            places_url=f"{base}glossary/{slug}/",
        )
    return views


def glossary_places(chunks: list[tuple[int, str]], limit: int = PLACES_ON_GLOSSARY) -> str:
    """The first `limit` concordance lines of a term, from its articles' (count, lines) chunks."""
    shown, lines = 0, []
    for count, text in chunks:
        if shown + count <= limit:
            lines.append(text)
            shown += count
        else:
            lines.extend(text.split("\n  ")[: limit - shown])
            break
    return "\n  ".join(lines)


def occurrences(article: AnnotatedArticle, known: set[str], base: str, width: int = 14) -> dict[str, tuple[int, str]]:
    """The concordance of one article: per term, how many places use it and their lines (each with
    a little text either side, linked to its paragraph). Made here, where articles are rendered in
    parallel, so the glossary page only joins them."""
    found: dict[str, list[Markup]] = {}
    lang = LANG[article.script]
    title = escape(article.article.title)
    for block in article.blocks:
        tokens = block.tokens
        url = escape(f"{article_url(base, article.article.slug)}#{block.anchor}")
        for i, token in enumerate(tokens):
            if token.term not in known or (i and tokens[i - 1].term == token.term):
                continue
            end = i
            while end + 1 < len(tokens) and tokens[end + 1].term == token.term:
                end += 1
            # (each token is at least one character: `width` tokens either side are enough)
            before = _snippet(tokens[max(0, i - width) : i], article.script, -width)
            term = _snippet(tokens[i : end + 1], article.script)
            after = _snippet(tokens[end + 1 : end + 1 + width], article.script, width)
            found.setdefault(token.term, []).append((
                f'<li><a href="{url}"><span class="zh-plain" lang="{lang}">…{before}<mark>{term}</mark>{after}…</span></a>'
                f' <span class="meta">— <span lang="{lang}">{title}</span></span></li>'))
    return {key: (len(lines), "\n  ".join(lines)) for key, lines in found.items()}


def _snippet(tokens: list[Token], source: str, width: int | None = None) -> str:
    """Both scripts of some tokens' text, without pinyin; `width` keeps the last (-n) or first n characters."""
    window = tokens[-abs(width):] if width and width < 0 else tokens[:width] if width else tokens
    hant, hans = "".join(t.hant for t in window), "".join(t.hans for t in window)
    if width and width < 0:
        hant, hans = hant[width:], hans[width:]
    elif width:
        hant, hans = hant[:width], hans[:width]
    return script_html(hant, hans, source)  # markup, joined into the glossary page's Markup


@dataclass
class BlockView:
    tag: str
    anchor: str
    html: Markup
    list_kind: str | None  # "ul"/"ol" for list items, so the template groups them


def block_views(blocks: list[AnnotatedBlock], source: str, term_url, directives: list[dict]) -> list[BlockView]:
    views = []
    for block in blocks:
        tag = f"h{min(block.level + 1, 6)}" if block.kind == "h" else BLOCK_TAGS.get(block.kind, "p")
        list_kind = block.kind if block.kind in ("ul", "ol") else None
        views.append(BlockView(tag, block.anchor, tokens_html(block.tokens, source, term_url, directives), list_kind))
    return views


def directive_records(article: AnnotatedArticle, base: str, strings: dict) -> list[dict]:
    """Each directive of an article: for its marker in the text, the index page and directives.json."""
    records = []
    url = article_url(base, article.article.slug)
    for number, d in enumerate(article.directives, 1):
        block = article.blocks[d.block]
        inside = [t for t in block.tokens if t.directive == number - 1]
        headline = inside[: _tokens_before(inside, len(d.headline))]
        speaker = d.speaker or strings["unknown_speaker"]
        # The speaker is drawn by CSS from attributes, so it is neither copied nor part of the text.
        index_url = f"{directives_month_url(base, article.article.date)}#{article.article.slug}-d{number}"
        marker = (f'<a class="dmark" href="{escape(index_url)}" '
                  f'aria-label="{escape(strings["directive_by"].format(speaker=speaker))}" '
                  f'data-own="{escape(speaker)}" data-hant="{escape(to_hant(speaker))}" data-hans="{escape(to_hans(speaker))}"></a>')
        records.append(dict(
            marker_html=marker,
            anchor=f"d{number}",
            number=number,
            text=d.text,
            headline=d.headline,
            speaker=d.speaker,
            speaker_html=Markup(mixed_text_html(speaker)),
            terms=d.terms,
            url=f"{url}#d{number}",
            index_url=index_url,
            index_anchor=f"{article.article.slug}-d{number}",
            phrases={t.text: script_html(t.hant, t.hans, article.script) for t in sorted(inside, key=lambda t: t.text)
                     if len(t.text) >= 2 and t.term is None and all(map(is_han, t.text))
                     and t.hans not in theme_stopwords()},  # phrase → its markup in both scripts
            headline_html=tokens_html(headline, article.script),
            headline_plain=Markup(script_html("".join(t.hant for t in headline), "".join(t.hans for t in headline),
                                              article.script)),
            text_html=Markup(script_html("".join(t.hant for t in inside), "".join(t.hans for t in inside),
                                         article.script)),
            lang=LANG[article.script],
        ))
    return records


def _tokens_before(tokens: list[Token], length: int) -> int:
    """How many tokens make up the first `length` characters."""
    total = 0
    for count, token in enumerate(tokens):
        if total >= length:
            return count
        total += len(token.text)
    return len(tokens)


def group_lists(views: list[BlockView]) -> list[tuple[str | None, list[BlockView]]]:
    """Consecutive list items become one list: [(None, [p]), ("ul", [li, li]), …]."""
    groups: list[tuple[str | None, list[BlockView]]] = []
    for view in views:
        if view.list_kind and groups and groups[-1][0] == view.list_kind:
            groups[-1][1].append(view)
        else:
            groups.append((view.list_kind, [view]))
    return groups


# ----------------------------------------------------------------------------- directives


def directive_group(listing: dict, records: list[dict]) -> dict:
    """One article's directives for the directives page: its speakers in the order they first speak."""
    speakers: dict[str | None, list[dict]] = {}
    for record in records:
        speakers.setdefault(record["speaker"], []).append(record)
    return dict(summary=listing, speakers=[(r[0]["speaker_html"], r) for r in speakers.values()])


SITE_FIELDS = ("anchor", "number", "text", "headline", "speaker", "terms", "url", "index_url", "index_anchor",
               "phrases", "headline_plain", "lang")


def site_records(records: list[dict]) -> list[dict]:
    """The fields of directive records the site-wide pages use (themes, directives.json), as plain
    str (cheap to pass between processes and to cache; the markup in them is already escaped)."""
    return [{k: str(r[k]) if isinstance(r[k], Markup) else r[k] for k in SITE_FIELDS} for r in records]


def directives_month_url(base: str, date) -> str:
    """The page of the directives of the articles of date's month: an article's directives stay on
    one page however the library grows (the index page would otherwise grow without bound)."""
    return f"{base}directives/{date:%Y-%m}/"


def directives_by_month(outputs, base: str, strings: dict) -> list[dict]:
    """Newest month first: its page's path and url, and its articles' directives sections (each made
    with its article), newest article first."""
    months: dict[str, dict] = {}
    for output in outputs:
        if not output.directives_html:
            continue
        url = directives_month_url(base, output.date)
        month = months.setdefault(url, dict(url=url, path=f"{url.removeprefix(base)}index.html",
                                            label=f"{output.date:%Y-%m}", sections=[], sources=[], directives=0))
        month["sections"].append(output.directives_html)
        month["sources"].append(output.digests["directives"])
        month["directives"] += len(output.directives)
    for month in months.values():
        month["counts"] = strings["month_counts"].format(articles=len(month["sections"]), directives=month["directives"])
    return sorted(months.values(), key=lambda m: m["label"], reverse=True)


def month_view(month: dict) -> dict:
    """A month of `directives_by_month` as its page shows it: the sections joined (each was made
    with its article, so it is markup already)."""
    return {**month, "sections": Markup("".join(month["sections"]))}


def directives_by_theme(outputs, glossary_terms, strings: dict, limit: int = 30, shown: int = 10) -> list[dict]:
    """Themes two or more directives share: glossary terms first, then key phrases (words that
    occur in at least two directives but in no more than a third of them, so that 發展 and 推動
    do not make a theme of everything), most shared first; each with its `shown` newest directives."""
    records = [r for o in outputs for r in o.directives]
    by_term: dict[str, list[dict]] = {}
    by_phrase: dict[str, list[dict]] = {}
    for record in records:
        for term in record["terms"]:
            by_term.setdefault(term, []).append(record)
        for phrase in record.get("phrases", ()):
            by_phrase.setdefault(phrase, []).append(record)
    most = max(2, len(records) // 3)
    themes = [dict(term=glossary_terms[k], phrase=None, records=rs)
              for k, rs in by_term.items() if len(rs) >= 2 and k in glossary_terms]
    themes += [dict(term=None, phrase=p, records=rs)
               for p, rs in by_phrase.items() if 2 <= len(rs) <= most]  # (stopwords: left out of phrases)
    themes.sort(key=lambda t: (t["term"] is None, -len(t["records"])))
    for theme in themes[:limit]:
        if theme["phrase"] is not None:
            theme["phrase"] = Markup(theme["records"][0]["phrases"][theme["phrase"]])
        theme["entries_html"] = Markup("\n  ".join(
            f'<li><a class="zh-plain" href="{escape(r["index_url"])}" lang="{r["lang"]}">{r["headline_plain"]}</a></li>'
            for r in theme["records"][:shown]))
        count = len(theme["records"])
        theme["count"] = strings["theme_count"].format(count=count, shown=min(count, shown)) if count > shown else None
        theme["lang"] = theme.pop("records")[0]["lang"]  # the page needs no more of them
    return themes[:limit]


@lru_cache(maxsize=1)
def theme_stopwords() -> frozenset[str]:
    """sitegen/data/theme-stopwords.txt, in Simplified."""
    text = (Path(__file__).parent / "data" / "theme-stopwords.txt").read_text(encoding="utf-8")
    return frozenset(to_hans(w) for line in text.splitlines() if not line.startswith("#") for w in line.split())


def directive_json_lines(records: list[dict], slug: str, date) -> str:
    """An article's entries in directives.json, one per line (made with the article; the site only
    joins them)."""
    return ",\n".join(
        json.dumps(dict(text=r["text"], headline=r["headline"], speaker=r["speaker"], article=slug,
                        date=date.isoformat(), url=f"articles/{slug}/#{r['anchor']}", terms=r["terms"]),
                   ensure_ascii=False)
        for r in records)


def directives_json(outputs) -> bytes:
    """public/directives.json: every directive of every article, one per line; urls relative to the
    site root."""
    lines = ",\n".join(o.directives_json for o in outputs if o.directives_json)
    return (f"[\n{lines}\n]\n" if lines else "[]\n").encode("utf-8")
