"""Rebuilds after an edit: the early worker, reused blocks, site pages from the cache and the
site folder kept between builds all give the site a clean build gives."""

import os
from pathlib import Path

import pytest

from sitegen.annotate import Annotator
from sitegen.build import build, load_site_data
from sitegen.content import load_article
from sitegen.errors import BuildFailed, SitegenError
from sitegen.workers import Helper

BODY = "第{n}篇：要在狠抓項目中擴大總量。\n\n重振江西制造輝煌，堅持工業強省。\n\n推進放管服改革。\n"


def files(public):
    return {p.relative_to(public): p.read_bytes() for p in public.rglob("*") if p.is_file() and p.name != ".sitegen-output"}


def library(scratch, count=4):
    for n in range(count):
        scratch.article(f"a{n}", BODY.format(n=n), date=f"2020-0{1 + n % 3}-02")
    scratch.write("content/glossary.yaml", "放管服:\n  gloss: streamlining administration\n工業強省:\n  gloss: industry-strong province\n")


def test_edits_and_a_removal_give_what_a_clean_build_gives(scratch, tmp_path):
    library(scratch)
    build(scratch.root)
    scratch.article("a1", BODY.format(n=1).replace("重振", "振興"), date="2020-02-02")
    assert build(scratch.root).cached == 3  # the early worker made a1 (jobs: default)
    scratch.article("a2", BODY.format(n=2) + "\n新的一段：要在發展中保障民生。\n", date="2020-03-02")
    build(scratch.root)
    (scratch.root / "content/articles/a3.md").unlink()
    build(scratch.root)
    clean = build(scratch.root, output=tmp_path / "clean", use_cache=False)
    assert files(scratch.root / "public") == files(tmp_path / "clean")
    assert clean.articles == 3 and not (scratch.root / "public/articles/a3").exists()


def test_unchanged_site_pages_are_the_cached_files(scratch):
    library(scratch)
    build(scratch.root)
    scratch.article("a1", BODY.format(n=1).replace("推進", "深化"), date="2020-02-02")
    build(scratch.root)
    public = scratch.root / "public"
    assert (public / "404.html").stat().st_nlink >= 2  # linked from the cache, not written again
    assert "深化" in (public / "glossary/index.html").read_text(encoding="utf-8")  # its places changed


def test_failed_build_keeps_the_site_and_the_next_build_recovers(scratch, tmp_path):
    library(scratch)
    build(scratch.root)
    before = files(scratch.root / "public")
    scratch.write("content/articles/bad.md", "---\ntitle: [unclosed\n---\n\n文字。\n")
    with pytest.raises(BuildFailed):
        build(scratch.root)
    assert files(scratch.root / "public") == before
    (scratch.root / "content/articles/bad.md").unlink()
    scratch.article("a0", BODY.format(n=0) + "\n補充。\n", date="2020-01-02")
    build(scratch.root)
    build(scratch.root, output=tmp_path / "clean", use_cache=False)
    assert files(scratch.root / "public") == files(tmp_path / "clean")


def test_an_edited_article_reads_only_its_changed_blocks(scratch, monkeypatch):
    library(scratch, count=1)
    annotator = load_site_data(scratch.root)
    path = scratch.root / "content/articles/a0.md"
    first = annotator.annotate(load_article(path, []))
    scratch.article("a0", BODY.format(n=0).replace("重振", "振興"))
    edited = load_article(path, [])
    read = []
    original = Annotator.read_blocks
    monkeypatch.setattr(Annotator, "read_blocks", lambda self, blocks, o: read.extend(blocks) or original(self, blocks, o))
    reused = annotator.annotate(edited, first)
    assert [b.text for b in read] == ["振興江西制造輝煌，堅持工業強省。"]
    monkeypatch.undo()
    fresh = annotator.annotate(edited)
    assert [b.tokens for b in reused.blocks] == [b.tokens for b in fresh.blocks]
    assert reused.directives == fresh.directives and reused.review == fresh.review


class Doubling:
    """A stand-in for a Producer (the helper pickles what it is given)."""

    def prepare(self, work):
        pass

    def __call__(self, item):
        if item < 0:
            raise SitegenError(Path("x.md"), 3, "negative")
        return item * 2, os.getpid()


def test_helper_works_in_another_process_and_reports_its_errors():
    helper = Helper()
    try:
        answers = helper.make(Doubling(), [1, 2, -1])
        made = [next(answers), next(answers)]
        assert [value for value, _ in made] == [2, 4] and made[0][1] != os.getpid()
        with pytest.raises(SitegenError, match="negative"):
            next(answers)
    finally:
        helper.close()
    Helper().close()  # one never given work goes too


class Dying:
    def prepare(self, work):
        pass

    def __call__(self, item):
        os._exit(3)


def test_a_helper_that_dies_is_an_error_not_a_hang():
    helper = Helper()
    try:
        with pytest.raises(RuntimeError, match="stopped"):
            next(helper.make(Dying(), [1]))
    finally:
        helper.close()


def test_a_helper_is_forked_only_where_a_build_will_most_likely_use_it(scratch, monkeypatch):
    import sitegen.build as build_module

    started = []

    class Counted(Helper):
        def __init__(self):
            started.append(True)
            super().__init__()

    monkeypatch.setattr(build_module, "Helper", Counted)
    library(scratch, count=2)
    build(scratch.root)
    assert not started  # a small site's first build: this process loads what annotating needs anyway
    scratch.article("a1", BODY.format(n=1) + "\n再加一段。\n", date="2020-02-02")
    assert build(scratch.root).cached == 1 and started == [True]  # an edit: the helper made a1


def test_a_run_of_varied_edits_always_gives_what_a_clean_build_gives(scratch, tmp_path):
    """Edits of every kind, one after another, each build compared with a clean one: paragraphs,
    titles, dates (an article changes month), a directive, an article added and one removed, the
    glossary, a template."""
    import random

    library(scratch)
    build(scratch.root)
    rng = random.Random(8)
    paragraphs = ["要在狠抓項目中擴大總量。", "推進放管服改革，堅持工業強省。", "我們要重視長期發展。",
                  "行長走在銀行裡。", "必須加快數字經濟發展。"]
    edits = [
        lambda: scratch.article("a1", BODY.format(n=1) + "\n" + rng.choice(paragraphs) + "\n", date="2020-02-02"),
        lambda: scratch.article("a2", BODY.format(n=2), title="新的標題", date="2020-03-02"),
        lambda: scratch.article("a0", BODY.format(n=0), date="2020-05-09"),  # another month
        lambda: scratch.article("a4", "新文章：" + rng.choice(paragraphs) + "\n", date="2020-01-20"),
        lambda: (scratch.root / "content/articles/a3.md").unlink(missing_ok=True),
        lambda: scratch.write("content/glossary.yaml", "放管服:\n  gloss: streamlining administration\n"),
        lambda: scratch.write("templates/404.html", "{% extends 'base.html' %}{% block main %}gone{% endblock %}"),
        lambda: scratch.article("a1", BODY.format(n=1).replace("擴大總量", "擴大增量"), date="2020-02-02"),
    ]
    for step, change in enumerate(edits):
        change()
        build(scratch.root)
        clean = tmp_path / f"clean{step}"
        build(scratch.root, output=clean, use_cache=False)
        assert files(scratch.root / "public") == files(clean), f"after edit {step}"
