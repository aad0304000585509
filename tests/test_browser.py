"""The site in a real browser (Debian's Chromium): search, language switch, no foreign requests."""

from __future__ import annotations

import pytest

from generator.languages import LANGUAGES
from tests.search import TOP_RESULTS, SearchCase, load_queries, result_pages, search
from tests.support import BrowserSession, BuiltSite

pytestmark = pytest.mark.browser
QUERIES = load_queries()


@pytest.fixture(scope="module")
def search_pages(site: BuiltSite, browser: BrowserSession):  # type: ignore[no-untyped-def]
    pages = {}
    for key, language in LANGUAGES.items():
        page = browser.new_page()
        page.goto(site.url(language.prefix))
        pages[key] = page
    yield pages
    for page in pages.values():
        page.context.close()


@pytest.mark.parametrize("case", QUERIES, ids=lambda c: f"{c.language}-{c.query}")
def test_search_finds_the_initiative_among_the_first_results(site: BuiltSite, search_pages, case: SearchCase) -> None:
    prefix = LANGUAGES[case.language].prefix
    pages = result_pages(search(search_pages[case.language], case.query), site.base_url)
    assert pages, f"no results for {case.query!r}"
    expected = {f"{prefix}initiatives/{initiative_id}/" for initiative_id in case.expect}
    assert expected & set(pages[:TOP_RESULTS]), pages[:5]
    assert all(page.startswith(prefix) and (prefix or not page.startswith("en/")) for page in pages), (
        "results from the other language"
    )


def test_language_switch_lands_on_the_counterpart_page(site: BuiltSite, browser: BrowserSession) -> None:
    page = browser.new_page()
    page.goto(site.url("initiatives/opening-up-hub/"))
    page.locator(".md-header__option .md-select").hover()
    page.get_by_role("link", name="English").click()
    page.wait_for_url(site.url("en/initiatives/opening-up-hub/"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text().startswith("Reform drive to build a hub of opening-up")
    page.locator(".md-header__option .md-select").hover()
    page.get_by_role("link", name="简体中文").click()
    page.wait_for_url(site.url("initiatives/opening-up-hub/"))
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    page.context.close()


def test_reading_the_site_makes_no_request_to_another_host(site: BuiltSite, browser: BrowserSession) -> None:
    # Runs last in this module: every page opened above recorded its requests in the session.
    page = browser.new_page()
    for path in ("", "en/", "themes/", "en/about/", "initiatives/public-health-service-system/", "404.html"):
        page.goto(site.url(path))
        page.wait_for_load_state("networkidle")
    page.context.close()
    assert browser.foreign_requests == []
