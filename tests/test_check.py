"""`sitegen check`: broken links, unglossed terms, readings to review."""

from sitegen.check import broken_links, check_site
from sitegen.cli import main


def test_seed_site_has_no_broken_links_and_no_unglossed_terms(tmp_path):
    from .conftest import ROOT
    import shutil

    shutil.copytree(ROOT / "content", tmp_path / "content")
    errors, warnings = check_site(tmp_path)
    assert errors == []
    assert not [w for w in warnings if "no glossary entry" in w]


def test_broken_links_and_anchors_are_found():
    pages = {
        "index.html": b'<a href="/articles/a/">a</a> <a href="/missing/">m</a> <a href="/articles/a/#p9">x</a>',
        "articles/a/index.html": b'<p id="p1">t</p><a href="#p1">ok</a><a href="https://example.org/">ext</a>',
    }
    problems = broken_links(pages, "/")
    assert problems == [
        "public/index.html: broken link /missing/",
        "public/index.html: link /articles/a/#p9 points to a missing anchor",
    ]


def test_check_reports_unglossed_terms_with_file_and_line(scratch, capsys):
    path = scratch.article("a", "第一段。\n\n推進“新概念”，落實“三個統籌”。\n")
    assert main(["check", "--source", str(scratch.root)]) == 0
    out = capsys.readouterr().out
    assert f"{path}:8: no glossary entry for 新概念" in out
    assert main(["check", "--strict", "--source", str(scratch.root)]) == 1
