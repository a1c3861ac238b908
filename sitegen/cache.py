"""The annotation cache: annotated articles kept between builds in `.sitegen-cache/`.

An entry's key is a hash of the article file and of everything else annotation depends on
(sitegen's code and data files, the site's glossary, pinyin overrides, conversion fixes and the
options), so an entry is never stale: when anything changes, the keys change. Entries are written
to a temporary file and renamed into place, and one that cannot be read is treated as missing,
so an interrupted build or a damaged file costs a re-annotation, never a wrong page.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

FOLDER = ".sitegen-cache"
FORMAT = b"sitegen-cache-1"
PAGE = ".html"  # name suffix of a cached page, kept as a file of its own (the site links it)


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of sitegen's own code and language data: a new version invalidates every entry."""
    package = Path(__file__).parent
    digest = hashlib.sha256(FORMAT)
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".yaml", ".txt", ".json", ".tsv"):
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def fingerprint(*parts: bytes | str) -> str:
    digest = hashlib.sha256(code_fingerprint().encode())
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


class Cache:
    """Pickled values by key in one folder; `enabled=False` makes every lookup a miss."""

    def __init__(self, folder: Path, enabled: bool = True):
        self.folder = folder
        self.enabled = enabled
        self.used: set[str] = set()
        self.hits = 0

    def get(self, key: str, count: bool = True):
        """The value stored under key, or None; `count` adds a hit to `hits`."""
        self.used.add(key)
        if not self.enabled:
            return None
        try:
            with open(self.folder / key, "rb") as f:
                value = pickle.load(f)
        except FileNotFoundError:
            return None
        except Exception:  # damaged or from an incompatible Python: drop it, annotate again
            (self.folder / key).unlink(missing_ok=True)
            return None
        self.hits += count
        return value

    def put(self, key: str, value) -> None:
        self.used.add(key)
        if not self.enabled:
            return
        self._write(key, lambda f: pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL))

    def _write(self, key: str, write, mode: int | None = None) -> None:
        """Write to a temporary file, then rename it into place: readers never see half an entry."""
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
        try:
            with os.fdopen(handle, "wb") as f:
                write(f)
            if mode is not None:
                os.chmod(temporary, mode)
            os.replace(temporary, self.folder / key)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def put_bytes(self, key: str, data: bytes) -> None:
        """Raw bytes under key (read back with `file`), in a read-only file: the build links it into
        the site, and nothing may change it there."""
        self.used.add(key)
        if self.enabled:
            self._write(key, lambda f: f.write(data), mode=0o444)

    def file(self, key: str) -> Path | None:
        """The path of the bytes stored under key, or None."""
        self.used.add(key)
        path = self.folder / key
        return path if self.enabled and path.is_file() else None

    def prune(self) -> None:
        """Remove entries this build did not use (old versions of edited articles)."""
        if not self.enabled or not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.name not in self.used:
                path.unlink(missing_ok=True)


class SitePages:
    """Site pages kept in the page cache, by a key of what they were made from; one entry lists
    their sizes (a damaged or cut file is made again)."""

    def __init__(self, cache: Cache):
        self.cache, self.index_key = cache, fingerprint("site pages")
        sizes = cache.get(self.index_key, count=False)
        self.sizes: dict[str, int] = sizes if isinstance(sizes, dict) else {}
        self.used: dict[str, int] = {}

    def get(self, key: str) -> Path | None:
        """The file holding the page (the writer links it into the site)."""
        path = self.cache.folder / (key + PAGE)
        try:
            if key in self.sizes and path.stat().st_size == self.sizes[key]:
                self.cache.used.add(key + PAGE)
                self.used[key] = self.sizes[key]
                return path
        except OSError:
            pass
        return None

    def put(self, key: str, data: bytes) -> None:
        self.cache.put_bytes(key + PAGE, data)
        self.used[key] = len(data)

    def save(self) -> None:
        """Keep the sizes of the pages this build used."""
        if self.used != self.sizes:
            self.cache.put(self.index_key, self.used)
        self.cache.used.add(self.index_key)
