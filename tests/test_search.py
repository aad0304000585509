"""Search finds what readers type, in both languages: the benchmark's floors, the ranking, the
language of results, short forms, filters, and the header box used with keyboard, screen reader
and phone.

What holds for any valid data (which pages are indexed, with which filters) is tested on the real
data's build; what depends on the words of the content (the benchmark's queries and floors, the
ranking of particular queries) on the frozen copy of the data (tests/frozen/), so that no editor's
change can move it."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from bench.search import PREFIXES, evaluate, load_queries, result_pages
from generator.languages import LANGUAGES
from generator.pages import AGGREGATE, plan_pages
from generator.urls import page_url
from mkdocs_site import search_index
from mkdocs_site.search_index import BUNDLE, FILTER_VALUES, index_site, one_word_per_chinese_character
from tests.support import BrowserSession, BuiltSite, searchable_text
from tools.searchbox import open_box, results_shown_after_typing, search

REPO = Path(__file__).resolve().parent.parent
QUERIES = load_queries()
RECALL_AT_3_FLOOR = 0.95


def plan(site: BuiltSite, language: Any) -> list[Any]:
    return plan_pages(site.dataset, site.validated.glossary, language, "/", "site")


def aggregate_pages(site: BuiltSite) -> set[str]:
    return {
        language.prefix + page_url(spec.path)
        for language in LANGUAGES.values()
        for spec in plan(site, language)
        if spec.search_kind == AGGREGATE
    }


def test_pages_that_list_other_pages_stay_out_of_the_index_and_every_other_page_is_in(site: BuiltSite) -> None:
    for language in LANGUAGES.values():
        for spec in plan(site, language):
            page = site.html(language.prefix + page_url(spec.path))
            body = page.select_one("[data-pagefind-body]")
            if spec.search_kind == AGGREGATE:
                assert body is None, spec.path
            else:
                assert body is not None and body["data-pagefind-meta"] == f"kind:{spec.search_kind}", spec.path


def test_initiative_pages_carry_their_themes_and_status_as_search_filters(site: BuiltSite) -> None:
    for language in LANGUAGES.values():
        for initiative in site.dataset.initiatives:
            page = site.html(f"{language.prefix}initiatives/{initiative.id}/")
            themes = [a.get_text() for a in page.select('[data-pagefind-body] [data-pagefind-filter="theme"]')]
            labels = [t.label.text(language.key) for t in site.dataset.themes if t.id in initiative.themes]
            assert sorted(themes) == sorted(labels)
            assert len(page.select('[data-pagefind-body] [data-pagefind-filter^="status:"]')) == 1


def test_the_bundle_lists_each_filters_values_per_language_for_the_search_menus(site: BuiltSite) -> None:
    offered = json.loads((site.root / BUNDLE / FILTER_VALUES).read_text("utf-8"))
    for language in LANGUAGES.values():
        values = offered[language.tag.lower()]
        themes = {"".join(value.split()) for value in values["theme"]}
        used = {t.id for i in site.dataset.initiatives for t in site.dataset.themes if t.id in i.themes}
        labels = {"".join(t.label.text(language.key).split()) for t in site.dataset.themes if t.id in used}
        assert labels <= themes and values["theme"] == sorted(values["theme"])
        assert values["status"]


def test_english_pages_index_their_chinese_original(site: BuiltSite) -> None:
    initiative = site.dataset.initiatives[0]
    text = "".join(searchable_text(site.html(f"en/initiatives/{initiative.id}/")).split())
    assert "".join(initiative.body.zh.split()) in text and "".join((initiative.title.en or "").split()) in text


def test_the_index_copy_makes_each_chinese_character_a_word_and_leaves_tags_alone() -> None:
    html = '<p title="公共卫生">对标深圳、“一次办好”in 5G</p>'
    assert one_word_per_chinese_character(html) == '<p title="公共卫生">对 标 深 圳 、 “ 一 次 办 好 ”in 5G</p>'


def test_indexing_the_same_pages_again_gives_the_same_bundle_byte_for_byte(site: BuiltSite, tmp_path: Path) -> None:
    # Pagefind writes filter values in hash-map order; the index must not change from build to build.
    copy = tmp_path / "site"
    shutil.copytree(site.root, copy)
    for run in range(2):
        assert index_site(copy, tmp_path / f"input-{run}") > 0
        assert tree(copy / BUNDLE) == tree(site.root / BUNDLE)
    assert not list(tmp_path.glob("input-*"))  # the index's input copy is removed


def test_a_pagefind_failure_says_pagefinds_own_message_and_exit_status(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<html lang=en><body data-pagefind-body>x</body></html>")
    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\necho 'Error: the disk is full' >&2\nexit 3\n", "utf-8")
    fake.chmod(0o755)
    monkeypatch.setattr(search_index, "get_executable", lambda: fake)
    with pytest.raises(search_index.SearchIndexError) as raised:
        index_site(tmp_path / "site", tmp_path / "input")
    assert str(raised.value) == "Pagefind failed (exit status 3): Error: the disk is full"


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def benchmark(frozen_site: BuiltSite, browser: BrowserSession) -> Any:
    """The whole query file (bench/search_queries.yaml) through the engine, in one browser page, on the
    frozen copy of the data the queries were written for."""
    page = browser.new_page()
    figures = evaluate(page, frozen_site.base_url, frozen_site.root, QUERIES)
    page.context.close()
    return figures


@pytest.mark.browser
@pytest.mark.parametrize("language", list(PREFIXES))
def test_the_benchmark_queries_are_answered_in_the_first_three_results(benchmark: Any, language: str) -> None:
    recall = benchmark.scores[language].recall[3]
    missed = [
        (q.text, found[:3])
        for q, rank, found in zip(QUERIES, benchmark.ranks, benchmark.first_pages, strict=True)
        if q.language == language and (rank is None or rank > 3)
    ]
    assert recall >= RECALL_AT_3_FLOOR, missed


@pytest.mark.browser
def test_no_query_has_a_page_that_lists_other_pages_as_its_first_result(frozen_site: BuiltSite, benchmark: Any) -> None:
    firsts = [(q.text, pages[0]) for q, pages in zip(QUERIES, benchmark.first_pages, strict=True) if pages]
    aggregate = aggregate_pages(frozen_site)
    assert aggregate and not [(text, first) for text, first in firsts if first in aggregate]


@pytest.mark.browser
def test_results_stay_in_the_language_of_the_page(benchmark: Any) -> None:
    for query, pages in zip(QUERIES, benchmark.first_pages, strict=True):
        assert all(page.startswith("en/") == (query.language == "en") for page in pages), (query.text, pages)


def _find(page: Any, query: str, filters: dict[str, str] | None = None) -> list[dict[str, str]]:
    return list(
        page.evaluate(
            """async ([query, filters]) => {
                const search = await import(new URL("assets/javascripts/search.js", document.baseURI).href);
                return (await search.find(query, filters)).map(({url, title, kind, excerpt}) => ({url, title, kind, excerpt}));
            }""",
            [query, filters or {}],
        )
    )


@pytest.fixture(scope="module")
def pages(frozen_site: BuiltSite, browser: BrowserSession) -> Any:
    """A page of each language of the frozen copy's site, to search from."""
    opened = {}
    for key, prefix in PREFIXES.items():
        page = browser.new_page()
        page.goto(frozen_site.url(prefix))
        opened[key] = page
    yield opened
    for page in opened.values():
        page.context.close()


@pytest.mark.browser
def test_a_page_titled_as_the_query_comes_first_then_initiatives_then_themes_then_the_glossary(
    frozen_site: BuiltSite, pages: Any
) -> None:
    for language, page in pages.items():
        theme = frozen_site.dataset.themes[0]
        results = _find(page, theme.label.text_or_chinese(language))
        assert results[0]["url"].endswith(f"{PREFIXES[language]}themes/{theme.id}/")
        order = ["initiative", "theme", "glossary", "page"]
        for term in frozen_site.validated.glossary.terms[::6]:  # a sample across the glossary, for time
            query = term.zh if language == "zh" else term.en
            results = _find(page, query)
            if results and results[0]["title"].casefold() == query.casefold():
                results = results[1:]  # the page titled as the query
            kinds = [r["kind"] for r in results]
            assert kinds == sorted(kinds, key=order.index), (term.id, kinds)


@pytest.mark.browser
def test_a_chinese_word_highlights_whole_and_only_itself(pages: Any) -> None:
    results = _find(pages["zh"], "公共卫生")
    assert "<mark>公共卫生</mark>" in results[0]["excerpt"]
    for result in _find(pages["zh"], "人才"):  # and its synonym 招才引智 (data/glossary.yaml, synonyms)
        marks = set(re.findall(r"<mark>(.*?)</mark>", result["excerpt"]))
        assert marks and marks <= {"人才", "招才引智"}, result["excerpt"]


@pytest.mark.browser
def test_a_short_form_finds_its_term_and_the_results_say_what_it_stands_for(frozen_site: BuiltSite, pages: Any) -> None:
    term = next(t for t in frozen_site.validated.glossary.terms if t.aliases_for("zh") and t.aliases_for("en"))
    page = pages["zh"]
    open_box(page)
    results_shown_after_typing(page, term.aliases_for("zh")[0])
    shown = page.locator(".zibo-search__results").inner_text()
    assert f"{term.aliases_for('zh')[0]} → {term.zh}" in shown
    first = page.locator(".zibo-search__result a").first.get_attribute("href") or ""
    answers = [i.id for i in frozen_site.dataset.initiatives if term.zh in i.body.zh or term.zh in i.title.zh]
    assert any(first.endswith(f"initiatives/{answer}/") for answer in answers)


@pytest.mark.browser
def test_results_can_be_narrowed_by_theme_and_by_status_in_both_languages(frozen_site: BuiltSite, pages: Any) -> None:
    for language, page in pages.items():
        theme = next(t for t in frozen_site.dataset.themes if not t.draft)
        label = theme.label.text_or_chinese(language)
        members = {i.id for i in frozen_site.dataset.initiatives if theme.id in i.themes}
        query = "改革" if language == "zh" else "reform"
        narrowed = _find(page, query, {"theme": label})
        assert narrowed and all(
            any(r["url"].endswith(f"initiatives/{m}/") for m in members) or r["kind"] != "initiative" for r in narrowed
        )
        assert len(_find(page, query)) >= len(narrowed)
        from generator.labels import load_labels
        from generator.tracking import NOT_RESEARCHED, tracking_state

        # The filter offers what is known of each initiative: its status, or that nobody researched it yet.
        labels = load_labels(language)
        state = tracking_state(frozen_site.dataset.initiatives[0], frozen_site.dataset.source.announced)
        by_status = _find(
            page, query, {"status": labels["not_researched"] if state == NOT_RESEARCHED else labels["statuses"][state]}
        )
        assert by_status and all(r["kind"] == "initiative" for r in by_status)


@pytest.mark.browser
@pytest.mark.parametrize("language", list(PREFIXES))
def test_a_few_queries_of_each_class_typed_into_the_search_box(
    frozen_site: BuiltSite, pages: Any, language: str
) -> None:
    chosen: dict[str, Any] = {}
    for query in QUERIES:
        if query.language == language:
            chosen.setdefault(query.kind, query)
    page = pages[language]
    for query in chosen.values():
        found = result_pages(search(page, query.text), frozen_site.base_url)
        assert query.answer_pages() & set(found[:3]), (query.text, found[:3])


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 375])
def test_the_search_box_works_with_the_keyboard_and_a_screen_reader(
    frozen_site: BuiltSite, browser: BrowserSession, width: int
) -> None:
    page = browser.new_page(width=width, height=800)
    page.goto(frozen_site.url("en/initiatives/opening-up-hub/"))
    results = page.locator(".zibo-search__results")
    tab_stops = "() => [...document.querySelectorAll('.zibo-search__results a')].filter(a => a.offsetParent).length"
    assert results.get_attribute("hidden") is not None and page.evaluate(tab_stops) == 0  # empty: no Tab stop
    opener = page.locator("button.zibo-search__open")
    if width < 960:
        assert page.locator("input.zibo-search__input").is_hidden()
        opener.focus()
        page.keyboard.press("Enter")
    else:
        page.locator("input.zibo-search__input").focus()
    page.wait_for_function("document.activeElement.classList.contains('zibo-search__input')")
    page.keyboard.type("lion")
    # Each key press searches: wait for the results of the whole word, not of "l" or "lo" (a box that
    # kept an earlier query's results would time out here).
    page.wait_for_function(
        "() => /lion/i.test(document.querySelector('.zibo-search__excerpt mark')?.textContent ?? '')"
    )
    assert page.get_by_role("list", name="Search results").is_visible()
    # Two lines of context at most under each title, the whole word highlighted.
    excerpt = page.locator(".zibo-search__excerpt").first
    line_height = float(excerpt.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)"))
    assert excerpt.bounding_box()["height"] <= 2 * line_height + 1  # type: ignore[index]
    # Every highlight is of the word typed: none left from "l", "li" or "lio" (searches that run at the
    # same time must not share Pagefind's state).
    highlights = page.locator(".zibo-search__excerpt mark").all_inner_texts()
    assert highlights and all("lion" in mark.lower() for mark in highlights), highlights
    axe = Axe().run(page, context=".zibo-search")
    assert axe.response["violations"] == [], axe.generate_report()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.closest('.zibo-search__result') !== null")
    page.keyboard.press("Escape")
    assert results.get_attribute("hidden") is not None and page.evaluate(tab_stops) == 0  # hidden: no Tab stop
    expected = "zibo-search__open" if width < 960 else "zibo-search__input"
    assert page.evaluate(f"document.activeElement.classList.contains('{expected}')")  # focus returns
    page.context.close()


@pytest.mark.browser
def test_search_works_under_the_sub_path_with_no_request_to_another_host(
    frozen_site: BuiltSite, browser: BrowserSession
) -> None:
    requested: list[str] = []
    page = browser.new_page()
    page.on("request", lambda request: requested.append(request.url))
    page.goto(frozen_site.url("initiatives/opening-up-hub/"))
    assert search(page, "卫生")
    page.context.close()
    assert all(url.startswith(frozen_site.base_url) for url in requested), requested
    assert any(url.startswith(frozen_site.base_url + "pagefind/") for url in requested)


def _open_and_type(page: Any, query: str) -> str:
    """Type ``query`` into the box as a reader does; the text of the results panel once it has answered."""
    open_box(page)
    page.locator("input.zibo-search__input").fill(query)
    page.wait_for_function(
        "() => { const s = document.querySelector('.zibo-search__state'); return s && !s.closest('[hidden]') "
        "&& !/Searching|正在搜索/.test(s.textContent); }"
    )
    return str(page.locator(".zibo-search__results").inner_text())


def _links(page: Any) -> list[str]:
    return [str(h) for h in page.locator(".zibo-search__result a").evaluate_all("links => links.map(a => a.href)")]


@pytest.mark.browser
@pytest.mark.parametrize(
    ("language", "query", "shown", "answer"),
    [
        ("zh", "人才", "人才 → 招才引智", "six-ones-investment-platform"),
        ("zh", "talent", "talent → 招才引智 / 人才", "six-ones-investment-platform"),
        ("zh", "放管服", "放管服 → 营商环境", "shenzhen-benchmark-business-environment"),
        ("en", "人才", "人才 → talent", "six-ones-investment-platform"),
        ("en", "pandemic", "pandemic → 疫情 / 公共卫生", "public-health-service-system"),
    ],
)
def test_a_synonym_finds_the_pages_of_the_words_it_stands_for_and_the_box_says_what_it_searched(
    pages: Any, language: str, query: str, shown: str, answer: str
) -> None:
    page = pages[language]
    panel = _open_and_type(page, query)
    assert shown in panel.splitlines()
    assert any(link.endswith(f"initiatives/{answer}/") for link in _links(page)[:3]), _links(page)[:3]


@pytest.mark.browser
@pytest.mark.parametrize(
    ("language", "query", "first"),
    [
        ("zh", "开放", "opening-up-hub"),
        ("zh", "放管服", "shenzhen-benchmark-business-environment"),
        ("en", "Development zone systems", "development-zone-systems"),
        ("en", "one-stop", "shenzhen-benchmark-business-environment"),
    ],
)
def test_an_initiative_whose_title_or_short_title_has_the_query_comes_first(
    pages: Any, language: str, query: str, first: str
) -> None:
    assert _find(pages[language], query)[0]["url"].endswith(f"initiatives/{first}/")


@pytest.mark.browser
@pytest.mark.parametrize(
    ("language", "label"), [("zh", "没有完全匹配；以下为部分匹配"), ("en", "No exact match; partial matches")]
)
def test_a_partial_match_is_said_to_be_one_and_comes_only_when_nothing_matches_whole(
    pages: Any, language: str, label: str
) -> None:
    page = pages[language]
    panel = _open_and_type(page, "开放改革")  # no page has the phrase; its characters are on pages
    assert panel.splitlines()[0].startswith(label) and _links(page)
    assert label not in _open_and_type(page, "改革")


BOILERPLATE = re.compile(
    r"主题：|状态：|Themes:|Status:|Initiative \d+ of|第\d+项（共|made this one of|列入15项|Cite this page|引用本页"
)


@pytest.mark.browser
@pytest.mark.parametrize(
    ("language", "queries"),
    [("zh", ["开放", "营商环境", "改革", "人才"]), ("en", ["one-stop", "reform", "announced", "Shenzhen"])],
)
def test_excerpts_come_from_the_texts_never_from_the_facts_kicker_progress_or_citation(
    pages: Any, language: str, queries: list[str]
) -> None:
    for query in queries:
        for result in _find(pages[language], query):
            if result["kind"] == "initiative":
                assert not BOILERPLATE.search(result["excerpt"]), (query, result["excerpt"])
                # Chinese blocks are joined by "…", not by the "." Pagefind ends each block with.
                assert not re.search(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef](</mark>)?\.", result["excerpt"]), (
                    query,
                    result["excerpt"],
                )


class HeldRequests:
    """Requests whose URL contains ``part`` wait until ``release()``: a slow network, on cue."""

    def __init__(self, page: Any, part: str) -> None:
        self.held: list[Any] = []
        self.released = False
        page.route(lambda url: part in url, self._hold)

    def _hold(self, route: Any) -> None:
        if self.released:
            route.continue_()
        else:
            self.held.append(route)

    def release(self) -> None:
        self.released = True
        for route in self.held:
            route.continue_()


@pytest.mark.browser
@pytest.mark.parametrize("language", list(PREFIXES))
def test_the_box_says_searching_then_how_many_results_or_none_with_a_suggestion_and_shows_them_all(
    frozen_site: BuiltSite, browser: BrowserSession, language: str
) -> None:
    words = {
        "zh": ("正在搜索…", "改革", "个结果", "没有找到“zzqx”的结果。试试"),
        "en": ("Searching…", "reform", "results", "No results for “zzqx”. Try"),
    }
    searching, query, counted, none = words[language]
    page = browser.new_page()
    index = HeldRequests(page, "/pagefind/")
    page.goto(frozen_site.url(PREFIXES[language]))
    box = page.locator("input.zibo-search__input")
    box.click()
    box.fill(query)
    state = page.locator(".zibo-search__state")
    state.filter(has_text=searching).wait_for()  # the index is still on its way
    index.release()
    state.filter(has_text=counted).wait_for()
    total = int(re.findall(r"\d+", state.inner_text())[0])
    assert total > SHOWN_AT_FIRST
    assert page.locator(".zibo-search__result").count() == SHOWN_AT_FIRST
    while page.locator(".zibo-search__more button").count():  # every result is reachable
        read = _links(page)
        page.locator(".zibo-search__more button").click()
        page.wait_for_function(f"document.querySelectorAll('.zibo-search__result').length > {len(read)}")
        assert _links(page)[: len(read)] == read  # added below what was read, which stays in its order
    assert len(set(_links(page))) == total == len(_links(page))
    box.fill("zzqx")
    state.filter(has_text=none).wait_for()
    assert page.locator(".zibo-search__results").is_visible()
    page.context.close()


SHOWN_AT_FIRST = 10


@pytest.mark.browser
@pytest.mark.parametrize(
    ("language", "query", "answer"),
    [("zh", "国企改革", "state-owned-enterprise-reform"), ("en", "FTZ", "opening-up-hub")],
)
def test_on_a_phone_the_first_tap_opens_the_box_with_the_keyboard_and_no_key_typed_before_the_script_is_lost(
    frozen_site: BuiltSite, browser: BrowserSession, language: str, query: str, answer: str
) -> None:
    page = browser.new_page(width=375, height=740, touch=True)
    script = HeldRequests(page, "/assets/javascripts/search.js")
    page.goto(frozen_site.url(PREFIXES[language] + "initiatives/opening-up-hub/"))
    page.locator("button.zibo-search__open").tap()
    # Focused inside the tap (a phone raises its keyboard only then), before the search script arrived.
    assert page.evaluate("document.activeElement.classList.contains('zibo-search__input')")
    page.keyboard.type(query, delay=50)
    page.wait_for_timeout(300)
    script.release()
    page.locator(".zibo-search__result a").first.wait_for()
    assert page.locator("input.zibo-search__input").input_value() == query
    assert _links(page)[0].endswith(f"initiatives/{answer}/")
    page.context.close()


@pytest.mark.browser
@pytest.mark.parametrize("language", list(PREFIXES))
def test_a_first_query_fills_the_filter_menus_without_fetching_pagefinds_filter_files(
    frozen_site: BuiltSite, browser: BrowserSession, language: str
) -> None:
    # Pagefind's filter files list every page of each value (32 KB gzip at N = 5,000): only a chosen filter
    # needs them.
    requested: list[str] = []
    page = browser.new_page()
    page.on("request", lambda request: requested.append(request.url))
    page.goto(frozen_site.url(PREFIXES[language] + "initiatives/opening-up-hub/"))
    assert search(page, "改革" if language == "zh" else "reform")
    page.wait_for_function("[...document.querySelectorAll('.zibo-search__filter')].every(s => s.options.length > 1)")
    assert not [url for url in requested if "/pagefind/filter/" in url]
    theme = page.locator(".zibo-search__filter[data-filter='theme'] option").nth(1).get_attribute("value") or ""
    with page.expect_request(lambda request: "/pagefind/filter/" in request.url):  # a chosen filter: Pagefind's
        page.locator(".zibo-search__filter[data-filter='theme']").select_option(theme)
    page.context.close()


@pytest.mark.browser
@pytest.mark.parametrize("language", list(PREFIXES))
def test_the_open_search_panel_fits_a_375_pixel_phone_without_sideways_scrolling(
    frozen_site: BuiltSite, browser: BrowserSession, language: str
) -> None:
    page = browser.new_page(width=375, height=740)
    page.goto(frozen_site.url(PREFIXES[language] + "initiatives/opening-up-hub/"))
    page.locator("button.zibo-search__open").click()
    page.keyboard.type("改革" if language == "zh" else "reform")
    page.locator(".zibo-search__result a").first.wait_for()
    page.wait_for_function("[...document.querySelectorAll('.zibo-search__filter')].every(s => s.options.length > 1)")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    for element in [*page.locator(".zibo-search__filter").all(), page.locator(".zibo-search__results")]:
        box = element.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375, box
    page.context.close()


def _searched(site: BuiltSite, browser: BrowserSession, language: str, query: str) -> Any:
    """A home page of the language with ``query`` typed into the search box, once its first result shows."""
    page = browser.new_page()
    page.goto(site.url(PREFIXES[language]))
    box = page.locator("input.zibo-search__input")
    box.click()
    box.fill(query)
    page.locator(".zibo-search__result").first.wait_for()
    return page


@pytest.mark.browser
@pytest.mark.parametrize(
    ("language", "query", "said"), [("zh", "国企改革", "1 个结果"), ("en", "pandemic", "1 result")]
)
def test_one_result_is_counted_in_the_singular(
    frozen_site: BuiltSite, browser: BrowserSession, language: str, query: str, said: str
) -> None:
    page = _searched(frozen_site, browser, language, query)  # one page has it, on the frozen data
    assert page.locator(".zibo-search__result").count() == 1
    state = page.locator(".zibo-search__state").first.inner_text()
    assert said in state and f"{said}s" not in state, state
    page.context.close()


@pytest.mark.browser
@pytest.mark.parametrize(("language", "query"), [("zh", "改革"), ("en", "reform")])
def test_the_broadest_word_answers_with_an_initiative_first_not_the_theme_pages_listings(
    frozen_site: BuiltSite, browser: BrowserSession, language: str, query: str
) -> None:
    page = _searched(frozen_site, browser, language, query)
    assert "/initiatives/" in _links(page)[0], _links(page)
    page.context.close()


@pytest.mark.browser
@pytest.mark.parametrize("query", ["hospital", "pandemic", "business climate"])
def test_an_english_query_on_the_english_site_shows_an_english_excerpt(
    frozen_site: BuiltSite, browser: BrowserSession, query: str
) -> None:
    # Synonyms search these as Chinese words too (hospital → 医疗), which the Chinese original beside
    # the English text holds: the reader of the English site still reads an English excerpt.
    page = _searched(frozen_site, browser, "en", query)
    excerpt = page.locator(".zibo-search__result .zibo-search__excerpt").first.inner_text()
    assert excerpt and not any("\u4e00" <= character <= "\u9fff" for character in excerpt), excerpt
    page.context.close()
