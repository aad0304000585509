"""What a reader gets from the real build: pages, links, languages, anchors, search indexes."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from generator.languages import EN, LANGUAGES, ZH, Language
from generator.page_paths import hand_written_files
from generator.pages import plan_pages
from generator.pipeline import load_and_validate
from generator.urls import PageAddresses, absolute_url, page_url
from tests.support import BuiltSite, is_local, searchable_text

DATA = load_and_validate(Path(__file__).parent.parent / "data" / "initiatives.yaml").dataset
INITIATIVE_IDS = [initiative.id for initiative in DATA.initiatives]
THEME_IDS = [theme.id for theme in DATA.themes]
PAGE_PATHS = (
    ["", "about/", "themes/"] + [f"initiatives/{i}/" for i in INITIATIVE_IDS] + [f"themes/{t}/" for t in THEME_IDS]
)
RESOURCE_ATTRIBUTES = {
    "script": "src",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "audio": "src",
    "video": "src",
    "embed": "src",
    "object": "data",
    "track": "src",
}
RESOURCE_LINK_RELS = {
    "stylesheet",
    "icon",
    "preload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
    "modulepreload",
    "manifest",
    "apple-touch-icon",
}


def html_files(site: BuiltSite) -> list[Path]:
    return sorted(site.root.rglob("*.html"))


def content(soup: BeautifulSoup) -> BeautifulSoup:
    article = soup.select_one("article.md-content__inner")
    assert article is not None
    return article


def reading_text(element: BeautifulSoup) -> str:
    """The text as read, without the glossary explanations that open on demand."""
    copy = BeautifulSoup(str(element), "html.parser")
    for tip in copy.select(".zibo-term__tip"):
        tip.decompose()
    return re.sub(r"\s+", " ", copy.get_text(""))


def site_path_of(site: BuiltSite, url: str) -> str:
    """Site-relative path of an absolute URL on the test server."""
    path = urlsplit(url).path
    prefix = urlsplit(site.base_url).path
    assert path.startswith(prefix), url
    return unquote(path[len(prefix) :])


def target_exists(site: BuiltSite, path: str) -> bool:
    file = site.root / path
    return (file / "index.html").is_file() if path.endswith("/") or path == "" else file.is_file()


@pytest.mark.parametrize("language", LANGUAGES.values(), ids=lambda lang: lang.key)
@pytest.mark.parametrize("page", PAGE_PATHS)
def test_every_page_exists_in_both_languages(site: BuiltSite, language, page: str) -> None:
    assert target_exists(site, language.prefix + page)


def test_each_initiative_page_shows_number_title_summary_text_measures_themes_and_citation(site: BuiltSite) -> None:
    for initiative in site.dataset.initiatives:
        for language in LANGUAGES.values():
            article = content(site.html(f"{language.prefix}initiatives/{initiative.id}/"))
            text = reading_text(article)
            assert article.h1.get_text(strip=True).rstrip("¶") == initiative.title.text(language.key)
            assert str(initiative.number) in article.select_one(".zibo-kicker").get_text()
            assert initiative.summary.text(language.key) in text
            assert initiative.body.text(language.key) in text
            for measure in initiative.measures:
                assert measure.text(language.key) in text
            theme_links = [a.get_text() for a in article.select('.zibo-facts a[href*="themes/"]')]
            assert theme_links == [
                next(t for t in site.dataset.themes if t.id == tid).label.text(language.key)
                for tid in initiative.themes
            ]
            citation = article.select_one(".zibo-citation").get_text(" ")
            for part in (site.dataset.source.outlet, site.dataset.source.reporter):
                assert part.text(language.key) in citation
            assert site.dataset.source.title.zh in citation


def test_english_pages_quote_the_chinese_original_marked_as_chinese(site: BuiltSite) -> None:
    for initiative in site.dataset.initiatives:
        originals = site.html(f"en/initiatives/{initiative.id}/").select(".zibo-original [lang=zh-Hans]")
        assert initiative.body.zh in [original.get_text() for original in originals]


def test_theme_pages_list_every_initiative_of_the_theme_in_order(site: BuiltSite) -> None:
    for theme in site.dataset.themes:
        expected = [i.id for i in sorted(site.dataset.initiatives, key=lambda i: i.number) if theme.id in i.themes]
        assert len(expected) >= 2
        for language in LANGUAGES.values():
            soup = site.html(f"{language.prefix}themes/{theme.id}/")
            article = content(soup)
            assert theme.description.text(language.key) in article.get_text(" ")
            listed = [a["href"].rstrip("/").split("/")[-1] for a in article.select(".zibo-cards li > p:first-child a")]
            assert listed == expected


def test_themes_index_lists_all_themes_with_counts(site: BuiltSite) -> None:
    for language in LANGUAGES.values():
        rows = content(site.html(f"{language.prefix}themes/")).select("table:not(.zibo-matrix) tbody tr")
        found = {row.a["href"].rstrip("/").split("/")[-1]: int(row.find_all("td")[-1].get_text()) for row in rows}
        assert found == {t.id: sum(t.id in i.themes for i in site.dataset.initiatives) for t in site.dataset.themes}


def test_home_page_has_the_lead_paragraph_and_all_initiatives_with_theme_links(site: BuiltSite) -> None:
    for language in LANGUAGES.values():
        article = content(site.html(language.prefix))
        assert site.dataset.source.lead.text(language.key) in article.select_one(".zibo-lead").get_text()
        cards = article.select(".zibo-cards > ul > li")
        assert len(cards) == len(site.dataset.initiatives)
        for card, initiative in zip(cards, sorted(site.dataset.initiatives, key=lambda i: i.number), strict=True):
            assert card.select_one(".zibo-number").get_text() == str(initiative.number)
            assert initiative.summary.text(language.key) in card.get_text(" ")
            hrefs = [a["href"] for a in card.select("a")]
            assert hrefs[0].endswith(f"initiatives/{initiative.id}/")
            assert [h.rstrip("/").split("/")[-1] for h in hrefs[1:]] == list(initiative.themes)
        assert article.find("a", href=re.compile(r"themes/$"))


def test_related_initiatives_share_themes_or_are_declared_and_say_which_themes(site: BuiltSite) -> None:
    by_id = {i.id: i for i in site.dataset.initiatives}
    for initiative in site.dataset.initiatives:
        items = content(site.html(f"initiatives/{initiative.id}/")).select(".zibo-related li")
        assert items, initiative.id
        for item in items:
            other = by_id[item.a["href"].rstrip("/").split("/")[-1]]
            shared = [a["href"].rstrip("/").split("/")[-1] for a in item.select("a")[1:]]
            assert shared == [t for t in initiative.themes if t in other.themes]
            declared = other.id in initiative.related or initiative.id in other.related
            assert shared or declared


@pytest.mark.parametrize("page", PAGE_PATHS)
def test_language_switch_goes_to_the_same_page_in_the_other_language(site: BuiltSite, page: str) -> None:
    for language in LANGUAGES.values():
        here = site.url(language.prefix + page)
        links = site.html(language.prefix + page).select(".md-select__link[hreflang]")
        targets = {a["hreflang"]: site_path_of(site, urljoin(here, a["href"])) for a in links}
        assert targets == {ZH.tag: page, EN.tag: EN.prefix + page}


@pytest.mark.parametrize("page", PAGE_PATHS)
def test_pages_declare_their_language_and_every_alternate_link_has_the_sitemap_material_fetches(
    site: BuiltSite, page: str
) -> None:
    # Material's script fetches `sitemap.xml` beside each <link rel=alternate> of the head: each must exist.
    for language in LANGUAGES.values():
        here = site.url(language.prefix + page)
        soup = site.html(language.prefix + page)
        assert soup.html["lang"] == language.tag
        links = soup.select("link[rel=alternate]")
        assert links and not soup.select("link[rel=alternate][hreflang]")  # hreflang: the sitemap's
        for link in links:
            sitemap = site_path_of(site, urljoin(urljoin(here, link["href"]), "sitemap.xml"))
            assert (site.root / sitemap).is_file(), (page, link)


def planned_pages(site: BuiltSite, language: Language) -> list[str]:
    """Every page of a language: the generator's plan for the site's data, and the hand-written pages."""
    docs = site.project / "docs" / language.key
    planned = {page.path for page in plan_pages(site.dataset, site.validated.glossary, language, site.base_url, "")}
    hand_written = {path.relative_to(docs).as_posix() for path in hand_written_files(docs) if path.suffix == ".md"}
    return sorted(planned | hand_written)


class LanguageVersionLinks(HTMLParser):
    """A built page's links to its versions: hreflang links in its head (none), and its language switch."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.head: dict[str, str] = {}
        self.switch: list[tuple[str, str]] = []
        self.feed(html[: html.index("<main")])  # both come before the page's content

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "link" and attributes.get("rel") == "alternate" and "hreflang" in attributes:
            self.head[str(attributes["hreflang"])] = str(attributes["href"])
        elif tag == "a" and "md-select__link" in str(attributes.get("class")).split():
            self.switch.append((str(attributes["hreflang"]), str(attributes["href"])))


def test_every_page_prints_its_versions_in_its_language_switch_and_the_sitemap_as_generator_urls_makes_them(
    site: BuiltSite,
) -> None:
    namespaces = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    sitemap = {
        entry.findtext("s:loc", namespaces=namespaces): {
            link.get("hreflang"): link.get("href") for link in entry.findall("x:link", namespaces)
        }
        for entry in ET.parse(site.root / "sitemap.xml").getroot().findall("s:url", namespaces)
    }
    expected = {}
    for language in LANGUAGES.values():
        for page in planned_pages(site, language):
            addresses = PageAddresses(site.base_url, language, page)
            versions = {version.language.tag: version.url for version in addresses.versions}
            versions["x-default"] = addresses.x_default
            built = LanguageVersionLinks(
                (site.root / language.prefix / page_url(page) / "index.html").read_text("utf-8")
            )
            assert built.head == {}, page
            assert built.switch == [(version.language.tag, version.link) for version in addresses.versions], page
            expected[absolute_url(site.base_url, language, page)] = versions
    assert sitemap == expected


def test_interface_strings_are_in_the_page_language(site: BuiltSite) -> None:
    assert site.html("").select_one("input.zibo-search__input")["placeholder"] == "搜索"
    assert site.html("en/").select_one("input.zibo-search__input")["placeholder"] == "Search"
    assert content(site.html("initiatives/opening-up-hub/")).find("h2").get_text(strip=True).rstrip("¶") == "报道原文"


def test_chinese_headings_get_readable_anchors(site: BuiltSite) -> None:
    ids = [h["id"] for h in content(site.html("about/")).select("h2[id]")]
    assert ids and all(re.search(r"[\u4e00-\u9fff]", i) for i in ids)
    # An initiative's sections have ids in no language (#progress, for the language switch); the Chinese
    # ids they had before still lead to them.
    anchors = [e["id"] for e in content(site.html("initiatives/opening-up-hub/")).select("[id]")]
    assert "报道原文" in anchors and "主要措施" in anchors
    assert not [i for i in ids + anchors if re.fullmatch(r"_\d+", i)]


def test_no_page_loads_anything_from_another_host(site: BuiltSite) -> None:
    foreign = []
    for file in html_files(site):
        soup = BeautifulSoup(file.read_text("utf-8"), "html.parser")
        for tag, attribute in RESOURCE_ATTRIBUTES.items():
            foreign += [
                f"{file}: {el[attribute]}"
                for el in soup.find_all(tag)
                if el.get(attribute) and not is_local(urljoin(site.base_url, el[attribute]))
            ]
        for link in soup.find_all("link", href=True):
            rels = set(link.get("rel", []))
            if rels & RESOURCE_LINK_RELS and not is_local(urljoin(site.base_url, link["href"])):
                foreign.append(f"{file}: {link['href']}")
        for style in soup.find_all("style"):
            foreign += [f"{file}: {u}" for u in re.findall(r"url\(['\"]?(https?:[^'\")]+)", style.get_text())]
    for css in site.root.rglob("*.css"):
        text = css.read_text("utf-8")
        foreign += [f"{css}: {u}" for u in re.findall(r"(?:url\(|@import\s+)['\"]?((?:https?:)?//[^'\")\s]+)", text)]
    assert foreign == []


def test_one_search_index_per_language_holds_the_pages_of_that_language(site: BuiltSite) -> None:
    entry = json.loads((site.root / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    for language in LANGUAGES.values():
        pages = [
            f for f in html_files(site) if searchable_text(site.html(page_path(site, f))) and _in(language, site, f)
        ]
        assert {f"{language.prefix}initiatives/{i}/index.html" for i in INITIATIVE_IDS} <= {
            f.relative_to(site.root).as_posix() for f in pages
        }
        assert entry["languages"][language.tag.lower()]["page_count"] == len(pages)
    assert not (site.root / "search").exists() and not (site.root / "en" / "search").exists()  # indexed once


def _in(language: object, site: BuiltSite, file: Path) -> bool:
    inside_en = file.relative_to(site.root).as_posix().startswith("en/")
    return inside_en == (language is LANGUAGES["en"])


def page_path(site: BuiltSite, file: Path) -> str:
    return file.relative_to(site.root).as_posix().removesuffix("index.html")


def test_listings_and_citations_are_kept_out_of_the_search_index(site: BuiltSite) -> None:
    assert searchable_text(site.html("")) == ""  # the home page lists every initiative's summary
    for file in html_files(site):
        path = page_path(site, file)
        if path.startswith(("initiatives/", "themes/", "en/initiatives/", "en/themes/")):
            text = searchable_text(site.html(path))
            assert "记者" not in text and "compiled by reporter" not in text, path  # the citation of the article
            assert "BibTeX" not in text and "CSL-JSON" not in text, path  # "Cite this page": the title again


def test_ready_html_blocks_reach_the_page_as_written_without_their_markers(site: BuiltSite) -> None:
    # The generator marks its ready HTML; mkdocs_site/ready_html.py hands each block to Python-Markdown's stash
    # instead of letting it parse the HTML again. The page shows the block, never the markers.
    from generator.html_blocks import READY_HTML_END, READY_HTML_START

    for language in LANGUAGES.values():
        markdown = (site.project / "docs" / language.key / "initiatives" / f"{INITIATIVE_IDS[0]}.md").read_text("utf-8")
        assert markdown.count(READY_HTML_START) == markdown.count(READY_HTML_END) >= 5
    for file in html_files(site):
        text = file.read_text("utf-8")
        assert READY_HTML_START not in text and READY_HTML_END not in text, file
    page = site.html(f"en/initiatives/{INITIATIVE_IDS[0]}/")
    assert page.select_one("article .zibo-facts a[href]") and page.select_one("article .zibo-original [lang]")
    assert len(page.select("article .zibo-measures > li")) >= 2 and page.select_one("article .zibo-progress > li")


def test_related_initiatives_read_as_short_titles_editors_links_first_and_marked_the_rest_behind_more(
    site: BuiltSite,
) -> None:
    from generator.navigation import short_title
    from generator.related import RELATED_SHOWN

    by_id = {i.id: i for i in site.dataset.initiatives}
    for language in LANGUAGES.values():
        for initiative in site.dataset.initiatives:
            related = content(site.html(f"{language.prefix}initiatives/{initiative.id}/")).select_one(".zibo-related")
            shown = related.select(":scope > ul > li")
            more = related.select(":scope > details > ul > li")
            assert 0 < len(shown) <= RELATED_SHOWN and (not more or len(shown) == RELATED_SHOWN)
            declared = []
            for item in shown + more:
                other = by_id[item.a["href"].rstrip("/").split("/")[-1]]
                assert item.a.get_text() == f"{other.number}. {short_title(other, language)}"
                declared.append(bool(item.select(".zibo-related__declared")))
                assert declared[-1] == (other.id in initiative.related or initiative.id in other.related)
            assert declared == sorted(declared, reverse=True)
