"""Offline search: `search.json`, built from the annotated articles, read by `assets/search.js`.

The index keeps each paragraph once, in Simplified, with what the browser needs to show and match
it in either script and by pinyin, as per-character defaults plus per-paragraph exceptions:

```
{"v": 1,
 "hant": "发發会會…",                 # pairs: Simplified char, its usual Traditional form (only where they differ)
 "py": {"fang": "放方…", …},          # toneless syllable → the characters usually read so (ü written v)
 "a": [{"u": "articles/<slug>/", "s": "hant",          # url (relative to the site root), source script
        "b": [["", "<title>", hant?, py?],              # the title first: anchor ""
              ["p1", "<paragraph, Simplified>", [3, "乾", …], [7, "zhong", …]], …]}]}
```

The defaults are the character's own: its Traditional form converted alone, and its default
reading (``readings.usual_reading``). They do not depend on the rest of the site, so each article's
entry is made once, with the article (``search_entry``), and a rebuild only joins them.
`hant` exceptions are [offset, char, …] where a paragraph's Traditional character is not the
usual one; `py` exceptions are [offset, syllable, …] where its reading is not the usual one ("" for
no reading). Offsets count code points. Empty exception lists are left off.

Matching (mirrored in search.js; `find` below is the reference the tests check):
- Chinese: position by position, a query character matches the Simplified or the Traditional
  character of the text, so Simplified, Traditional and mixed queries all match.
- Pinyin: tone marks, tone numbers, spaces and apostrophes are dropped (spaces, apostrophes and
  tone numbers mark syllable ends), ü is v, and a query u also matches ü; the letters must be
  consumed syllable by syllable from the start of a character, the last syllable may be a prefix.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from functools import lru_cache
from itertools import chain

from .model import AnnotatedArticle, Token
from .views import article_url

VERSION = 1
_PINYIN_QUERY = re.compile(r"^[a-z'’\-\s0-9\u0300-\u036f]*[a-z][a-z'’\-\s0-9\u0300-\u036f]*$")  # NFD


@lru_cache(maxsize=1 << 14)
def toneless(syllable: str | None) -> str | None:
    """'lv' for 'lǜ', 'zhong' for 'zhòng' or 'zhong4'; None stays None."""
    if syllable is None:
        return None
    s = unicodedata.normalize("NFD", syllable.strip().lower()).replace("u\u0308", "v").replace("u:", "v")
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s.rstrip("012345")


def normalise_pinyin(query: str) -> tuple[str, frozenset[int]] | None:
    """A pinyin query as letters plus the positions where a syllable must end; None if not pinyin.

    'fàng guǎn fú' → ('fangguanfu', {4, 8}); 'fang4guan3fu2' likewise; 'lü' → ('lv', {}).
    """
    q = unicodedata.normalize("NFD", query.strip().lower()).replace("u\u0308", "v").replace("u:", "v")
    if not _PINYIN_QUERY.match(q):
        return None
    letters: list[str] = []
    ends: set[int] = set()
    for c in q:
        if unicodedata.combining(c):
            continue
        if "a" <= c <= "z":
            letters.append(c)
        elif letters:  # space, apostrophe, hyphen or tone number after a syllable
            ends.add(len(letters))
    text = "".join(letters)
    return text, frozenset(e for e in ends if e < len(text))


# ----------------------------------------------------------------------------- building


class _TonelessTable(dict):
    """syllable → ``toneless`` of it, filled as syllables are met (a dict lookup beats a call)."""

    def __missing__(self, syllable: str | None) -> str | None:
        value = self[syllable] = toneless(syllable)
        return value


_TONELESS = _TonelessTable()


def _block_rows(tokens: list[Token]) -> tuple[str, str, list[str | None]]:
    hans = "".join(t.hans for t in tokens)
    hant = "".join(t.hant for t in tokens)
    readings = list(map(_TONELESS.__getitem__, chain.from_iterable(t.pinyin for t in tokens)))
    if not len(hans) == len(hant) == len(readings):  # the pipeline keeps lengths; never index garbage
        raise ValueError(f"token forms differ in length: {hans!r}")
    return hans, hant, readings


def search_rows(article: AnnotatedArticle) -> list[tuple]:
    """(anchor, hans, hant, toneless readings) for the title ("") and each block of an article."""
    rows = [("", *_block_rows(article.title))]
    rows += [(block.anchor, *_block_rows(block.tokens)) for block in article.blocks]
    return rows


def usual_forms_of(chars: set[str]) -> dict[str, tuple[str, str | None]]:
    """Each Simplified character's default Traditional form and toneless reading; those not seen
    before are looked up together."""
    from .readings import usual_readings
    from .script import each_converted, to_hant

    todo = [c for c in chars if c not in _USUAL]
    if todo:
        _USUAL.update(zip(todo, zip(each_converted(todo, to_hant), map(toneless, usual_readings(todo)))))
    return {c: _USUAL[c] for c in chars}


_USUAL: dict[str, tuple[str, str | None]] = {}


def search_entry(article: AnnotatedArticle) -> tuple[str, tuple[str, str, str]]:
    """An article's entry in search.json (as JSON text), and the usual forms of its characters
    (the characters, their Traditional forms, their toneless readings with "-" for none)."""
    rows = search_rows(article)
    usual = usual_forms_of({c for _, hans, _, _ in rows for c in hans})
    hant_table = str.maketrans({c: t for c, (t, _) in usual.items() if t != c})
    usual_reading = {c: r for c, (_, r) in usual.items()}
    blocks = []
    for anchor, hans, hant, readings in rows:
        hant_exceptions: list = []
        reading_exceptions: list = []
        if hans.translate(hant_table) != hant:  # most paragraphs have no exception: check first
            hant_exceptions = [x for i, (s, t) in enumerate(zip(hans, hant)) if t != usual[s][0] for x in (i, t)]
        expected = list(map(usual_reading.__getitem__, hans))
        if expected != readings:
            reading_exceptions = [x for i, (u, r) in enumerate(zip(expected, readings)) if r != u for x in (i, r or "")]
        row: list = [anchor, hans, hant_exceptions, reading_exceptions]
        while len(row) > 2 and not row[-1]:
            row.pop()
        blocks.append(row)
    entry = dict(u=article_url("", article.article.slug), s=article.script, b=blocks)
    chars = "".join(usual)  # compact, to travel between processes: characters, forms, readings
    forms = ("".join(t for t, _ in usual.values()), " ".join(r or "-" for _, r in usual.values()))
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":")), (chars, *forms)


def build_search_index(entries: list[tuple[str, tuple[str, str, str]]]) -> bytes:
    """search.json from the articles' `search_entry` results, in the order given (the home page's)."""
    usual: dict[str, tuple[str, str | None]] = {}  # each character's forms are the same in every entry
    missing = set().union(*(chars for _, (chars, _, _) in entries))
    for _, (chars, hant, readings) in entries:
        if missing.isdisjoint(chars):  # the usual case past the first articles: nothing new
            continue
        found = {c: (t, None if r == "-" else r) for c, t, r in zip(chars, hant, readings.split(" ")) if c in missing}
        usual.update(found)
        missing -= found.keys()
        if not missing:
            break
    by_syllable: dict[str, list[str]] = defaultdict(list)
    for char, (_, syllable) in sorted(usual.items()):
        if syllable:
            by_syllable[syllable].append(char)
    head = dict(
        v=VERSION,
        hant="".join(s + t for s, (t, _) in sorted(usual.items()) if s != t),
        py={syllable: "".join(chars) for syllable, chars in sorted(by_syllable.items())},
    )
    text = json.dumps(head, ensure_ascii=False, separators=(",", ":"))
    return (text[:-1] + ',"a":[' + ",".join(entry for entry, _ in entries) + "]}").encode("utf-8")


# ----------------------------------------------------------------------------- reading (reference)


def expand(index: dict) -> list[dict]:
    """Every block of the index with both scripts and readings restored:
    [{url, source, anchor, hans, hant, pinyin}, …] (what search.js rebuilds on load)."""
    pairs = index["hant"]
    usual_hant = {pairs[i]: pairs[i + 1] for i in range(0, len(pairs), 2)}
    usual_reading = {c: syllable for syllable, chars in index["py"].items() for c in chars}
    blocks = []
    for article in index["a"]:
        for row in article["b"]:
            anchor, hans = row[0], row[1]
            hant = [usual_hant.get(c, c) for c in hans]
            pinyin = [usual_reading.get(c) for c in hans]
            exceptions = row[2] if len(row) > 2 else []
            for i in range(0, len(exceptions), 2):
                hant[exceptions[i]] = exceptions[i + 1]
            exceptions = row[3] if len(row) > 3 else []
            for i in range(0, len(exceptions), 2):
                pinyin[exceptions[i]] = exceptions[i + 1] or None
            blocks.append(dict(url=article["u"], source=article["s"], anchor=anchor, hans=hans,
                               hant="".join(hant), pinyin=pinyin))
    return blocks


def _match_chars(block: dict, query: str, start: int) -> int | None:
    hans, hant = block["hans"], block["hant"]
    if start + len(query) > len(hans):
        return None
    for j, q in enumerate(query):
        if q != hans[start + j] and q != hant[start + j] and q.lower() != hans[start + j].lower():
            return None
    return start + len(query)


def _match_pinyin(block: dict, letters: str, ends: frozenset[int], start: int) -> int | None:
    pinyin = block["pinyin"]
    pos, i = 0, start
    while pos < len(letters):
        if i >= len(pinyin) or not pinyin[i]:
            return None
        syllable = pinyin[i]
        rest = letters[pos:pos + len(syllable)]
        prefix_only = len(rest) < len(syllable)
        if not _same_letters(rest, syllable[: len(rest)]) or (prefix_only and pos + len(rest) != len(letters)):
            return None
        if any(pos < e < pos + len(rest) for e in ends):
            return None
        pos += len(rest)
        i += 1
    return i


def _same_letters(query: str, text: str) -> bool:
    return len(query) == len(text) and all(q == t or (q == "u" and t == "v") for q, t in zip(query, text))


def find(index: dict, query: str) -> list[tuple[str, str, int, int]]:
    """(url, anchor, start, end) of the first match in each block that matches; titles have anchor ""."""
    chars = "".join(query.split())
    if not chars:
        return []
    pinyin = normalise_pinyin(query)
    hits = []
    for block in expand(index):
        for start in range(len(block["hans"])):
            end = _match_chars(block, chars, start)
            if end is None and pinyin and pinyin[0]:
                end = _match_pinyin(block, pinyin[0], pinyin[1], start)
            if end is not None:
                hits.append((block["url"], block["anchor"], start, end))
                break
    return hits
