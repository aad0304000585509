"""Search at scale: what the first query for each of the most frequent words of the synthetic data fetches.

Issue 33 (item 5) asks that at N = 5,000 the first query for each of the 20 most frequent words, typed on
an initiative page, fetch at most 300 KB gzip. The words (bench/synthetic.py writes its texts from two
fixed word lists):
- zh: the 20 two-character words of the list that occur most often in the data's Chinese texts;
- zh-char: the 20 single Chinese characters that occur most often (a character such as 化 is in 深化,
  优化 and 强化: its posting list is the longest a reader can ask for);
- en: the 20 words of the English list that occur most often in the data's English texts.
For each word: a new browser context (cold cache), the first initiative page, the box opened, the word
typed whole, the results on screen, then the network idle (the filters load after the first answer).
Every search request counts (Pagefind's script, WASM, entry, metadata, filters, index chunks, fragments,
the site's search script), each as gzip -9 of its body as served (Pagefind's own files are gzip files
already), split by kind.

Usage: python -m bench.search_scale --build 5000 [--work bench/out]   (builds the synthetic site, ~3 min)
       python -m bench.search_scale SITE_DIR [--data FILE] [--words 20] [--json OUT] [--only zh,zh-char,en]
(SITE_DIR: a built site of synthetic data, such as WORK/search-n5000/site, its data file beside it in
data/; or a variant of it made by bench/search_variants.py, with --data.)
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from bench.search import is_search_request
from bench.synthetic import EN_WORDS, ZH_WORDS

SUB_PATH = "/zibo/"
TARGET_BYTES = 300 * 1000
KINDS = ("scripts", "wasm", "entry+meta", "filters", "chunks", "fragments", "other")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def kind_of(url: str) -> str:
    path = url.split("?")[0]
    if path.endswith(".js"):
        return "scripts"
    if ".pagefind" in path.rsplit("/", 1)[-1]:
        return "wasm"
    if path.endswith("pagefind-entry.json") or path.endswith(".pf_meta"):
        return "entry+meta"
    if "/filter/" in path:
        return "filters"
    if "/index/" in path:
        return "chunks"
    if "/fragment/" in path:
        return "fragments"
    return "other"


def _texts(node: Any, language: str) -> list[str]:
    """Every text of one language in the data file (a localized text is a mapping with zh and en)."""
    if isinstance(node, dict):
        if isinstance(node.get("zh"), str) and isinstance(node.get("en"), str):
            return [node[language]]
        return [text for value in node.values() for text in _texts(value, language)]
    if isinstance(node, list):
        return [text for value in node for text in _texts(value, language)]
    return []


def frequent_words(data_file: Path, count: int = 20) -> dict[str, list[str]]:
    """The most frequent words of the synthetic data, per list (zh, zh-char, en): see the module's text."""
    data = yaml.safe_load(data_file.read_text("utf-8"))
    chinese = "".join(_texts(data, "zh"))
    english = " ".join(_texts(data, "en")).lower()
    zh = Counter({word: chinese.count(word) for word in ZH_WORDS})
    characters = Counter(_HAN.findall(chinese))
    tokens = Counter(re.findall(r"[a-z]+", english))
    en = Counter({word: tokens[word] for word in EN_WORDS})

    def top(counter: Counter[str]) -> list[str]:
        return [word for word, _ in sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:count]]

    return {"zh": top(zh), "zh-char": top(characters), "en": top(en)}


def first_query_bytes(browser: Any, base_url: str, page_path: str, word: str) -> dict[str, Any]:
    """gzip bytes by kind (and the requests) the search fetches for ``word``, typed first on ``page_path``."""
    from tools.searchbox import open_box, results_shown_after_typing

    page = browser.new_page()
    bodies: dict[str, bytes] = {}

    def keep(response: Any) -> None:
        if is_search_request(response.url) and response.status == 200:
            with contextlib.suppress(Exception):  # a response the page dropped
                bodies[response.url] = response.body()

    page.on("response", keep)
    page.goto(base_url + page_path)
    open_box(page)
    results_shown_after_typing(page, word)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    shown = page.locator(".zibo-search__result").count()
    page.context.close()
    by_kind = dict.fromkeys(KINDS, 0)
    requests = Counter[str]()
    for url, body in bodies.items():
        by_kind[kind_of(url)] += len(gzip.compress(body, 9, mtime=0))
        requests[kind_of(url)] += 1
    return {"word": word, "gzip": sum(by_kind.values()), "by_kind": by_kind, "requests": dict(requests), "shown": shown}


def measure(site: Path, words: dict[str, list[str]]) -> dict[str, list[dict[str, Any]]]:
    from tools.serving import browser_session, free_port, serve_folder

    out: dict[str, list[dict[str, Any]]] = {}
    with serve_folder(site, free_port(), SUB_PATH) as base_url, browser_session() as browser:
        for name, listed in words.items():
            prefix = "en/" if name == "en" else ""
            page = sorted((site / prefix).glob("initiatives/*/index.html"))[0].parent.relative_to(site).as_posix()
            out[name] = []
            for word in listed:
                figures = first_query_bytes(browser, base_url, page + "/", word)
                print(name, json.dumps(figures, ensure_ascii=False), flush=True)
                out[name].append(figures)
    return out


def table(results: dict[str, list[dict[str, Any]]]) -> list[str]:
    lines = ["| list | word | gzip KB | " + " | ".join(KINDS[:-1]) + " |", "|---|---|---|" + "---|" * (len(KINDS) - 1)]
    for name, rows in results.items():
        for row in rows:
            kinds = " | ".join(f"{row['by_kind'][kind] / 1000:.1f}" for kind in KINDS[:-1])
            lines.append(f"| {name} | {row['word']} | {row['gzip'] / 1000:.1f} | {kinds} |")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, nargs="?", help="a built site of synthetic data (data/ beside it)")
    parser.add_argument("--build", type=int, metavar="N", help="first build the synthetic site of N initiatives")
    parser.add_argument("--work", type=Path, default=Path("bench/out"), help="where --build builds")
    parser.add_argument("--data", type=Path, help="the site's data file (default: SITE/../data/initiatives.yaml)")
    parser.add_argument("--words", type=int, default=20)
    parser.add_argument("--only", default="zh,zh-char,en", help="lists to measure, comma-separated")
    parser.add_argument("--json", type=Path, help="write the figures here")
    options = parser.parse_args()
    if options.build:
        from bench.search_report import build, prepare

        project = prepare(options.work, options.build)
        build(project, 1)
        options.site = project / "site"
    if options.site is None:
        parser.error("a site to measure, or --build N")
    data = options.data or options.site.parent / "data" / "initiatives.yaml"
    words = frequent_words(data, options.words)
    words = {name: listed for name, listed in words.items() if name in options.only.split(",")}
    results = measure(options.site, words)
    print("\n".join(table(results)))
    over = [f"{name} {row['word']}" for name, rows in results.items() for row in rows if row["gzip"] > TARGET_BYTES]
    print(f"over {TARGET_BYTES / 1000:.0f} KB: {len(over)} of {sum(map(len, results.values()))}: {', '.join(over)}")
    if options.json:
        options.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
