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
