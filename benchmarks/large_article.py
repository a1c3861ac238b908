"""Build time against article size: `python benchmarks/large_article.py [MAX_KB]`.

Builds one article of 128 KB, 256 KB, … up to MAX_KB (default 1024) of the seed's paragraphs, each
in a fresh site without a cache, and prints the time per KB: a flat column means linear time.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def article(size_kb: int) -> str:
    text = (ROOT / "seeds" / "000_a94368abaf671e96.txt").read_text(encoding="utf-8").replace(",", "，")
    paragraphs = [p for p in text.splitlines() if p.strip()]
    body, n = [], 0
    while len("\n\n".join(body).encode("utf-8")) < size_kb * 1024:
        body.append(paragraphs[n % len(paragraphs)])
        n += 1
    return "---\ntitle: 長文\ndate: 2020-01-01\n---\n\n" + "\n\n".join(body) + "\n"


def main() -> None:
    largest = int(sys.argv[1]) if len(sys.argv) > 1 else 1024
    size = 128
    print(f"{'size':>8} {'seconds':>8} {'ms/KB':>8}")
    while size <= largest:
        site = Path(tempfile.mkdtemp(prefix="sitegen-large-"))
        (site / "content" / "articles").mkdir(parents=True)
        (site / "content" / "articles" / "long.md").write_text(article(size), encoding="utf-8")
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "sitegen.cli", "build", "--source", str(site), "--no-cache"],
                       check=True, capture_output=True, cwd=ROOT)
        seconds = time.perf_counter() - started
        print(f"{size:>6}KB {seconds:>8.2f} {1000 * seconds / size:>8.1f}")
        shutil.rmtree(site)
        size *= 2


if __name__ == "__main__":
    main()
