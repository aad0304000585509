"""Run the shared search queries against a served site in a real browser (tests and benchmark)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

QUERIES_FILE = Path(__file__).with_name("search_queries.yaml")
TOP_RESULTS = 3


@dataclass(frozen=True)
class SearchCase:
    language: str
    query: str
    expect: tuple[str, ...]


def load_queries() -> list[SearchCase]:
    data = yaml.safe_load(QUERIES_FILE.read_text("utf-8"))
    return [
        SearchCase(language, str(item["query"]), tuple(item["expect"]))
        for language, items in data.items()
        for item in items
    ]


def search(page: Any, query: str) -> list[str]:
    """Type ``query`` into the search box of the open page; the result links, best first."""
    box = page.locator("input.md-search__input")
    box.click()
    # Empty the box first and wait for the placeholder, so old results are never taken for new ones.
    box.fill("")
    box.press("End")
    page.wait_for_function(_META_IS_PLACEHOLDER, timeout=15_000)
    box.fill(query)
    box.press("End")  # Material reacts to key events, as a real input method produces them
    page.wait_for_function(f"() => !({_META_IS_PLACEHOLDER})()", timeout=15_000)
    links = page.locator(".md-search-result__item > a.md-search-result__link").evaluate_all(
        "links => links.map(a => a.href)"
    )
    return [str(link) for link in links]


_META_IS_PLACEHOLDER = """() => {
    const meta = document.querySelector('.md-search-result__meta');
    const text = meta ? meta.textContent.trim() : '';
    return text === '键入以开始搜索' || text === 'Type to start searching';
}"""


def result_pages(links: list[str], base_url: str) -> list[str]:
    """Distinct page paths (site-relative, without anchors) in result order."""
    pages: list[str] = []
    for link in links:
        path = link.split("#")[0].split("?")[0].removeprefix(base_url)
        if path not in pages:
            pages.append(path)
    return pages
