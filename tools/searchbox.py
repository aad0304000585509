"""The header search box, used as a reader uses it: open it, type, wait for results (tests, benchmark)."""

from __future__ import annotations

from typing import Any

# The box and its result links, whichever search the site has (Material's, or ours over Pagefind).
BOX = "input.md-search__input, input.zibo-search__input"
RESULT_LINKS = ".md-search-result__item > a.md-search-result__link, .zibo-search__result > a"
RESULT_LIST = ".md-search-result__list, .zibo-search__results"

# Resolves with the milliseconds from now to the first result on screen (set up before typing).
_WATCH = """(selector) => {
    const list = document.querySelector(selector);
    const started = performance.now();
    window.__zibo_results_shown = new Promise((resolve, reject) => {
        setTimeout(() => reject(new Error("no results within 15 s")), 15000);
        const done = () => list.querySelector("a") && (observer.disconnect(), resolve(performance.now() - started));
        const observer = new MutationObserver(done);
        observer.observe(list, {childList: true, subtree: true});
    });
}"""


def open_box(page: Any) -> Any:
    """Focus the header search box (a click, as a reader opens it) and empty it; the box."""
    box = page.locator(BOX).first
    if not box.is_visible():
        page.locator("label.md-header__button[for='__search'], button.zibo-search__open").first.click()
    box.click()
    box.fill("")
    box.press("End")
    page.wait_for_function(f"() => !document.querySelector({RESULT_LIST!r}).querySelector('a')", timeout=15_000)
    return box


def results_shown_after_typing(page: Any, query: str) -> float:
    """Type ``query`` into the (open, empty) box; milliseconds until its first result is on screen."""
    page.evaluate(_WATCH, RESULT_LIST)
    box = page.locator(BOX).first
    box.fill(query)
    box.press("End")  # Material reacts to key events, as a real input method produces them
    return float(page.evaluate("() => window.__zibo_results_shown"))


def search(page: Any, query: str) -> list[str]:
    """Type ``query`` into the search box of the open page; the result links, best first."""
    open_box(page)
    results_shown_after_typing(page, query)
    page.wait_for_timeout(50)  # the rest of the list follows the first result in the same frame or the next
    return [str(link) for link in page.locator(RESULT_LINKS).evaluate_all("links => links.map(a => a.href)")]
