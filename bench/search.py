"""The search relevance benchmark: every query of bench/search_queries.yaml through the site's search
engine, in one browser page, against a built site served locally (make bench, and the tests).

A query is found at rank k when one of its answers (initiative pages) is among the first k result
*pages*. Scores: recall@1, @3, @5 and MRR (1/rank of the first answer, 0 when not in the results),
per language and per class. The engine is driven through its JavaScript API, as its search box
drives it: Material's search worker (messages SETUP, QUERY), or the site's Pagefind module
(assets/javascripts/search.js, which the search box uses too).

Usage: python -m bench.search [SITE_DIR]   (prints the scores of a built site)
"""

from __future__ import annotations

import contextlib
import gzip
import statistics
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

QUERIES_FILE = Path(__file__).with_name("search_queries.yaml")
CLASSES = (
    "words",
    "compound-part",
    "short-form",
    "inflection",
    "cross-script",
    "phrase",
    "theme-glossary",
    "synonym",
    "title",
)
PREFIXES = {"zh": "", "en": "en/"}
RANKS = (1, 3, 5)


@dataclass(frozen=True)
class Query:
    text: str
    language: str
    kind: str
    answers: tuple[str, ...]

    def answer_pages(self) -> set[str]:
        return {f"{PREFIXES[self.language]}initiatives/{answer}/" for answer in self.answers}


def load_queries(path: Path = QUERIES_FILE) -> list[Query]:
    items = yaml.safe_load(path.read_text("utf-8"))["queries"]
    return [Query(str(item["q"]), item["lang"], item["class"], tuple(item["answers"])) for item in items]


def rank_of(query: Query, pages: list[str]) -> int | None:
    """1-based rank of the first result page that answers the query (None: not among the results)."""
    wanted = query.answer_pages()
    return next((rank for rank, page in enumerate(pages, 1) if page in wanted), None)


@dataclass(frozen=True)
class Score:
    count: int
    recall: dict[int, float]
    mrr: float


def score(ranks: Iterable[int | None]) -> Score:
    ranks = list(ranks)
    count = len(ranks)
    recall = {k: sum(1 for r in ranks if r is not None and r <= k) / count for k in RANKS}
    return Score(count, recall, sum(1 / r for r in ranks if r is not None) / count)


def scores_by_group(queries: list[Query], ranks: list[int | None]) -> dict[str, Score]:
    """Scores for all queries, each language ("zh", "en") and each class ("class: words", ...)."""
    groups: dict[str, list[int | None]] = defaultdict(list)
    for query, rank in zip(queries, ranks, strict=True):
        groups["all"].append(rank)
        groups[query.language].append(rank)
        groups[f"class: {query.kind}"].append(rank)
    order = ["all", "zh", "en", *(f"class: {kind}" for kind in CLASSES)]
    return {name: score(groups[name]) for name in order if groups[name]}


# Material's search worker, set up as its search box sets it up (search/search_index.json), then asked
# each query in turn. Its results are pages, each with its sections: the page is item[0].
_MATERIAL = """async (queries) => {
    const config = JSON.parse(document.getElementById("__config").textContent);
    const base = new URL(config.base + "/", location.href);
    const index = await (await fetch(new URL("search/search_index.json", base))).json();
    const worker = new Worker(new URL(config.search, base));
    const ask = (message) => new Promise((resolve) => {
        worker.onmessage = (event) => resolve(event.data);
        worker.postMessage(message);
    });
    await ask({type: 0, data: {config: index.config, docs: index.docs, options: {suggest: false}}});
    const answers = [];
    for (const query of queries) {
        const result = await ask({type: 2, data: query});
        answers.push(result.data.items.map((item) => new URL(item[0].location, base).href));
    }
    worker.terminate();
    return answers;
}"""

# The site's own search module (what the search box calls): ranked result pages, best first.
_PAGEFIND = """async (queries) => {
    const config = JSON.parse(document.getElementById("__config").textContent);
    const base = new URL(config.base + "/", location.href);
    const search = await import(new URL("assets/javascripts/search.js", base).href);
    const answers = [];
    for (const query of queries) {
        const results = await search.find(query);
        answers.push(results.map((result) => new URL(result.url, location.href).href));
    }
    return answers;
}"""


def engine_of(site: Path) -> str:
    if (site / "pagefind").is_dir():
        return "pagefind"
    if (site / "search" / "search_index.json").exists():
        return "material"
    raise FileNotFoundError(f"{site}: no search index (neither pagefind/ nor search/search_index.json)")


def result_pages(urls: list[str], base_url: str) -> list[str]:
    """Distinct site-relative page paths, in result order (a page's sections count once)."""
    pages: list[str] = []
    for url in urls:
        path = url.split("#")[0].split("?")[0].removeprefix(base_url)
        if path not in pages:
            pages.append(path)
    return pages


def run_queries(page: Any, base_url: str, queries: list[Query], engine: str) -> list[list[str]]:
    """Every query through the engine, in the one browser ``page``; result pages per query, in order."""
    results: dict[int, list[str]] = {}
    for language, prefix in PREFIXES.items():
        mine = [(i, q) for i, q in enumerate(queries) if q.language == language]
        if not mine:
            continue
        page.goto(base_url + prefix)
        urls = page.evaluate(_MATERIAL if engine == "material" else _PAGEFIND, [q.text for _, q in mine])
        for (i, _), found in zip(mine, urls, strict=True):
            results[i] = result_pages(found, base_url)
    return [results[i] for i in range(len(queries))]


@dataclass
class SearchFigures:
    engine: str
    ranks: list[int | None]
    first_pages: list[list[str]]
    scores: dict[str, Score]


def evaluate(page: Any, base_url: str, site: Path, queries: list[Query] | None = None) -> SearchFigures:
    queries = queries if queries is not None else load_queries()
    engine = engine_of(site)
    pages = run_queries(page, base_url, queries, engine)
    ranks = [rank_of(query, found) for query, found in zip(queries, pages, strict=True)]
    return SearchFigures(engine, ranks, [found[:5] for found in pages], scores_by_group(queries, ranks))


# Requests of the search feature (index, chunks, scripts, WASM), not of the page itself.
_SEARCH_PATHS = ("/search/search_index.json", "/assets/javascripts/workers/", "/assets/javascripts/lunr/", "/pagefind/")
_SEARCH_MODULE = "/assets/javascripts/search.js"


def is_search_request(url: str) -> bool:
    return any(part in url for part in _SEARCH_PATHS) or url.split("?")[0].endswith(_SEARCH_MODULE)


@dataclass(frozen=True)
class Cost:
    requests: int
    raw_bytes: int
    gzip_bytes: int
    key_to_results_ms: float


def first_query_cost(browser: Any, base_url: str, page_path: str, typed: Iterable[str]) -> Cost:
    """Bytes the search fetches (cold cache) to answer a first query typed on ``page_path``, then the
    median time from the last key press of each query to its results on screen."""
    page = browser.new_page()
    bodies: dict[str, bytes] = {}

    def keep(response: Any) -> None:
        if is_search_request(response.url) and response.status == 200:
            with contextlib.suppress(Exception):  # a response the page dropped: not fetched for the query
                bodies[response.url] = response.body()

    page.on("response", keep)
    page.goto(base_url + page_path)
    times = []
    for number, query in enumerate(typed):
        times.append(_type_and_wait(page, query))
        if number == 0:
            page.wait_for_load_state("networkidle")
            first = dict(bodies)
    page.context.close()
    raw = sum(len(body) for body in first.values())
    packed = sum(len(gzip.compress(body, 9, mtime=0)) for body in first.values())
    return Cost(len(first), raw, packed, statistics.median(times[1:] or times))


def _type_and_wait(page: Any, query: str) -> float:
    """Milliseconds from the last key press of ``query`` in the search box to its results on screen."""
    from tools.searchbox import open_box, results_shown_after_typing

    open_box(page)
    return float(results_shown_after_typing(page, query))


def report(figures: SearchFigures, title: str) -> list[str]:
    lines = [f"**{title}**", "", "| queries | n | recall@1 | recall@3 | recall@5 | MRR |", "|---|---|---|---|---|---|"]
    for name, result in figures.scores.items():
        lines.append(
            f"| {name} | {result.count} | "
            + " | ".join(f"{result.recall[k]:.2f}" for k in RANKS)
            + f" | {result.mrr:.2f} |"
        )
    return lines


def misses(queries: list[Query], figures: SearchFigures, k: int = 3) -> Iterator[str]:
    for query, rank, found in zip(queries, figures.ranks, figures.first_pages, strict=True):
        if rank is None or rank > k:
            yield f"{query.language} {query.kind} {query.text!r}: rank {rank}; first {found[:3]}"


def main() -> int:
    from tools.serving import browser_session, free_port, serve_folder

    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    queries = load_queries()
    with serve_folder(site, free_port(), "/zibo/") as base_url, browser_session() as browser:
        page = browser.new_page()
        figures = evaluate(page, base_url, site, queries)
    print("\n".join(report(figures, f"{figures.engine}: {site}")))
    print("\nMisses at 3:")
    print("\n".join(misses(queries, figures)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
