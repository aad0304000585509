"""The reading surface in a real browser (issue 31): lines that do not break, print, contrast, the language
switch, the themes matrix and the not-found page, in both languages, on the real build."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from generator.labels import format_date, load_labels
from generator.languages import LANGUAGES
from generator.navigation import short_title
from tests.conftest import built_and_served
from tests.support import BrowserSession, BuiltSite, copy_project

pytestmark = pytest.mark.browser

WIDTHS = (375, 1280)
# Marks that close a clause or a bracket: no line may start with one (both languages).
CLOSING = "，。；、：）”’」』》〉】！？;,.:)!?"


REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def tab(browser: BrowserSession) -> Iterator[Page]:
    """One tab going from page to page, as a reader does (a new context per page costs a renderer)."""
    page = browser.new_page(width=1280, height=800)
    yield page
    page.context.close()


def initiatives_with_most_terms(site: BuiltSite, count: int = 4) -> list[str]:
    """The ids of the initiatives whose English pages mark the most glossary terms: where lines break most."""
    ids = [initiative.id for initiative in site.dataset.initiatives]
    return sorted(ids, key=lambda i: -len(site.html(f"en/initiatives/{i}/").select("article .zibo-term")))[:count]


# Every visible character of the article with its box, the block whose lines it is on (the nearest
# ancestor that is not inline, an inline-block being on its parent's lines), whether white space or a forced break comes before it, and whether it
# opens a glossary term. Measured per character with Range.getClientRects, as the reader sees them.
MEASURE_CHARACTERS = """
() => {
  const article = document.querySelector("article");
  const blocks = new Map();
  const blockOf = (element) => {
    let holder = element;
    while (holder !== article && getComputedStyle(holder).display.startsWith("inline")) holder = holder.parentElement;
    if (!blocks.has(holder)) {
      const style = getComputedStyle(holder), box = holder.getBoundingClientRect();
      const canvas = document.createElement("canvas").getContext("2d");
      canvas.font = style.font;
      blocks.set(holder, {id: blocks.size, right: box.right - parseFloat(style.paddingRight)
                          - parseFloat(style.borderRightWidth), space: canvas.measureText(" ").width});
    }
    return blocks.get(holder);
  };
  const chars = [], opened = new Set();
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  let breakBefore = true, spaceBefore = false, node;
  while ((node = walker.nextNode())) {
    if (node.nodeType === Node.ELEMENT_NODE) {
      const display = getComputedStyle(node).display;
      if (node.tagName === "BR" || !display.startsWith("inline")) breakBefore = true;
      continue;
    }
    const parent = node.parentElement;
    if (parent.closest(".zibo-sr-only, .headerlink, [hidden]")) continue;
    const term = parent.closest(".zibo-term__word");
    for (let i = 0; i < node.data.length; i++) {
      const c = node.data[i];
      if (/\\s/.test(c)) { spaceBefore = true; continue; }
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rect = [...range.getClientRects()].find((r) => r.width > 0);
      if (!rect) continue;
      const block = blockOf(parent);
      const termStart = term !== null && !opened.has(term);
      if (termStart) opened.add(term);
      chars.push({c, left: rect.left, right: rect.right, top: rect.top, bottom: rect.bottom, block: block.id,
                  blockRight: block.right, space: block.space, breakBefore, spaceBefore, termStart,
                  term: term ? term.textContent : null});
      breakBefore = false;
      spaceBefore = false;
    }
  }
  return chars;
}
"""


def starts_a_line(previous: dict[str, Any], char: dict[str, Any]) -> bool:
    """The character wraps to a new line of the same block (not the block's first line, nor after <br>)."""
    if char["breakBefore"] or previous["block"] != char["block"]:
        return False
    return bool(char["top"] >= previous["bottom"] - (previous["bottom"] - previous["top"]) / 2)


def is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def first_word_end(chars: list[dict[str, Any]], start: int) -> int:
    """The index of the last character of the term's first unbreakable piece: a Chinese character (with the
    closing marks that cling to it), or a word up to the next space (with the marks that follow it)."""
    end = start
    if is_cjk(chars[start]["c"]):
        while end + 1 < len(chars) and chars[end + 1]["c"] in CLOSING and not chars[end + 1]["spaceBefore"]:
            end += 1
        return end
    while end + 1 < len(chars) and not chars[end + 1]["spaceBefore"] and not is_cjk(chars[end + 1]["c"]):
        end += 1
    return end


def broken_lines(chars: list[dict[str, Any]]) -> list[str]:
    """Where the text breaks as no typesetter would: a term's first word on a new line though it fitted at
    the end of the line before, or a line that starts with a closing mark."""
    problems = []
    for index in range(1, len(chars)):
        previous, char = chars[index - 1], chars[index]
        if not starts_a_line(previous, char):
            continue
        context = "".join(" " * c["spaceBefore"] + c["c"] for c in chars[max(0, index - 16) : index + 16])
        if char["c"] in CLOSING:
            problems.append(f"a line starts with {char['c']!r}: …{context}…")
        if char["termStart"]:
            end = chars[first_word_end(chars, index)]
            needed = previous["right"] + (char["space"] if char["spaceBefore"] else 0) + end["right"] - char["left"]
            if needed <= char["blockRight"] - 1:
                problems.append(
                    f"the term {char['term']!r} moved to a new line though its first word fitted: …{context}…"
                )
    return problems


@pytest.mark.parametrize("width", WIDTHS)
def test_glossary_terms_flow_inside_the_sentence_and_no_line_starts_with_a_closing_mark(
    site: BuiltSite, tab: Page, width: int
) -> None:
    problems = []
    tab.set_viewport_size({"width": width, "height": 800})
    for initiative in initiatives_with_most_terms(site):
        for language in LANGUAGES.values():
            path = f"{language.prefix}initiatives/{initiative}/"
            tab.goto(site.url(path))
            tab.mouse.move(0, 0)
            chars = tab.evaluate(MEASURE_CHARACTERS)
            assert any(c["termStart"] for c in chars), f"{path}: no glossary term to measure"
            problems += [f"{path} at {width} px: {problem}" for problem in broken_lines(chars)]
    assert problems == []


def test_a_glossary_term_is_a_button_to_keyboards_and_screen_readers_enter_and_space_toggle_it(
    site: BuiltSite, tab: Page
) -> None:
    tab.set_viewport_size({"width": 1280, "height": 800})
    for language in LANGUAGES.values():
        tab.goto(site.url(f"{language.prefix}initiatives/{initiatives_with_most_terms(site, 1)[0]}/"))
        word = tab.locator("article .zibo-term__word").first
        name = word.inner_text()
        button = tab.get_by_role("button", name=name, exact=True)
        assert button.count() == 1 and button.get_attribute("aria-expanded") == "false"
        tip = tab.locator(f"#{word.get_attribute('aria-describedby')}")
        assert tip.get_attribute("role") == "tooltip"
        word.focus()
        for key in ("Enter", " "):
            tab.keyboard.press(key)
            assert button.get_attribute("aria-expanded") == "true" and tip.is_visible(), key
            scrolled = tab.evaluate("() => window.scrollY")
            tab.keyboard.press(key)
            assert button.get_attribute("aria-expanded") == "false", key
            assert tab.evaluate("() => window.scrollY") == scrolled  # Space toggles, never scrolls the page


# --- 2. Print ------------------------------------------------------------------------------------------


def printed_pages(site: BuiltSite) -> list[str]:
    """A page of each kind a reader prints: home, an initiative, the printable edition, a hand-written page."""
    initiative = initiatives_with_most_terms(site, 1)[0]
    kinds = ("", f"initiatives/{initiative}/", "print/", "about/")
    return [f"{language.prefix}{kind}" for language in LANGUAGES.values() for kind in kinds]


def what_a_printed_page_must_say_once(site: BuiltSite, path: str) -> dict[str, str]:
    """The disclaimer, the edition and the page's own address, as the site's words and data give them."""
    key = next(key for key, language in LANGUAGES.items() if language.tag == site.html(path).html["lang"])
    labels = load_labels(key)
    edition = labels["edition_of"].format(date=format_date(site.dataset.edition_date(), LANGUAGES[key]))
    address = site.html(path).select_one("link[rel=canonical]")["href"]
    return {"disclaimer": labels["unofficial_title"], "edition": edition, "address": address}


def count(text: str, words: str) -> int:
    """How often the words occur in the text, whatever the case and however the lines were broken (and
    with the Kangxi radicals a PDF's text may hold for some Chinese characters read as those characters)."""

    def normal(value: str) -> str:
        return " ".join(unicodedata.normalize("NFKC", value).split()).casefold()

    return normal(text).count(normal(words))


def test_every_printed_page_says_once_that_it_is_unofficial_its_edition_and_its_address(
    site: BuiltSite, tab: Page
) -> None:
    tab.set_viewport_size({"width": 1280, "height": 800})
    problems = []
    for path in printed_pages(site):
        tab.emulate_media(media="print")
        tab.goto(site.url(path))
        printed = tab.evaluate("() => document.body.innerText")
        for what, words in what_a_printed_page_must_say_once(site, path).items():
            if count(printed, words) != 1:
                problems.append(f"{path}: the {what} {words!r} is printed {count(printed, words)} times")
        # A link whose text is its own address is printed once, not followed by the address again.
        doubled = tab.evaluate(
            """() => [...document.querySelectorAll("a[href^='http']")]
                .filter((a) => a.offsetParent !== null && a.textContent.trim() === a.href)
                .filter((a) => !["none", "normal"].includes(getComputedStyle(a, "::after").content))
                .map((a) => a.href)"""
        )
        problems += [f"{path}: the address {href} is printed twice" for href in doubled]
    tab.emulate_media(media="screen")
    assert problems == []


@pytest.mark.parametrize("key", LANGUAGES)
def test_a_pdf_of_the_printable_edition_says_once_that_it_is_unofficial_its_edition_and_its_address(
    site: BuiltSite, browser: BrowserSession, key: str
) -> None:
    import io

    from pypdf import PdfReader

    path = f"{LANGUAGES[key].prefix}print/"
    page = browser.new_page(width=1280)
    page.goto(site.url(path))
    pdf = page.pdf(format="A4")
    page.context.close()
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(sheet.extract_text() for sheet in reader.pages)
    first = reader.pages[0].extract_text()
    for what, words in what_a_printed_page_must_say_once(site, path).items():
        assert count(text, words) == 1, (what, words, count(text, words))
        assert count(first, words) == 1, f"the {what} is not on the first sheet"


# --- 3. The Chinese original on English pages ------------------------------------------------------------

# Each unit's translation and its Chinese original, as the reader sees them: colour (over the page's
# background), weight, size and style.
ORIGINALS_AND_TRANSLATIONS = """
() => {
  const look = (element) => {
    const style = getComputedStyle(element);
    return {color: style.color, weight: style.fontWeight, size: style.fontSize, style: style.fontStyle,
            background: getComputedStyle(document.body).backgroundColor};
  };
  const pairs = [];
  const add = (where, translation, original) => {
    if (translation && original) pairs.push({where, translation: look(translation), original: look(original)});
  };
  const body = document.querySelector("article .zibo-parallel:has(.zibo-body)");
  add("body", body.querySelector(".zibo-body"), body.querySelector(".zibo-parallel__original [lang=zh-Hans]"));
  for (const li of document.querySelectorAll("article .zibo-measures > li")) {
    add("measures", li.querySelector(".zibo-parallel__translation"), li.querySelector(".zibo-parallel__original"));
  }
  for (const li of document.querySelectorAll("article .zibo-progress > li")) {
    const original = li.querySelector(".zibo-original");
    add("progress", original && original.previousSibling ? li : null, original);
  }
  return pairs;
}
"""


def rgba(css: str) -> tuple[float, float, float, float]:
    numbers = [float(n) for n in css[css.index("(") + 1 : css.index(")")].replace("/", ",").split(",")]
    return (numbers[0], numbers[1], numbers[2], numbers[3] if len(numbers) > 3 else 1.0)


def contrast(foreground: str, background: str) -> float:
    """WCAG's contrast ratio of a (possibly translucent) colour over an opaque background."""
    *fg, alpha = rgba(foreground)
    bg = rgba(background)[:3]
    shown = [alpha * f + (1 - alpha) * b for f, b in zip(fg, bg, strict=True)]

    def luminance(rgb: list[float] | tuple[float, ...]) -> float:
        linear = [c / 255 / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(shown), luminance(bg)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize("width", WIDTHS)
def test_on_english_pages_the_chinese_original_reads_as_the_translation_does_in_body_measures_and_progress(
    site: BuiltSite, tab: Page, width: int
) -> None:
    tab.set_viewport_size({"width": width, "height": 800})
    looks = set()
    for initiative in initiatives_with_most_terms(site):
        tab.goto(site.url(f"en/initiatives/{initiative}/"))
        pairs = tab.evaluate(ORIGINALS_AND_TRANSLATIONS)
        assert {pair["where"] for pair in pairs} >= {"body", "measures"}, initiative
        for pair in pairs:
            original, translation = pair["original"], pair["translation"]
            where = f"{initiative}, {pair['where']}"
            assert contrast(original["color"], original["background"]) >= 7, (where, original["color"])
            assert original["color"] == translation["color"], (where, original, translation)
            assert original["weight"] == translation["weight"], (where, original, translation)
            looks.add((original["color"], original["weight"], original["size"], original["style"]))
    assert len(looks) == 1, f"the originals look different from place to place: {looks}"


# --- 4. The language switch keeps the place ---------------------------------------------------------------


def section_ids(site: BuiltSite, path: str) -> list[str]:
    return [h["id"] for h in site.html(path).select("article h2[id]")]


def heading_in_view(page: Page, heading_id: str) -> bool:
    box = page.evaluate(f"() => document.getElementById({heading_id!r}).getBoundingClientRect().toJSON()")
    return bool(box["top"] >= 0 and box["bottom"] <= page.viewport_size["height"])  # type: ignore[index]


def test_the_language_switch_from_a_section_lands_on_the_same_section(site: BuiltSite, tab: Page) -> None:
    initiative = site.dataset.initiatives[0].id
    versions = {key: f"{language.prefix}initiatives/{initiative}/" for key, language in LANGUAGES.items()}
    assert section_ids(site, versions["zh"]) == section_ids(site, versions["en"])  # ids in no language
    tab.set_viewport_size({"width": 1280, "height": 800})
    for key, path in versions.items():
        other = next(language for other_key, language in LANGUAGES.items() if other_key != key)
        for section in section_ids(site, path)[1:]:
            tab.goto(site.url(path) + f"#{section}")
            tab.locator(".md-header .md-select").hover()
            tab.locator(f".md-select__link[hreflang='{other.tag}']").click()
            tab.wait_for_url(f"**/{versions[other.key]}#{section}")
            assert heading_in_view(tab, section), (path, section)


def test_the_section_ids_of_links_people_shared_still_lead_to_their_sections(site: BuiltSite, tab: Page) -> None:
    initiative = site.dataset.initiatives[-1].id
    tab.set_viewport_size({"width": 375, "height": 800})
    for key, language in LANGUAGES.items():
        path = f"{language.prefix}initiatives/{initiative}/"
        for section, former in load_labels(key)["former_section_ids"].items():
            if section not in section_ids(site, path):
                continue  # (a page without related initiatives has no such section)
            tab.goto(site.url(path) + f"#{former}")
            assert heading_in_view(tab, section), (path, former)


# --- 5. The themes matrix on a phone ----------------------------------------------------------------------

# The words of the matrix's headings that a line or column break splits: each word's first and last
# characters on different lines (rows of text, or columns of vertical text). Chinese breaks anywhere.
WORDS_BROKEN_APART = """
() => {
  const broken = [];
  for (const cell of document.querySelectorAll(".zibo-matrix th")) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      if (node.parentElement.closest(".zibo-sr-only")) continue;
      const vertical = getComputedStyle(node.parentElement).writingMode.startsWith("vertical");
      for (const match of node.data.matchAll(/[A-Za-z][A-Za-z'’]*[A-Za-z]/g)) {
        const box = (i) => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
                             return r.getClientRects()[0]; };
        const first = box(match.index), last = box(match.index + match[0].length - 1);
        const apart = vertical ? Math.abs(first.left - last.left) > 1 : Math.abs(first.top - last.top) > 1;
        if (apart) broken.push(match[0]);
      }
    }
  }
  return broken;
}
"""


def visible_to_the_reader(page: Page, selector: str) -> bool:
    """The element's middle is on screen and nothing (the site's header, other rows) covers it."""
    return bool(
        page.evaluate(
            """(selector) => {
              const element = document.querySelector(selector), box = element.getBoundingClientRect();
              const x = box.left + Math.min(box.width / 2, 8), y = box.top + box.height / 2;
              if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return false;
              const shown = document.elementFromPoint(x, y);
              return shown !== null && (element === shown || element.contains(shown));
            }""",
            selector,
        )
    )


@pytest.mark.parametrize("key", LANGUAGES)
def test_on_a_phone_the_matrix_keeps_its_theme_headings_in_view_breaks_no_word_and_shows_there_is_more(
    site: BuiltSite, tab: Page, key: str
) -> None:
    tab.set_viewport_size({"width": 375, "height": 800})
    tab.goto(site.url(f"{LANGUAGES[key].prefix}themes/"))
    assert tab.evaluate(WORDS_BROKEN_APART) == []
    wrap = tab.locator(".zibo-matrix-wrap")
    more = tab.locator(".zibo-matrix-more")
    # Wider than the screen: a sign says there is more to the right, until the reader has seen it all.
    assert wrap.evaluate("el => el.scrollWidth > el.clientWidth")
    wrap.scroll_into_view_if_needed()
    assert more.is_visible()
    # Scrolled down to the last initiative, the theme headings are still in view above it.
    tab.locator(".zibo-matrix tbody tr").last.scroll_into_view_if_needed()
    tab.wait_for_timeout(100)
    assert visible_to_the_reader(tab, ".zibo-matrix tbody tr:last-child th")
    assert visible_to_the_reader(tab, ".zibo-matrix thead th.zibo-matrix__theme")
    wrap.evaluate("el => el.scrollLeft = el.scrollWidth")
    tab.wait_for_timeout(100)
    assert not more.is_visible()
    assert visible_to_the_reader(tab, ".zibo-matrix thead th.zibo-matrix__theme:last-child")


# --- 6. Not found ------------------------------------------------------------------------------------------


def a_mistyped_initiative_id(ids: list[str]) -> tuple[str, str]:
    """An address a reader might type: an initiative's id cut short by its last word (or letter), leading to
    that initiative alone; and that initiative's id."""
    for id_ in ids:
        cut = id_.rsplit("-", 1)[0] if "-" in id_ else id_[:-1]
        if [other for other in ids if other.startswith(cut)] == [id_]:
            return cut, id_
    raise AssertionError("every initiative id starts another")


@pytest.mark.parametrize("key", LANGUAGES)
def test_a_miss_served_the_root_404_page_reads_in_its_own_language_suggests_the_nearest_initiative_and_lists_them(
    site: BuiltSite, browser: BrowserSession, key: str
) -> None:
    from urllib.parse import urlsplit

    from tests.support import free_port, serve_folder

    language = LANGUAGES[key]
    labels = load_labels(key)
    ids = [initiative.id for initiative in sorted(site.dataset.initiatives, key=lambda i: i.number)]
    cut, nearest = a_mistyped_initiative_id(ids)
    home = site.html(language.prefix)
    page = browser.new_page(width=375)
    # As GitHub Pages does: every miss, in either language, gets the root 404.html.
    with serve_folder(site.root, free_port(), "/zibo/", not_found="404.html") as base:
        missing = f"{base}{language.prefix}initiatives/{cut}/"
        page.goto(missing)
        page.wait_for_function("() => !document.querySelector('.zibo-not-found__address').hidden")
        # The page's own language: title, header, footer and search, as on the language's home page.
        assert page.evaluate("() => document.documentElement.lang") == language.tag
        assert page.title().endswith(labels["site_name"]) and page.title() != labels["site_name"]
        # (the short form of the name: a 375 px phone shows it, not the full one)
        assert page.locator(".md-header__topic").first.inner_text().strip() == labels["site_name_short"]
        assert (
            page.locator("input.zibo-search__input").get_attribute("placeholder")
            == home.select_one("input.zibo-search__input")["placeholder"]
        )
        footer = " ".join(page.locator("footer").inner_text().split())
        assert " ".join(home.select_one("footer .zibo-footer-links").get_text(" ", strip=True).split())[:20] in footer
        # The address asked for stays visible: in the address bar and on the page.
        assert page.url == missing
        assert urlsplit(missing).path in page.locator("article").inner_text()
        # The nearest initiative, and all of them.
        suggestion = page.locator(".zibo-not-found__suggestion a")
        assert suggestion.is_visible()
        assert suggestion.evaluate("a => a.href") == f"{base}{language.prefix}initiatives/{nearest}/"
        listed = page.locator("article .zibo-not-found__initiatives a").evaluate_all("links => links.map(a => a.href)")
        assert listed == [f"{base}{language.prefix}initiatives/{id_}/" for id_ in ids]
        titles = page.locator("article .zibo-not-found__initiatives a").all_inner_texts()
        navigation = [a.get_text(strip=True) for a in home.select("nav.md-nav--primary a[href*='initiatives/']")]
        assert titles == [title for title in navigation if title in titles] and len(titles) == len(ids)
        suggestion.click()
        page.wait_for_url(f"{base}{language.prefix}initiatives/{nearest}/")
    page.context.close()


# --- 10. Landmarks, images, skip link and permalinks ------------------------------------------------------


def landmark_names(site: BuiltSite, path: str) -> list[str]:
    """The accessible name of every navigation landmark of a built page (aria-label or aria-labelledby)."""
    soup = site.html(path)
    names = []
    for nav in soup.select("nav"):
        if nav.get("aria-labelledby"):
            names.append(" ".join(soup.find(id=nav["aria-labelledby"]).get_text(" ", strip=True).split()))
        else:
            names.append(nav.get("aria-label", ""))
    return names


@pytest.mark.parametrize("key", LANGUAGES)
def test_each_landmark_has_a_name_of_its_own_the_logo_no_alt_text_and_the_skip_link_says_where_it_goes(
    site: BuiltSite, key: str
) -> None:
    prefix = LANGUAGES[key].prefix
    for path in (prefix, f"{prefix}initiatives/{site.dataset.initiatives[0].id}/", f"{prefix}themes/"):
        names = landmark_names(site, path)
        assert len(names) == len(set(names)), (path, sorted(n for n in names if names.count(n) > 1))
        # The logo's link is named by the site's name: the image itself is decorative.
        logo = site.html(path).select_one("header .md-logo")
        assert logo["aria-label"] and all(img.get("alt") == "" for img in logo.select("img")), path
        skip = site.html(path).select_one("a.md-skip").get_text(strip=True)
        assert skip not in {"跳转至", "Skip"} and len(skip) > 3, (path, skip)


@pytest.mark.parametrize("key", LANGUAGES)
def test_the_keyboard_never_stops_on_a_headings_permalink_sign(site: BuiltSite, tab: Page, key: str) -> None:
    tab.set_viewport_size({"width": 1280, "height": 800})
    tab.goto(site.url(f"{LANGUAGES[key].prefix}initiatives/{site.dataset.initiatives[0].id}/"))
    tab.locator("article h1").click()  # start from the text, past the header and the menu
    stops = []
    for _ in range(40):
        tab.keyboard.press("Tab")
        stops.append(tab.evaluate("() => document.activeElement.className"))
    assert any("zibo-term__word" in stop for stop in stops)  # (the walk went through the text)
    assert not [stop for stop in stops if "headerlink" in stop]


@pytest.mark.parametrize("key", LANGUAGES)
def test_the_source_articles_items_are_headings_in_the_pages_language(site: BuiltSite, key: str) -> None:
    article = site.html(f"{LANGUAGES[key].prefix}source/").select_one("article")
    for initiative in sorted(site.dataset.initiatives, key=lambda i: i.number):
        (heading,) = article.select(f"#item-{initiative.number} h2")
        # The Chinese page's heading is the article's own line; a translated page's, its translation.
        shown = "zibo-parallel__original" if key == "zh" else "zibo-parallel__translation"
        assert shown in heading["class"]
        if key == "zh" or initiative.title.en:
            title = initiative.title.zh if key == "zh" else initiative.title.en
            assert heading.get_text().startswith(f"{initiative.number}") and (title or "") in heading.get_text()


MEASURE_PAGE_TITLE = """
() => {
  const topic = document.querySelector('.md-header__topic[data-md-component="header-topic"] .md-ellipsis');
  const shown = [...topic.querySelectorAll('.zibo-page-title')].filter((e) => e.getClientRects().length > 0);
  const box = topic.getBoundingClientRect(), header = document.querySelector('.md-header').getBoundingClientRect();
  return {text: shown.map((e) => e.textContent.trim()),
          lines: topic.clientHeight / parseFloat(getComputedStyle(topic).lineHeight),
          whole: topic.scrollHeight <= topic.clientHeight + 1,
          inside: box.top >= header.top && box.bottom <= header.bottom};
}
"""


@pytest.mark.parametrize("width", (320, 375))
def test_on_a_phone_the_header_names_the_page_by_its_number_and_short_title_on_two_lines_once_scrolled(
    site: BuiltSite, tab: Page, width: int
) -> None:
    tab.set_viewport_size({"width": width, "height": 700})
    for key, language in LANGUAGES.items():
        longest = max(site.dataset.initiatives, key=lambda i: len(short_title(i, language)))
        for initiative in {site.dataset.initiatives[0].id: site.dataset.initiatives[0], longest.id: longest}.values():
            tab.goto(site.url(f"{language.prefix}initiatives/{initiative.id}/"))
            tab.mouse.wheel(0, 600)
            tab.wait_for_function("document.querySelector('.md-header__title--active')")
            title = tab.evaluate(MEASURE_PAGE_TITLE)
            assert title["text"] == [f"{initiative.number}. {short_title(initiative, language)}"], (key, width, title)
            # Beside the menu, "unofficial", language and search buttons: two lines (the rest behind "…").
            assert title["inside"] and (title["whole"] or title["lines"] >= 1.9), (key, width, title)


# --- 8. The home page ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", LANGUAGES)
def test_on_a_phone_the_home_page_lists_the_initiatives_before_the_articles_long_lead(
    site: BuiltSite, tab: Page, key: str
) -> None:
    tab.set_viewport_size({"width": 375, "height": 812})
    tab.goto(site.url(LANGUAGES[key].prefix))
    first = site.dataset.initiatives[0].id
    card = tab.locator(f"article a[href$='initiatives/{first}/']").first.bounding_box()
    lead = tab.locator("article .zibo-lead").bounding_box()
    assert card is not None and lead is not None and card["y"] < lead["y"]


# --- 7. The footer ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_the_footer_aligns_with_its_text_keeps_words_whole_and_keeps_the_editors_links_in_their_own_section(
    site: BuiltSite, tab: Page, width: int
) -> None:
    tab.set_viewport_size({"width": width, "height": 800})
    initiative = site.dataset.initiatives[0].id
    for key, language in LANGUAGES.items():
        labels = load_labels(key)
        tab.goto(site.url(f"{language.prefix}initiatives/{initiative}/"))
        # The groups' labels start where the footer's text starts (the copyright, when it is below them).
        boxes = tab.evaluate(
            """() => [document.querySelector('.zibo-footer-links > div > span'),
                      document.querySelector('.zibo-footer-editors > summary'),
                      document.querySelector('.md-copyright'),
                      document.querySelector('.zibo-footer-links')].map((e) => e.getBoundingClientRect().toJSON())"""
        )
        *labels_and_text, links = boxes
        lefts = [
            box["left"] for box in labels_and_text if box["top"] >= links["top"] - 1 and box["left"] < links["right"]
        ]
        assert len(lefts) >= 2 and max(lefts) - min(lefts) <= 1, (key, boxes)
        split = tab.evaluate(
            """() => [...document.querySelectorAll('.zibo-footer-links a')]
                .filter((a) => a.offsetParent !== null && !/\\s/.test(a.textContent.trim()))
                .filter((a) => a.getClientRects().length > 1).map((a) => a.textContent)"""
        )
        assert split == [], (key, split)
        # The editors' links wait in a closed section named for them.
        editors = tab.locator(".zibo-footer-links a[rel=edit], .zibo-footer-links a[href*='github']")
        assert editors.count() >= 1 and not any(editors.nth(i).is_visible() for i in range(editors.count()))
        tab.get_by_text(labels["footer_for_editors"].rstrip(":："), exact=True).click()
        assert all(editors.nth(i).is_visible() for i in range(editors.count()))
        if key == "zh":
            assert "Made with" not in tab.locator("footer").inner_text()


# --- 7. The header's title ----------------------------------------------------------------------------------

# The visible form of the site's name, whether it is cut (wider or taller than its box), and the header's
# "unofficial" label: where it is and whether it is shown.
MEASURE_TITLE = """
() => {
  const name = document.querySelector('.md-header__topic:first-child .md-ellipsis');
  const shown = [...name.querySelectorAll('.zibo-site-name')].filter((e) => e.getClientRects().length > 0);
  const badge = document.querySelector('.md-header .zibo-unofficial');
  const header = document.querySelector('.md-header').getBoundingClientRect();
  const box = badge.getBoundingClientRect(), style = getComputedStyle(badge);
  return {text: shown.map((e) => e.textContent.trim()),
          cut: name.scrollWidth > name.clientWidth || name.scrollHeight > name.clientHeight
               || name.getBoundingClientRect().bottom > header.bottom || name.getBoundingClientRect().top < header.top,
          nameRight: name.getBoundingClientRect().right,
          badge: {text: badge.textContent.trim(), left: box.left, right: box.right, width: box.width,
                  visible: style.visibility === 'visible' && style.display !== 'none' && box.width > 0
                           && box.right <= innerWidth}};
}
"""


@pytest.mark.parametrize("width", (320, 375, 1280))
def test_the_header_shows_the_sites_name_whole_and_the_unofficial_label_at_every_width(
    site: BuiltSite, tab: Page, width: int
) -> None:
    tab.set_viewport_size({"width": width, "height": 700})
    initiative = site.dataset.initiatives[0].id
    for key, language in LANGUAGES.items():
        labels = load_labels(key)
        tab.goto(site.url(f"{language.prefix}initiatives/{initiative}/"))
        title = tab.evaluate(MEASURE_TITLE)
        expected = labels["site_name"] if width >= 1220 else labels["site_name_short"]
        assert title["text"] == [expected], (key, width, title)
        assert not title["cut"], (key, width, title)
        assert title["badge"]["visible"] and title["badge"]["text"] == labels["unofficial"], (key, width, title)
        assert title["nameRight"] <= title["badge"]["left"], (key, width, title)


# --- The method's claims follow the data -----------------------------------------------------------------


def _about(tab: Page, site: BuiltSite, language_prefix: str) -> dict[str, Any]:
    tab.goto(site.url(f"{language_prefix}about/"))
    return dict(
        tab.evaluate(
            """() => ({
              notice: [...document.querySelectorAll('.md-content .zibo-not-verbatim')]
                .filter((e) => e.getClientRects().length > 0).map((e) => e.textContent.trim()),
              claim: [...document.querySelectorAll('.md-content .zibo-verbatim-claim')]
                .filter((e) => e.getClientRects().length > 0).length,
            })"""
        )
    )


def test_about_claims_the_chinese_is_checked_against_the_article_only_when_the_data_keeps_one(
    site: BuiltSite, tab: Page, tmp_path: Path
) -> None:
    for key, language in LANGUAGES.items():
        assert _about(tab, site, language.prefix) == {"notice": [], "claim": 1}, key
    project = copy_project(REPO, tmp_path / "project")
    data = project / "data" / "initiatives.yaml"
    text = data.read_text("utf-8")
    copy = next(line for line in text.splitlines() if line.strip().startswith("copy: "))
    data.write_text(text.replace(copy, copy.split("copy: ")[0] + "verbatim: false", 1), "utf-8")
    served = built_and_served(project)
    without = next(served)
    try:
        for key, language in LANGUAGES.items():
            said = _about(tab, without, language.prefix)
            assert said == {"notice": [load_labels(key)["not_verbatim"]], "claim": 0}, key
    finally:
        served.close()
