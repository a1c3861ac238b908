"""Errors that name the user's file and line.

The CLI prints each as ``path:line: message`` and exits 1; no traceback reaches the user.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


def line_starting(text: str, prefix: str) -> int | None:
    """The 1-based number of the first line that starts (after indentation) with prefix: where a
    key or word of a data file is, for an error or warning that names the line."""
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith(prefix):
            return number
    return None


class SitegenError(Exception):
    """A problem in the user's input, located in a file (and a line when known)."""

    def __init__(self, path: str | Path | None, line: int | None, message: str):
        super().__init__(message)
        self.path = str(path) if path is not None else None
        self.line = line
        self.message = message

    def __reduce__(self):  # raised in a worker process, it travels to the main one pickled
        return type(self), (self.path, self.line, self.message)

    def __str__(self) -> str:
        where = self.path or "sitegen"
        if self.line:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}"


class BuildFailed(Exception):
    """Several problems found in one build; each is a SitegenError."""

    def __init__(self, errors: list[SitegenError]):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors

    def __reduce__(self):
        return type(self), (self.errors,)


@dataclass
class Warning_:
    """A problem that does not stop the build (an error under --strict)."""

    path: str | None
    line: int | None
    message: str

    def __str__(self) -> str:
        return str(SitegenError(self.path, self.line, "warning: " + self.message))
