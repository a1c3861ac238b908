"""Build speed as the library grows: `python benchmarks/build.py N [--keep DIR]`.

Makes N synthetic articles from the seed's sentences (half of them in Simplified), then times, each
in a fresh process: a cold build (no cache), a no-op rebuild, a rebuild after editing one article;
and the "library floor": the card's libraries (opencc-python-reimplemented, jieba, pypinyin)
annotating the same text naively in one process, in a separate venv (the reimplementation and the
official OpenCC binding share the import name `opencc`). Prints times, peak memory and ratios.

`--varied` makes the articles of CPP dev's Wikipedia sentences (../shared/eval/cpp) instead, in
order, repeated only past 309,000 characters (about 165 articles): the seed's ~60 sentences
repeat across articles, which flatters the per-process caches of a build.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_a94368abaf671e96.txt"
CPP_DEV = ROOT.parent / "shared" / "eval" / "cpp" / "dev.sent"
FLOOR_VENV = ROOT / ".bench-venv"

FLOOR_SCRIPT = r"""
import sys, time, glob
start = time.perf_counter()
import opencc, jieba, pypinyin
jieba.setLogLevel(60)
s2t, t2s = opencc.OpenCC("s2tw"), opencc.OpenCC("t2s")
chars = 0
for path in sorted(glob.glob(sys.argv[1] + "/*.md")):
    text = open(path, encoding="utf-8").read().split("---", 2)[2]
    for paragraph in text.split("\n\n"):
        hant, hans = s2t.convert(paragraph), t2s.convert(paragraph)
        words = list(jieba.cut(hans))
        readings = pypinyin.pinyin(hans)
        chars += len(paragraph)
print(time.perf_counter() - start, chars)
"""


def sentences() -> list[str]:
    text = SEED.read_text(encoding="utf-8").replace(",", "，")
    return [s for s in re.findall(r"[^。]+。", text) if len(s) > 8]


def varied_sentences() -> list[str]:
    return [line.replace("▁", "") for line in CPP_DEV.read_text(encoding="utf-8").splitlines() if line.strip()]


def make_site(folder: Path, count: int, varied: bool = False) -> int:
    """N articles of ~1,850 characters each; returns the total characters."""
    sys.path.insert(0, str(ROOT))
    from sitegen.script import to_hans

    pool, rng, total = sentences(), random.Random(42), 0
    fresh = itertools.cycle(varied_sentences()) if varied else None
    articles = folder / "content" / "articles"
    articles.mkdir(parents=True)
    shutil.copy(ROOT / "content" / "glossary.yaml", folder / "content" / "glossary.yaml")
    for n in range(count):
        paragraphs, size = [], 0
        while size < 1850:
            paragraph = "".join(next(fresh) for _ in range(3)) if fresh else "".join(rng.sample(pool, 3))
            paragraphs.append(paragraph)
            size += len(paragraph)
        body = "\n\n".join(paragraphs)
        if n % 2:
            body = to_hans(body)
        total += len(body)
        day = f"2018-{1 + n % 12:02d}-{1 + n % 28:02d}"
        (articles / f"a{n:04d}.md").write_text(f"---\ntitle: 第{n}篇 工業強省\ndate: {day}\n---\n\n{body}\n", encoding="utf-8")
    return total


def timed_build(site: Path, *extra: str) -> tuple[float, float]:
    """(seconds, peak MB) of `sitegen build` in a fresh process."""
    command = [sys.executable, "-m", "sitegen.cli", "build", "--source", str(site), *extra]
    script = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
        "elapsed = time.perf_counter() - t; "
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024; "
        "print(elapsed, peak, r.returncode); print(r.stdout[-300:] + r.stderr[-2000:], file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", script, *command], capture_output=True, text=True, cwd=ROOT)
    seconds, peak, code = out.stdout.split()
    if code != "0":
        raise SystemExit(f"build failed:\n{out.stderr}")
    return float(seconds), float(peak)


def library_floor(site: Path) -> float:
    if not (FLOOR_VENV / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(FLOOR_VENV)], check=True)
        subprocess.run([str(FLOOR_VENV / "bin" / "pip"), "install", "-q", "opencc-python-reimplemented", "jieba",
                        "pypinyin"], check=True)
    out = subprocess.run([str(FLOOR_VENV / "bin" / "python"), "-c", FLOOR_SCRIPT, str(site / "content" / "articles")],
                         capture_output=True, text=True, check=True)
    return float(out.stdout.split()[0])


def seed_site_times() -> None:
    """The 1-article case: `sitegen build` of the seed site from a cold process (no cache), and the
    time from starting `sitegen serve` to the first page served."""
    import socket
    import urllib.request

    site = Path(tempfile.mkdtemp(prefix="sitegen-seed-"))
    shutil.copytree(ROOT / "content", site / "content")
    seconds, peak = timed_build(site, "--no-cache")
    print(f"seed site, cold build: {seconds:.2f} s   peak {peak:.0f} MB")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    started = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "sitegen.cli", "serve", "--source", str(site), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    try:
        while time.perf_counter() - started < 120:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.05)
        print(f"seed site, serve → first page: {time.perf_counter() - started:.2f} s")
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(site, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int, nargs="?", default=200)
    parser.add_argument("--seed", action="store_true", help="only the 1-article case: the seed site, build and serve")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    parser.add_argument("--no-floor", action="store_true", help="skip the library floor")
    parser.add_argument("--varied", action="store_true", help="articles of CPP dev's sentences, none repeated")
    args = parser.parse_args()
    if args.seed:
        return seed_site_times()
    site = args.keep or Path(tempfile.mkdtemp(prefix="sitegen-bench-"))
    if site.exists():
        shutil.rmtree(site)
    chars = make_site(site, args.count, args.varied)
    print(f"{args.count} articles, {chars:,} characters" + (" (CPP dev's sentences)" if args.varied else ""))
    results = {}
    results["cold"] = timed_build(site, "--no-cache")
    timed_build(site)  # fill the cache
    results["no-op"] = timed_build(site)
    edited = site / "content" / "articles" / "a0000.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("。", "！", 1), encoding="utf-8")
    results["one edited"] = timed_build(site)
    for name, (seconds, peak) in results.items():
        print(f"{name:>12}: {seconds:7.2f} s   peak {peak:6.0f} MB")
    cold = results["cold"][0]
    print(f"no-op / cold: {results['no-op'][0] / cold:.3f}   one edited / cold: {results['one edited'][0] / cold:.3f}")
    if not args.no_floor:
        floor = library_floor(site)
        print(f"library floor: {floor:.2f} s   cold / floor: {cold / floor:.2f}")
    print(json.dumps({k: v[0] for k, v in results.items()}))
    if not args.keep:
        shutil.rmtree(site, ignore_errors=True)


if __name__ == "__main__":
    main()
