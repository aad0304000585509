"""Readers in a real browser: accessibility (axe-core), keyboard, phone widths, page weight, 404s."""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from bench.search import is_search_request
from generator.languages import LANGUAGES
from tests.support import BrowserSession, BuiltSite, free_port, serve_folder
from tools.searchbox import search

pytestmark = [pytest.mark.browser, pytest.mark.long]

PAGE_TYPES = {
    "home": "",
    "initiative": "initiatives/opening-up-hub/",
    "theme": "themes/market-reform/",
    "themes index": "themes/",
    "about": "about/",
    "search results open": "",
    "404": "404.html",
}
MORE_PAGES = ["status/announced/", "status/not-researched/", "subscribe/", "glossary/", "translations/", "print/"]
WIDTHS = {"desktop": 1280, "phone": 375}
# More kinds for axe: the source article with its originals beside the translations, the changelog
# and the updates list, the page about the feed, the list of initiatives nobody researched.
AXE_PAGES = {
    **PAGE_TYPES,
    "source article": "source/",
    "changes": "changes/",
    "updates": "updates/",
    "feed": "subscribe/",
    "not researched": "status/not-researched/",
}
# Violations of impact serious or critical fail the test unless listed here with the reason.
AXE_ALLOWANCE: dict[str, str] = {}
# Budgets in bytes, gzip-compressed, set from measurement (see the test output) and kept tight: measured on
# the frozen copy of the data (tests/frozen/), since an editor's new update makes a page longer.
# Measured 84.9 KB with the navigation's initiatives, the footer, the parallel originals and the glossary script.
INITIATIVE_FIRST_VIEW_BUDGET = 86_000  # HTML, CSS, JS and fonts before interaction
_AXE = Axe()


@pytest.fixture(scope="module")
def tabs(browser: BrowserSession) -> Iterator[dict[str, Page]]:
    """One tab per language, going from page to page as a reader does; axe-core is in each page loaded.

    (Not a new browser context per page: each would start a new renderer process.)"""
    pages = {key: browser.new_page(width=WIDTHS["desktop"], height=800) for key in LANGUAGES}
    for page in pages.values():
        page.context.add_init_script(script=_AXE.axe_script)
    yield pages
    for page in pages.values():
        page.context.close()


def visit(page: Page, site: BuiltSite, path: str, width: int, query: str | None = None) -> Page:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site.url(path))  # waits for the load event: the page's styles, scripts and images are in
    page.evaluate("() => document.fonts.ready.then(() => true)")  # (no web font: system fonts, at once)
    if query is not None:
        search(page, query)  # on a phone, opens the box first
    settle(page)
    return page


def settle(page) -> None:  # type: ignore[no-untyped-def]
    # Audit what the reader sees once it has settled: a colour caught mid-transition is not what they read.
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")


def audit(pages: list[Page]) -> list[list[dict[str, Any]]]:
    """axe-core's violations on each open page, audited at the same time: each page's renderer is a
    process of its own, so the audits share the machine's cores instead of waiting for each other."""
    for page in pages:
        page.evaluate("() => { window.ziboAudit = axe.run(document, {resultTypes: ['violations']}); }")
    return [page.evaluate("() => window.ziboAudit.then(results => results.violations)") for page in pages]


@pytest.mark.parametrize("kind", AXE_PAGES)
def test_no_serious_or_critical_accessibility_violations(site: BuiltSite, tabs: dict[str, Page], kind: str) -> None:
    queries = {
        key: ("卫生" if key == "zh" else "health") if kind == "search results open" else None for key in LANGUAGES
    }
    for number, (width_name, width) in enumerate(WIDTHS.items()):
        for key, language in LANGUAGES.items():
            if number == 0 or queries[key] is not None:  # open search results are opened anew at each width
                visit(tabs[key], site, language.prefix + AXE_PAGES[kind], width, queries[key])
            else:  # the same page turned into a phone's: one load, both layouts audited
                tabs[key].set_viewport_size({"width": width, "height": 800})
                settle(tabs[key])
        for key, violations in zip(tabs, audit(list(tabs.values())), strict=True):
            blocking = [
                v for v in violations if v["impact"] in {"serious", "critical"} and v["id"] not in AXE_ALLOWANCE
            ]
            others = [f"{v['id']} ({v['impact']}, {len(v['nodes'])})" for v in violations if v not in blocking]
            print(
                f"\naxe {kind} [{key}, {width_name}]: {len(blocking)} serious/critical; other: {', '.join(others) or 'none'}"
            )
            assert blocking == [], [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in blocking]


def test_keyboard_reaches_skip_link_search_language_switch_themes_and_related_in_order(
    site: BuiltSite, browser: BrowserSession
) -> None:
    for language in LANGUAGES.values():
        page = browser.new_page(width=1280)
        page.goto(site.url(f"{language.prefix}initiatives/opening-up-hub/"))
        stops = []
        for _ in range(80):
            page.keyboard.press("Tab")
            stops.append(
                page.evaluate("""() => {
                const el = document.activeElement;
                const style = getComputedStyle(el);
                const visible = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
                    || style.boxShadow !== 'none' || el.matches('.md-skip');
                return {tag: el.tagName, cls: el.className, href: el.getAttribute('href') || '',
                        inRelated: !!el.closest('.zibo-related'), inFacts: !!el.closest('.zibo-facts'),
                        text: el.textContent.trim().slice(0, 40), visible};
            }""")
            )
        page.context.close()

        def first(predicate, stops=stops) -> int:  # type: ignore[no-untyped-def]
            return next(index for index, stop in enumerate(stops) if predicate(stop))

        skip = first(lambda s: "md-skip" in s["cls"])
        switch = first(lambda s: s["tag"] == "BUTTON" and "md-header__button" in s["cls"])
        search_box = first(lambda s: s["tag"] == "INPUT" and "zibo-search__input" in s["cls"])
        theme_link = first(lambda s: s["inFacts"] and "themes/" in s["href"])
        related = first(lambda s: (s["inRelated"] and "initiatives/" in s["href"]) or s["inRelated"])
        assert skip == 0
        assert skip < switch < theme_link and skip < search_box < theme_link < related
        for stop in stops[: related + 1]:
            if stop["tag"] in {"A", "BUTTON", "INPUT"}:
                assert stop["visible"], f"no visible focus on {stop}"


PHONE_PAGES = [*dict.fromkeys(PAGE_TYPES.values()), *MORE_PAGES]


@pytest.mark.parametrize("path", PHONE_PAGES)
def test_at_phone_width_nothing_scrolls_sideways_and_no_text_is_cut(
    site: BuiltSite, tabs: dict[str, Page], path: str
) -> None:
    for key, language in LANGUAGES.items():
        page = visit(tabs[key], site, language.prefix + path, WIDTHS["phone"])
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        cut = page.evaluate("""() => [...document.querySelectorAll('article *')].filter(el => {
            const style = getComputedStyle(el);
            if (!['hidden', 'clip'].includes(style.overflowX) || el.closest('.zibo-sr-only')) return false;
            return el.scrollWidth > el.clientWidth + 1 && el.textContent.trim() !== '';
        }).map(el => el.tagName + '.' + el.className)""")
        # A table scrolling inside its own box is sideways scrolling too (the matrix does it on purpose).
        tables = page.evaluate("""() => [...document.querySelectorAll('article table:not(.zibo-matrix)')].map(t => {
            const box = t.closest('.md-typeset__scrollwrap') || t.parentElement;
            return Math.max(box.scrollWidth - box.clientWidth, t.scrollWidth - t.clientWidth);
        })""")
        assert overflow <= 0, f"{language.prefix}{path} scrolls sideways by {overflow}px"
        assert cut == [], f"{language.prefix}{path}: text cut in {cut}"
        assert all(extra <= 1 for extra in tables), f"{language.prefix}{path}: tables scroll sideways by {tables}px"


def test_every_kind_of_page_with_a_table_is_checked_at_phone_width(site: BuiltSite) -> None:
    checked = {kind_of(path) for path in PHONE_PAGES}
    for file in site.root.rglob("*.html"):
        path = file.relative_to(site.root).as_posix().removesuffix("index.html")
        if "<table" in file.read_text("utf-8") and site.html(path).select("article table"):
            assert kind_of(path.removeprefix("en/")) in checked, path


def kind_of(path: str) -> str:
    """A page's kind, from its address: initiatives/ID/ and themes/ID/ are one kind each."""
    parts = path.strip("/").split("/")
    return parts[0] + "/*" if len(parts) > 1 else parts[0]


def gzip_size(file: Path) -> int:
    return len(gzip.compress(file.read_bytes(), compresslevel=9, mtime=0))


def test_an_initiative_page_stays_within_its_weight_budget(frozen_site: BuiltSite, browser: BrowserSession) -> None:
    loaded: list[tuple[str, str]] = []
    page = browser.new_page(width=375)
    page.on("requestfinished", lambda request: loaded.append((request.resource_type, request.url)))
    page.goto(frozen_site.url("initiatives/opening-up-hub/"), wait_until="load")
    page.wait_for_load_state("networkidle")
    page.context.close()
    files = {}
    for kind, url in loaded:
        # The search's code and index load once the page is idle (overrides/partials/search.html), after
        # the first view: what they cost is a benchmark figure (bench/RESULTS.md).
        if kind in {"document", "stylesheet", "script", "font"} and not is_search_request(url):
            path = urlsplit(url).path.removeprefix(urlsplit(frozen_site.base_url).path)
            files[url] = frozen_site.root / (path + "index.html" if path.endswith("/") or not path else path)
    first_view = sum(gzip_size(file) for file in files.values())
    print(
        f"\ninitiative page, first view: {first_view:,} bytes gzip in {len(files)} files "
        f"({', '.join(sorted(f.name for f in files.values()))}); budget {INITIATIVE_FIRST_VIEW_BUDGET:,}"
    )
    assert any(f.name.endswith(".css") for f in files.values()) and any(f.name.endswith(".js") for f in files.values())
    assert not [kind for kind, _ in loaded if kind == "font"], "no web font is downloaded"
    assert first_view <= INITIATIVE_FIRST_VIEW_BUDGET


def test_a_bilingual_404_at_the_root_and_one_under_en(site: BuiltSite, browser: BrowserSession) -> None:
    root = site.html("404.html")
    sections = root.select("article section[lang]")
    assert [s["lang"] for s in sections] == ["zh-Hans", "en"]
    assert root.h1.get_text() == "页面不存在" and sections[1].h2.get_text() == "Page not found"
    english = site.html("en/404.html")
    assert [s["lang"] for s in english.select("article section[lang]")] == ["en", "zh-Hans"]
    page = browser.new_page(width=375)
    page.goto(site.url("404.html"))
    page.get_by_role("link", name="Go to the home page").click()
    page.wait_for_url(site.url("en/"))
    page.context.close()


NOT_FOUND = {"zh": ("页面不存在", "返回首页"), "en": ("Page not found", "Go to the home page")}  # overrides/404.html


def test_served_under_any_path_a_missing_deep_address_shows_the_styled_404_and_its_home_links_work(
    site: BuiltSite, browser: BrowserSession
) -> None:
    # Another path than the one the site was built for, as a fork or a mirror would serve it; the host
    # answers every miss with the root 404 page, as GitHub Pages does.
    page = browser.new_page(width=375)
    with serve_folder(site.root, free_port(), "/a/mirror/of/the/site/", not_found="404.html") as base:
        page.goto(base)
        styled_header = page.evaluate("() => getComputedStyle(document.querySelector('.md-header')).backgroundColor")
        for key, language in LANGUAGES.items():
            response = page.goto(f"{base}{language.prefix}initiatives/no/such/deep/page/")
            assert response is not None and response.status == 404
            title, home = NOT_FOUND[key]
            assert page.locator("article h1").inner_text() == title
            sheets = page.evaluate(
                "() => [...document.querySelectorAll('link[rel=stylesheet]')].map(l => [l.href, !!l.sheet])"
            )
            assert sheets and all(loaded and href.startswith(base) for href, loaded in sheets), sheets
            header = page.evaluate("() => getComputedStyle(document.querySelector('.md-header')).backgroundColor")
            assert header == styled_header
            page.get_by_role("link", name=home, exact=True).first.click()
            page.wait_for_url(base + language.prefix)
            assert page.locator("article h1").inner_text() != title  # the home page itself
    page.context.close()


def test_the_themes_index_shows_which_initiatives_belong_to_which_themes_as_links(site: BuiltSite) -> None:
    dataset = site.dataset
    for language in LANGUAGES.values():
        matrix = site.html(f"{language.prefix}themes/").select_one("table.zibo-matrix")
        assert matrix.caption is not None
        columns = [a["href"].rstrip("/").split("/")[-1] for a in matrix.select("thead th[scope=col] a")]
        assert columns == [t.id for t in dataset.themes]
        for row, initiative in zip(
            matrix.select("tbody tr"), sorted(dataset.initiatives, key=lambda i: i.number), strict=True
        ):
            assert row.th["scope"] == "row" and row.th.a["href"].endswith(f"initiatives/{initiative.id}/")
            marked = [columns[i] for i, cell in enumerate(row.find_all("td")) if cell.get_text(strip=True)]
            assert marked == [t.id for t in dataset.themes if t.id in initiative.themes]


def test_readme_shows_screenshots_that_make_screenshots_produces(repo: Path) -> None:
    from tools.screenshots import LANGUAGE_PREFIXES
    from tools.screenshots import PAGE_TYPES as SHOT_TYPES
    from tools.screenshots import WIDTHS as SHOT_WIDTHS

    readme = (repo / "README.md").read_text("utf-8")
    shown = re.findall(r"\]\((screenshots/[^)]+\.png)\)", readme)
    assert len(shown) >= 3
    produced = {
        f"screenshots/{kind}-{lang}-{device}.png"
        for kind in SHOT_TYPES
        for lang in LANGUAGE_PREFIXES
        for device in SHOT_WIDTHS
    }
    assert set(shown) <= produced
    assert all((repo / name).is_file() for name in shown)
