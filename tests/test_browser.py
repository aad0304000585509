"""The site in a real browser (Debian's Chromium): language switch, no foreign requests (search: test_search.py)."""

from __future__ import annotations

import pytest

from tests.support import BrowserSession, BuiltSite

pytestmark = pytest.mark.browser


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


def test_a_page_view_requests_nothing_that_does_not_exist(site: BuiltSite, browser: BrowserSession) -> None:
    # Material's script fetches a sitemap for each language alternate of the head: none may be missing.
    for path in ("", "initiatives/opening-up-hub/", "en/", "en/initiatives/opening-up-hub/", "en/glossary/"):
        page = browser.new_page()
        missing: set[str] = set()
        page.on("response", lambda r, missing=missing: missing.add(r.url) if r.status >= 400 else None)
        page.goto(site.url(path))
        page.wait_for_load_state("networkidle")
        page.context.close()
        assert missing == set(), path


def test_reading_the_site_makes_no_request_to_another_host(site: BuiltSite, browser: BrowserSession) -> None:
    # Runs last in this module: every page opened above recorded its requests in the session.
    page = browser.new_page()
    for path in ("", "en/", "themes/", "en/about/", "initiatives/public-health-service-system/", "404.html"):
        page.goto(site.url(path))
        page.wait_for_load_state("networkidle")
    page.context.close()
    assert browser.foreign_requests == []
