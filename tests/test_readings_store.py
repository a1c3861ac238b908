"""The compiled dictionaries: the same data as the packages, the same answers loaded whole or word
by word, safe across fork, and a home for the file when the user's cache folder is not writable."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from sitegen import readings_store
from sitegen.readings_lexicon import Lexicon
from sitegen.readings_store import MISSING, PREFIX, store

from .conftest import ROOT

SEED = (ROOT / "seeds" / "000_a94368abaf671e96.txt").read_text(encoding="utf-8")


def test_store_holds_the_packages_readings():
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT
    from pypinyin_dict.phrase_pinyin_data import cc_cedict as cedict_phrases
    from pypinyin_dict.pinyin_data import cc_cedict as cedict_chars

    for word in ("重要", "银行", "行长", "长城"):
        _, pypinyin, cedict = store().word(word)
        assert pypinyin == "|".join(",".join(o) for o in PHRASES_DICT[word])
        assert cedict == "|".join(",".join(o) for o in cedict_phrases.phrases_dict[word])
    for char in "重行长的了":
        assert store().char(char) == (PINYIN_DICT.get(ord(char), ""), cedict_chars.pinyin_dict.get(ord(char), ""))


def test_store_counts_are_jiebas():
    import jieba

    counts = {}
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as f:
        for line in f:
            word, count, *_ = line.split()
            if word in ("中国", "发展", "高质量", "工业"):
                counts[word] = int(count)
    assert len(counts) == 4
    assert {w: store().count(w) for w in counts} == counts
    assert store().count("中华人民共") == 0  # only the beginning of longer words
    assert store().count("质高量") is None


@settings(max_examples=40, deadline=None)
@given(st.integers(0, len(SEED) - 60), st.integers(5, 60))
def test_loaded_buckets_answer_as_single_lookups(start, size):
    """The segmenter's view of every stretch of the seed is the same whether its words were loaded
    whole (large builds) or looked up one at a time."""
    from sitegen.script import to_hans

    text = to_hans(SEED[start : start + size])
    lazy, bulk = Lexicon(), Lexicon()
    bulk.load_words_starting(set(text))
    for i in range(len(text)):
        for j in range(i + 1, min(i + 8, len(text)) + 1):
            word = text[i:j]
            loaded = bulk.log_probs.get(word, MISSING)
            if loaded is MISSING:
                loaded = bulk.log_prob(word)
            assert loaded == lazy.log_prob(word), word


def test_own_words_win_in_both_modes():
    own = next(iter(Lexicon().own))
    lazy, bulk = Lexicon(), Lexicon()
    bulk.load_words_starting(own[0])
    assert lazy.log_prob(own) == bulk.log_probs[own] < 0
    if len(own) > 2:
        assert bulk.log_probs[own[:2]] in (PREFIX,) or bulk.log_probs[own[:2]] < 0


def _count_in_child(word, queue):
    queue.put(store().count(word))


def test_store_works_after_fork():
    store().count("中国")  # the parent's connection is open
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_count_in_child, args=("发展", queue))
    child.start()
    child.join(30)
    assert queue.get(timeout=5) == store().count("发展")


def test_unwritable_cache_folder_falls_back_to_a_temporary_one(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("SITEGEN_CACHE_DIR", str(blocker / "sitegen"))
    monkeypatch.setattr(readings_store.tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    made = []
    monkeypatch.setattr(readings_store, "compile_store", lambda path: made.append(path) or path.write_bytes(b""))
    path = readings_store.ensure_store()
    assert made == [path] and path.parent.parent == tmp_path / "tmp"


def test_cache_folder_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("SITEGEN_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert readings_store.cache_folder() == tmp_path / "sitegen"
    monkeypatch.setenv("SITEGEN_CACHE_DIR", str(tmp_path / "mine"))
    assert readings_store.cache_folder() == tmp_path / "mine"


@pytest.mark.parametrize("text", ["重要", "银行行长", "中华人民共和国国务院"])
def test_prefetched_and_single_entries_agree(text):
    fresh = readings_store.Store(store().path)
    fresh.prefetch([text[i:j] for i in range(len(text)) for j in range(i + 2, len(text) + 1)])
    single = readings_store.Store(store().path)
    for i in range(len(text)):
        for j in range(i + 2, len(text) + 1):
            assert fresh.word(text[i:j]) == single.word(text[i:j])


def test_installed_versions_are_those_the_package_metadata_gives():
    from importlib.metadata import version

    from sitegen.readings_store import SOURCES, installed_version

    assert [installed_version(name) for name in SOURCES] == [version(name) for name in SOURCES]
    assert installed_version("no-such-package-here") == "?"
