"""From announcement to tracker: status, dated progress, status pages, feeds, sitemap, metadata, print."""

from __future__ import annotations

import io
import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from pypdf import PdfReader

from generator.languages import EN, LANGUAGES, ZH
from generator.render import format_date, load_labels, shorten_description
from generator.tracking import NOT_RESEARCHED, TRACKING_STATES, tracking_state
from tests.support import BrowserSession, BuiltSite, searchable_text

REPO = Path(__file__).resolve().parent.parent
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def test_each_initiative_page_shows_its_status_as_of_the_latest_update_and_links_the_status_page(
    site: BuiltSite,
) -> None:
    for initiative in site.dataset.initiatives:
        for language in LANGUAGES.values():
            labels = load_labels(language.key)
            facts = site.html(f"{language.prefix}initiatives/{initiative.id}/").select_one(".zibo-facts")
            state = tracking_state(initiative, site.dataset.source.announced)
            # While nobody researched its progress, the page says so before the status it was announced with.
            template = labels["status_not_researched_as_of" if state == NOT_RESEARCHED else "status_as_of"]
            expected = template.format(
                state=labels["not_researched"],
                status=labels["statuses"][initiative.status],
                date=format_date(initiative.updates[-1].date, language),
            )
            link = facts.find("a", string=expected)
            assert link is not None and link["href"].endswith(f"status/{state}/")
            assert facts.select_one(".zibo-tracking").get_text().strip()  # what is known, and when checked


def test_status_pages_list_the_initiatives_in_each_status_in_both_languages(site: BuiltSite) -> None:
    announced = site.dataset.source.announced
    for language in LANGUAGES.values():
        for status in TRACKING_STATES:  # nobody researched them yet, then each status
            article = site.html(f"{language.prefix}status/{status}/").select_one("article")
            listed = [a["href"].rstrip("/").split("/")[-1] for a in article.select(".zibo-tracking-list li > a")]
            assert listed == [
                i.id
                for i in sorted(site.dataset.initiatives, key=lambda i: i.number)
                if tracking_state(i, announced) == status
            ]
            if not listed:
                assert load_labels(language.key)["status_empty"] in article.get_text()


def test_home_page_shows_counts_per_status_linking_to_the_status_pages(site: BuiltSite) -> None:
    states = [tracking_state(i, site.dataset.source.announced) for i in site.dataset.initiatives]
    for language in LANGUAGES.values():
        labels = load_labels(language.key)
        names = {NOT_RESEARCHED: labels["not_researched"], **labels["statuses"]}
        links = site.html(language.prefix).select("article .zibo-statuses a")
        assert [(a.get_text(), a["href"].rstrip("/").split("/")[-1]) for a in links] == [
            (labels["status_count"].format(status=names[s], count=states.count(s)), s) for s in TRACKING_STATES
        ]


def parse_feed(site: BuiltSite, language) -> feedparser.FeedParserDict:  # type: ignore[no-untyped-def]
    feed = feedparser.parse((site.root / language.prefix / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    return feed


def distinct_updates(site: BuiltSite) -> set[tuple[object, ...]]:
    """The updates as readers tell them apart: one recorded alike for several initiatives is one."""
    return {(u.date, u.text, u.status, u.source) for i in site.dataset.initiatives for u in i.updates}


def test_each_language_has_a_valid_atom_feed_of_updates_newest_first(site: BuiltSite) -> None:
    total = len(distinct_updates(site))
    for language in LANGUAGES.values():
        feed = parse_feed(site, language)
        assert feed.version == "atom10" and feed.feed.language == language.tag
        assert len(feed.entries) == min(total, 50)
        dates = [entry.updated for entry in feed.entries]
        assert dates == sorted(dates, reverse=True)
        assert len({entry.id for entry in feed.entries}) == len(feed.entries)
        assert feed.feed.updated == max(dates)
        for entry in feed.entries:  # an initiative's page, or the updates page for an update of several
            assert entry.link.startswith(site.url(f"{language.prefix}initiatives/")) or entry.link == site.url(
                f"{language.prefix}updates/"
            )


def test_both_feeds_use_the_same_entry_ids(site: BuiltSite) -> None:
    assert [e.id for e in parse_feed(site, ZH).entries] == [e.id for e in parse_feed(site, EN).entries]


def test_every_page_links_its_feed_and_the_home_page_shows_it(site: BuiltSite) -> None:
    for file in site.root.rglob("*.html"):
        language = EN if file.relative_to(site.root).parts[0] == "en" else ZH
        text = file.read_text("utf-8")
        assert re.search(r'<link rel="alternate" type="application/atom\+xml" [^>]*href="[^"]*feed\.xml"', text), file
    for language in LANGUAGES.values():
        assert site.html(language.prefix).select_one("article a.zibo-feed")["href"] == "feed.xml"


def test_the_feeds_author_is_who_maintains_the_site(site: BuiltSite) -> None:
    for language in LANGUAGES.values():
        feed = parse_feed(site, language)
        publication = site.dataset.site
        expected = publication.maintainer.text_or_chinese(language.key) if publication else feed.feed.title
        assert feed.feed.author_detail.name == expected


def test_beside_each_feed_link_a_page_says_what_the_feed_is_and_gives_its_address_to_copy(site: BuiltSite) -> None:
    from urllib.parse import urljoin

    for language in LANGUAGES.values():
        labels = load_labels(language.key)
        for path in (language.prefix, f"{language.prefix}updates/"):
            feed = site.html(path).select_one("article a.zibo-feed")
            about = feed.find_next("a")
            assert "zibo-feed-about" in about["class"] and about.get_text() == labels["feed_about"]
            assert urljoin(site.url(path), about["href"]) == site.url(f"{language.prefix}subscribe/")
        page = site.html(f"{language.prefix}subscribe/").select_one("article")
        assert page.h1.get_text().rstrip("¶") == labels["subscribe_title"]
        address = page.select_one("input#feed-address")
        assert address["value"] == site.url(f"{language.prefix}feed.xml") and address.has_attr("readonly")
        assert page.select_one("label[for=feed-address]").get_text() == labels["subscribe_address"]
        hrefs = [urljoin(site.url(f"{language.prefix}subscribe/"), a["href"]) for a in page.select("a[href]")]
        assert site.url(f"{language.prefix}feed.xml") in hrefs and site.url(f"{language.prefix}updates/") in hrefs


@pytest.mark.browser
def test_the_feed_page_copies_the_feeds_address(site: BuiltSite, browser: BrowserSession) -> None:
    for language in LANGUAGES.values():
        page = browser.new_page(width=375)
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        page.goto(site.url(f"{language.prefix}subscribe/"))
        button = page.locator("article .zibo-copy button")
        assert button.is_visible()
        button.click()
        page.wait_for_function("document.querySelector('article .zibo-copy [role=status]').textContent !== ''")
        assert page.evaluate("navigator.clipboard.readText()") == site.url(f"{language.prefix}feed.xml")
        page.context.close()


def test_sitemap_lists_every_page_of_both_languages_with_its_alternates(site: BuiltSite) -> None:
    root = ET.parse(site.root / "sitemap.xml").getroot()
    urls = {u.findtext("s:loc", namespaces=SITEMAP): u for u in root.findall("s:url", SITEMAP)}
    pages = [f.relative_to(site.root).as_posix().removesuffix("index.html") for f in site.root.rglob("index.html")]
    assert set(urls) == {site.url(page) for page in pages}
    for loc, url in urls.items():
        path = loc.removeprefix(site.base_url).removeprefix("en/")
        links = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", SITEMAP)}
        assert links == {"zh-Hans": site.url(path), "en": site.url("en/" + path), "x-default": site.url(path)}
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", url.findtext("s:lastmod", namespaces=SITEMAP))
    shenzhen = urls[site.url("initiatives/shenzhen-benchmark-business-environment/")]
    assert shenzhen.findtext("s:lastmod", namespaces=SITEMAP) == site.dataset.initiatives[0].updates[-1].date
    assert (site.root / "robots.txt").read_text().endswith(f"Sitemap: {site.url('sitemap.xml')}\n")


@pytest.mark.parametrize("page", ["", "themes/", "about/", "status/announced/", "initiatives/opening-up-hub/"])
def test_pages_carry_canonical_description_open_graph_and_json_ld_in_their_language(site: BuiltSite, page: str) -> None:
    for language in LANGUAGES.values():
        soup = site.html(language.prefix + page)
        assert soup.select_one("link[rel=canonical]")["href"] == site.url(language.prefix + page)
        description = soup.select_one('meta[name="description"]')["content"]
        assert description and soup.select_one('meta[property="og:description"]')["content"] == description
        assert soup.select_one('meta[property="og:locale"]')["content"] == language.og_locale
        assert soup.select_one('meta[property="og:title"]')["content"]
        data = json.loads(soup.select_one('script[type="application/ld+json"]').string)
        assert data["@context"] == "https://schema.org" and data["inLanguage"] == language.tag
    initiative = site.dataset.initiatives[5]
    soup = site.html(f"en/initiatives/{initiative.id}/")
    data = json.loads(soup.select_one('script[type="application/ld+json"]').string)
    assert (data["@type"], data["headline"], data["isBasedOn"]["datePublished"]) == (
        "Article",
        initiative.title.en,
        "2020-04-20",
    )
    assert soup.select_one('meta[name="description"]')["content"] == shorten_description(initiative.summary.en)


def test_printable_page_has_every_initiative_in_order_and_stays_out_of_search(site: BuiltSite) -> None:
    for language in LANGUAGES.values():
        article = site.html(f"{language.prefix}print/").select_one("article")
        titles = [h.get_text().rstrip("¶") for h in article.select(".zibo-print-item h2")]
        assert titles == [
            f"{i.number}. {i.title.text(language.key)}"
            for i in sorted(site.dataset.initiatives, key=lambda i: i.number)
        ]
        for initiative in site.dataset.initiatives:
            assert initiative.body.text(language.key) in article.get_text(" ")
        assert searchable_text(site.html(f"{language.prefix}print/")) == ""


@pytest.mark.browser
def test_printing_the_printable_page_gives_a_pdf_with_every_title_and_no_interface(
    site: BuiltSite, browser: BrowserSession
) -> None:
    for language in LANGUAGES.values():
        page = browser.new_page()
        page.goto(site.url(f"{language.prefix}print/"))
        pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
        # NFKC: PDF text extraction may return Kangxi radicals (⾰) for the ideographs (革) they look like.
        text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", "".join(p.extract_text() for p in pdf.pages)))
        for initiative in site.dataset.initiatives:
            assert re.sub(r"\s+", "", initiative.title.text(language.key)) in text, initiative.id
        other = EN if language is ZH else ZH
        assert other.name not in text  # the header with its language switch is hidden in print
        assert site.url(f"{language.prefix}initiatives/opening-up-hub/") in text  # link addresses are shown
        page.context.close()
