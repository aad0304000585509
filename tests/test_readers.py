"""What a reader needs to trust the site and find their way in it, on the real build, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import load_and_validate
from generator.labels import format_date, load_labels
from generator.languages import LANGUAGES
from generator.render import DESCRIPTION_LIMIT, shorten_description
from tests.support import BrowserSession, BuiltSite

VALIDATED = load_and_validate(Path(__file__).parent.parent / "data" / "initiatives.yaml")
DATA = VALIDATED.dataset
INITIATIVES = sorted(DATA.initiatives, key=lambda i: i.number)


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
    site: BuiltSite, key: str
) -> None:
    language = LANGUAGES[key]
    article = site.html(language.prefix).select_one("article")
    statement = article.h1.find_next_sibling()
    assert "zibo-statement" in statement["class"]
    text = statement.get_text()
    assert DATA.site is not None
    assert DATA.site.maintainer.text(key) in text
    assert DATA.source.announced[:4] in text
    assert format_date(DATA.edition_date(), language) in text
    assert ("unofficial" in text and "independent" in text) if key == "en" else ("非官方" in text and "独立" in text)
    # The article's lead comes after it, attributed to the article and its date.
    lead = article.select_one(".zibo-lead")
    assert statement.sourceline < lead.sourceline
    assert format_date(DATA.source.date, language) in lead.figcaption.get_text()


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
def test_an_initiative_description_is_its_summary_cut_at_a_clause(site: BuiltSite, key: str) -> None:
    ellipsis = load_labels(key)["ellipsis"]
    for initiative in INITIATIVES:
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
    site: BuiltSite, browser: BrowserSession, width: int
) -> None:
    for language in LANGUAGES.values():
        page = browser.new_page(width=width)
        page.goto(site.url(f"{language.prefix}initiatives/{INITIATIVES[0].id}/"))
        badge = page.locator("header .zibo-unofficial")
        assert badge.is_visible()
        box = badge.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
        background = page.evaluate("() => getComputedStyle(document.querySelector('header')).backgroundColor")
        page.context.close()
        assert 30 < _hue(background) < 330, f"the header is red ({background})"
