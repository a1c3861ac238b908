"""The annotation cache and parallel annotation give the same site as a plain build."""

from sitegen.build import build


def files(public):
    return {p.relative_to(public): p.read_bytes() for p in public.rglob("*") if p.is_file() and p.name != ".sitegen-output"}


def test_unchanged_site_is_not_rebuilt(scratch):
    scratch.article("a", "重振江西。")
    build(scratch.root)
    again = build(scratch.root)
    assert again.unchanged and again.articles == 1
    scratch.write("templates/article.html", "{% extends 'base.html' %}{% block main %}mine{% endblock %}")
    changed = build(scratch.root)
    assert not changed.unchanged and changed.cached == 1
    assert "mine" in (scratch.root / "public/articles/a/index.html").read_text(encoding="utf-8")


def test_cache_hits_and_invalidation(scratch):
    for n in range(3):
        scratch.article(f"a{n}", f"第{n}篇：重振江西制造輝煌。")
    first = build(scratch.root)
    assert first.cached == 0
    plain = files(scratch.root / "public")
    second = build(scratch.root)
    assert second.cached == 3 and files(scratch.root / "public") == plain
    scratch.article("a1", "改過的文章：重振江西制造輝煌。")
    third = build(scratch.root)
    assert third.cached == 2
    assert "改" in (scratch.root / "public/articles/a1/index.html").read_text(encoding="utf-8")
    # the glossary is an input of every article
    scratch.write("content/glossary.yaml", "重振:\n  gloss: revive\n")
    assert build(scratch.root).cached == 0


def test_damaged_entry_is_annotated_again(scratch):
    scratch.article("a", "重振江西制造輝煌。")
    build(scratch.root)
    plain = files(scratch.root / "public")
    for folder in ("annotations", "pages"):
        for entry in (scratch.root / ".sitegen-cache" / folder).iterdir():
            entry.chmod(0o644)
            entry.write_bytes(b"not a pickle")
    (scratch.root / "public" / ".sitegen-output").unlink()  # else the build sees nothing changed
    result = build(scratch.root, force=True)
    assert result.cached == 0 and files(scratch.root / "public") == plain


def test_no_cache_and_parallel_builds_match(scratch):
    for n in range(9):
        scratch.article(f"a{n}", f"第{n}篇。要在狠抓項目中擴大總量、再上新水平。")
    build(scratch.root, use_cache=False, jobs=1)
    serial = files(scratch.root / "public")
    assert not (scratch.root / ".sitegen-cache").exists()
    build(scratch.root, use_cache=False, jobs=2)
    assert files(scratch.root / "public") == serial


def test_an_edit_remakes_only_its_article_and_matches_a_clean_build(scratch, tmp_path, monkeypatch):
    from sitegen.annotate import Annotator

    for n in range(3):
        scratch.article(f"a{n}", f"第{n}篇：要在狠抓項目中擴大總量。重振江西制造輝煌。")
    build(scratch.root)
    annotated = []
    annotate = Annotator.annotate
    monkeypatch.setattr(Annotator, "annotate", lambda self, article, *earlier: annotated.append(article.slug) or annotate(self, article, *earlier))
    scratch.article("a1", "改過的文章：要在狠抓項目中擴大總量！")
    result = build(scratch.root, jobs=1)
    assert annotated == ["a1"] and result.cached == 2
    clean = build(scratch.root, output=tmp_path / "clean", use_cache=False)
    assert clean.cached == 0 and files(scratch.root / "public") == files(tmp_path / "clean")


def test_cached_pages_are_linked_read_only(scratch):
    import os
    import stat

    scratch.article("a", "重振江西。")
    scratch.article("b", "重振江西制造輝煌。")
    build(scratch.root)
    scratch.article("b", "改過了。")
    build(scratch.root)
    page = scratch.root / "public/articles/a/index.html"
    assert page.stat().st_nlink >= 2  # the site's page is the cache's file (and the spare site's)
    assert not page.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    assert (scratch.root / "public/articles/b/index.html").stat().st_nlink == 1  # made just now
    assert os.access(scratch.root / "public/index.html", os.R_OK)


def test_a_cut_cached_page_is_made_again(scratch):
    scratch.article("a", "重振江西。")
    scratch.article("b", "重振江西制造輝煌。")
    build(scratch.root)
    plain = files(scratch.root / "public")
    for page in (scratch.root / ".sitegen-cache" / "pages").glob("*.html"):
        page.chmod(0o644)
        page.write_bytes(page.read_bytes()[:100])
    (scratch.root / "public" / ".sitegen-output").unlink()  # else the build sees nothing changed
    result = build(scratch.root, force=True)
    assert result.cached == 2 and files(scratch.root / "public") == plain  # annotations reused, pages remade


def test_parsed_articles_are_reused_with_their_warnings(scratch, monkeypatch):
    import sitegen.build as build_module
    from sitegen.content import load_article

    scratch.article("a", "重振江西。", extra="colour: red\n")
    first = build(scratch.root)
    assert any("colour" in w.message for w in first.warnings)
    parsed = []
    monkeypatch.setattr(build_module, "load_article", lambda path, warnings: parsed.append(path) or load_article(path, warnings))
    scratch.write("templates/extra.html", "not used")  # an input changes: the build runs
    second = build(scratch.root)
    assert not second.unchanged and parsed == []
    assert [w.message for w in second.warnings] == [w.message for w in first.warnings]
    scratch.article("a", "改過了。", extra="colour: red\n")
    build(scratch.root)
    assert len(parsed) == 1
