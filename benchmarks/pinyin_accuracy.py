"""Accuracy and speed of the reading stage on the shared evaluation data.

    python benchmarks/pinyin_accuracy.py [--limit N] [--errors]

Prints seed-gold accuracy (every Han character of 80 passages of the seed speech), CPP-dev
accuracy (the marked polyphone of each Wikipedia sentence) and sentences per second. The data is
read in place from ``../shared/eval`` (beside the project root); see its README.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
sys.path.insert(0, str(ROOT))

from sitegen.readings import Reader  # noqa: E402
from sitegen.readings_syllables import normalise_syllable  # noqa: E402
from sitegen.script import is_han  # noqa: E402

SEED_TEXT = ROOT.parent / "shared" / "seeds" / "000_a94368abaf671e96.txt"


def load_seed_gold(path: Path = EVAL / "seed-pinyin.tsv") -> list[tuple[str, list[str]]]:
    """(context, syllables) pairs; syllables one per character, punctuation standing for itself."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        context, syllables = line.split("\t")
        out.append((context, syllables.split()))
    return out


def load_cpp(split: str = "dev") -> list[tuple[str, int, str]]:
    """(sentence, index of the marked character, gold syllable tone-marked)."""
    sentences = (EVAL / "cpp" / f"{split}.sent").read_text(encoding="utf-8").splitlines()
    labels = (EVAL / "cpp" / f"{split}.lb").read_text(encoding="utf-8").splitlines()
    out = []
    for sentence, label in zip(sentences, labels):
        index = sentence.index("▁")
        plain = sentence.replace("▁", "")
        out.append((plain, index, normalise_syllable(label.strip())))
    return out


def seed_accuracy(reader: Reader) -> tuple[int, int, list[str]]:
    """(correct, total, error lines) over every Han character of the seed gold.

    Each context is read as the page reads it: inside its whole paragraph of the seed article
    (a line of the text file), then the context's characters are compared.
    """
    gold = load_seed_gold()
    paragraphs = SEED_TEXT.read_text(encoding="utf-8").splitlines()
    where = []
    for context, _ in gold:
        found = [(n, p.index(context)) for n, p in enumerate(paragraphs) if context in p]
        where.append(found[0] if found else None)
    needed = sorted({w[0] for w in where if w})
    read = dict(zip(needed, reader.read_many([paragraphs[n] for n in needed])))
    correct = total = 0
    errors = []
    for (context, syllables), place in zip(gold, where):
        if place is None:  # the seed text is not beside the eval data: read the context alone
            readings = reader.read(context)
        else:
            n, offset = place
            readings = read[n][offset : offset + len(context)]
        han = [(c, r) for c, r in zip(context, readings) if is_han(c)]
        expected = [s for c, s in zip(context, syllables) if is_han(c)] if len(syllables) == len(context) else syllables
        for (char, reading), want in zip(han, expected):
            total += 1
            if reading.syllable == normalise_syllable(want):
                correct += 1
            else:
                errors.append(f"{context}: {char} got {reading.syllable} ({reading.layer}) want {want}")
    return correct, total, errors


def cpp_accuracy(reader: Reader, limit: int | None = None, batch: int = 256):
    """(correct, total, seconds, error lines) for the marked characters of CPP dev."""
    data = load_cpp("dev")[:limit]
    correct = 0
    errors = []
    start = time.perf_counter()
    reader.prepare([s for s, _, _ in data])
    for b in range(0, len(data), batch):
        chunk = data[b : b + batch]
        results = reader.read_many([s for s, _, _ in chunk])
        for (sentence, index, want), readings in zip(chunk, results):
            got = readings[index]
            if got.syllable == want:
                correct += 1
            else:
                errors.append(f"{sentence[:index]}[{sentence[index]}]{sentence[index + 1:]}\tgot {got.syllable} ({got.layer}) want {want}")
    seconds = time.perf_counter() - start
    return correct, len(data), seconds, errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N CPP sentences")
    parser.add_argument("--errors", action="store_true", help="print every wrong reading")
    args = parser.parse_args(argv)
    reader = Reader()
    t0 = time.perf_counter()
    correct, total, errors = seed_accuracy(reader)
    print(f"seed gold: {correct}/{total} = {100 * correct / total:.2f}%  (first call, loads: {time.perf_counter() - t0:.1f}s)")
    if args.errors:
        print("\n".join("  " + e for e in errors))
    correct, total, seconds, errors = cpp_accuracy(Reader(), args.limit)
    print(f"CPP dev: {correct}/{total} = {100 * correct / total:.2f}%")
    print(f"speed: {total / seconds:.0f} sentences/s ({seconds:.1f}s for {total})")
    if args.errors:
        print("\n".join("  " + e for e in errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
