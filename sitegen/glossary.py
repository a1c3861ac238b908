"""The policy-term glossary: load `content/glossary.yaml`, find its terms in a text, list what is missing.

Matching works on a normalised form of both the terms and the text: each character is mapped on
its own to Simplified (and full-width ASCII such as ＋ to half-width). Converting character by
character keeps the form the same length as the text, so offsets map straight back, and makes a
term normalise the same way wherever it appears, whatever surrounds it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from .errors import SitegenError, Warning_
from .script import is_han, to_hans

FIELDS = ("gloss", "note", "expands", "aliases", "pinyin", "see", "source")
_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"


@dataclass
class Entry:
    key: str  # the term as written in the file
    gloss: str
    note: str | None = None  # inline Markdown
    expands: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    pinyin: list[str] | None = None  # one tone-marked syllable per Han character of key
    see: list[str] = field(default_factory=list)  # keys of other entries
    source: str | None = None
    line: int = 0  # line of the key in the file


@dataclass(frozen=True)
class TermMatch:
    start: int
    end: int
    key: str  # the entry's key, also when an alias matched


@dataclass
class Glossary:
    entries: dict[str, Entry] = field(default_factory=dict)  # by key, file order
    path: Path | None = None
    warnings: list = field(default_factory=list, compare=False)  # errors.Warning_: unknown fields
    _index: tuple | None = field(default=None, repr=False, compare=False)

    def match(self, text: str) -> list[TermMatch]:
        return find_terms(self, text)

    def lookup(self, term: str) -> Entry | None:
        """The entry whose key or alias is `term`, in either script."""
        key = _index(self)[0].get(normalize(term.strip()))
        return self.entries.get(key) if key else None


# --- normalisation and matching ---------------------------------------------------------------


@lru_cache(maxsize=None)
def _norm_char(char: str) -> str:
    if "\uff01" <= char <= "\uff5e":  # full-width ASCII (＋, Ａ, ０) → ASCII
        return chr(ord(char) - 0xFEE0)
    if char.isascii():
        return char
    hans = to_hans(char)
    return hans if len(hans) == 1 else char


class _NormTable(dict):
    """code point → normalised character, filled as characters are met (for str.translate)."""

    def __missing__(self, code: int) -> str:
        value = self[code] = _norm_char(chr(code))
        return value


_NORM = _NormTable()


def normalize(text: str) -> str:
    """Simplified, half-width form of text, same length as text."""
    return text.translate(_NORM)


def _index(glossary: Glossary) -> tuple[dict[str, str], dict[str, list[int]]]:
    """(normalised form → key, first char → form lengths, longest first); rebuilt only when the
    terms change, so a Glossary built by hand or edited in a test stays correct."""
    fingerprint = tuple((k, tuple(e.aliases)) for k, e in glossary.entries.items())
    if glossary._index is not None and glossary._index[0] == fingerprint:
        return glossary._index[1]
    forms: dict[str, str] = {}
    for key, entry in glossary.entries.items():
        for term in (key, *entry.aliases):
            form = normalize(term.strip())
            if form:
                forms.setdefault(form, key)
    lengths: dict[str, set[int]] = {}
    for form in forms:
        lengths.setdefault(form[0], set()).add(len(form))
    built = (forms, {c: sorted(ls, reverse=True) for c, ls in lengths.items()})
    glossary._index = (fingerprint, built)
    return built


def find_terms(glossary: Glossary, text: str) -> list[TermMatch]:
    """Glossary terms in text (either script): leftmost first, longest at each position, no overlaps."""
    forms, lengths = _index(glossary)
    norm = normalize(text)
    matches, i = [], 0
    while i < len(norm):
        for size in lengths.get(norm[i], ()):
            key = forms.get(norm[i : i + size]) if i + size <= len(norm) else None
            if key is not None:
                matches.append(TermMatch(i, i + size, key))
                i += size
                break
        else:
            i += 1
    return matches


def link_note_terms(glossary: Glossary, entry: Entry) -> list[TermMatch]:
    """Terms of other entries in entry.note, so the renderer can link them."""
    return [m for m in find_terms(glossary, entry.note or "") if m.key != entry.key]


# --- curation: quoted terms and numbered formulas without an entry -----------------------------

_QUOTES = [re.compile(f"{a}([^{a}{b}]+){b}") for a, b in ("“”", "「」", "‘’", "『』")]
_SENTENCE = re.compile(r"[。！？；：，,;:!?\n]")  # a quoted sentence is a citation, not a term
_NUM = "一二三四五六七八九十百千两"
_HAN = r"[\u3400-\u9fff]"
# Shapes that are formulas and not counting: parallel formulas (三严三实, 两学一做, 五位一体),
# party congresses (十九大), and a few set tails (四最, 三产, 三篇文章, 三级跳, 三步走, 两手抓).
# Plain counting (一个, 一批, 十四届, 六次, 三大领域) and words like 一流 fit none of these.
_FORMULAS = re.compile(
    rf"(?<![{_NUM}第每几数])(?:"
    rf"(?P<par>[{_NUM}](?![{_NUM}]){_HAN}(?:[{_NUM}](?![{_NUM}]){_HAN}){{1,2}})"
    rf"|(?:十[一二三四五六七八九]|二十)大(?!型|学|量|批|小|多|家|力|幅)"
    rf"|[二三四五六七八九十两](?:最|化|无|农|产|篇文章|级跳|步走|手抓)"
    rf")(?![{_NUM}])"
)
# Counting words: 两年一次, 一天三次 are frequencies, not formulas.
_MEASURES = set("年次天月日周时分秒个批种条项名张本只件份倍成层级届期号岁元")
# Idioms (成语) of the parallel shape: dictionary words, not policy formulas.
_IDIOMS = set(
    "四面八方 千方百计 三番五次 三令五申 五湖四海 七上八下 一清二楚 五花八门 七嘴八舌 十全十美 "
    "三心二意 一五一十 九牛一毛 四平八稳 一干二净 百发百中 百战百胜 三三两两 乱七八糟 千千万万 "
    "三长两短 三言两语 三五成群 七手八脚 四分五裂 一石二鸟 一举两得 独一无二 百里挑一 接二连三 "
    "三教九流 十拿九稳 万无一失 一心一意 一五一十 一分为二 说一不二 三年五载 一来二去".split()
)


def unglossed(glossary: Glossary, text: str) -> list[tuple[int, int, str]]:
    """(start, end, phrase) for each quoted term and numbered formula in text with no entry."""
    forms, _ = _index(glossary)
    norm = normalize(text)
    found: dict[int, tuple[int, int, str]] = {}
    covered = [(m.start, m.end) for m in find_terms(glossary, text)]
    for pattern in _QUOTES:
        for m in pattern.finditer(norm):
            inner = m.group(1).strip()
            start = m.start(1) + m.group(1).index(inner) if inner else m.start(1)
            if not inner or len(inner) > 20 or _SENTENCE.search(inner) or not any(map(is_han, inner)):
                continue
            covered.append((m.start(1), m.end(1)))  # formulas inside a quote are the quote's business
            if inner not in forms:
                found[start] = (start, start + len(inner), text[start : start + len(inner)])
    for m in _FORMULAS.finditer(norm):
        if m.group("par") and (
            m.group() in _IDIOMS or set(m.group()[::2]) == {"一"} or _MEASURES & set(m.group()[1::2])
        ):
            continue  # idioms; 一X一Y (一心一意, and so also 一带一路: be conservative); frequencies
        if any(s < m.end() and m.start() < e for s, e in covered):
            continue
        found[m.start()] = (m.start(), m.end(), text[m.start() : m.end()])
    return [found[k] for k in sorted(found)]


# --- loading -----------------------------------------------------------------------------------


def load_glossary(path: Path) -> Glossary:
    """Read the glossary file (a missing file is an empty glossary); errors name file and line."""
    path = Path(path)
    if not path.exists():
        return Glossary({}, path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
        try:  # libyaml's parser when PyYAML has it (faster); the pure-Python one words errors better
            root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
    except UnicodeDecodeError:
        raise SitegenError(path, None, "not UTF-8 text") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise SitegenError(path, mark.line + 1 if mark else None, f"invalid YAML: {e}") from None
    glossary = Glossary({}, path)
    if root is None or (root.tag == _NULL):
        return glossary
    if not isinstance(root, yaml.MappingNode):
        raise SitegenError(path, _line(root), "expected a mapping from term to entry")
    seen: dict[str, int] = {}  # normalised term or alias → line, to catch duplicates across scripts
    see_nodes: list[tuple[Entry, yaml.Node]] = []
    for key_node, value in root.value:
        key = _text(path, key_node, "a term").strip()
        entry = _entry(path, key, key_node, value, see_nodes, glossary.warnings)
        for term in (key, *entry.aliases):
            form = normalize(term.strip())
            if form in seen:
                raise SitegenError(path, entry.line, f"duplicate term {term!r} (already at line {seen[form]})")
            seen[form] = entry.line
        glossary.entries[key] = entry
    for entry, node in see_nodes:  # see → keys, checked once all entries are known
        target = glossary.lookup(node.value)
        if target is None:
            raise SitegenError(path, _line(node), f"{entry.key}: see {node.value!r}: no such entry")
        entry.see.append(target.key)
    return glossary


def _entry(path: Path, key: str, key_node: yaml.Node, node: yaml.Node, see_nodes: list, warnings: list) -> Entry:
    line = _line(key_node)
    if not isinstance(node, yaml.MappingNode):
        raise SitegenError(path, _line(node), f"{key}: expected a mapping with at least 'gloss'")
    values: dict[str, yaml.Node] = {}
    for name_node, value in node.value:
        name = _text(path, name_node, "a field name")
        if name not in FIELDS:  # ignored, with a warning: most likely a typo
            hint = difflib.get_close_matches(name, FIELDS, n=1)
            also = f"did you mean '{hint[0]}'?" if hint else f"expected one of {', '.join(FIELDS)}"
            warnings.append(Warning_(str(path), _line(name_node), f"{key}: unknown field {name!r} ({also})"))
            continue
        if name in values:
            raise SitegenError(path, _line(name_node), f"{key}: field {name!r} given twice")
        if value.tag != _NULL:
            values[name] = value
    if "gloss" not in values:
        raise SitegenError(path, line, f"{key}: missing 'gloss'")
    entry = Entry(key, _text(path, values["gloss"], "'gloss'").strip(), line=line)
    for name in ("note", "source"):
        if name in values:
            setattr(entry, name, _text(path, values[name], repr(name)).strip())
    entry.expands = [_text(path, n, "an 'expands' item").strip() for n in _items(path, values.get("expands"), "expands")]
    entry.aliases = [_text(path, n, "an alias").strip() for n in _items(path, values.get("aliases"), "aliases")]
    for item in _items(path, values.get("see"), "see"):
        _text(path, item, "a 'see' item")
        see_nodes.append((entry, item))
    if "pinyin" in values:
        pinyin_node = values["pinyin"]
        if isinstance(pinyin_node, yaml.ScalarNode):
            syllables = _text(path, pinyin_node, "'pinyin'").split()
        else:
            syllables = [_text(path, n, "a pinyin syllable").strip() for n in _items(path, pinyin_node, "pinyin")]
        han = sum(map(is_han, key))
        if len(syllables) != han:
            raise SitegenError(path, _line(pinyin_node), f"{key}: pinyin has {len(syllables)} syllables for {han} Han characters")
        bad = [s for s in syllables if not re.fullmatch(r"[^\W\d_]+", s)]
        if bad:
            raise SitegenError(path, _line(pinyin_node), f"{key}: pinyin {bad[0]!r} is not a tone-marked syllable")
        entry.pinyin = syllables
    return entry


def _items(path: Path, node: yaml.Node | None, name: str) -> list[yaml.Node]:
    """A list field's item nodes; a single string stands for a list of one."""
    if node is None:
        return []
    if isinstance(node, yaml.ScalarNode):
        return [node]
    if not isinstance(node, yaml.SequenceNode):
        raise SitegenError(path, _line(node), f"'{name}' must be a list of text")
    return node.value


def _text(path: Path, node: yaml.Node, what: str) -> str:
    if not isinstance(node, yaml.ScalarNode) or node.tag != _STR or not node.value.strip():
        raise SitegenError(path, _line(node), f"{what} must be non-empty text")
    return node.value


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1
