"""Write stage: the site's files go to a temporary folder that replaces the output folder only
when the whole build succeeded, so a failed build leaves the last good site as it was."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .errors import SitegenError
from .model import ArticleOutput

MARKER = ".sitegen-output"  # marks a folder sitegen made, so it may replace it


def check_output_folder(root: Path, output: Path, force: bool) -> None:
    """Refuse to replace the project, its sources, or a folder sitegen did not make."""
    protected = [root, root / "content", root / "templates"]
    for folder in protected:
        if output == folder or folder.is_relative_to(output):
            raise SitegenError(output, None, f"refusing to write the site over {folder}: choose another --output")
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).exists() and not force:
        raise SitegenError(output, None, "the output folder is not empty and was not made by sitegen (use --force to replace it)")


def page_path(output: ArticleOutput) -> str:
    return f"articles/{output.slug}/index.html"


def write_file(path: Path, data: bytes) -> None:
    """A new file at path: one already there may be a link to a cached page, which must not change."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    path.write_bytes(data)


class SiteWriter:
    """Writes pages into a temporary folder beside the output folder as they are made, and swaps
    it in only when the whole build succeeded (`commit`); `abort` leaves the old site untouched.

    With `spare` (a folder in the cache), the site replaced by a commit is kept there, and the
    next build starts from it: files that did not change stay, and only the rest are written,
    linked or removed (a library's site has a folder per article, and making and removing
    hundreds of folders costs more than an edited article)."""

    def __init__(self, output: Path, spare: Path | None = None):
        self.output, self.spare = output, spare
        output.parent.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix=f".{output.name}-", dir=output.parent))
        self.count = 0
        self.present: set[str] = set()  # files the folder had when it was taken from `spare`
        self.made: set[str] = set()
        if spare is not None and (spare / MARKER).is_file():
            try:
                os.rename(spare, self.folder)  # onto the empty folder just made
            except OSError:  # another file system, or another build took it
                return
            self.present = {os.path.relpath(os.path.join(top, name), self.folder)
                            for top, _, names in os.walk(self.folder) for name in names}

    def write(self, relative: str, data: bytes | Path) -> None:
        """`data`: the file's bytes, or a file holding them (see `copy`)."""
        if isinstance(data, Path):
            return self.copy(data, relative)
        write_file(self.folder / relative, data)
        self.added(relative)

    def copy(self, source: Path, relative: str) -> None:
        """A file made before (a cached page): hard-linked (the cache keeps its pages read-only, so
        nothing can change them through the site), or copied where links cannot be made."""
        path = self.folder / relative
        if relative in self.present:
            try:
                if os.path.samefile(source, path):
                    return self.added(relative)
            except OSError:
                pass
            path.unlink(missing_ok=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, path)
        except OSError:  # another file system, or one without links
            shutil.copyfile(source, path)
        self.added(relative)

    def added(self, relative: str) -> None:
        """A file is in place (also when another process wrote it)."""
        self.made.add(relative)
        self.count += 1

    def commit(self, marker: str) -> None:
        for relative in self.present - self.made - {MARKER}:  # left from the site this folder had
            path = self.folder / relative
            path.unlink(missing_ok=True)
            for folder in path.parents:
                if folder == self.folder or any(folder.iterdir()):
                    break
                folder.rmdir()
        (self.folder / MARKER).write_text(marker or "{}", encoding="utf-8")  # also marks a folder sitegen made
        os.chmod(self.folder, 0o755)
        old = None
        if self.output.exists():
            old = self.output.parent / f".{self.output.name}-old-{os.getpid()}"
            self.output.rename(old)
        self.folder.rename(self.output)
        if old is not None:
            self.keep_or_remove(old)

    def abort(self) -> None:
        self.keep_or_remove(self.folder)

    def keep_or_remove(self, folder: Path) -> None:
        """Keep a site folder as the next build's starting point, or remove it."""
        if self.spare is not None and (folder / MARKER).is_file():
            try:
                self.spare.parent.mkdir(parents=True, exist_ok=True)
                os.rename(folder, self.spare)
                return
            except OSError:
                pass
        shutil.rmtree(folder, ignore_errors=True)
