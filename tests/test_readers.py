"""What a reader needs to trust the site and find their way in it, on the real build, in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.citation import escape_bibtex
from generator.labels import format_date, load_labels
from generator.languages import LANGUAGES
from generator.models import Dataset, Initiative
from generator.render import DESCRIPTION_LIMIT, shorten_description
from tests.support import BrowserSession, BuiltSite
from tests.test_citation import entry_fields, printed


@pytest.fixture(scope="module")
def data(site: BuiltSite) -> Dataset:
    """The data the site was built from: every test here holds for whatever valid data that is."""
    return site.dataset


@pytest.fixture(scope="module")
def initiatives(data: Dataset) -> list[Initiative]:
    return sorted(data.initiatives, key=lambda i: i.number)


def pages_of(site: BuiltSite, prefix: str) -> list[str]:
    """Every HTML page of one language's build, as a site path ("", "about/", "404.html", …)."""
    root = site.root / prefix if prefix else site.root
    paths = []
    for file in sorted(root.rglob("*.html")):
        relative = file.relative_to(site.root).as_posix()
        if not prefix and relative.startswith("en/"):
            continue
        paths.append(relative.removesuffix("index.html"))
    return paths


# --- 1. What the site is ----------------------------------------------------------------------------


@pytest.mark.parametrize("key", LANGUAGES)
def test_home_first_says_what_the_site_is_who_maintains_it_that_it_is_unofficial_and_the_year(
    site: BuiltSite, key: str, data: Dataset
) -> None:
    language = LANGUAGES[key]
    article = site.html(language.prefix).select_one("article")
    statement = article.h1.find_next_sibling()
    assert "zibo-statement" in statement["class"]
    text = statement.get_text()
    assert data.site is not None
    assert data.site.maintainer.text(key) in text
    assert data.source.announced[:4] in text
    assert format_date(data.edition_date(), language) in text
    assert ("unofficial" in text and "independent" in text) if key == "en" else ("非官方" in text and "独立" in text)
    # The article's lead comes after it, attributed to the article and its date.
    lead = article.select_one(".zibo-lead")
    assert statement.sourceline < lead.sourceline
    assert format_date(data.source.date, language) in lead.figcaption.get_text()


@pytest.mark.parametrize("key", LANGUAGES)
def test_every_page_header_says_the_site_is_unofficial(site: BuiltSite, key: str) -> None:
    label = load_labels(key)["unofficial"]
    for path in pages_of(site, LANGUAGES[key].prefix):
        badge = site.html(path).select_one("header .zibo-unofficial")
        assert badge is not None and badge.get_text(strip=True) == label, path


@pytest.mark.parametrize("key", LANGUAGES)
def test_every_page_has_its_own_title_and_a_description_of_at_most_160_characters(site: BuiltSite, key: str) -> None:
    titles: dict[str, str] = {}
    site_name = load_labels(key)["site_name"]
    for path in pages_of(site, LANGUAGES[key].prefix):
        soup = site.html(path)
        title = soup.title.get_text()
        assert title not in titles, f"{path} and {titles.get(title)} share the title {title!r}"
        assert title.count(site_name) == 1, title
        titles[title] = path
        description = soup.select_one('meta[name="description"]')["content"]
        assert 0 < len(description) <= DESCRIPTION_LIMIT, (path, len(description))


@pytest.mark.parametrize("key", LANGUAGES)
def test_an_initiative_description_is_its_summary_cut_at_a_clause(
    site: BuiltSite, key: str, initiatives: list[Initiative]
) -> None:
    ellipsis = load_labels(key)["ellipsis"]
    for initiative in initiatives:
        summary = " ".join((initiative.summary.text(key) or "").split())
        description = site.html(f"{LANGUAGES[key].prefix}initiatives/{initiative.id}/").select_one(
            'meta[name="description"]'
        )["content"]
        assert description == shorten_description(summary, ellipsis)
        kept = description.removesuffix(ellipsis)
        assert summary.startswith(kept)
        if kept != summary:  # cut: right before a clause mark or a space, never inside a word
            assert summary[len(kept)] in "，；：、。,;:. " or summary[len(kept) - 1] in "。.!?"


def _hue(rgb: str) -> float:
    import colorsys

    red, green, blue = (int(part) / 255 for part in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3])
    return colorsys.rgb_to_hls(red, green, blue)[0] * 360


@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 1280])
def test_the_unofficial_label_is_visible_on_a_header_that_is_not_government_red(
    site: BuiltSite, browser: BrowserSession, width: int, initiatives: list[Initiative]
) -> None:
    for language in LANGUAGES.values():
        page = browser.new_page(width=width)
        page.goto(site.url(f"{language.prefix}initiatives/{initiatives[0].id}/"))
        badge = page.locator("header .zibo-unofficial")
        assert badge.is_visible()
        box = badge.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
        background = page.evaluate("() => getComputedStyle(document.querySelector('header')).backgroundColor")
        page.context.close()
        assert 30 < _hue(background) < 330, f"the header is red ({background})"


# --- 2. Provenance -------------------------------------------------------------------------------------


def article_paragraphs(site: BuiltSite) -> list[str]:
    assert site.dataset.source.copy_path
    copy = (site.project / site.dataset.source.copy_path).read_text("utf-8")
    return [line.strip() for line in copy.splitlines() if line.strip()]


@pytest.mark.parametrize("key", LANGUAGES)
def test_the_source_page_shows_the_whole_article_verbatim_with_its_publication_details(
    site: BuiltSite, key: str, data: Dataset
) -> None:
    article = site.html(f"{LANGUAGES[key].prefix}source/").select_one("article")
    originals = [p.get_text() for p in article.select(".zibo-article .zibo-parallel__original")]
    assert originals == article_paragraphs(site)
    assert all(p["lang"] == "zh-Hans" for p in article.select(".zibo-parallel__original"))
    details = article.select_one(".zibo-publication").get_text(" ")
    for text in (data.source.title, data.source.outlet, data.source.reporter):
        assert text.zh in details and (text.text(key) or "") in details
    assert format_date(data.source.date, LANGUAGES[key]) in details


def test_on_the_english_source_page_each_paragraph_stands_beside_its_translation(
    site: BuiltSite, data: Dataset, initiatives: list[Initiative]
) -> None:
    article = site.html("en/source/").select_one("article")
    for initiative in initiatives:
        item = article.select_one(f"#item-{initiative.number}")
        assert item.select_one(".zibo-parallel__original").get_text().startswith(f"{initiative.number}、")
        assert (
            item.select_one(".zibo-parallel__translation").get_text() == f"{initiative.number}. {initiative.title.en}"
        )
        text = item.find_next_sibling(class_="zibo-parallel")
        assert " ".join(text.select_one(".zibo-parallel__translation").get_text().split()) == " ".join(
            (initiative.body.en or "").split()
        )
    lead = article.select_one("#lead .zibo-parallel__translation").get_text()
    assert " ".join(lead.split()) == " ".join((data.source.lead.en or "").split())
    assert not site.html("source/").select(".zibo-parallel__translation")


@pytest.mark.parametrize("key", LANGUAGES)
def test_every_source_link_of_an_initiative_leads_to_its_item_in_the_article(
    site: BuiltSite, key: str, initiatives: list[Initiative]
) -> None:
    from urllib.parse import urljoin

    prefix = LANGUAGES[key].prefix
    for initiative in initiatives:
        page = f"{prefix}initiatives/{initiative.id}/"
        links = [a["href"] for a in site.html(page).select("article a[href*='source/#']")]
        updates_from_article = sum(update.source == "article" for update in initiative.updates)
        assert len(links) >= updates_from_article + 1  # each update from the article, and the citation
        for href in links:
            target = urljoin(f"http://x/{page}", href).removeprefix("http://x/")
            assert target == f"{prefix}source/#item-{initiative.number}"
            item = site.html(f"{prefix}source/").select_one(f"#item-{initiative.number}")
            assert item.select_one(".zibo-parallel__original").get_text().startswith(f"{initiative.number}、")


def repository_settings(site: BuiltSite) -> tuple[str, str]:
    """``repo_url`` and ``extra.repository_branch`` of the built project's mkdocs.yml, as written there."""
    config = (site.project / "mkdocs.yml").read_text("utf-8")
    repo_url = re.search(r"^repo_url: *(\S+)", config, re.MULTILINE)
    branch = re.search(r"^  repository_branch: *(\S+)", config, re.MULTILINE)
    assert repo_url and branch
    return repo_url[1], branch[1]


@pytest.mark.parametrize("key", LANGUAGES)
def test_the_source_page_links_the_articles_copy_in_the_repository_and_the_archived_snapshot(
    site: BuiltSite, key: str, data: Dataset
) -> None:
    repo_url, branch = repository_settings(site)
    details = site.html(f"{LANGUAGES[key].prefix}source/").select_one("article .zibo-publication")
    assert not details.select("code")  # a path to copy by hand is no link
    (copy,) = details.select("a.zibo-repository-copy")
    assert copy["href"] == f"{repo_url.rstrip('/')}/blob/{branch}/{data.source.copy_path}"
    hrefs = [a["href"] for a in details.select("a[href]")]
    for address in (data.source.url, data.source.archive):
        assert (address in hrefs) if address else (address not in hrefs)
    labels = load_labels(key)
    assert (labels["no_archived_copy"] in details.get_text()) is (data.source.archive is None)


@pytest.mark.parametrize("key", LANGUAGES)
def test_about_and_changes_link_where_readers_report_errors_as_the_data_says(
    site: BuiltSite, key: str, data: Dataset
) -> None:
    prefix, labels = LANGUAGES[key].prefix, load_labels(key)
    route = data.site.corrections if data.site else None
    for page in (f"{prefix}about/", f"{prefix}changes/"):
        (line,) = site.html(page).select("article .zibo-corrections")
        assert [a["href"] for a in line.select("a")] == ([route] if route else []), page
        assert labels["corrections_route" if route else "no_corrections_route"] in line.get_text(), page


@pytest.mark.parametrize("key", LANGUAGES)
def test_no_structured_data_calls_the_content_official(site: BuiltSite, key: str) -> None:
    for path in pages_of(site, LANGUAGES[key].prefix):
        for script in site.html(path).select('script[type="application/ld+json"]'):
            said = script.get_text()
            assert not re.search(r"\bofficial\b", said, re.IGNORECASE), path  # "unofficial" is what it is
            assert not re.search(r"(?<!非)官方", said), path


@pytest.mark.parametrize("key", LANGUAGES)
def test_the_text_is_named_the_articles_text_never_official(
    site: BuiltSite, key: str, initiatives: list[Initiative]
) -> None:
    heading = load_labels(key)["official_text"]
    assert "official" not in heading.casefold() and "官方" not in heading
    for path in pages_of(site, LANGUAGES[key].prefix):
        text = site.html(path).select_one("article").get_text(" ").casefold()
        assert "official text" not in text, path
    assert (
        heading
        in site.html(f"{LANGUAGES[key].prefix}initiatives/{initiatives[0].id}/").select_one("article h2").get_text()
    )


@pytest.mark.parametrize("key", LANGUAGES)
def test_about_leads_to_the_article_and_to_the_changelog_taken_from_the_data(
    site: BuiltSite, key: str, data: Dataset
) -> None:
    prefix = LANGUAGES[key].prefix
    hrefs = [a["href"] for a in site.html(f"{prefix}about/").select("article a[href]")]
    assert any(h.rstrip("/").endswith("source") for h in hrefs) and any(
        h.rstrip("/").endswith("changes") for h in hrefs
    )
    changes = site.html(f"{prefix}changes/").select(".zibo-changelog li")
    assert data.site is not None
    expected = sorted(data.site.changes, key=lambda c: c.date, reverse=True)
    assert [li.time["datetime"] for li in changes] == [c.date for c in expected]
    for li, change in zip(changes, expected, strict=True):
        assert " ".join((change.text.text(key) or "").split()) in " ".join(li.get_text().split())
    # A corrections route shows only when the editors set one: never an invented address.
    route = site.html(f"{prefix}changes/").select(".zibo-corrections a")
    assert [a["href"] for a in route] == ([data.site.corrections] if data.site.corrections else [])


@pytest.mark.parametrize("key", LANGUAGES)
def test_about_is_written_for_readers_and_leads_to_who_maintains_the_site_as_the_data_says(
    site: BuiltSite, key: str, data: Dataset
) -> None:
    prefix = LANGUAGES[key].prefix
    about = site.html(f"{prefix}about/").select_one("article")
    assert not about.select("table code"), "a table of field names is for programmers: README.md has it"
    text = about.get_text(" ")
    for developer_words in ("data/", "initiatives[]", ".yaml", "make ", "`"):
        assert developer_words not in text, developer_words
    changes = f"{prefix}changes/"
    assert any(a["href"].rstrip("/").endswith("changes") for a in about.select("section a[href], p a[href]"))
    maintainer = site.html(changes).select(".zibo-maintainer")
    if data.site is None:
        assert maintainer == []
    else:
        (line,) = maintainer
        assert " ".join(data.site.maintainer.text_or_chinese(key).split()) in line.get_text()


def test_the_readme_describes_every_field_of_the_open_data(site: BuiltSite, repo: Path) -> None:
    import json

    exported = json.loads((site.root / "data" / "initiatives.json").read_text("utf-8"))
    readme = (repo / "README.md").read_text("utf-8")
    table = readme[readme.index("### Open data: the fields") :].split("\n\n")[2]
    described = {name.replace("[]", "") for name in re.findall(r"`([\w\[\].]+)`", table)}
    fields = {*exported, *(f"initiatives.{name}" for initiative in exported["initiatives"] for name in initiative)}
    # A row may name several fields of one record: `initiatives[].title`, `short`, ...
    missing = [f for f in sorted(fields) if f not in described and f.removeprefix("initiatives.") not in described]
    assert missing == []


@pytest.mark.browser
def test_a_reader_follows_a_source_link_to_the_item_in_the_article(
    site: BuiltSite, browser: BrowserSession, initiatives: list[Initiative]
) -> None:
    initiative = initiatives[-1]
    for language in LANGUAGES.values():
        page = browser.new_page(width=1280)
        page.goto(site.url(f"{language.prefix}initiatives/{initiative.id}/"))
        page.locator(".zibo-progress a[href*='source/#']").first.click()
        page.wait_for_url(f"**/source/#item-{initiative.number}")
        item = page.locator(f"#item-{initiative.number}")
        assert item.is_visible() and item.bounding_box()["y"] < 800  # type: ignore[index]
        page.context.close()


# --- 3 and 7. Navigation, by short titles; 10. editors' tools in the footer -----------------------------


def primary_nav(site: BuiltSite, path: str):  # type: ignore[no-untyped-def]
    return site.html(path).select_one("nav.md-nav--primary")


def active_section(site: BuiltSite, path: str) -> list[str]:
    nav = primary_nav(site, path)
    return [
        item.find(class_="md-nav__link").get_text(" ", strip=True)
        for item in nav.select("li.md-nav__item--active")
        if item.find(class_="md-nav__link")
    ]


@pytest.mark.parametrize("key", LANGUAGES)
def test_the_navigation_lists_every_initiative_by_its_short_title_in_order(
    site: BuiltSite, key: str, initiatives: list[Initiative]
) -> None:
    from generator.navigation import short_title

    language = LANGUAGES[key]
    labels = load_labels(key)
    for path in (language.prefix, f"{language.prefix}glossary/"):
        nav = primary_nav(site, path)
        section = next(
            item
            for item in nav.select("li.md-nav__item--nested")
            if item.find(class_="md-nav__link").get_text(strip=True) == labels["initiatives"]
        )
        links = section.select("nav a.md-nav__link")
        assert [a.get_text(strip=True) for a in links] == [
            f"{i.number}. {short_title(i, language)}" for i in initiatives
        ]
        assert [a["href"].rstrip("/").split("/")[-1] for a in links] == [i.id for i in initiatives]
    for initiative in initiatives:
        assert initiative.short is not None
        assert initiative.short.zh != initiative.title.zh  # editorial, beside the verbatim title…
        article = site.html(f"{language.prefix}initiatives/{initiative.id}/").select_one("article")
        assert article.h1.get_text(strip=True).rstrip("¶") == initiative.title.text(key)  # …never instead of it


@pytest.mark.parametrize("key", LANGUAGES)
def test_the_current_section_is_highlighted_on_every_kind_of_page(
    site: BuiltSite, key: str, data: Dataset, initiatives: list[Initiative]
) -> None:
    from generator.tracking import TRACKING_STATES

    prefix = LANGUAGES[key].prefix
    labels = load_labels(key)
    expected = {f"initiatives/{i.id}/": labels["initiatives"] for i in initiatives}
    expected |= {f"themes/{t.id}/": labels["themes"] for t in data.themes} | {"themes/": labels["themes"]}
    expected |= {f"status/{s}/": labels["progress"] for s in TRACKING_STATES} | {"updates/": labels["progress"]}
    for path, section in expected.items():
        assert section in active_section(site, prefix + path), path


@pytest.mark.parametrize("key", LANGUAGES)
def test_previous_and_next_lead_through_the_initiatives_in_order(
    site: BuiltSite, key: str, initiatives: list[Initiative]
) -> None:
    prefix = LANGUAGES[key].prefix
    for index, initiative in enumerate(initiatives):
        pager = site.html(f"{prefix}initiatives/{initiative.id}/").select_one("nav.zibo-pager")
        found = {a["rel"][0]: a["href"].rstrip("/").split("/")[-1] for a in pager.select("a[rel]")}
        expected = {}
        if index > 0:
            expected["prev"] = initiatives[index - 1].id
        if index + 1 < len(initiatives):
            expected["next"] = initiatives[index + 1].id
        assert found == expected


@pytest.mark.parametrize("key", LANGUAGES)
def test_every_page_footer_leads_to_the_open_data_the_feed_the_updates_and_how_to_cite(
    site: BuiltSite, key: str
) -> None:
    from urllib.parse import unquote, urljoin, urlsplit

    def target(path: str, href: str) -> str:
        return unquote(urljoin(f"http://x/{path}", href).removeprefix("http://x/"))

    for path in pages_of(site, LANGUAGES[key].prefix):
        hrefs = [target(path, a["href"]) for a in site.html(path).select(".zibo-footer-links a[href]")]
        for wanted in ("data/initiatives.json", "data/initiatives.csv", "feed.xml", "updates/", "about/#"):
            matches = [h for h in hrefs if wanted in h]
            assert matches, (path, wanted)
            for href in matches:
                file, _, anchor = href.partition("#")
                assert (site.root / file / "index.html").is_file() or (site.root / file).is_file(), href
                if anchor:
                    assert site.html(file).find(id=anchor) is not None, href
        assert urlsplit(hrefs[0]).scheme == ""


@pytest.mark.parametrize("key", LANGUAGES)
def test_edit_links_are_in_the_footer_labelled_for_editors_and_only_on_pages_made_from_that_data_line(
    site: BuiltSite, key: str, initiatives: list[Initiative]
) -> None:
    prefix = LANGUAGES[key].prefix
    data_lines = (site.project / "data" / "initiatives.yaml").read_text("utf-8").splitlines()
    for path in pages_of(site, prefix):
        soup = site.html(path)
        assert not soup.select("article a[rel=edit], .md-content__button"), f"{path}: an edit link among the text"
        edits = soup.select(".zibo-footer-links a[rel=edit]")
        if (
            any(path == f"{prefix}{kind}" for kind in ("print/", "translations/", "updates/"))
            or "/status/" in f"/{path}"
        ):
            assert edits == [], f"{path} is made from many records: no single line to edit"
    for initiative in initiatives:
        (edit,) = site.html(f"{prefix}initiatives/{initiative.id}/").select(".zibo-footer-links a[rel=edit]")
        line = int(edit["href"].rsplit("#L", 1)[1])
        assert data_lines[line - 1].strip() == f"- id: {initiative.id}"
        assert f"line {line}" in edit.get_text() or f"第 {line} 行" in edit.get_text()
    for path in pages_of(site, prefix):
        header = site.html(path).select_one("header .md-source")
        assert header is not None and header.get_text(strip=True) == load_labels(key)["footer_repository"]


def test_the_navigation_keeps_pages_linear_in_size_when_initiatives_are_many() -> None:
    from bench.synthetic import synthetic_data
    from generator.models import Dataset
    from generator.navigation import NAV_LIMIT, plan_navigation

    def links(count: int) -> int:
        dataset = Dataset.model_validate(synthetic_data(count), strict=False)
        return str(plan_navigation(dataset, LANGUAGES["en"])).count(".md")

    assert links(NAV_LIMIT) > links(NAV_LIMIT + 1) == links(5 * NAV_LIMIT)


@pytest.mark.browser
def test_on_a_phone_the_drawer_lists_the_initiatives_and_opens_one(
    site: BuiltSite, browser: BrowserSession, initiatives: list[Initiative]
) -> None:
    from generator.navigation import short_title

    target = initiatives[-1]  # the last: the drawer scrolls to it
    for key, language in LANGUAGES.items():
        page = browser.new_page(width=375)
        page.goto(site.url(language.prefix))
        page.locator('label.md-header__button[for="__drawer"]').click()
        drawer = page.locator("nav.md-nav--primary")
        drawer.locator("label.md-nav__link", has_text=load_labels(key)["initiatives"]).first.click()
        link = drawer.get_by_role("link", name=f"{target.number}. {short_title(target, language)}", exact=True)
        link.click()
        page.wait_for_url(f"**/initiatives/{target.id}/")
        page.context.close()


# --- 3. The editors' words ----------------------------------------------------------------------------


@pytest.mark.parametrize("key", LANGUAGES)
def test_the_summary_is_labelled_as_the_editors_on_every_initiative_page_and_card(
    site: BuiltSite, key: str, data: Dataset, initiatives: list[Initiative]
) -> None:
    language, label = LANGUAGES[key], load_labels(key)["editors_summary"]

    def labelled(summary) -> str:  # type: ignore[no-untyped-def]
        assert summary.select_one(".zibo-editors-summary__label").get_text() == label
        return " ".join(summary.get_text(" ").split())

    for initiative in initiatives:
        text = initiative.summary.text_or_chinese(key)
        page = site.html(f"{language.prefix}initiatives/{initiative.id}/").select_one("article")
        (summary,) = page.select(".zibo-editors-summary")
        assert text in labelled(summary)
        assert summary.find_parent("blockquote") is None and summary.find_parent(class_="zibo-lead") is None
    for path in [language.prefix, *(f"{language.prefix}themes/{theme.id}/" for theme in data.themes)]:
        for card in site.html(path).select("article .zibo-cards > ul > li"):
            (summary,) = card.select(".zibo-editors-summary")
            number = int(card.select_one(".zibo-number").get_text())
            initiative = next(i for i in initiatives if i.number == number)
            assert initiative.summary.text_or_chinese(key) in labelled(summary), path


@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 1280])
def test_the_editors_summary_looks_unlike_the_articles_text_and_its_quotations(
    site: BuiltSite, browser: BrowserSession, width: int, initiatives: list[Initiative]
) -> None:
    style = """element => { const s = getComputedStyle(element); return {size: parseFloat(s.fontSize),
        border: s.borderTopStyle, left: s.borderLeftStyle, italic: s.fontStyle}; }"""
    for language in LANGUAGES.values():
        page = browser.new_page(width=width)
        page.goto(site.url(f"{language.prefix}initiatives/{initiatives[0].id}/"))
        summary = page.locator("article .zibo-editors-summary")
        label = summary.locator(".zibo-editors-summary__label")
        assert label.is_visible() and label.inner_text().strip()
        body = page.locator("article .zibo-body").first.evaluate(style)
        own = summary.evaluate(style)
        assert own["size"] < body["size"] and own["border"] == "dashed"
        page.goto(site.url(language.prefix))
        quoted = page.locator("article .zibo-lead blockquote").evaluate(style)
        card = page.locator("article .zibo-cards .zibo-editors-summary").first
        assert card.locator(".zibo-editors-summary__label").is_visible()
        assert card.evaluate(style)["border"] == "dashed" and quoted["left"] != "dashed"
        page.context.close()


# --- 4. Cite this page ------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", LANGUAGES)
def test_every_initiative_page_shows_its_own_citation_and_gives_it_as_bibtex(
    site: BuiltSite, key: str, data: Dataset, initiatives: list[Initiative]
) -> None:
    language = LANGUAGES[key]
    for initiative in initiatives:
        soup = site.html(f"{language.prefix}initiatives/{initiative.id}/")
        url = soup.select_one("link[rel=canonical]")["href"]
        cite = soup.select_one("article .zibo-cite")
        text = cite.select_one(".zibo-cite__text").get_text()
        for part in (initiative.title.text(key) or "", load_labels(key)["site_name"], url):
            assert part in text
        assert format_date(data.edition_date(), language) in text
        # No placeholder for the date the reader accessed it: the copy button adds the reader's own.
        assert "{date}" not in text and "date of your visit" not in text and "您访问的日期" not in text
        assert cite.select_one(".zibo-copy button")["data-accessed"].count("{date}") == 1
        bibtex = cite.select_one("pre code").get_text()
        raw, decoded = entry_fields(bibtex), entry_fields(bibtex, decode=True)
        assert raw["howpublished"] == f"\\url{{{url}}}" and raw["year"] == data.edition_date()[:4]
        site_name = load_labels(key)["site_name"]
        assert raw["author"] == "{" + escape_bibtex(site_name) + "}" and decoded["author"] == site_name
        assert raw["title"].startswith("{") and printed(decoded["title"]) == initiative.title.text_or_chinese(key)


@pytest.mark.browser
def test_copying_a_citation_adds_the_date_the_reader_copies_it_in_their_language(
    site: BuiltSite, browser: BrowserSession, initiatives: list[Initiative]
) -> None:
    import datetime as dt

    day = dt.datetime(2031, 3, 5, 10, 0, tzinfo=dt.UTC)
    for language in LANGUAGES.values():
        page = browser.new_page(width=375)
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        page.clock.set_fixed_time(day)
        page.goto(site.url(f"{language.prefix}initiatives/{initiatives[0].id}/"))
        citation = " ".join(page.locator(".zibo-cite__text").inner_text().split())
        button = page.locator(".zibo-cite .zibo-copy button")
        assert button.is_visible()
        button.click()
        page.wait_for_function("document.querySelector('.zibo-cite [role=status]').textContent !== ''")
        copied = page.evaluate("navigator.clipboard.readText()")
        accessed = load_labels(language.key)["citation_accessed"].format(date=format_date("2031-03-05", language))
        assert copied == citation + accessed
        page.context.close()


def csl_items_of(link) -> list[dict]:  # type: ignore[no-untyped-def]
    """What a reader's browser saves from a CSL-JSON download link (a data: URL)."""
    import json
    from urllib.parse import unquote

    media_type, _, payload = link["href"].removeprefix("data:").partition(",")
    assert media_type == "application/vnd.citationstyles.csl+json;charset=utf-8"
    return json.loads(unquote(payload))


def csl_date(iso_date: str) -> dict[str, list[list[int]]]:
    year, month, day = iso_date.split("-")
    return {"date-parts": [[int(year), int(month), int(day)]]}


@pytest.mark.parametrize("key", LANGUAGES)
def test_every_initiative_page_offers_its_citation_as_csl_json_that_a_citation_processor_reads(
    site: BuiltSite, key: str, data: Dataset, initiatives: list[Initiative]
) -> None:
    import warnings

    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    language = LANGUAGES[key]
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    keys = set()
    for initiative in initiatives:
        soup = site.html(f"{language.prefix}initiatives/{initiative.id}/")
        url = soup.select_one("link[rel=canonical]")["href"]
        link = soup.select_one("article .zibo-cite a[download]")
        (item,) = csl_items_of(link)
        assert link["download"] == f"{item['id']}.json" and link["type"] in link["href"]
        assert item["id"] not in keys and f"{{{item['id']}," in soup.select_one(".zibo-cite pre code").get_text()
        keys.add(item["id"])
        assert item["type"] == "webpage" and item["language"] == language.tag
        assert item["title"] == initiative.title.text(key) and item["URL"] == url
        assert item["container-title"] == load_labels(key)["site_name"]
        assert item["issued"] == csl_date(data.edition_date())
        assert item.get("publisher") == (data.site.maintainer.text(key) if data.site else None)
        assert "accessed" not in item  # the reader's own date
        # Based on the article: CSL's variables for the work a reprint or translation comes from.
        assert item["original-title"] == data.source.title.zh and item["original-publisher"] == data.source.outlet.zh
        assert item["original-date"] == csl_date(data.source.date)
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # citeproc-py warns of every variable CSL does not have
            bibliography = CitationStylesBibliography(style, CiteProcJSON([item]), formatter.plain)
            bibliography.register(Citation([CitationItem(item["id"])]))
            (entry,) = [str(entry) for entry in bibliography.bibliography()]
        for part in (item["title"], item["container-title"], url, data.edition_date()[:4]):
            assert part in entry, (part, entry)


# --- 5. Honest tracking ---------------------------------------------------------------------------------


def expected_tracking(initiative, key: str, data: Dataset) -> str:  # type: ignore[no-untyped-def]
    from generator.tracking import NOT_RESEARCHED, tracking_state

    labels, language = load_labels(key), LANGUAGES[key]
    beyond = [u for u in initiative.updates if u.source != "article"]
    if tracking_state(initiative, data.source.announced) == NOT_RESEARCHED:
        return labels["tracking_not_checked"].format(date=format_date(data.source.date, language))
    if not beyond and initiative.checked:
        return labels["tracking_checked"].format(date=format_date(initiative.checked, language))
    latest = format_date(initiative.updates[-1].date, language)
    if initiative.checked:
        return labels["tracking_latest_checked"].format(latest=latest, date=format_date(initiative.checked, language))
    return labels["tracking_latest_not_checked"].format(latest=latest)


@pytest.mark.parametrize("key", LANGUAGES)
def test_every_initiative_and_status_page_says_what_is_known_and_when_it_was_last_checked(
    site: BuiltSite, key: str, data: Dataset, initiatives: list[Initiative]
) -> None:
    from generator.tracking import TRACKING_STATES, tracking_state

    prefix = LANGUAGES[key].prefix
    for initiative in initiatives:
        line = site.html(f"{prefix}initiatives/{initiative.id}/").select_one("article .zibo-tracking").get_text()
        assert line == expected_tracking(initiative, key, data)
    labels = load_labels(key)
    for status in TRACKING_STATES:
        article = site.html(f"{prefix}status/{status}/").select_one("article")
        members = [i for i in initiatives if tracking_state(i, data.source.announced) == status]
        lines = [li.get_text() for li in article.select(".zibo-tracking-list li")]
        assert len(lines) == len(members)
        for line, initiative in zip(lines, members, strict=True):
            assert line.endswith(expected_tracking(initiative, key, data))
        if not members:  # an empty status page says what the status means and why it is empty
            empty = article.select_one(".zibo-status-empty").get_text()
            assert labels["status_empty_explanations"][status] in empty


@pytest.mark.parametrize("key", LANGUAGES)
def test_an_html_updates_page_lists_every_update_newest_first_and_is_linked_wherever_the_feed_is(
    site: BuiltSite, key: str, initiatives: list[Initiative]
) -> None:
    prefix = LANGUAGES[key].prefix
    items = site.html(f"{prefix}updates/").select("article .zibo-updates > li")
    # An update recorded alike for several initiatives (the announcement of them all) is one entry.
    assert len(items) == len({(u.date, u.text, u.status, u.source) for i in initiatives for u in i.updates})
    dates = [li.time["datetime"] for li in items]
    assert dates == sorted(dates, reverse=True)
    for path in pages_of(site, prefix):
        hrefs = [a["href"] for a in site.html(path).select("a[href]")]
        if any(h.endswith("feed.xml") for h in hrefs):
            assert any(h.rstrip("/").endswith("updates") for h in hrefs), path


@pytest.mark.parametrize("key", LANGUAGES)
def test_structured_data_gives_the_page_its_edition_dates_and_the_article_its_own(
    site: BuiltSite, key: str, data: Dataset, initiatives: list[Initiative]
) -> None:
    import json

    for initiative in initiatives:
        soup = site.html(f"{LANGUAGES[key].prefix}initiatives/{initiative.id}/")
        linked = json.loads(soup.select_one('script[type="application/ld+json"]').string)
        assert linked["dateModified"] == data.edition_date() >= linked["datePublished"] == data.first_edition_date()
        assert linked["isBasedOn"]["datePublished"] == data.source.date


# --- 9. Glossary ----------------------------------------------------------------------------------------


def test_the_chinese_glossary_is_in_pinyin_order_with_pinyin_and_the_english_one_alphabetical(site: BuiltSite) -> None:
    from generator.terminology import pinyin_sort_key

    terms = {term.zh: term for term in site.validated.glossary.terms}
    shown = {t.zh + (f"（{'、'.join(t.aliases_for('zh'))}）" if t.aliases_for("zh") else ""): t for t in terms.values()}
    for key in LANGUAGES:
        for table in site.html(f"{LANGUAGES[key].prefix}glossary/").select("article table"):
            rows = [[cell.get_text(strip=True) for cell in row.find_all("td")] for row in table.select("tbody tr")]
            listed = [shown[row[0]] for row in rows]  # the Chinese cell also shows the term's aliases
            assert all(row[1] == term.pinyin for row, term in zip(rows, listed, strict=True))  # reviewed, in the data
            if key == "zh":
                assert listed == sorted(listed, key=lambda term: (pinyin_sort_key(term.pinyin or ""), term.zh))
            else:
                assert listed == sorted(listed, key=lambda term: (term.en.casefold(), term.zh))


@pytest.mark.browser
def test_a_glossary_explanation_opens_on_tap_and_closes_on_a_tap_elsewhere_or_esc(
    site: BuiltSite, browser: BrowserSession, initiatives: list[Initiative]
) -> None:
    for language in LANGUAGES.values():
        page = browser.new_page(width=375)
        page.goto(site.url(f"{language.prefix}initiatives/{initiatives[0].id}/"))
        term = page.locator(".zibo-term").first
        word, tip = term.locator(".zibo-term__word"), term.locator(".zibo-term__tip")
        word.click()
        assert tip.is_visible() and word.get_attribute("aria-expanded") == "true"
        page.locator("article h1").click()
        assert not tip.is_visible()
        word.click()
        assert tip.is_visible()
        word.click()  # a second tap on the term closes it too
        assert not tip.is_visible()
        word.click()
        page.keyboard.press("Escape")
        assert not tip.is_visible()
        assert page.evaluate("() => document.activeElement.classList.contains('zibo-term__word')")
        page.context.close()


@pytest.mark.browser
def test_a_glossary_explanation_opens_on_keyboard_focus_with_a_visible_focus_and_esc_closes_it(
    site: BuiltSite, browser: BrowserSession, initiatives: list[Initiative]
) -> None:
    for language in LANGUAGES.values():
        page = browser.new_page(width=1280)
        page.goto(site.url(f"{language.prefix}initiatives/{initiatives[0].id}/"))
        for _ in range(120):
            page.keyboard.press("Tab")
            if page.evaluate("() => document.activeElement.classList.contains('zibo-term__word')"):
                break
        else:
            raise AssertionError("no glossary term reached by keyboard")
        tip = page.locator(".zibo-term__word:focus + .zibo-term__tip")
        assert tip.is_visible()
        outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none"
        page.keyboard.press("Escape")
        assert not tip.is_visible()
        page.mouse.move(5, 5)
        page.locator(".zibo-term__word").first.hover()  # hover shows it; Esc hides it while still hovered
        hovered = page.locator(".zibo-term").first.locator(".zibo-term__tip")
        assert hovered.is_visible()
        page.keyboard.press("Escape")
        assert not hovered.is_visible()
        page.context.close()


# --- 6. Parallel reading --------------------------------------------------------------------------------


def test_english_initiative_pages_show_each_unit_beside_its_chinese_original(
    site: BuiltSite, initiatives: list[Initiative]
) -> None:
    for initiative in initiatives:
        article = site.html(f"en/initiatives/{initiative.id}/").select_one("article")
        title = article.h1.find_next_sibling(class_="zibo-original")
        assert title.get_text() == f"{initiative.number}、{initiative.title.zh}"
        body = article.select_one(".zibo-parallel:has(.zibo-body)")
        assert body.select_one(".zibo-parallel__original [lang=zh-Hans]").get_text() == initiative.body.zh
        assert not article.find("details", class_="zibo-original")  # open, never in a closed box
        measures = article.select(".zibo-measures > li")
        assert [li.select_one(".zibo-parallel__original").get_text() for li in measures] == [
            m.zh for m in initiative.measures
        ]
        updates = article.select(".zibo-progress > li")
        assert [li.select_one(".zibo-original").get_text() for li in updates] == [
            u.text.zh for u in reversed(initiative.updates)
        ]
        assert all(el["lang"] == "zh-Hans" for el in article.select(".zibo-parallel__original[lang]"))
    chinese = site.html(f"initiatives/{initiatives[0].id}/").select_one("article")
    assert not chinese.select(".zibo-original, .zibo-parallel__original")  # the Chinese page is the original


@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 1280])
def test_originals_stand_beside_translations_on_wide_screens_and_above_or_below_on_phones(
    site: BuiltSite, browser: BrowserSession, width: int, initiatives: list[Initiative]
) -> None:
    page = browser.new_page(width=width)
    page.goto(site.url(f"en/initiatives/{initiatives[len(initiatives) // 2].id}/"))
    translation = page.locator(".zibo-parallel:has(.zibo-body) .zibo-parallel__translation").bounding_box()
    original = page.locator(".zibo-parallel:has(.zibo-body) .zibo-parallel__original").bounding_box()
    page.context.close()
    assert translation and original
    side_by_side = original["x"] >= translation["x"] + translation["width"] - 1
    assert side_by_side == (width >= 960)


@pytest.mark.browser
def test_the_english_print_has_the_originals_the_edition_once_and_each_address_once(
    site: BuiltSite, browser: BrowserSession, data: Dataset, initiatives: list[Initiative]
) -> None:
    page = browser.new_page(width=1280)
    page.goto(site.url("en/print/"))
    page.emulate_media(media="print")
    text = page.evaluate("() => document.querySelector('article').innerText")
    after = page.evaluate(
        "() => [...document.querySelectorAll('article a.zibo-url')].map(a => getComputedStyle(a, '::after').content)"
    )
    page.context.close()
    for initiative in initiatives:
        assert initiative.body.zh in text.replace("\n", "")
        url = site.url(f"en/initiatives/{initiative.id}/")
        assert text.count(url) == 1, url
    assert (
        text.count(load_labels("en")["edition_of"].format(date=format_date(data.edition_date(), LANGUAGES["en"]))) == 1
    )
    assert set(after) <= {"none", "normal"}


# --- 8. Theme matrix -------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", LANGUAGES)
def test_the_matrix_rows_are_the_short_titles(site: BuiltSite, key: str, initiatives: list[Initiative]) -> None:
    from generator.navigation import short_title

    rows = site.html(f"{LANGUAGES[key].prefix}themes/").select("table.zibo-matrix tbody th[scope=row]")
    assert [" ".join(row.get_text(" ").split()) for row in rows] == [
        f"{i.number} {short_title(i, LANGUAGES[key])}" for i in initiatives
    ]


@pytest.mark.browser
def test_on_a_phone_the_matrix_keeps_its_row_labels_and_caption_in_view_while_scrolling(
    site: BuiltSite, browser: BrowserSession
) -> None:
    for language in LANGUAGES.values():
        page = browser.new_page(width=375)
        page.goto(site.url(f"{language.prefix}themes/"))
        wrap = page.locator(".zibo-matrix-wrap")
        wrap.evaluate("el => el.scrollLeft = el.scrollWidth")
        page.wait_for_timeout(100)
        box = wrap.bounding_box()
        assert box is not None
        for locator in (page.locator(".zibo-matrix tbody th[scope=row]").last, page.locator(".zibo-matrix-note")):
            shown = locator.bounding_box()
            assert shown is not None and box["x"] - 1 <= shown["x"] and shown["x"] + shown["width"] <= 375, shown
        # every column head can be brought into view
        heads = page.locator(".zibo-matrix thead th.zibo-matrix__theme")
        last = heads.last.bounding_box()
        assert last is not None and last["x"] + last["width"] <= box["x"] + box["width"] + 1
        page.context.close()


# --- 11. The smaller items ------------------------------------------------------------------------------


@pytest.mark.browser
def test_a_miss_under_en_served_the_root_404_page_reads_in_english_first(
    site: BuiltSite, browser: BrowserSession
) -> None:
    root_404 = (site.root / "404.html").read_text("utf-8")
    page = browser.new_page(width=375)
    page.route("**/en/no-such-page/", lambda route: route.fulfill(status=404, body=root_404, content_type="text/html"))
    page.goto(site.url("en/no-such-page/"))
    assert page.locator("article h1").inner_text() == "Page not found"
    assert page.evaluate("() => document.documentElement.lang") == "en"
    assert page.title().startswith("Page not found")
    page.unroute("**/en/no-such-page/")
    page.route("**/no-such-page/", lambda route: route.fulfill(status=404, body=root_404, content_type="text/html"))
    page.goto(site.url("no-such-page/"))
    assert page.locator("article h1").inner_text() == "页面不存在"
    page.context.close()
