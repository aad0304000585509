"""The first query on a throttled phone: the time from the last key typed to the first result on screen.

Chromium through the DevTools protocol: download 1.6 Mb/s, upload 750 kb/s, 562 ms round trip (Chrome's
"Fast 3G"), CPU 4x slower; a new browser context each run (cold cache), a 375 px touch screen. The page
is an initiative page; 1 s after its `load` event the reader taps the search button, then types the
query at 5 characters a second. Measured in the page (performance.now()): from the last key's input
event to the first mutation of the results list, after that key, that puts a result link on screen.

Usage: python -m bench.first_query [SITE_DIR] [--runs N] [--write]
(SITE_DIR: a built site, default site/; --write: the table into bench/RESULTS.md, section "phone").
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.search import is_search_request

RESULTS = Path(__file__).with_name("RESULTS.md")
START, END = "<!-- phone:start -->", "<!-- phone:end -->"
DOWNLOAD_BYTES_PER_S = 1.6e6 / 8
UPLOAD_BYTES_PER_S = 750e3 / 8
ROUND_TRIP_MS = 562
CPU_SLOWDOWN = 4
TAP_AFTER_LOAD_MS = 1000
KEY_INTERVAL_MS = 200  # 5 characters a second
PAGE = "initiatives/opening-up-hub/"
QUERIES = {"zh": "国企改革", "en": "free trade"}
TARGET_MS = 2000

# Before the tap: the time of each input event of the box, and a promise of the first result link put
# on screen after the last one.
_WATCH = """() => {
    const box = document.querySelector(".zibo-search__input");
    const list = document.querySelector(".zibo-search__results");
    window.__zibo_keys = [];
    box.addEventListener("input", () => window.__zibo_keys.push(performance.now()));
    window.__zibo_shown = [];
    new MutationObserver(() => {
        if (list.querySelector(".zibo-search__result a")) window.__zibo_shown.push(performance.now());
    }).observe(list, {childList: true, subtree: true});
}"""
_MEASURE = """(value) => {
    const last = window.__zibo_keys.at(-1);
    const shown = window.__zibo_shown.find((t) => t > last);
    return {ms: shown === undefined ? null : shown - last, value: document.querySelector(".zibo-search__input").value};
}"""


@dataclass(frozen=True)
class Run:
    language: str
    query: str
    key_to_result_ms: float | None
    arrived_as: str
    search_bytes: int


def measure_once(browser: Any, base_url: str, language: str, query: str) -> Run:
    page = browser.new_page(width=375, height=740, touch=True)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": ROUND_TRIP_MS,
            "downloadThroughput": DOWNLOAD_BYTES_PER_S,
            "uploadThroughput": UPLOAD_BYTES_PER_S,
        },
    )
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    sizes: dict[str, int] = {}
    cdp.on(
        "Network.loadingFinished",
        lambda event: sizes.__setitem__(event["requestId"], int(event.get("encodedDataLength", 0))),
    )
    urls: dict[str, str] = {}
    cdp.on("Network.requestWillBeSent", lambda event: urls.__setitem__(event["requestId"], event["request"]["url"]))
    page.goto(base_url + ("en/" if language == "en" else "") + PAGE, wait_until="load", timeout=120_000)
    page.evaluate(_WATCH)
    page.wait_for_timeout(TAP_AFTER_LOAD_MS)
    page.locator("button.zibo-search__open").tap()
    page.keyboard.type(query, delay=KEY_INTERVAL_MS)
    with contextlib.suppress(Exception):  # no result within 30 s: recorded as none
        page.wait_for_function(
            "() => window.__zibo_shown.some((t) => t > window.__zibo_keys.at(-1))", timeout=30_000, polling=50
        )
    figures = page.evaluate(_MEASURE)
    page.wait_for_timeout(500)
    fetched = sum(size for request, size in sizes.items() if is_search_request(urls.get(request, "")))
    page.context.close()
    return Run(language, query, figures["ms"], figures["value"], fetched)


def measure(site: Path, runs: int) -> list[Run]:
    from tools.serving import browser_session, free_port, serve_folder

    results = []
    with serve_folder(site, free_port(), "/zibo/") as base_url, browser_session() as browser:
        for _ in range(runs):
            for language, query in QUERIES.items():
                results.append(measure_once(browser, base_url, language, query))
    return results


def report(results: list[Run]) -> list[str]:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    load = os.getloadavg()[0]
    lines = [
        START,
        "## The first query on a phone",
        "",
        f"Produced by `python -m bench.first_query SITE --runs {len(results) // len(QUERIES)} --write` on "
        f"{dt.date.today().isoformat()}, commit {commit}, on a build of the data (N = 15) served locally over "
        f"HTTP/1.1 (load average {load:.1f} at the end, on 2 shared cores: times are upper bounds). Chromium, "
        "DevTools throttling: download 1.6 Mb/s, upload 750 kb/s, 562 ms round trip, CPU 4x; empty cache, "
        "375 px touch screen, an initiative page; the search button tapped 1 s after `load`, the query typed "
        "at 5 characters a second; time from the last key to the first result on screen. Search bytes: as "
        "transferred (the test server does not compress), search script, Pagefind's script, WASM, index, "
        "chunks and fragments, from the page's idle time on.",
        "",
        "| language | query | runs | last key to first result (median ms) | worst (ms) | typed text arrived whole | "
        "search bytes (median, as transferred) |",
        "|---|---|---|---|---|---|---|",
    ]
    for language, query in QUERIES.items():
        mine = [r for r in results if r.language == language]
        times = [r.key_to_result_ms for r in mine if r.key_to_result_ms is not None]
        median = f"{statistics.median(times):,.0f}" if times else "no result"
        worst = f"{max(times):,.0f}" if len(times) == len(mine) else "no result in a run"
        whole = "yes" if all(r.arrived_as == query for r in mine) else "no: " + ", ".join(r.arrived_as for r in mine)
        size = statistics.median(r.search_bytes for r in mine) / 1024
        lines.append(f"| {language} | {query} | {len(mine)} | {median} | {worst} | {whole} | {size:.1f} KB |")
    verdicts = []
    for language in QUERIES:
        every = [
            r.key_to_result_ms if r.key_to_result_ms is not None else float("inf")
            for r in results
            if r.language == language
        ]
        middle, slowest = statistics.median(every), max(every)
        verdict = (
            "met" if slowest <= TARGET_MS else "met at the median, missed in a run" if middle <= TARGET_MS else "missed"
        )
        verdicts.append(f"{language} {verdict}")
    lines += ["", f"Target: ≤ {TARGET_MS:,} ms at N = 15: {'; '.join(verdicts)}.", END]
    return lines


def write(lines: list[str]) -> None:
    text = RESULTS.read_text("utf-8")
    section = "\n".join(lines)
    if START in text:
        text = text[: text.index(START)] + section + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    RESULTS.write_text(text, "utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default="site", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write", action="store_true")
    options = parser.parse_args()
    results = measure(options.site, options.runs)
    lines = report(results)
    print("\n".join(lines))
    if options.write:
        write(lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
