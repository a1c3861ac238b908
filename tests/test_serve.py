"""`sitegen serve`: the dev server, started on a free port in background threads."""

import http.client
import json
import socket
import time

import pytest

from sitegen import serve as serve_module
from sitegen.errors import SitegenError
from sitegen.serve import DevServer, serve

ARTICLE = "我們要推進改革。\n"


@pytest.fixture
def site(scratch):
    scratch.article("a", ARTICLE, title="改革文章")
    scratch.article("b", "這是草稿。\n", title="草稿文章", extra="draft: true\n")
    return scratch


@pytest.fixture
def start():
    servers = []

    def start(root, drafts=True, watch=False):
        server = DevServer(root, port=0, drafts=drafts)
        servers.append(server)
        server.start(watch=watch)
        return server

    yield start
    for server in servers:
        server.stop()


def get(server, path, method="GET"):
    """(status, headers, body) of one request; redirects are not followed."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.request(method, path)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def raw_get(server, target: bytes) -> bytes:
    """A request line sent as is, so no client library normalises the path first."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(b"GET " + target + b" HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def version(server):
    return json.loads(get(server, "/__sitegen__/version")[2])


def test_serves_pages_with_live_reload(site, start):
    server = start(site.root)
    assert server.url == f"http://127.0.0.1:{server.port}/"
    status, headers, body = get(server, "/articles/a/")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert "<title>改革文章".encode() in body
    script = f'<script src="/__sitegen__/livereload.js" data-version="{server.site.version}" defer></script>'
    assert body.index(script.encode()) < body.index(b"</head>")
    assert b"sitegen-draft-banner" not in body
    status, headers, js = get(server, "/__sitegen__/livereload.js")
    assert status == 200 and headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert b"/__sitegen__/version" in js and b"location.reload()" in js
    assert version(server) == {"version": server.site.version, "errors": []}
    assert get(server, "/assets/style.css")[1]["Content-Type"] == "text/css; charset=utf-8"
    assert get(server, "/directives.json")[1]["Content-Type"] == "application/json; charset=utf-8"
    status, headers, _ = get(server, "/articles/a")
    assert status == 301 and headers["Location"] == "/articles/a/"
    status, _, body = get(server, "/articles/a/", method="HEAD")
    assert status == 200 and body == b""


def test_edit_rebuilds_the_page_and_the_version(site, start):
    server = start(site.root)
    before = version(server)["version"]
    assert not server.rebuild_if_changed()
    site.article("a", ARTICLE + "\n深化改革開放。\n", title="新的標題")
    assert server.rebuild_if_changed()
    assert "<title>新的標題".encode() in get(server, "/articles/a/")[2]
    assert version(server)["version"] != before
    assert not server.rebuild_if_changed()


def test_watcher_rebuilds_on_its_own(site, start):
    server = start(site.root, watch=True)
    before = version(server)["version"]
    site.write("sitegen.toml", 'title = "Watched site"\n')
    deadline = time.monotonic() + 30  # generous bound; the poll is every 0.5 s
    while version(server)["version"] == before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert version(server)["version"] != before
    assert b"Watched site" in get(server, "/")[2]


def test_broken_article_keeps_the_last_good_site(site, start, capsys):
    server = start(site.root)
    good = version(server)["version"]
    site.article("a", ARTICLE, title="改革文章", date="2020-02-30")
    assert server.rebuild_if_changed()
    state = version(server)
    assert state["version"] == good
    assert len(state["errors"]) == 1 and "a.md:3: date '2020-02-30' is not a real date" in state["errors"][0]
    assert "a.md:3: date '2020-02-30'" in capsys.readouterr().err
    status, _, body = get(server, "/articles/a/")
    assert status == 200 and "<title>改革文章".encode() in body
    site.article("a", ARTICLE, title="改好了")
    assert server.rebuild_if_changed()
    assert version(server)["errors"] == [] and version(server)["version"] != good


def test_first_build_failing_shows_the_errors_until_fixed(site, start):
    site.write("sitegen.toml", "pinyin_style = 3\n")
    server = start(site.root)
    status, headers, body = get(server, "/articles/a/")
    assert status == 503 and b"sitegen.toml:1: &#x27;pinyin_style&#x27; must be str" in body
    assert b"/__sitegen__/livereload.js" in body and version(server)["version"] == ""
    site.write("sitegen.toml", 'pinyin_style = "numbers"\n')
    assert server.rebuild_if_changed()
    assert get(server, "/articles/a/")[0] == 200


def test_drafts_are_served_with_a_banner(site, start):
    server = start(site.root)
    status, _, body = get(server, "/articles/b/")
    assert status == 200 and b'class="sitegen-draft-banner"' in body
    assert body.index(b"<body>") < body.index(b"sitegen-draft-banner")
    assert get(server, "/__sitegen__/dev.css")[1]["Content-Type"] == "text/css; charset=utf-8"


def test_no_drafts(site, start):
    server = start(site.root, drafts=False)
    assert get(server, "/articles/b/")[0] == 404
    assert get(server, "/articles/a/")[0] == 200


def test_missing_pages_and_folders_get_the_404_page(site, start):
    server = start(site.root)
    heading = b"<h1>Page not found</h1>"
    for path in ("/no-such-page/", "/assets/", "/articles/", "/nothing.css"):
        status, headers, body = get(server, path)
        assert status == 404 and headers["Content-Type"] == "text/html; charset=utf-8", path
        assert heading in body and b"style.css</a>" not in body, path  # the 404 page, not a listing


def test_never_serves_files_outside_the_site(site, start, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    server = start(site.root)
    (server.site.folder / "leak.txt").symlink_to(secret)
    (server.site.folder / "outside").symlink_to(tmp_path, target_is_directory=True)
    depth = b"/.." * (len(server.site.folder.parts) + 2)
    attempts = [
        b"/../../../../../../etc/passwd", b"/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", b"/%2E%2E%2f%2E%2E%2fetc/passwd",
        b"//etc/passwd", b"/assets/../../../../etc/passwd", b"/..%5c..%5cetc/passwd", b"/etc/passwd%00.html",
        depth + str(secret).encode(), b"/leak.txt", b"/outside/secret.txt", b"/outside/", b"etc/passwd",
        b"http://127.0.0.1/../../etc/passwd", str(secret).encode(),
    ]
    for target in attempts:
        response = raw_get(server, target)
        status = int(response.split(b" ", 2)[1])
        assert status in (400, 404), target
        assert b"TOP-SECRET" not in response and b"root:" not in response, target


def test_base_url_path_prefix(site, start):
    site.write("sitegen.toml", 'base_url = "https://user.github.io/repo/"\n')
    server = start(site.root)
    assert server.url.endswith("/repo/")
    status, _, body = get(server, "/repo/articles/a/")
    assert status == 200 and b'href="/repo/assets/style.css"' in body
    assert get(server, "/repo/assets/style.css")[0] == 200
    assert get(server, "/articles/a/")[0] == 404
    for path in ("/", "/repo"):
        status, headers, _ = get(server, path)
        assert status == 302 and headers["Location"] == "/repo/"
    assert get(server, "/repo/")[0] == 200


def test_taken_port_is_a_clear_error(site):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        server = DevServer(site.root, port=taken.getsockname()[1])
        with pytest.raises(SitegenError, match="cannot listen on 127.0.0.1"):
            server.start()
        server.stop()


def test_command_prints_the_url_and_stops_cleanly_on_ctrl_c(site, monkeypatch, capsys):
    def interrupt(seconds):
        raise KeyboardInterrupt

    monkeypatch.setattr(serve_module.time, "sleep", interrupt)
    assert serve(site.root, port=0) == 0
    out = capsys.readouterr().out
    assert "built 2 article(s)" in out and "serving http://127.0.0.1:" in out and "stopped" in out
