"""The package dictionaries compiled once into one SQLite file, looked up lazily.

The readings layers need jieba's word frequencies, pypinyin's and CC-CEDICT's phrase readings and
both packages' character readings: about 700,000 entries. Loading them as Python objects costs
over a second in every process, which a build that re-annotates one edited article would pay for a
few thousand look-ups. So the first use on a machine compiles them into
``~/.cache/sitegen/dictionaries-<key>.sqlite`` (like jieba's own cache of its dictionary), and
every process after that opens the file and looks up only the words its text contains, keeping
what it looked up in memory.

The key hashes the versions of the packages the data comes from, so upgrading one of them makes a
new file. The file is written to a temporary name and renamed into place, so a process that is
interrupted, or two that build it at once, never leave a half-written file behind.
"""

from __future__ import annotations

import hashlib
import marshal
import math
import os
import sqlite3
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

FORMAT = "sitegen-dictionaries-2"
RARE = 3  # the count a word only the pinyin dictionaries list gets (jieba's rarest words have 1–3)
SOURCES = ("jieba", "pypinyin", "pypinyin-dict")
MISSING = object()
PREFIX = 1.0  # the log-probability given a mere prefix (a real one is never positive)
MAX_WORD = 8  # the longest word the segmenter tries


def cache_folder() -> Path:
    """$SITEGEN_CACHE_DIR, else $XDG_CACHE_HOME/sitegen, else ~/.cache/sitegen."""
    if os.environ.get("SITEGEN_CACHE_DIR"):
        return Path(os.environ["SITEGEN_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "sitegen"


def store_key() -> str:
    parts = [FORMAT, f"python={sys.version_info[0]}.{sys.version_info[1]}"]  # (marshal inside)
    parts += [f"{name}={installed_version(name)}" for name in SOURCES]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def installed_version(name: str) -> str:
    """A package's version, "?" if it is not installed. Read off the name of its .dist-info folder
    beside it when there is one: importing importlib.metadata alone costs more."""
    import importlib.util

    module = name.replace("-", "_")
    spec = importlib.util.find_spec(module)
    if spec is None:
        return "?"
    if spec.origin:
        folder = os.path.dirname(os.path.dirname(spec.origin))
        for entry in os.listdir(folder):
            if entry.startswith(f"{module}-") and entry.endswith(".dist-info"):
                return entry[len(module) + 1 : -len(".dist-info")]
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "?"


class Store:
    """Read-only look-ups in the compiled dictionaries, memoised per process.

    Safe across ``fork``: a child process opens its own connection on first use.
    """

    def __init__(self, path: Path | None = None):
        self.path = path or ensure_store()
        self._pid = -1
        self._db: sqlite3.Connection | None = None
        self._words: dict[str, tuple] = {}
        self._chars: dict[str, tuple[str, str]] = {}
        self.log_total = math.log(float(self._query("SELECT value FROM meta WHERE name = 'total'")[0]))
        self.bases = frozenset(self._query("SELECT value FROM meta WHERE name = 'bases'")[0].split())

    def _connection(self) -> sqlite3.Connection:
        if self._pid != os.getpid():  # a connection must not cross a fork: each process opens its own
            self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._pid = os.getpid()
        return self._db

    def _query(self, sql: str, *args):
        return self._connection().execute(sql, args).fetchone()

    def word(self, word: str) -> tuple[int | None, str | None, str | None]:
        """(count, pypinyin reading, CC-CEDICT reading) of a word; count 0 for a mere prefix of a
        longer word, None when neither the word nor a longer word begins so."""
        found = self._words.get(word, MISSING)
        if found is MISSING:
            row = self._query("SELECT count, pypinyin, cedict FROM words WHERE word = ?", word)
            found = self._words[word] = row if row is not None else (None, None, None)
        return found

    def prefetch(self, words) -> None:
        """Look up many words at once (one query per few hundred words, not one each)."""
        todo = list({w for w in words if w not in self._words})
        for word, *row in self._rows_where_in("SELECT word, count, pypinyin, cedict FROM words WHERE word", todo):
            self._words[word] = tuple(row)
        for word in todo:
            self._words.setdefault(word, (None, None, None))

    def _rows_where_in(self, select: str, values: list):
        """The rows of `select` + " IN (values)", asked a few hundred values at a time."""
        for start in range(0, len(values), 500):
            chunk = values[start : start + 500]
            yield from self._connection().execute(f"{select} IN ({','.join('?' * len(chunk))})", chunk)

    def count(self, word: str) -> int | None:
        return self.word(word)[0]

    def log_probs_starting(self, chars, out: dict[str, float]) -> None:
        """Put into `out` the log-probability (``PREFIX`` for a mere prefix) of every word and
        prefix that begins with one of `chars`: for a large build, cheaper than one look-up at a time."""
        for (data,) in self._rows_where_in("SELECT data FROM buckets WHERE char", sorted(set(chars))):
            out.update(marshal.loads(data))

    def prefetch_chars(self, chars) -> None:
        """Look up many characters at once."""
        todo = [c for c in set(chars) if c not in self._chars]
        for code, *row in self._rows_where_in("SELECT code, pypinyin, cedict FROM chars WHERE code", [ord(c) for c in todo]):
            self._chars[chr(code)] = tuple(row)
        for char in todo:
            self._chars.setdefault(char, ("", ""))

    def char(self, char: str) -> tuple[str, str]:
        """(pypinyin's readings, CC-CEDICT's readings) of a character, comma-separated."""
        found = self._chars.get(char)
        if found is None:
            row = self._query("SELECT pypinyin, cedict FROM chars WHERE code = ?", ord(char))
            found = self._chars[char] = row if row is not None else ("", "")
        return found


@lru_cache(maxsize=1)
def store() -> Store:
    """The store every reading in this process shares."""
    return Store()


def ensure_store() -> Path:
    """The compiled file for the installed packages, made first if needed."""
    folder = cache_folder()
    path = folder / f"dictionaries-{store_key()}.sqlite"
    if path.exists():
        return path
    try:
        folder.mkdir(parents=True, exist_ok=True)
        compile_store(path)
    except OSError:  # no writable home (a locked-down CI user): a private temporary folder
        folder = Path(tempfile.gettempdir()) / f"sitegen-{os.getuid() if hasattr(os, 'getuid') else 'user'}"
        path = folder / path.name
        if not path.exists():
            folder.mkdir(parents=True, exist_ok=True)
            compile_store(path)
    return path


def _joined(readings: list[list[str]]) -> str:
    """[['zhòng'], ['yào', 'yāo']] → 'zhòng|yào,yāo'."""
    return "|".join(",".join(options) for options in readings)


def compile_store(path: Path) -> None:
    """Read the packages' dictionaries and write them to `path` (atomically)."""
    import logging

    import jieba
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT
    from pypinyin_dict.phrase_pinyin_data import cc_cedict as cedict_phrases
    from pypinyin_dict.pinyin_data import cc_cedict as cedict_chars

    from .readings_syllables import all_bases

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()  # private: jieba's global state is untouched
    tokenizer.check_initialized()
    counts: dict[str, int] = dict(tokenizer.FREQ)
    readings: dict[str, list] = {}
    for column, table in ((1, PHRASES_DICT), (2, cedict_phrases.phrases_dict)):
        for word, entry in table.items():
            readings.setdefault(word, [None, None])[column - 1] = _joined(entry)
            if not counts.get(word):
                counts[word] = RARE
                for size in range(1, len(word)):
                    counts.setdefault(word[:size], 0)
    codes = set(PINYIN_DICT) | set(cedict_chars.pinyin_dict)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".sqlite")
    os.close(handle)
    try:
        db = sqlite3.connect(temporary)
        db.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT)")
        db.execute("CREATE TABLE words (word TEXT PRIMARY KEY, count INTEGER, pypinyin TEXT, cedict TEXT) WITHOUT ROWID")
        db.execute("CREATE TABLE chars (code INTEGER PRIMARY KEY, pypinyin TEXT, cedict TEXT)")
        db.execute("CREATE TABLE buckets (char TEXT PRIMARY KEY, data BLOB)")  # first character → its words
        db.executemany("INSERT INTO meta VALUES (?, ?)",
                       [("total", repr(tokenizer.total)), ("bases", " ".join(sorted(all_bases(PINYIN_DICT))))])
        db.executemany("INSERT INTO words VALUES (?, ?, ?, ?)",
                       ((w, c, *readings.get(w, (None, None))) for w, c in counts.items()))
        db.executemany("INSERT INTO chars VALUES (?, ?, ?)",
                       ((code, PINYIN_DICT.get(code, ""), cedict_chars.pinyin_dict.get(code, "")) for code in codes))
        log_total = math.log(tokenizer.total)
        buckets: dict[str, dict[str, float]] = {}
        for word, count in counts.items():
            if len(word) <= MAX_WORD:
                buckets.setdefault(word[0], {})[word] = math.log(count) - log_total if count else PREFIX
        db.executemany("INSERT INTO buckets VALUES (?, ?)", ((c, marshal.dumps(b)) for c, b in buckets.items()))
        db.commit()
        db.close()
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
