"""Command line: `sitegen build | import | annotate | check`.

User errors print as `path:line: message` and exit 1; anything unexpected says it is a bug.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from . import __version__
from .errors import BuildFailed, SitegenError


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        return args.run(args) or 0
    except SitegenError as e:
        print(f"error: {e}" if not e.path else str(e), file=sys.stderr)
    except BuildFailed as e:
        for error in e.errors:
            print(error, file=sys.stderr)
        print(f"build failed: {len(e.errors)} error(s); the output folder was not changed", file=sys.stderr)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as e:  # a bug in sitegen, not in the user's files
        print(f"internal error: {type(e).__name__}: {e}\nThis is a bug in sitegen {__version__}; please report it "
              "with the command you ran and the file it stopped on.", file=sys.stderr)
    return 1


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sitegen", description="Annotated reading pages from Chinese speeches.")
    parser.add_argument("--version", action="version", version=f"sitegen {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", help="build the site into public/")
    build.add_argument("--source", type=Path, default=Path("."), help="the site folder (default: .)")
    build.add_argument("--output", type=Path, help="where to write the site (default: SOURCE/public)")
    build.add_argument("--base-url", help="the URL the site is served under, e.g. https://user.github.io/repo/")
    build.add_argument("--drafts", action="store_true", help="include articles marked draft: true")
    build.add_argument("--force", action="store_true", help="replace an output folder sitegen did not make")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument("--jobs", type=int, help="processes for annotation (default: the number of cores)")
    build.add_argument("--no-cache", action="store_true", help="annotate everything again, ignoring .sitegen-cache/")
    build.set_defaults(run=run_build)

    imp = commands.add_parser("import", help="turn a raw text into content/articles/<slug>.md")
    imp.add_argument("file", type=Path)
    imp.add_argument("--title", required=True)
    imp.add_argument("--date", required=True, help="YYYY-MM-DD")
    imp.add_argument("--slug", help="URL name (default: the title's pinyin)")
    imp.add_argument("--source-name", dest="origin", help="where the text comes from (front matter 'source')")
    imp.add_argument("--summary")
    imp.add_argument("--site", type=Path, default=Path("."), help="the site folder (default: .)")
    imp.add_argument("--force", action="store_true", help="replace an existing article")
    imp.set_defaults(run=run_import)

    annotate = commands.add_parser("annotate", help="print what the build sees in a .md or .txt file, as JSON")
    annotate.add_argument("path", type=Path)
    annotate.add_argument("--source", type=Path, default=Path("."), help="the site folder (for its glossary)")
    annotate.set_defaults(run=run_annotate)

    check = commands.add_parser("check", help="report readings to review and terms missing from the glossary")
    check.add_argument("--source", type=Path, default=Path("."))
    check.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    check.set_defaults(run=run_check)

    serve = commands.add_parser("serve", help="build, serve locally and rebuild on changes (live reload)")
    serve.add_argument("--source", type=Path, default=Path("."), help="the site folder (default: .)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    serve.add_argument("--drafts", action=argparse.BooleanOptionalAction, default=True,
                       help="include articles marked draft: true, with a banner (default: yes)")
    serve.set_defaults(run=run_serve)

    new = commands.add_parser("new", help="start a draft article: content/articles/<slug>.md")
    new.add_argument("title")
    new.add_argument("--date", help="YYYY-MM-DD (default: today)")
    new.add_argument("--slug", help="URL name (default: the title's pinyin)")
    new.add_argument("--source", type=Path, default=Path("."), help="the site folder (default: .)")
    new.set_defaults(run=run_new)
    return parser


def run_build(args) -> int:
    from .build import build

    started = time.perf_counter()
    result = build(args.source, args.output, base_url=args.base_url, drafts=args.drafts, force=args.force,
                   jobs=args.jobs, use_cache=not args.no_cache, strict=args.strict, progress=progress_bar(started))
    if sys.stderr.isatty():
        print("\r\033[K", end="", file=sys.stderr)
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    if result.unchanged:
        print(f"nothing changed: {result.output} is up to date ({time.perf_counter() - started:.1f} s)")
    else:
        print(f"built {result.articles} article(s) ({result.cached} from cache), {result.pages} files in "
              f"{result.output} ({time.perf_counter() - started:.1f} s)")
    _finished.append(result)  # freed by the process's exit, not object by object (see `run`)
    return 0


_finished: list = []


def progress_bar(started: float, width: int = 30):
    """A one-line progress bar on a terminal, shown once a build has run for a second;
    nothing when stderr is not a terminal or under CI."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        return None

    def show(done: int, total: int) -> None:
        if time.perf_counter() - started < 1:
            return
        filled = width * done // max(total, 1)
        print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} articles", end="", file=sys.stderr, flush=True)

    return show


def run_import(args) -> int:
    from .importer import import_text

    path = import_text(args.file, args.site / "content", args.title, args.date, slug=args.slug,
                       origin=args.origin, summary=args.summary, overwrite=args.force)
    print(f"wrote {path}")
    return 0


def run_annotate(args) -> int:
    from .annotate_json import annotate_file

    print(json.dumps(annotate_file(args.path, args.source), ensure_ascii=False, indent=1))
    return 0


def run_check(args) -> int:
    from .check import check_site

    problems, warnings = check_site(args.source)
    for line in problems + warnings:
        print(line)
    print(f"{len(problems)} error(s), {len(warnings)} warning(s)", file=sys.stderr)
    return 1 if problems or (args.strict and warnings) else 0


def run_serve(args) -> int:
    from .serve import serve

    return serve(args.source, args.host, args.port, args.drafts)


def run_new(args) -> int:
    from .newpost import new_article

    print(f"wrote {new_article(args.source, args.title, args.date, args.slug)}")
    return 0


def run() -> None:
    """The `sitegen` command: `main`, then exit at once. Tearing down the interpreter would free the
    dictionaries' hundreds of thousands of objects one by one (0.2 s); every file is closed by now."""
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
