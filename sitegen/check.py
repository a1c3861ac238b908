"""`sitegen check`: what a curator should review, as `path:line: message` lines.

- readings decided by the weakest layers (a context model or a single-character default),
  with the alternatives, so they can be pinned in `content/pinyin-overrides.txt`;
- quoted terms and numbered formulas that have no glossary entry.
"""

from __future__ import annotations

from pathlib import Path

from .build import annotate_site, load_site
from .glossary import unglossed


def check_site(root: Path) -> tuple[list[str], list[str]]:
    """(errors, warnings) as printable lines."""
    site = load_site(root.resolve(), drafts=True)
    warnings = [str(w) for w in site.warnings]
    articles, _ = annotate_site(site)
    for annotated in articles:
        path = annotated.article.path
        for line, word, chosen, alternatives in annotated.review:
            warnings.append(f"{path}:{line}: review reading: {word} → {chosen} (also: {', '.join(alternatives)})")
        for block in annotated.article.blocks:
            for _, _, phrase in unglossed(site.glossary, block.text):
                warnings.append(f"{path}:{block.line}: no glossary entry for {phrase}")
    return [], warnings
