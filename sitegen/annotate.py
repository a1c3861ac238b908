"""Annotate stage: `Article` → `AnnotatedArticle`.

Per block: both script forms → glossary terms → words (terms kept whole) → readings → tokens;
then the directives of the whole article.
"""

from __future__ import annotations

import sys
from dataclasses import replace

from .directives import find_directives, language as directive_language
from .glossary import Glossary, find_terms
from .model import AnnotatedArticle, AnnotatedBlock, AnnotatedTerm, Article, Block, Run, Token
from .readings import Reader, apply_sandhi, load_in_advance as load_readings, review as review_readings
from .script import HAN_RUN, Fixes, detect_script, load_converters, to_hans, to_hant
from .words import segment


class Annotator:
    """Holds what every article shares: glossary, readings, conversion fixes, options."""

    def __init__(self, glossary: Glossary, reader: Reader, fixes: Fixes, tone_sandhi: bool = False):
        self.glossary = glossary
        self.reader = reader
        self.fixes = fixes
        self.tone_sandhi = tone_sandhi
        self.has_read = False  # whether it has read a text (and so loaded what reading needs)

    def prepare(self, articles: list[Article]) -> None:
        """Get ready to annotate these articles (for many, the dictionaries load whole)."""
        self.reader.prepare([b.text for a in articles for b in a.blocks])

    def annotate(self, article: Article, earlier: AnnotatedArticle | None = None) -> AnnotatedArticle:
        """`earlier`: what this annotator made of an earlier version of the article; its blocks
        whose text and formatting did not change are reused instead of read again."""
        title_block = Block("title", [Run(article.title)], article.title_line)
        blocks = [title_block] + article.blocks
        signatures = [block_signature(b) for b in blocks]
        known = earlier.read if earlier and earlier.article.pinyin_overrides == article.pinyin_overrides else {}
        todo = [(b, s) for b, s in zip(blocks, signatures) if s not in known]
        made = dict(zip((s for _, s in todo), zip(*self.read_blocks([b for b, _ in todo], article.pinyin_overrides))))
        read = {s: known.get(s) or made[s] for s in signatures}
        tokens = [read[s][0] for s in signatures]
        review = [(b.line, *item) for b, s in zip(blocks, signatures) for item in read[s][1]]
        # (the blocks just read are still in the converter's cache)
        script = article.meta.get("script") or detect_script(*(b.text for b in blocks))
        annotated = [
            AnnotatedBlock(b.kind, b.level, b.line, f"p{n}", t)
            for n, (b, t) in enumerate(zip(article.blocks, tokens[1:]), 1)
        ]
        texts = [b.text if b.kind != "code" else "" for b in article.blocks]
        marks = {i: b.marks for i, b in enumerate(article.blocks) if b.marks}
        directives = find_directives(texts, speakers=article.speakers, marks=marks)
        for number, directive in enumerate(directives):
            block = annotated[directive.block]
            block.tokens = mark_directive(block.tokens, directive.start, directive.end, number)
            directive.terms = list(dict.fromkeys(t.term for t in block.tokens if t.directive == number and t.term))
        return AnnotatedArticle(
            article=article,
            script=script,
            title=tokens[0],
            blocks=annotated,
            char_count=sum(len(run) for b in article.blocks for run in HAN_RUN.findall(b.text)),
            directives=directives,
            review=review,
            read=read,
        )

    def annotate_glossary(self) -> list[AnnotatedTerm]:
        """Every glossary entry's term and expansions, with readings; sorted by pinyin."""
        terms = []
        for entry in self.glossary.entries.values():
            blocks = [Block("term", [Run(text)], entry.line) for text in [entry.key, *entry.expands]]
            tokens, _ = self.annotate_texts(blocks, {})
            syllables = [p for t in tokens[0] for p in t.pinyin if p]
            terms.append(AnnotatedTerm(entry, tokens[0], tokens[1:], toneless(" ".join(syllables))))
        return sorted(terms, key=lambda t: (t.sort_key, t.entry.key))

    def annotate_texts(self, blocks: list[Block], overrides: dict[str, list[str]]):
        """Tokens for each block, and the weakly decided readings to review."""
        tokens, reviews = self.read_blocks(blocks, overrides)
        return tokens, [(b.line, *item) for b, items in zip(blocks, reviews) for item in items]

    def read_blocks(self, blocks: list[Block], overrides: dict[str, list[str]]):
        """Tokens for each block, and for each block its weakly decided readings to review:
        (word, chosen, alternatives)."""
        texts = [b.text for b in blocks]
        self.has_read = self.has_read or bool(texts)
        matches = [find_terms(self.glossary, t) for t in texts]
        pinned = [
            [(m.start, self.glossary.entries[m.key].pinyin) for m in ms if self.glossary.entries[m.key].pinyin]
            for ms in matches
        ]
        units = [[(m.start, m.end) for m in ms] for ms in matches]
        readings = self.reader.read_many(texts, overrides=overrides, pinned=pinned, units=units)
        all_tokens, reviews = [], []
        for block, text, block_matches, block_units, block_readings in zip(blocks, texts, matches, units, readings):
            hans, hant = to_hans(text, self.fixes), to_hant(text, self.fixes)
            words = segment(hans, block_units)
            # plain, interned strings: small to cache (pickle shares repeated objects), fast to load
            if self.tone_sandhi:
                spoken = apply_sandhi([r.syllable for r in block_readings], words)
                syllables = tuple(None if s is None else sys.intern(str(s)) for s in spoken)
            else:
                syllables = tuple(r.plain if r.plain is not None or r.syllable is None else sys.intern(str(r.syllable))
                                  for r in block_readings)
            term_of = terms_by_offset(block_matches, len(text))
            tokens = []
            single = block.runs[0] if len(block.runs) == 1 else None  # the usual plain paragraph
            for start, end in words if single else split_at_runs(words, block.runs):
                run = single or run_at(block.runs, start)
                term = term_of[start]
                tokens.append(
                    Token(
                        text=text[start:end],
                        hans=hans[start:end],
                        hant=hant[start:end],
                        pinyin=syllables[start:end],
                        term=term if term is not None and term_of[end - 1] == term else None,
                        marks=run.marks,
                        href=run.href,
                    )
                )
            reviews.append([(item.word, f"{item.char} {item.syllable}", item.alternatives)
                            for item in review_readings(text, block_readings, words)])
            all_tokens.append(tokens)
        return all_tokens, reviews


def load_in_advance() -> None:
    """Load what annotating needs (OpenCC's dictionaries, the word dictionaries, the context
    model, the directive patterns), so that the first article does not wait for it."""
    load_converters()
    load_readings()
    directive_language()


def mark_directive(tokens: list[Token], start: int, end: int, number: int) -> list[Token]:
    """Tokens with those inside [start, end) marked as directive `number` (split at its edges)."""
    out, position = [], 0
    for index, token in enumerate(tokens):
        token_start, token_end = position, position + len(token.text)
        position = token_end
        if token_end <= start:  # before the directive: as it was
            out.append(token)
            continue
        if token_start >= end:  # after it: the rest as it was
            out.extend(tokens[index:])
            break
        cuts = [c - token_start for c in (start, end) if token_start < c < token_end]
        if not cuts:  # the usual case: directives begin and end between words
            # a marked copy: the unmarked token stays as it was read, for reuse (AnnotatedArticle.read)
            out.append(marked(token, number) if start <= token_start < end else token)
            continue
        last, piece_start = 0, token_start
        for cut in cuts + [len(token.text)]:
            piece = replace(token, text=token.text[last:cut], hans=token.hans[last:cut],
                            hant=token.hant[last:cut], pinyin=token.pinyin[last:cut])
            if start <= piece_start < end:
                piece.directive = number
            piece_start += cut - last
            last = cut
            out.append(piece)
    return out


def marked(token: Token, number: int) -> Token:
    """A copy of token inside directive `number` (dataclasses.replace takes five times as long)."""
    return Token(token.text, token.hans, token.hant, token.pinyin, token.term, token.marks, token.href, number)


def block_signature(block: Block) -> tuple:
    """What a block's reading depends on besides the language data: its kind, text and formatting."""
    return block.kind, tuple((run.text, run.marks, run.href) for run in block.runs)


def toneless(pinyin: str) -> str:
    """zhòng yào → zhong yao (ü kept apart from u as v), for sorting."""
    import unicodedata

    plain = unicodedata.normalize("NFD", pinyin.replace("ü", "v").replace("ǖ", "v").replace("ǘ", "v")
                                  .replace("ǚ", "v").replace("ǜ", "v"))
    return "".join(c for c in plain if not unicodedata.combining(c))


def split_at_runs(words: list[tuple[int, int]], runs: list[Run]) -> list[tuple[int, int]]:
    """Word spans cut where the formatting changes (a word half in bold becomes two tokens)."""
    cuts, position = set(), 0
    for run in runs:
        position += len(run.text)
        cuts.add(position)
    spans = []
    for start, end in words:
        for cut in sorted(c for c in cuts if start < c < end):
            spans.append((start, cut))
            start = cut
        spans.append((start, end))
    return spans


def run_at(runs: list[Run], offset: int) -> Run:
    position = 0
    for run in runs:
        position += len(run.text)
        if offset < position:
            return run
    return runs[-1]


def terms_by_offset(matches, length: int) -> list[str | None]:
    """The glossary key at each offset of a text (None outside terms). A token belongs to a term
    when it lies inside it: a whole term, or a piece of one cut by formatting."""
    term_of: list[str | None] = [None] * length
    for m in matches:
        term_of[m.start : m.end] = [m.key] * (m.end - m.start)
    return term_of
