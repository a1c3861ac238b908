"""Directives: the instructions a speaker gives (要…, 必须…, ——要… list items), with who gave them.

Every paragraph is matched in a normalised copy: Simplified (to_hans keeps offsets) with
half-width punctuation made full-width, so one data file (data/directives.yaml) serves both
scripts and offsets found in the copy slice the text as written.

Units are sentences (split on 。！？) and list items (——…, 一是…, （一）…). An opening attribution
("X强调，", "他说：", "易炼红在主持时指出，") gives the speaker and is left out of the text; the
speaker carries on to later units and paragraphs until someone else speaks.
A unit is a directive when a modal (要, 必须, 务必…) that is not part of another word (重要,
要求, 只要) appears in it, when it begins with 坚持, or when the attribution verb itself commands
(要求, 号召). A list item is judged on its first sentence and then kept whole; a sentence whose
；-separated clauses each begin with a modal (要在…中…；要在…中…) gives one directive per clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Mapping, Sequence

import yaml

from .errors import SitegenError
from .script import FAST_LOADER, is_han, to_hans

DATA_FILE = Path(__file__).parent / "data" / "directives.yaml"

CLAUSE_END = "，；：。！？"
SENTENCE_END = "。！？\n"
CLOSERS = "”’」』）》\"'"
# A sentence with its end mark and any closing quotes after it (…。” belongs to the quote).
SENTENCE = re.compile(rf"[^{SENTENCE_END}]*[{SENTENCE_END}][{SENTENCE_END}{CLOSERS}]*|[^{SENTENCE_END}]+")
HALF_WIDTH = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}
_CLAUSE_END_AT = re.compile(f"[{CLAUSE_END}]")
_HALF_WIDTH_AT = re.compile("[" + re.escape("".join(HALF_WIDTH)) + "]")
NUMERAL = "一二三四五六七八九十"
# A list item's marker at the start of a paragraph: ——, （一）, 一、, 1., 第一，, 一是.
ITEM_MARKER = re.compile(
    rf"\s*(?:—+|－－|-{{2,}}|[（(][{NUMERAL}\d]+[）)]、?|[{NUMERAL}]+、|\d+[.．、](?!\d)|第[{NUMERAL}]+[，、]|[{NUMERAL}]+是)\s*"
)
# Items inside a paragraph: "…：一是…；二是…。", "…。（二）…".
INLINE_ITEM = re.compile(rf"(?<=[。；：！？，])\s*(?=[{NUMERAL}]+是|[（(][{NUMERAL}]+[）)]|第[{NUMERAL}]+[，、])")
# "在主持时", "在赣州", "8月28日": where and when the speaker spoke, between name and verb.
WHERE_SPOKEN = re.compile(rf"(?:(?:在|于)[^在于]{{0,15}}|[\d{NUMERAL}]+月)?(?:[\d{NUMERAL}]+日)?(?:上午|下午|晚上)?$")


@dataclass
class Directive:
    block: int  # index of the paragraph in the list given
    start: int  # offsets into that paragraph's text
    end: int
    text: str  # paragraph[start:end], as written
    headline: str  # first clause of text, up to the first ，；：(exclusive)
    speaker: str | None
    terms: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Language:
    """The data file's word lists, in Simplified, longest first."""

    modals: tuple[str, ...]
    exclusions: dict[str, tuple[tuple[str, int], ...]]  # modal → (word, offset of the modal in it)
    start_words: tuple[str, ...]
    speech_verbs: tuple[str, ...]
    command_verbs: frozenset[str]
    speech_adverbs: tuple[str, ...]
    lead_ins: frozenset[str]
    pronouns: frozenset[str]
    sources: tuple[str, ...]
    roles: tuple[str, ...]
    titles: tuple[str, ...]
    name_followers: tuple[str, ...]
    surnames: frozenset[str]
    title_at: re.Pattern  # every title at every position, longest first
    verb_at: re.Pattern
    modal_at: re.Pattern


def load_language(path: Path = DATA_FILE) -> Language:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=FAST_LOADER) or {}
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as e:
        raise SitegenError(path, None, f"cannot read directive data: {e}") from None
    if not isinstance(data, dict):
        raise SitegenError(path, 1, "expected a mapping of word lists")

    def words(key: str) -> tuple[str, ...]:
        value = data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
            raise SitegenError(path, None, f"'{key}' must be a list of words")
        return tuple(sorted({to_hans(w) for w in value}, key=len, reverse=True))

    modals = words("modals")
    exclusions = {
        m: tuple((w, k) for w in words("modal_exclusions") for k in range(len(w)) if w.startswith(m, k))
        for m in modals
    }
    def at(key: str) -> re.Pattern:  # a lookahead finds overlapping matches
        return re.compile("(?=(" + "|".join(map(re.escape, words(key))) + "))") if words(key) else re.compile("(?!)")

    return Language(
        modals, exclusions, words("start_words"), words("speech_verbs"), frozenset(words("command_verbs")),
        words("speech_adverbs"), frozenset(words("lead_ins")), frozenset(words("pronouns")),
        words("sources"), words("roles"), words("titles"), words("name_followers"), frozenset(words("surnames")),
        at("titles"), at("speech_verbs"), at("modals"),
    )  # fmt: skip


@lru_cache(maxsize=1)
def language() -> Language:
    return load_language()


def normalise(text: str) -> str:
    """Simplified form with full-width clause punctuation; same length as text."""
    hans = to_hans(re.sub("[\ud800-\udfff]", "\ufffd", text))  # lone surrogates cannot reach OpenCC
    if len(hans) == len(text) and not _HALF_WIDTH_AT.search(hans):
        return hans  # the usual case: nothing to make full-width
    chars = list(hans if len(hans) == len(text) else text)
    for i, c in enumerate(chars):
        if c in HALF_WIDTH:
            before = chars[i - 1] if i else " "
            after = chars[i + 1] if i + 1 < len(chars) else " "
            if not (before.isascii() and after.isascii()):  # keep 1,000 and a, b
                chars[i] = HALF_WIDTH[c]
    return "".join(chars)


def _trim(norm: str, s: int, e: int) -> tuple[int, int]:
    part = norm[s:e]
    s += len(part) - len(part.lstrip())
    return s, max(s, e - len(part) + len(part.rstrip()))


def _sentences(norm: str, s: int, e: int) -> list[tuple[int, int]]:
    spans = (_trim(norm, *m.span()) for m in SENTENCE.finditer(norm, s, e))
    return [(a, b) for a, b in spans if a < b]


def _units(norm: str) -> list[tuple[int, int, bool]]:
    """(start, end, is_item) for the paragraph's sentences and list items, in order."""
    starts = [m.end() for m in INLINE_ITEM.finditer(norm)]
    if ITEM_MARKER.match(norm):
        starts.insert(0, 0)
    first = starts[0] if starts else len(norm)
    units = [(a, b, False) for a, b in _sentences(norm, 0, first)]
    for a, b in zip(starts, starts[1:] + [len(norm)]):
        a, b = _trim(norm, a, b)
        if a < b:
            units.append((a, b, True))
    return units


def _clause_end(norm: str, s: int, e: int) -> int:
    found = _CLAUSE_END_AT.search(norm, s, e)
    return found.start() if found else e


@dataclass
class _State:
    current: str | None = None  # who speaks now, as written
    known: dict[str, str] = field(default_factory=dict)  # names seen with a title or given: Simplified → as written
    attributed: bool = False  # whether any attribution has been seen


def _strip_titles(norm: str, a: int, b: int, lang: Language) -> tuple[int, int, bool]:
    """The span of the name in a speaker phrase: after the last title (省委书记刘奇) or before a
    trailing one (习近平总书记)."""
    matches = [(m.start(), m.start() + len(m[1])) for m in lang.title_at.finditer(norm, a, b)]
    if not matches:
        return a, b, False
    last = max(end for _, end in matches)
    if last < b:
        return last, b, True
    chain = min(start for start, end in matches if end == b)
    before = [end for _, end in matches if end <= chain]
    start = max(before) if before else a
    while start < chain and norm[start] == "、":
        start += 1
    return start, chain, True


def _resolve(norm: str, orig: str, a: int, b: int, state: _State, lang: Language) -> tuple[bool, str | None] | None:
    """Who a phrase before a speech verb names: (True, name) for a person (name None if a pronoun
    has no antecedent), (False, None) for a meeting, document or unnamed person, None if no speaker."""
    changed = True
    while changed and a < b:
        changed = False
        for adverb in lang.speech_adverbs:
            if norm.startswith(adverb, b - len(adverb)) and b - len(adverb) >= a:
                b, changed = b - len(adverb), True
            elif norm.startswith(adverb, a) and a + len(adverb) <= b:
                a, changed = a + len(adverb), True
        where = WHERE_SPOKEN.search(norm, a, b)
        if where and a < where.start() < b:  # try the phrase as it is first (王在明表示)
            return _identify(norm, orig, a, b, state, lang) or _resolve(norm, orig, a, where.start(), state, lang)
    return _identify(norm, orig, a, b, state, lang)


def _identify(norm: str, orig: str, a: int, b: int, state: _State, lang: Language) -> tuple[bool, str | None] | None:
    phrase = norm[a:b]
    if not phrase:
        return None
    if phrase in lang.pronouns:
        return True, state.current
    if phrase in state.known:
        return True, orig[a:b]
    if phrase.endswith(lang.sources + lang.roles) or (phrase[0] == "《" and phrase[-1] == "》"):
        return False, None
    na, nb, titled = _strip_titles(norm, a, b, lang)
    name = norm[na:nb]
    if name in state.known:
        return True, orig[na:nb]
    if not all(is_han(c) for c in name) or name.endswith(lang.sources):
        return None
    if titled and len(name) == 1:  # 李书记: the known name with that surname, else the phrase
        return True, next((v for k, v in state.known.items() if k[0] == name), orig[a:b])
    compound = name[:2] in lang.surnames
    if 2 <= len(name) <= 3 + compound and (titled or name[0] in lang.surnames or compound):
        return True, orig[na:nb]
    return None


def _speech(norm, orig, s, c, state, lang, *, at_end=False) -> tuple[int, tuple[bool, str | None], str] | None:
    """A speech verb in [s, c) after a phrase naming a speaker: (verb end, speaker, verb).
    The last verb wins (他在讲话中说), but never one inside a longer verb (出席并讲话)."""
    found = [(m.start(), m[1]) for m in lang.verb_at.finditer(norm, s, min(c, s + 50))]  # phrases are short
    found = [(i, v) for i, v in found if not any(j <= i and i + len(v) <= j + len(w) and w != v for j, w in found)]
    for i, verb in sorted(found, reverse=True):
        if at_end and i + len(verb) != c:
            continue
        who = _resolve(norm, orig, s, i, state, lang)
        if who:
            return i + len(verb), who, verb
    return None


def _attribution(norm, orig, s, e, state, lang) -> tuple[int, tuple[bool, str | None], bool] | None:
    """An opening "X强调，" in [s, e): (where its content starts, speaker, whether the verb commands)."""
    c = _clause_end(norm, s, e)
    if norm[s:c] in lang.lead_ins and c < e:  # 会上，刘奇强调，…
        s = c + 1
        c = _clause_end(norm, s, e)
    found = _speech(norm, orig, s, c, state, lang)
    if not found:
        return None
    end, who, verb = found
    while (more := next((v for v in lang.speech_verbs if norm.startswith(v, end)), None)) and end < c:
        end += len(more)  # 作出批示指出, 发表讲话强调
    while end < e and (norm[end] in "，：" or norm[end].isspace()):
        end += 1
    return end, who, verb in lang.command_verbs


def _register_names(norm: str, orig: str, state: _State, lang: Language) -> None:
    """Remember names that follow a title (省委书记刘奇出席…), so later "刘奇指出" resolves."""
    for match in lang.title_at.finditer(norm):
        at = match.start() + len(match[1])
        for strong in (True, False):
            for size in (2, 3):
                name, after = norm[at : at + size], at + size
                if len(name) < size or not all(map(is_han, name)) or name.endswith(lang.sources + lang.titles):
                    continue
                end_here = after == len(norm) or not is_han(norm[after])
                if end_here if strong else norm.startswith(lang.name_followers + lang.speech_verbs, after):
                    state.known.setdefault(name, orig[at:after])
                    break
            else:
                continue
            break


def _modal_at(norm: str, i: int, e: int, lang: Language) -> str | None:
    """The modal starting at i, unless it is part of another word or ends the clause (是必须的)."""
    for m in lang.modals:
        if norm.startswith(m, i) and i + len(m) <= e:
            if any(norm.startswith(w, i - k) and i >= k for w, k in lang.exclusions[m]):
                return None
            nxt = norm[i + len(m)] if i + len(m) < len(norm) else "。"
            return None if nxt in CLAUSE_END + "的了" else m
    return None


def _commanded(norm: str, s: int, e: int, lang: Language) -> bool:
    """Whether [s, e) gives an instruction: a modal, or an opening 坚持 that is not "坚持…是…"."""
    for w in lang.start_words:
        if norm.startswith(w, s) and "是" not in norm[s : _clause_end(norm, s, e)]:
            return True
    return any(_modal_at(norm, m.start(), e, lang) for m in lang.modal_at.finditer(norm, s, e))


def _leads_with_modal(norm: str, s: int, e: int, lang: Language) -> bool:
    return _commanded(norm, s, _clause_end(norm, s, e), lang)


def _series(norm: str, s: int, e: int, lang: Language) -> list[tuple[int, int]]:
    """Split a sentence at ； when two or more clauses each open with a modal (要在…中…；要在…中…)."""
    cuts = [s]
    while (i := norm.find("；", cuts[-1], e)) >= 0:
        cuts.append(i + 1)
    parts = [_trim(norm, a, b) for a, b in zip(cuts, [c - 1 for c in cuts[1:]] + [e])]
    if sum(_leads_with_modal(norm, a, b, lang) for a, b in parts) < 2:
        return [(s, e)]
    groups = [list(parts[0])]
    for a, b in parts[1:]:
        if _leads_with_modal(norm, a, b, lang):
            groups.append([a, b])
        else:
            groups[-1][1] = b  # an unmodalised clause belongs to the directive before it
    return [(a, b) for a, b in groups]


def _apply_marks(units, block_marks, length):
    """Author corrections: an is_directive span becomes its own unit, cutting the units it overlaps."""
    units = [(s, e, item, False) for s, e, item in units]
    for a, b, yes in block_marks:
        a, b = max(0, a), min(length, b)
        if not yes or a >= b:
            continue
        kept = []
        for s, e, item, forced in units:
            if e <= a or s >= b:
                kept.append((s, e, item, forced))
            else:
                kept += [(x, y, item and x == s, forced) for x, y in ((s, min(e, a)), (max(s, b), e)) if x < y]
        units = sorted(kept + [(a, b, False, True)])
    return units


def find_directives(
    paragraphs: list[str],
    *,
    speakers: Sequence[str] = (),
    marks: Mapping[int, Sequence[tuple[int, int, bool]]] = {},
) -> list[Directive]:
    """paragraphs: the article's blocks' texts in order (either script). speakers: names from
    front matter (help resolution). marks: per block index, (start, end, is_directive) author
    corrections — an is_directive=True span is a directive (its own unit) whatever the rules say;
    False: the sentence containing that span is not one."""
    lang = language()
    state = _State(known={normalise(n): n for n in speakers if n})
    sole = speakers[0] if len(speakers) == 1 else None  # a transcript's only speaker
    out: list[Directive] = []
    for block, orig in enumerate(paragraphs):
        norm = normalise(orig)
        _register_names(norm, orig, state, lang)
        block_marks = list(marks.get(block, ()))
        rejected = [(a, b) for a, b, yes in block_marks if not yes]
        work = _apply_marks(_units(norm), block_marks, len(norm))
        while work:
            s, e, item, forced = work.pop(0)
            s, e = _trim(norm, s, e)
            if item:
                s = ITEM_MARKER.match(norm, s).end() if ITEM_MARKER.match(norm, s) else s
            speaker, command = None, False
            opening = _attribution(norm, orig, s, e, state, lang)
            if opening:
                s, (_, speaker), command = opening
                state.current, state.attributed = speaker, True
                inner = _attribution(norm, orig, s, e, state, lang)  # 刘奇指出，习近平总书记强调，要…
                if inner:
                    s, (_, speaker), command = inner
            else:
                for a in [i + 1 for i in range(s, e) if norm[i] in "，："]:  # …，刘奇说，… / …，他说。
                    found = _speech(norm, orig, a, _clause_end(norm, a, e), state, lang, at_end=True)
                    if found:
                        speaker = state.current = found[1][1]
                        state.attributed = True
                        break
                else:
                    speaker = state.current if state.attributed else sole
                if norm[e - 1] in CLOSERS and work and not work[0][2]:  # “……。”王晓东说。
                    a, b = work[0][0], work[0][1] - (norm[work[0][1] - 1] in SENTENCE_END)
                    found = _speech(norm, orig, a, b, state, lang, at_end=True)
                    speaker = found[1][1] if found else speaker
            if s >= e:
                continue
            if item and not forced and not _commanded(norm, s, (_sentences(norm, s, e) or [(s, e)])[0][1], lang):
                # not an instruction as a whole: judge its sentences one by one
                work[:0] = [(a, b, False, False) for a, b in _sentences(norm, s, e)]
                continue
            if forced or item or command:
                spans = [(s, e)]
            else:
                spans = [(a, b) for a, b in _series(norm, s, e, lang) if _commanded(norm, a, b, lang)]
            for a, b in spans:
                while b > a and norm[b - 1] in "；：，":
                    b -= 1
                if b <= a or any(x < b and a < y for x, y in rejected):
                    continue
                headline = orig[a : _clause_end(norm, a, b)].rstrip()
                out.append(Directive(block, a, b, orig[a:b], headline, speaker))
    return out
