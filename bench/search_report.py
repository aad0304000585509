"""The search section of bench/RESULTS.md: relevance, the engine comparison and the budgets.

Run alone with `python -m bench.run --only search` (a few minutes), or as part of `make bench`.
It builds the real data (and synthetic data at the larger sizes asked for) the way `make site` does,
serves each site locally under a sub-path and measures it in Chromium:
- relevance: every query of bench/search_queries.yaml through the engine, in one page;
- with and without the glossary's aliases (a copy of the data with the `aliases` removed);
- bytes the search fetches for a first query typed on an initiative page (cold cache);
- key press to results (median over several queries typed into the header box);
- `make site` time and the search step's share of it.

Each engine's figures are kept in bench/search_engines.json (the run updates the current engine's),
so that the comparison table shows both engines measured on the same query file and machine. A run
replaces the budget rows of the sizes it measured and keeps the others (`--sizes 5000` adds N = 5,000
to the N = 1,000 of an earlier run); each row says when, at which commit and under which load it was
measured.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench.search import (
    RANKS,
    Query,
    SearchFigures,
    evaluate,
    first_query_cost,
    load_queries,
    misses,
)
from bench.synthetic import write_data
from tools.serving import browser_session, copy_project, free_port, serve_folder

REPO = Path(__file__).resolve().parent.parent
ENGINES_FILE = Path(__file__).with_name("search_engines.json")
START, END = "<!-- search:start -->", "<!-- search:end -->"
SUB_PATH = "/zibo/"
# Typed into the header box (each has results with either engine); the first one is the "first query".
TYPED = {
    "zh": ["卫生", "双招双引", "营商环境", "网格", "天使投资", "画像", "5G"],
    "en": ["bonded", "lion", "grid", "Shenzhen", "whistle", "public health", "5G"],
}
# The synthetic data (bench/synthetic.py) is made of a fixed word list: words from it.
TYPED_SYNTHETIC = {
    "zh": ["人才", "治理", "公共", "开放", "生态", "转型", "资金"],
    "en": ["talent", "market", "policy", "reform", "quality", "platform", "system"],
}
INITIATIVE = "initiatives/public-health-service-system/"
_ALIASES = re.compile(r",?[ \t]*aliases: \[[^\]\n]*\]")


@dataclass
class SiteFigures:
    size: int
    build_seconds: list[float]
    search_step_seconds: float | None
    costs: dict[str, dict[str, float]]  # language -> requests, raw_bytes, gzip_bytes, key_to_results_ms
    date: str = ""
    commit: str = ""
    load_average: tuple[float, float] | None = None  # one-minute load at the start and the end of its measurement


def _site(size: int, project: Path, runs: int) -> SiteFigures:
    """Build the site ``runs`` times, then measure what a reader's first queries cost."""
    load_before = os.getloadavg()[0]
    times, step = build(project, runs)
    cost = costs(project, size)
    load = (round(load_before, 1), round(os.getloadavg()[0], 1))
    return SiteFigures(size, times, step, cost, dt.date.today().isoformat(), _commit(), load)


def build(project: Path, runs: int) -> tuple[list[float], float | None]:
    """`make site` times, and the search step's time read from the build's log (when it reports it)."""
    times, step = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs_site"],
            cwd=project,
            capture_output=True,
            text=True,
            env={**_env(), "ZIBO_SITE_URL": "https://example.org/zibo/"},
        )
        times.append(time.perf_counter() - started)
        if result.returncode != 0:
            raise RuntimeError(result.stdout[-3000:] + result.stderr[-3000:])
        found = re.search(r"Search index: .* in ([0-9.]+) s", result.stdout + result.stderr)
        step = float(found[1]) if found else step
    return times, step


def _env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def prepare(work: Path, size: int, *, aliases: bool = True) -> Path:
    project = work / f"search-n{size}{'' if aliases else '-no-aliases'}"
    shutil.rmtree(project, ignore_errors=True)
    copy_project(REPO, project)
    if size != 15:
        write_data(size, project / "data")
    if not aliases:
        glossary = project / "data" / "glossary.yaml"
        glossary.write_text(_ALIASES.sub("", glossary.read_text("utf-8")), "utf-8")
    return project


def relevance(project: Path, queries: list[Query]) -> SearchFigures:
    site = project / "site"
    with serve_folder(site, free_port(), SUB_PATH) as base_url, browser_session() as browser:
        return evaluate(browser.new_page(), base_url, site, queries)


def costs(project: Path, size: int = 15) -> dict[str, dict[str, float]]:
    site = project / "site"
    out = {}
    with serve_folder(site, free_port(), SUB_PATH) as base_url, browser_session() as browser:
        for language, prefix in (("zh", ""), ("en", "en/")):
            page = _initiative_page(site / prefix)
            typed = (TYPED if size == 15 else TYPED_SYNTHETIC)[language]
            cost = first_query_cost(browser, base_url, prefix + page, typed)
            out[language] = asdict(cost)
    return out


def _initiative_page(site: Path) -> str:
    if (site / INITIATIVE).exists():
        return INITIATIVE
    return sorted(site.glob("initiatives/*/index.html"))[0].parent.relative_to(site).as_posix() + "/"


def aggregate_firsts(figures: SearchFigures, aggregates: set[str]) -> int:
    return sum(1 for pages in figures.first_pages if pages and pages[0] in aggregates)


def aggregate_pages(project: Path) -> set[str]:
    """Site-relative addresses of the pages that list or repeat other pages' text, from the page plan."""
    from generator.languages import LANGUAGES
    from generator.pages import AGGREGATE, plan_pages
    from generator.pipeline import load_and_validate
    from generator.urls import page_url

    validated = load_and_validate(project / "data" / "initiatives.yaml")
    pages = set()
    for language in LANGUAGES.values():
        for spec in plan_pages(validated.dataset, validated.glossary, language, "/", "site"):
            if spec.search_kind == AGGREGATE:
                pages.add(language.prefix + page_url(spec.path))
    return pages


def measure(work: Path, sizes: list[int], runs: int) -> dict[str, Any]:
    load_before = os.getloadavg()[0]  # this machine is shared: timings mean little under load
    queries = load_queries()
    project = prepare(work, 15)
    sites = [_site(15, project, runs)]
    with_aliases = relevance(project, queries)
    bare = prepare(work, 15, aliases=False)
    build(bare, 1)
    without_aliases = relevance(bare, queries)
    for size in sizes:
        if size == 15:
            continue
        sites.append(_site(size, prepare(work, size), 1))
    return {
        "engine": with_aliases.engine,
        "date": dt.date.today().isoformat(),
        "commit": _commit(),
        "scores": {name: asdict(s) for name, s in with_aliases.scores.items()},
        "scores_without_aliases": {name: asdict(s) for name, s in without_aliases.scores.items()},
        "aggregate_first": aggregate_firsts(with_aliases, aggregate_pages(project)),
        "misses": list(misses(queries, with_aliases)),
        "sites": [asdict(s) for s in sites],
        "queries": len(queries),
        "load_average": [round(load_before, 1), round(os.getloadavg()[0], 1)],
    }


def _commit() -> str:
    result = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True)
    return result.stdout.strip()


def section(engines: dict[str, dict[str, Any]], current: str) -> list[str]:
    now = engines[current]
    lines = [
        START,
        "## Search",
        "",
        f"Produced by `python -m bench.run --only search` (also part of `make bench`) on {now['date']}, commit "
        f"{now['commit']}: the {now['queries']} queries of `bench/search_queries.yaml` (text, language, class, "
        "answering initiatives) through the engine's JavaScript API in one Chromium page, against the built "
        "site served locally. A query is found at rank k when one of its answers is among the first k "
        "result pages. The site uses **" + _name(current) + "**.",
        "",
        "### Engine comparison (same query file, same machine)",
        "",
        "| engine | measured | recall@3 zh | recall@3 en | recall@3 all | MRR all | aggregate page first "
        "| first query, gzip (zh page) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, figures in engines.items():
        scores = figures["scores"]
        real = figures["sites"][0]["costs"]["zh"]
        lines.append(
            f"| {_name(name)} | {figures['date']}, {figures['commit']} | {scores['zh']['recall']['3']:.2f} | "
            f"{scores['en']['recall']['3']:.2f} | {scores['all']['recall']['3']:.2f} | {scores['all']['mrr']:.2f} "
            f"| {figures['aggregate_first']} of {figures['queries']} | {real['gzip_bytes'] / 1000:.1f} KB |"
        )
    for name, figures in engines.items():
        if figures["scores"] == figures["scores_without_aliases"]:
            lines += ["", f"### {_name(name)}: scores (the same with and without the glossary's aliases)", ""]
            lines += _score_table(figures["scores"])
            continue
        for key, title in (("scores", "with aliases"), ("scores_without_aliases", "without aliases")):
            lines += ["", f"### {_name(name)}: scores {title}", ""]
            lines += _score_table(figures[key])
    lines += [
        "",
        "### Budgets (" + _name(current) + ")",
        "",
        "Bytes are exact: what Chromium fetched for the search (index, chunks, scripts, WASM; not the page's "
        "own HTML and CSS) to answer the first query typed on an initiative page, cold cache. Times are "
        "upper bounds: this 2-core machine is shared with other builds, and each row gives its one-minute "
        'load average at the start and the end of its measurement ("not recorded" for older runs).',
        "",
        "| N | measured | load | `make site` (s, median) | search step (s) | language | search requests "
        "for a first query | uncompressed | gzip | key press to results (median ms) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for site in now["sites"]:
        load = site.get("load_average")
        when = f"{site.get('date') or now['date']}, {site.get('commit') or now['commit']}"
        for language, cost in site["costs"].items():
            step = site["search_step_seconds"]
            lines.append(
                f"| {site['size']:,} | {when} | {'not recorded' if not load else f'{load[0]}–{load[1]}'} | "
                f"{statistics.median(site['build_seconds']):.2f} | "
                f"{'—' if step is None else f'{step:.2f}'} | {language} | {cost['requests']} | "
                f"{cost['raw_bytes'] / 1000:.1f} KB | {cost['gzip_bytes'] / 1000:.1f} KB | "
                f"{cost['key_to_results_ms']:.0f} |"
            )
    real = now["sites"][0]
    worst = max(cost["gzip_bytes"] for cost in real["costs"].values())
    build_time = statistics.median(real["build_seconds"])
    lines += [
        "",
        "| target | measured | verdict |",
        "|---|---|---|",
        f"| first query ≤ 150 KB gzip (N = 15) | {worst / 1000:.1f} KB | {'met' if worst <= 150_000 else 'missed'} |",
        f"| recall@3 ≥ 0.95 per language | zh {now['scores']['zh']['recall']['3']:.2f}, en "
        f"{now['scores']['en']['recall']['3']:.2f} | "
        f"{'met' if min(now['scores'][k]['recall']['3'] for k in ('zh', 'en')) >= 0.95 else 'missed'} |",
        f"| no aggregate page first | {now['aggregate_first']} | "
        f"{'met' if now['aggregate_first'] == 0 else 'missed'} |",
        f"| `make site` on the real data ≤ 2.5 s | {build_time:.2f} s | {'met' if build_time <= 2.5 else 'missed'} |",
    ]
    for site in now["sites"]:
        if site["size"] == 5000:
            big = max(cost["gzip_bytes"] for cost in site["costs"].values())
            verdict = "met" if big <= 300_000 else "missed"
            lines.append(f"| first query ≤ 300 KB gzip (N = 5,000) | {big / 1000:.1f} KB | {verdict} |")
    if now["misses"]:
        lines += ["", "Queries not answered in the first 3 pages:", ""]
        lines += [f"- {miss}" for miss in now["misses"]]
    lines.append(END)
    return lines


def merged_sites(earlier: dict[str, Any] | None, now: dict[str, Any]) -> list[dict[str, Any]]:
    """This run's sizes, and the sizes only an earlier run of the same engine measured, by size."""
    sizes = {site["size"] for site in now["sites"]}
    kept = []
    earlier = earlier or {"sites": []}
    for site in earlier["sites"]:
        if site["size"] not in sizes:
            # Rows from before the rows said when they were measured: that run's date and commit.
            kept.append({"date": earlier["date"], "commit": earlier["commit"], "load_average": None, **site})
    return sorted([*kept, *now["sites"]], key=lambda site: site["size"])


def _name(engine: str) -> str:
    return {"material": "Material's built-in search (lunr, rjieba segmentation)", "pagefind": "Pagefind"}.get(
        engine, engine
    )


def _score_table(scores: dict[str, Any]) -> list[str]:
    lines = ["| queries | n | recall@1 | recall@3 | recall@5 | MRR |", "|---|---|---|---|---|---|"]
    for name, s in scores.items():
        recall = " | ".join(f"{s['recall'][str(k)]:.2f}" for k in RANKS)
        lines.append(f"| {name} | {s['count']} | {recall} | {s['mrr']:.2f} |")
    return lines


def write(output: Path, figures: dict[str, Any], engines_file: Path = ENGINES_FILE) -> None:
    engines = json.loads(engines_file.read_text("utf-8")) if engines_file.exists() else {}
    figures = json.loads(json.dumps(figures))  # integer keys and tuples as the file stores them
    engines[figures["engine"]] = {**figures, "sites": merged_sites(engines.get(figures["engine"]), figures)}
    engines_file.write_text(json.dumps(engines, indent=1, ensure_ascii=False, sort_keys=True) + "\n", "utf-8")
    text = output.read_text("utf-8") if output.exists() else "# Benchmark results\n"
    block = "\n".join(section(engines, figures["engine"]))
    if START in text and END in text:
        text = text[: text.index(START)] + block + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    output.write_text(text, "utf-8")
