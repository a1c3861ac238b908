"""Accessibility and validity of the built pages: axe-core in Chromium, the Nu HTML validator.

Both tools come from npm (`.ci/package.json`, installed by `.ci/run` into `.ci/node_modules`; or
`node_modules/` at the project root; or SITEGEN_AXE / SITEGEN_VNU naming the files). The validator
needs Java. Outside CI a missing tool skips with the reason; under CI=true it is a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from ..conftest import ROOT, SEED_SLUG
from .conftest import _unavailable

pytestmark = pytest.mark.browser
ARTICLE = f"/articles/{SEED_SLUG}/"
PAGES = {"home": "/", "article": ARTICLE, "glossary": "/glossary/", "directives": "/directives/",
         "directives-month": "/directives/2018-08/", "not-found": "/404.html"}
NODE_MODULES = [ROOT / ".ci" / "node_modules", ROOT / "node_modules"]
INSTALL = "bash .ci/run installs it (or: cd .ci && npm ci --ignore-scripts)"


def _tool(env: str, relative: str) -> Path:
    if os.environ.get(env):
        path = Path(os.environ[env])
        if not path.is_file():
            _unavailable(f"{env}={path}: no such file")
        return path
    for folder in NODE_MODULES:
        if (folder / relative).is_file():
            return folder / relative
    _unavailable(f"{relative} not found in {' or '.join(str(f) for f in NODE_MODULES)}; {INSTALL}")


@pytest.fixture(scope="module")
def axe_source() -> str:
    return _tool("SITEGEN_AXE", "axe-core/axe.min.js").read_text(encoding="utf-8")


def run_axe(page, axe_source: str) -> list[dict]:
    # The pages' CSP allows only their own scripts, so axe goes in through the devtools protocol
    # (page.evaluate), not as a <script> element; the page itself keeps its CSP.
    page.evaluate(axe_source + "\n;void 0")
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": len(v["nodes"]),
         "first": v["nodes"][0]["html"][:200], "why": v["nodes"][0].get("failureSummary", "")[:300]}
        for v in result["violations"]
    ]


@pytest.fixture
def context_of(browser):
    made = []

    def make(**options):
        context = browser.new_context(**options)
        made.append(context)
        return context.new_page()

    yield make
    for context in made:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_violations(context_of, server, axe_source, name, scheme):
    page = context_of(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    page.goto(server + PAGES[name])
    assert page.evaluate("typeof axe") == "undefined"
    assert run_axe(page, axe_source) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_on_a_phone_with_every_reader_option_and_a_popup_open(context_of, server, axe_source, scheme):
    page = context_of(color_scheme=scheme, viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page.goto(server + ARTICLE)
    page.tap("[data-toggle-tones]")
    page.tap("[data-set-script=hans]")
    page.tap("[data-size-step='1']")
    page.select_option("[data-set-style]", "zhuyin")
    page.locator(".text a.term").first.tap()
    assert page.locator("#term-popup").is_visible()
    assert run_axe(page, axe_source) == []
    page.tap("[data-toggle-pinyin]")  # hidden pinyin: no contrast checks on invisible text to fail
    page.keyboard.press("Escape")
    assert run_axe(page, axe_source) == []


def vnu(*arguments: str) -> tuple[subprocess.CompletedProcess, list[dict]]:
    """Run the Nu validator (errors only, JSON); returns the run and its error messages."""
    jar = _tool("SITEGEN_VNU", "vnu-jar/build/dist/vnu.jar")
    java = shutil.which("java")
    if java is None:
        _unavailable(f"java not found (apt-get install default-jre-headless); {jar} needs it")
    run = subprocess.run([java, "-jar", str(jar), "--errors-only", "--format", "json", *arguments],
                         capture_output=True, text=True, timeout=300)
    report = json.loads(run.stderr or run.stdout or '{"messages": []}')
    return run, [m for m in report["messages"] if m.get("type") in ("error", "non-document-error")]


def test_html_validates(seed_site):
    pages = sorted(str(p) for p in seed_site.rglob("*.html"))
    assert len(pages) >= 5
    run, messages = vnu(*pages)
    errors = [f"{m.get('url', '').split('/public/')[-1]}:{m.get('lastLine')}: {m.get('message')} [{m.get('extract', '')[:80]}]"
              for m in messages]
    assert errors == []
    assert run.returncode == 0, run.stderr[-2000:]


def test_css_validates(seed_site):
    css = sorted(str(p) for p in seed_site.rglob("*.css"))
    _, messages = vnu("--css", *css)
    assert messages == []


def test_term_places_page_validates(scratch):
    """A glossary term's page of all its places (the seed has no term with that many)."""
    from sitegen.build import build
    from sitegen.views import PLACES_ON_GLOSSARY

    scratch.write("content/glossary.yaml", "放管服:\n  gloss: streamlining administration\n")
    for n in range(PLACES_ON_GLOSSARY + 1):
        scratch.article(f"a{n:02d}", f"第{n}篇：深化放管服改革。", date=f"2020-01-{n + 1:02d}")
    build(scratch.root)
    page = scratch.root / "public/glossary/fang-guan-fu/index.html"
    run, messages = vnu(str(page), str(scratch.root / "public/glossary/index.html"))
    assert [m.get("message") for m in messages] == []
