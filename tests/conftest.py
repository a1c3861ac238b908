"""Shared fixtures: tiny sites written inline, the real seed site built once, eval data paths."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"


def eval_path(name: str) -> Path:
    """A file of ../shared/eval, read in place (never copied into the project)."""
    path = EVAL / name
    if not path.exists():
        pytest.fail(f"evaluation data missing: {path} (the project expects ../shared/eval beside it)")
    return path


class ScratchSite:
    """A site folder in tmp_path, written file by file from inline text."""

    def __init__(self, root: Path):
        self.root = root
        (root / "content" / "articles").mkdir(parents=True)

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def article(self, slug: str, body: str, title: str = "測試文章", date: str = "2020-01-02", extra: str = "") -> Path:
        front = f"---\ntitle: {title}\ndate: {date}\n{extra}---\n\n"
        return self.write(f"content/articles/{slug}.md", front + textwrap.dedent(body).lstrip("\n"))


@pytest.fixture
def scratch(tmp_path) -> ScratchSite:
    return ScratchSite(tmp_path / "site")


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory) -> Path:
    """The project's own site (content/ with the seed article), built once into a temp folder."""
    from sitegen.build import build

    root = tmp_path_factory.mktemp("seed")
    shutil.copytree(ROOT / "content", root / "content")
    build(root)
    return root / "public"


SEED_SLUG = "gong-ye-qiang-sheng-tui-jin-da-hui"
