"""Page weight of the seed article: its HTML plus the CSS and JS it loads, gzipped.

    python benchmarks/page_weight.py [--site PUBLIC_DIR] [--level 6]

Builds the project's own site (content/) into a temporary folder, unless --site names a folder that
is already built, and prints the size of the seed article page and of every stylesheet and script
it references, raw and gzipped (level 6, what web servers commonly use), then the gzipped total,
which the reading experience keeps under 40 KB (BUDGET). The favicon is listed but not counted.
Exit status 1 when the total is over budget.
"""

from __future__ import annotations

import argparse
import gzip
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SEED_SLUG = "gong-ye-qiang-sheng-tui-jin-da-hui"
BUDGET = 40 * 1024
ASSET = re.compile(r'<(?:link[^>]*\brel="(?P<rel>[^"]+)"[^>]*\bhref|script[^>]*\bsrc)="(?P<url>[^"]+)"')


def build_seed(into: Path) -> Path:
    """The project's content/ built into `into`; returns the public folder."""
    from sitegen.build import build

    shutil.copytree(ROOT / "content", into / "content")
    build(into)
    return into / "public"


def measure(public: Path, slug: str = SEED_SLUG, level: int = 6) -> dict:
    """{"files": [(name, raw bytes, gzipped bytes, counted)], "total": gzipped bytes counted}."""
    page = public / "articles" / slug / "index.html"
    html = page.read_bytes()
    files = [(f"articles/{slug}/index.html", html, True)]
    for m in ASSET.finditer(html.decode("utf-8")):
        rel, url = m.group("rel"), m.group("url")
        if rel is not None and rel not in ("stylesheet", "icon"):
            continue  # canonical, alternate feed: not loaded with the page
        name = url.split("?")[0].split("#")[0].lstrip("/")
        path = public / name
        if not path.is_file():  # a site under a sub-path: match on the file name
            found = sorted(public.rglob(Path(name).name))
            if not found:
                raise SystemExit(f"{url}: referenced by the page but not in {public}")
            path = found[0]
        files.append((path.relative_to(public).as_posix(), path.read_bytes(), rel != "icon"))
    rows = [(name, len(data), len(gzip.compress(data, level, mtime=0)), counted) for name, data, counted in files]
    return {"files": rows, "total": sum(z for _, _, z, counted in rows if counted)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an already built public/ folder")
    parser.add_argument("--level", type=int, default=6, help="gzip level (default 6)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        public = args.site or build_seed(Path(tmp))
        result = measure(public, level=args.level)
    print(f"{'file':<52} {'raw':>9} {'gzipped':>9}")
    for name, raw, zipped, counted in result["files"]:
        print(f"{name:<52} {raw:>9,} {zipped:>9,}{'' if counted else '  (not counted)'}")
    total = result["total"]
    print(f"{'page + CSS + JS, gzipped':<52} {'':>9} {total:>9,}  ({total / 1024:.1f} KB of {BUDGET // 1024} KB)")
    return 0 if total <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
