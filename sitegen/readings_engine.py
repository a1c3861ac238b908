"""The layered decision behind ``Reader.read_many`` (see ``readings.LAYERS``)."""

from __future__ import annotations

import re
import sys
from typing import Sequence

from .readings_lexicon import lexicon
from .readings_syllables import Syllable, normalise_syllable, split_tone
from .script import HAN_RUN, is_han


def _max_match(text: str, start: int, end: int, words: dict[str, list[str]], longest: int):
    """Forward maximum matching of ``words`` in text[start:end]; yields (i, word, syllables)."""
    i = start
    while i < end:
        for size in range(min(longest, end - i), 0, -1):
            syllables = words.get(text[i : i + size])
            if syllables is not None:
                yield i, text[i : i + size], syllables
                i += size
                break
        else:
            i += 1


def segment(hans: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The most probable split of hans[start:end] into words (singles included), as spans of hans.

    The words stage asks again for the stretches the phrase layer just split, so the splits of
    the texts of the latest ``decide_many`` call are kept (``_RECENT``) until the next call.
    """
    end = len(hans) if end is None else end
    stretch = hans[start:end]
    spans = _RECENT.get(stretch)
    if spans is None:
        spans = _RECENT[stretch] = _best_split(stretch)
    return [(start + a, start + b) for a, b in spans]


_RECENT: dict[str, list[tuple[int, int]]] = {}
MISSING = object()


def _best_split(hans: str) -> list[tuple[int, int]]:
    """The most probable split of hans into words: spans from 0.

    Unigram model over jieba's word frequencies (its shipped dictionary), extended with every word
    of the pinyin dictionaries (a word they list but jieba does not counts as rare) and the
    project's own words (as frequent). Dynamic programming like jieba's own route, without its
    HMM: a pinyin dictionary word is only trusted when the split that best explains the whole
    stretch contains it (扑|下身|子 loses to 扑下|身子).
    """
    lex = lexicon()
    known, look_up, longest, unknown = lex.log_probs.get, lex.log_prob, lex.max_len, lex.unknown_log_prob
    start, end = 0, len(hans)
    score = [0.0] * (end + 1)
    step = [0] * (end + 1)
    for k in range(end - 1, -1, -1):
        char = hans[k]
        if not ("\u4e00" <= char <= "\u9fff" or is_han(char)):
            score[k], step[k] = score[k + 1], k + 1
            continue
        single = known(char, MISSING)
        if single is MISSING:
            single = look_up(char)
        best = (single if single is not None and single < 0 else unknown) + score[k + 1]
        best_end = k + 1
        for size in range(2, min(longest, end - k) + 1):
            value = known(hans[k : k + size], MISSING)
            if value is MISSING:
                value = look_up(hans[k : k + size])
            if value is None:
                break  # not even a prefix of a known word
            if value < 0:  # a word, not a mere prefix
                value += score[k + size]
                if value >= best:  # on a tie the longer word wins
                    best, best_end = value, k + size
        score[k], step[k] = best, best_end
    spans = []
    k = start
    while k < end:
        nxt = step[k - start]
        spans.append((k, nxt))
        k = nxt
    return spans


def segment_spans(hans: str) -> list[tuple[int, int]]:
    return segment(hans)


# Taiwan-standard Traditional writes the aspect particle 着 as 著, which OpenCC's t2s keeps; these
# are the words where 著 really is zhù. Elsewhere 著 is read as 着 (围绕著 → zhe, 著力 → zhuó).
_ZHU_WORDS = set(
    "著名 著作 显著 著称 著述 著录 土著 巨著 名著 论著 专著 原著 遗著 译著 编著 卓著 昭著 撰著 拙著 "
    "大著 新著 合著 杂著 著书 著者 著有 著文 著说 著成 所著 其著 合著 著译".split()
)


def _zhe_form(hans: str) -> str:
    if "著" not in hans:
        return hans
    chars = list(hans)
    for i, char in enumerate(chars):
        if char == "著" and hans[max(0, i - 1) : i + 1] not in _ZHU_WORDS and hans[i : i + 2] not in _ZHU_WORDS:
            chars[i] = "着"
    return "".join(chars)


class _Sheet:
    """The decisions for one text as they are made, layer by layer."""

    def __init__(self, original: str, hans: str):
        self.original = original
        hans = _zhe_form(hans)
        self.hans = hans
        n = len(hans)
        self.han = [False] * n
        for run in HAN_RUN.finditer(hans):
            self.han[run.start() : run.end()] = [True] * (run.end() - run.start())
        self.syllable: list[str | None] = [None] * n
        self.layer = [""] * n
        self.words: list[tuple[int, int]] = []  # segmentation of the undecided stretches
        self.proposal: dict[int, str] = {}  # the dictionaries' agreed reading, for the model to confirm
        self.support: dict[int, int] = {}  # how many dictionaries list the proposal
        self.candidates: dict[int, list[str]] = {}
        self.confidence: dict[int, float] = {}  # the model's probability for what it decided  # readings the dictionaries leave to choose from

    def open(self, i: int) -> bool:
        return self.han[i] and not self.layer[i]

    def set(self, i: int, syllable: str, layer: str) -> None:
        if self.open(i):
            self.syllable[i] = syllable
            self.layer[i] = layer


def _apply_overrides(sheet: _Sheet, article: dict[str, list[str]], site: dict[str, list[str]]) -> None:
    for words in (article, site):
        if not words:
            continue
        longest = max(len(w) for w in words)
        for i, word, syllables in _max_match(sheet.hans, 0, len(sheet.hans), words, longest):
            if all(sheet.open(i + k) for k in range(len(word))):
                for k, syllable in enumerate(syllables):
                    sheet.set(i + k, syllable, "override")


def _apply_pins(sheet: _Sheet, pins: Sequence[tuple[int, list[str]]]) -> None:
    for start, syllables in pins:
        for k, syllable in enumerate(syllables):
            i = start + k
            if 0 <= i < len(sheet.hans) and sheet.open(i) and syllable:
                sheet.set(i, normalise_syllable(syllable), "glossary")


# A dictionary reading the context model contradicts with at least this confidence is reopened:
# dictionaries list one reading per word, while names and literary uses in real text differ.
# A word both package dictionaries agree on is not moved by the model (on CPP, where it disagrees
# with near certainty, its labels are as often wrong: 黄陂 bēi, 封禅 chán, 划艇 huà).
DEBUG = False
MODEL_OVER_PHRASE = {1: 0.995, 2: 2.0}  # 2.0: never
_SENTENCE_END = re.compile(r"[。！？；!?;…\n]+[”’」』）)]*")


def _split_open(sheet: _Sheet, units: Sequence[tuple[int, int]]) -> None:
    """Segment the stretches no override or pin decided (into ``sheet.words``), cut at the edges
    of ``units``."""
    layer = sheet.layer
    edges = {edge for unit in units for edge in unit}
    for run in HAN_RUN.finditer(sheet.hans):
        i, end = run.start(), run.end()
        while i < end:
            if layer[i]:
                i += 1
                continue
            j = i + 1
            while j < end and not layer[j] and j not in edges:
                j += 1
            sheet.words.extend(segment(sheet.hans, i, j))
            i = j


def _apply_phrases(sheet: _Sheet) -> None:
    """Dictionary words over the undecided stretches: decide, propose, or narrow the choice."""
    lex = lexicon()
    for start, stop in sheet.words:
        if stop - start > 1:
            _word(sheet, lex, start, stop)


def _word(sheet: _Sheet, lex, start: int, end: int) -> None:
    actions = _ACTIONS.get(sheet.hans[start:end])
    if actions is None:
        actions = _ACTIONS[sheet.hans[start:end]] = tuple(_word_actions(lex, sheet.hans[start:end]))
    for k, kind, value, support in actions:
        i = start + k
        if kind == "set":
            sheet.set(i, value, "phrase")
        elif kind == "propose":
            sheet.proposal[i] = value
            sheet.support[i] = support
        else:
            sheet.candidates[i] = list(value)


_ACTIONS: dict[str, tuple] = {}  # word → what the dictionaries say of it (depends on the word only)


def _word_actions(lex, word: str, offset: int = 0):
    """What the dictionaries say of each character of a word: (offset, "set", syllable, 0) to
    decide it, (offset, "propose", syllable, support) for the model to confirm, or
    (offset, "choose", candidates, 0) to narrow the model's choice."""
    entries = lex.entries(word)
    if not entries:
        # a word only jieba knows (代省长): the pinyin dictionaries' words inside it still count
        k, end = 0, len(word)
        while k < end:
            for size in range(end - k - 1 if k == 0 else end - k, 1, -1):
                if lex.is_word(word[k : k + size]):
                    yield from _word_actions(lex, word[k : k + size], offset + k)
                    k += size
                    break
            else:
                k += 1
        return
    if entries[0][0] == "own":
        for k, (syllable,) in enumerate(entries[0][1]):
            yield offset + k, "set", syllable, 0
        return
    for k, char in enumerate(word):
        # readings every source allows (重点: pypinyin zhòng, CC-CEDICT zhòng or chóng → zhòng);
        # when the sources contradict each other, all their readings stay open
        options = [chars[k] for _, chars in entries if chars[k]]
        if not options:
            continue
        candidates = [o for o in options[0] if all(o in other for other in options[1:])]
        if not candidates:
            candidates = list(dict.fromkeys(o for opts in options for o in opts))
        if len(candidates) == 1:
            if len(lex.readings(char)) <= 1 or not is_polyphone(char):
                yield offset + k, "set", candidates[0], 0
            else:
                support = sum(1 for _, chars in entries if candidates[0] in chars[k])
                if lex.light_base(word, k) == split_tone(candidates[0])[0]:
                    support += 1
                yield offset + k, "propose", candidates[0], support
        else:
            yield offset + k, "choose", tuple(candidates), 0


def is_polyphone(char: str) -> bool:
    from .readings_model import context_model

    return context_model().is_polyphone(char)


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.end()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _apply_model(sheets: list[_Sheet]) -> None:
    """One batched model run over every open polyphone and every proposal of all sheets."""
    from .readings_model import context_model

    lex = lexicon()
    model = context_model()
    polyphones = model.polyphones
    requests, where = [], []
    for sheet in sheets:
        for start, end in _sentences(sheet.hans):
            hans, han, layer, support = sheet.hans, sheet.han, sheet.layer, sheet.support
            positions = [
                i
                for i in range(start, end)
                if han[i] and not layer[i] and hans[i] in polyphones and len(lex.readings(hans[i])) > 1
                and MODEL_OVER_PHRASE[min(support.get(i, 1), 2)] <= 1  # else no answer could move it
            ]
            if positions:
                requests.append((sheet.hans[start:end], [i - start for i in positions]))
                where.append((sheet, positions))
    if not requests:
        return
    for (sheet, positions), logits in zip(where, model.logits(requests)):
        for i, vector in zip(positions, logits):
            char = sheet.hans[i]
            candidates = sheet.candidates.get(i) or list(lex.readings(char))
            choice = model.choose(vector, candidates)
            proposal = sheet.proposal.get(i)
            if proposal is not None:
                threshold = MODEL_OVER_PHRASE[min(sheet.support.get(i, 1), 2)]
                if DEBUG and choice and choice[0] != proposal:
                    print("model vs phrase", sheet.hans, i, proposal, choice)
                if choice and choice[0] != proposal and choice[1] >= threshold:
                    sheet.set(i, choice[0], "model")
                    sheet.confidence[i] = choice[1]
                else:
                    sheet.set(i, proposal, "phrase")
            elif choice:
                sheet.set(i, choice[0], "model")
                sheet.confidence[i] = choice[1]


def _apply_defaults(sheet: _Sheet) -> None:
    lex = lexicon()
    hans, proposal, candidates = sheet.hans, sheet.proposal, sheet.candidates
    for i in [i for i, (han, layer) in enumerate(zip(sheet.han, sheet.layer)) if han and not layer]:
        if i in proposal:
            sheet.set(i, proposal[i], "phrase")
        elif i in candidates:
            sheet.set(i, candidates[i][0], "phrase")
        else:
            options = lex.readings(hans[i])
            if options:
                sheet.set(i, options[0], "default")


def _constant_readings():
    from .readings import Reading

    return Reading(None, "default"), Reading(None, "")


_UNREAD, _NOT_HAN = None, None


def decide_many(
    originals: list[str],
    hans_texts: list[str],
    article: dict[str, list[str]],
    site: dict[str, list[str]],
    pins: list[Sequence[tuple[int, list[str]]]],
    units: list[Sequence[tuple[int, int]]],
):
    from .readings_grammar import apply_grammar

    global _UNREAD, _NOT_HAN
    _RECENT.clear()
    if _UNREAD is None:
        _UNREAD, _NOT_HAN = _constant_readings()
    lex = lexicon()
    sheets = []
    for original, hans, pin, spans in zip(originals, hans_texts, pins, units):
        sheet = _Sheet(original, hans)
        _apply_overrides(sheet, article, site)
        _apply_pins(sheet, pin)
        _split_open(sheet, spans)
        sheets.append(sheet)
    lex.prefetch(s.hans[a:b] for s in sheets for a, b in s.words if b - a > 1 and s.hans[a:b] not in _ACTIONS)
    for sheet in sheets:
        _apply_phrases(sheet)
        apply_grammar(sheet)
    _apply_model(sheets)
    results = []
    for sheet in sheets:
        _apply_defaults(sheet)
        out = []
        for char, syllable, layer, han, confidence in zip(
            sheet.hans, sheet.syllable, sheet.layer, sheet.han, _confidences(sheet)
        ):
            if syllable is None:
                out.append(_UNREAD if han else _NOT_HAN)
            elif confidence is None:
                reading = _READINGS.get((char, syllable, layer))
                if reading is None:
                    reading = _READINGS[char, syllable, layer] = _reading(lex, char, syllable, layer, None)
                out.append(reading)
            else:
                out.append(_reading(lex, char, syllable, layer, confidence))
        results.append(out)
    return results


def _confidences(sheet: _Sheet):
    if not sheet.confidence:
        return [None] * len(sheet.hans)
    return [sheet.confidence.get(i) for i in range(len(sheet.hans))]


def _reading(lex, char: str, syllable: str, layer: str, confidence: float | None):
    from .readings import Reading

    alternatives = tuple(s for s in lex.choices(char) if s != syllable)
    return Reading(Syllable(syllable, char), layer, alternatives, confidence, sys.intern(str(syllable)))


_READINGS: dict[tuple[str, str, str], object] = {}  # Readings are immutable: one per (char, syllable, layer)
