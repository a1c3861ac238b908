"""`sitegen annotate`: the tokens the build sees in one file, as plain data for JSON."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from .build import load_site_data
from .content import load_article, read_text
from .errors import SitegenError
from .model import Block, Run
from .script import detect_script

TOKEN_FIELDS = ("text", "hans", "hant", "pinyin", "term")


def annotate_file(path: Path, root: Path) -> dict:
    """{"script": "hant"|"hans", "paragraphs": [[token, …], …]} for a .md article or a .txt file."""
    annotator = load_site_data(root.resolve())
    if path.suffix == ".md":
        annotated = annotator.annotate(load_article(path))
        script, paragraphs = annotated.script, [b.tokens for b in annotated.blocks]
    elif path.suffix == ".txt":
        lines = [(n, line.strip()) for n, line in enumerate(read_text(path).split("\n"), 1) if line.strip()]
        blocks = [Block("p", [Run(text)], n) for n, text in lines]
        script = detect_script("".join(text for _, text in lines))
        paragraphs, _ = annotator.annotate_texts(blocks, {})
    else:
        raise SitegenError(path, None, "annotate reads .md articles and .txt files")
    return {
        "script": script,
        "paragraphs": [[{k: asdict(t)[k] for k in TOKEN_FIELDS} for t in tokens] for tokens in paragraphs],
    }
