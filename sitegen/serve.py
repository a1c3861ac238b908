"""`sitegen serve`: build into a temporary folder, serve it locally, rebuild when the sources change.

Pages keep their Content-Security-Policy (`script-src 'self'`, no inline scripts), so live reload
is a script file at a reserved path, injected into every HTML response; it polls the build version.
"""

from __future__ import annotations

import html
import json
import re
import secrets
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from socketserver import TCPServer
from urllib.parse import quote, unquote

from .errors import BuildFailed, SitegenError

RESERVED = "/__sitegen__/"
WATCHED = ("content", "templates", "sitegen.toml")
POLL_SECONDS = 0.5
TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
         ".js": "text/javascript; charset=utf-8", ".json": "application/json; charset=utf-8",
         ".xml": "application/xml; charset=utf-8", ".txt": "text/plain; charset=utf-8",
         ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".ico": "image/x-icon",
         ".woff2": "font/woff2"}

LIVERELOAD_JS = """// sitegen serve: reload the page after a rebuild; show build errors meanwhile.
(function () {
  var seen = document.currentScript.dataset.version;
  function show(errors) {
    var box = document.getElementById("sitegen-errors");
    if (!errors.length) { if (box) box.remove(); return; }
    if (!box) { box = document.createElement("pre"); box.id = "sitegen-errors"; document.body.appendChild(box); }
    box.textContent = "Build failed; this is the last good site.\\n\\n" + errors.join("\\n");
  }
  function poll() {
    fetch("/__sitegen__/version", {cache: "no-store"})
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (state.version && state.version !== seen) { location.reload(); return; }
        show(state.errors);
        setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 2000); });  // server restarting or stopped
  }
  poll();
})();
"""
DEV_CSS = """.sitegen-draft-banner { margin: 0; padding: .5rem 1rem; background: #fff4e5; color: #7a3e00;
  border-bottom: 2px solid #e8a33d; font: 600 .95rem/1.4 system-ui, sans-serif; text-align: center; }
#sitegen-errors { position: fixed; left: 1rem; right: 1rem; bottom: 1rem; max-height: 50vh; overflow: auto;
  margin: 0; padding: 1rem; background: #fff0f0; color: #8b0000; border: 2px solid #b3261e; z-index: 1000;
  font: .85rem/1.4 ui-monospace, monospace; white-space: pre-wrap; }
"""
BANNER = '<p class="sitegen-draft-banner" role="note">Draft (草稿): not published; shown by sitegen serve only.</p>'


@dataclass
class Built:
    folder: Path
    version: str
    base_path: str  # "/" or "/repo/": the site is served under it, as it will be published
    draft_pages: frozenset[str]  # page paths of draft articles, which get a banner


class DevServer:
    def __init__(self, root: Path, host: str = "127.0.0.1", port: int = 8000, drafts: bool = True):
        self.root = Path(root).resolve()
        self.host, self.port, self.drafts = host, port, drafts
        self.site: Built | None = None
        self.errors: list[str] = []  # of the last build; empty when it succeeded
        self.token = secrets.token_hex(4)  # a restarted server reloads open pages too
        self.builds = 0
        self.snapshot: dict[str, tuple[int, int]] = {}
        self.lock = threading.Lock()  # one build at a time
        self.stopping = threading.Event()
        self.threads: list[threading.Thread] = []
        self.httpd = self.work = None

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}{self.site.base_path if self.site else '/'}"

    def start(self, watch: bool = True) -> None:
        """Listen first (a taken port fails before the slow build), build once, then serve."""
        self.httpd = make_http_server(self)
        self.port = self.httpd.server_address[1]
        self.work = Path(tempfile.mkdtemp(prefix="sitegen-serve-"))
        self.rebuild()
        self.spawn(lambda: self.httpd.serve_forever(poll_interval=0.1))  # a quick stop()
        if watch:
            self.spawn(self.watch)

    def spawn(self, target) -> None:
        thread = threading.Thread(target=target, daemon=True)
        thread.start()
        self.threads.append(thread)

    def stop(self) -> None:
        self.stopping.set()
        if self.httpd:
            if self.threads:
                self.httpd.shutdown()
            self.httpd.server_close()
        for thread in self.threads:
            thread.join(timeout=10)
        if self.work:
            shutil.rmtree(self.work, ignore_errors=True)

    def watch(self) -> None:
        while not self.stopping.wait(POLL_SECONDS):
            self.rebuild_if_changed()

    def rebuild_if_changed(self) -> bool:
        """Rebuild when a watched file was added, removed or changed; True when a build ran."""
        if snapshot(self.root) == self.snapshot:
            return False
        self.rebuild()
        return True

    def rebuild(self) -> bool:
        """Build into a fresh folder and switch to it; on errors, print them and keep the last good site."""
        from .build import build
        from .config import load_config

        with self.lock:
            self.snapshot = snapshot(self.root)  # before building: an edit during the build triggers another
            started = time.perf_counter()
            folder = self.work / f"build-{self.builds + 1}"
            try:
                # Worker processes are forked: only before the server's threads exist (forking a
                # threaded process can deadlock); rebuilds are one article or a few anyway.
                result = build(self.root, output=folder, drafts=self.drafts, jobs=1 if self.threads else None)
                base_path = load_config(self.root).base_path
            except BuildFailed as e:
                self.errors = [str(error) for error in e.errors]
            except SitegenError as e:
                self.errors = [f"error: {e}" if not e.path else str(e)]
            except Exception as e:  # e.g. a template syntax error: report it, keep serving
                self.errors = [f"error: {type(e).__name__}: {e}"]
            else:
                self.errors = []
            if self.errors:
                shutil.rmtree(folder, ignore_errors=True)
                print("\n".join(self.errors), file=sys.stderr, flush=True)
                kept = "still serving the last good site" if self.site else "fix the errors and save"
                print(f"build failed: {len(self.errors)} error(s); {kept}", file=sys.stderr, flush=True)
                return False
            for warning in result.warnings:
                print(warning, file=sys.stderr)
            old, self.builds = self.site, self.builds + 1
            self.site = Built(folder.resolve(), f"{self.token}-{self.builds}", base_path, draft_pages(self.root))
            if old:  # the one before the last: a request may still be reading the last one
                shutil.rmtree(old.folder.parent / f"build-{self.builds - 2}", ignore_errors=True)
            verb = "built" if self.builds == 1 else "rebuilt"
            print(f"{verb} {result.articles} article(s) in {time.perf_counter() - started:.1f} s", flush=True)
            return True


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """(mtime, size) of every watched file; editor backups and hidden files do not count."""
    state = {}
    for name in WATCHED:
        path = root / name
        files = [path] if path.is_file() else path.rglob("*") if path.is_dir() else []
        for file in files:
            if file.name.startswith(".") or file.name.endswith("~"):
                continue
            try:
                stat = file.stat()
            except OSError:  # deleted while we looked
                continue
            if not file.is_dir():
                state[str(file)] = (stat.st_mtime_ns, stat.st_size)
    return state


def draft_pages(root: Path) -> frozenset[str]:
    """The page of every article whose front matter says draft: true."""
    from .content import parse_front_matter, read_text, split_front_matter

    pages = set()
    for path in (root / "content" / "articles").glob("*.md"):
        try:
            meta = parse_front_matter(split_front_matter(read_text(path), path)[0], path)
        except SitegenError:
            continue
        if isinstance(meta, dict) and meta.get("draft") is True:
            pages.add(f"articles/{meta.get('slug') or path.stem}/index.html")
    return frozenset(pages)


def locate(site: Built, raw: str) -> tuple[int, str | Path | None]:
    """(200, file) | (301/302, location) | (400/404, None) for a request path; never outside the folder."""
    if not raw.startswith("/"):
        return 400, None
    path = unquote(raw)
    if "\0" in path or "\\" in path:
        return 400, None
    if path + "/" == site.base_path or (path == "/" and site.base_path != "/"):
        return 302, site.base_path
    if not path.startswith(site.base_path):
        return 404, None
    parts = path[len(site.base_path):].split("/")
    if any(part in (".", "..") for part in parts):
        return 400, None
    relative = "/".join(part for part in parts if part)  # no empty parts: never an absolute path
    target = (site.folder / relative).resolve()
    if target.is_dir() and target.is_relative_to(site.folder):
        if not path.endswith("/"):  # so relative links resolve; built from parts, never "//host"
            return 301, quote(site.base_path + relative + "/")
        target = (target / "index.html").resolve()
    if not target.is_relative_to(site.folder) or not target.is_file():  # symlinks out, folders, missing
        return 404, None
    return 200, target


def inject(page: bytes, version: str, banner: bool) -> bytes:
    """Add the live-reload script and dev styles before </head>, and the draft banner after <body>."""
    text = page.decode("utf-8", errors="replace")
    tags = (f'<link rel="stylesheet" href="{RESERVED}dev.css">\n'
            f'<script src="{RESERVED}livereload.js" data-version="{html.escape(version)}" defer></script>\n')
    at = text.lower().find("</head>")
    text = text[:at] + tags + text[at:] if at >= 0 else tags + text
    if banner:
        text = re.sub(r"(<body\b[^>]*>)", lambda m: m.group(1) + "\n" + BANNER, text, count=1, flags=re.I)
    return text.encode("utf-8")


class Handler(BaseHTTPRequestHandler):
    server_version = "sitegen"

    def log_message(self, format, *args) -> None:  # the console is for build messages
        pass

    def do_HEAD(self) -> None:
        self.do_GET(head=True)

    def do_GET(self, head: bool = False) -> None:
        dev: DevServer = self.server.dev
        raw = self.path.split("?", 1)[0].split("#", 1)[0]
        site = dev.site
        try:
            if raw == RESERVED + "livereload.js":
                return self.send(200, LIVERELOAD_JS.encode(), TYPES[".js"], head)
            if raw == RESERVED + "dev.css":
                return self.send(200, DEV_CSS.encode(), TYPES[".css"], head)
            if raw == RESERVED + "version":
                state = {"version": site.version if site else "", "errors": dev.errors}
                return self.send(200, json.dumps(state, ensure_ascii=False).encode(), TYPES[".json"], head)
            if site is None:  # no good build yet: show why, and reload once there is one
                page = f"<!doctype html><html><head><meta charset=utf-8><title>Build failed</title></head><body>" \
                       f"<h1>Build failed</h1><pre>{html.escape(chr(10).join(dev.errors))}</pre></body></html>"
                return self.send(503, inject(page.encode(), "", False), TYPES[".html"], head)
            status, target = locate(site, raw)
            if status in (301, 302):
                return self.send(status, b"", TYPES[".txt"], head, location=str(target))
            if status == 400:
                return self.send(400, b"bad request\n", TYPES[".txt"], head)
            if status == 404:
                target = site.folder / "404.html"
                if not target.is_file():
                    return self.send(404, b"not found\n", TYPES[".txt"], head)
            body = target.read_bytes()
            kind = TYPES.get(target.suffix.lower(), "application/octet-stream")
            if target.suffix.lower() == ".html":
                page = target.relative_to(site.folder).as_posix()
                body = inject(body, site.version, status == 200 and page in site.draft_pages)
            self.send(status, body, kind, head)
        except (ConnectionError, FileNotFoundError):  # the reader left, or a rebuild replaced the folder
            pass

    def send(self, status: int, body: bytes, kind: str, head: bool, location: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")  # a reload always gets the new build
        self.send_header("X-Content-Type-Options", "nosniff")
        if location:
            self.send_header("Location", location)
        self.end_headers()
        if not head:
            self.wfile.write(body)


class HTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def server_bind(self) -> None:  # skip HTTPServer's getfqdn(): a reverse DNS lookup can take seconds
        TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]


def make_http_server(dev: DevServer) -> HTTPServer:
    server_class = type("HTTPServer6", (HTTPServer,), {"address_family": socket.AF_INET6}) if ":" in dev.host else HTTPServer
    try:
        httpd = server_class((dev.host, dev.port), Handler)
    except OSError as e:
        raise SitegenError(None, None, f"cannot listen on {dev.host}:{dev.port}: {e.strerror or e} (try --port)") from None
    httpd.dev = dev
    return httpd


def serve(root: Path, host: str = "127.0.0.1", port: int = 8000, drafts: bool = True) -> int:
    """The command: serve until Ctrl-C, then stop cleanly."""
    server = DevServer(root, host, port, drafts)
    previous = signal.signal(signal.SIGTERM, interrupt)  # `kill` cleans up the temporary folder too
    try:
        server.start()
        print(f"serving {server.url}  (rebuilds on changes; Ctrl-C stops)", flush=True)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        print("\nstopped", flush=True)
    finally:
        server.stop()
        signal.signal(signal.SIGTERM, previous)
    return 0


def interrupt(signum, frame):
    raise KeyboardInterrupt
