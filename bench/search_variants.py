"""Levers on the search index's size, tried on a built site without rebuilding it (bench/RESULTS.md, "Search
at N = 5,000").

A variant is the site's pages indexed again by Pagefind through another transformed copy (and, for some,
another search script), in a new folder beside the site that links to the site's files and holds its own
`pagefind/` (and `assets/javascripts/search.js`). Measure it like a site: `python -m bench.search_scale`
for the bytes, `python -m bench.search` for the relevance (on the frozen data: `make frozen`'s copy, built).

Usage: python -m bench.search_variants SITE OUT VARIANT   (VARIANT: one of VARIANTS)
       python -m bench.search_variants relevance SITE PROJECT   (the floors' figures of a variant of the
       frozen data's site; PROJECT: the frozen project the site was built from)
"""

from __future__ import annotations

import importlib
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from pagefind_bin_extended import get_executable

from mkdocs_site.search_index import BODY_MARK, BUNDLE, one_word_per_chinese_character

_TAG = re.compile(r"(<[^>]*>)")
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_PUNCTUATION = re.compile(r"[\u3000-\u303f\uff00-\uffef]")
# The repeated parts of an initiative page (generator/templates/initiative.md.j2): kicker ("第 N 项（共 M
# 项）"), facts box (themes, status, dates), citation (the title again, the article's title, the address).
_BOILERPLATE = re.compile(r'<(p|div) class="(zibo-kicker|zibo-facts|zibo-cite)"')
_CITATION = re.compile(r'<(p|div) class="(zibo-kicker|zibo-cite)"')


def bigrams(html: str) -> str:
    """Each Chinese character as the word of it and the next character of its run (the last alone):
    一次办好 → 一次 次办 办好 好. A phrase of n characters is the phrase of its n - 1 bigrams, a single
    character the prefix of the words it starts."""

    def run(match: re.Match[str]) -> str:
        text = match[0]
        return " " + " ".join(text[i : i + 2] for i in range(len(text))) + " "

    def piece(text: str) -> str:
        return _PUNCTUATION.sub(lambda m: f" {m[0]} ", _HAN_RUN.sub(run, text))

    return "".join(part if part.startswith("<") else piece(part) for part in _TAG.split(html))


def _ignored(parts: re.Pattern[str], html: str) -> str:
    marked = parts.sub(lambda m: f'<{m[1]} data-pagefind-ignore class="{m[2]}"', html)
    return one_word_per_chinese_character(marked)


def no_boilerplate(html: str) -> str:
    return _ignored(_BOILERPLATE, html)


def no_citation(html: str) -> str:
    return _ignored(_CITATION, html)


VARIANTS: dict[str, Callable[[str], str]] = {
    "baseline": one_word_per_chinese_character,
    "no-boilerplate": no_boilerplate,
    "no-citation": no_citation,
    "bigrams": bigrams,
}

# The search script for bigrams: a Chinese phrase is searched as all of its bigrams, each a part that must
# match (Pagefind 1.5 found no quoted phrase of bigrams: "招商 商引" nothing, 招商 and 商引 the page), a
# single character as the prefix of the bigrams it starts (excerpts are not adapted: relevance only).
_BIGRAM_QUERY = (
    'const parts = [...phrases.map((chars) => `"${chars.join(" ")}"`), rest].filter(Boolean);',
    "const parts = [...phrases.flatMap((chars) => chars.length === 1 ? chars : "
    "chars.slice(0, -1).map((c, i) => c + chars[i + 1])), rest].filter(Boolean);",
)

_BIGRAM_TITLE = (
    'const title = (data.meta.title ?? data.url).replace(INDEX_SPACE, "");',
    'const title = (data.meta.title ?? data.url).split(" ").map((t) => (/^\\p{Script=Han}{2}$/u.test(t) ? t[0] : t))'
    '.join(" ").replace(INDEX_SPACE, "");',
)


def _executable(name: str) -> Path:
    # Pagefind's extended build segments Chinese runs with its dictionary, and so cuts a bigram that is not
    # a word of it (招才 → 招 才): bigrams are indexed by the standard build (`pip install pagefind-bin`),
    # which splits words at spaces only.
    if name != "bigrams":
        return Path(get_executable())
    return Path(importlib.import_module("pagefind_bin").get_executable())


def make_variant(site: Path, out: Path, name: str) -> None:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for entry in site.iterdir():
        if entry.name not in {BUNDLE, "assets"}:
            (out / entry.name).symlink_to(entry.resolve())
    (out / "assets").mkdir()
    for entry in (site / "assets").iterdir():
        if entry.name != "javascripts":
            (out / "assets" / entry.name).symlink_to(entry.resolve())
    shutil.copytree(site / "assets" / "javascripts", out / "assets" / "javascripts")
    if name == "bigrams":
        script = out / "assets" / "javascripts" / "search.js"
        text = script.read_text("utf-8")
        assert _BIGRAM_QUERY[0] in text
        text = text.replace(*_BIGRAM_QUERY)
        assert _BIGRAM_TITLE[0] in text
        script.write_text(text.replace(*_BIGRAM_TITLE), "utf-8")
    transform = VARIANTS[name]
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder)
        for path in sorted(site.rglob("*.html")):
            relative = path.relative_to(site)
            html = path.read_text("utf-8")
            if BODY_MARK in html and not any(part.startswith(".") for part in relative.parts):
                (copy / relative).parent.mkdir(parents=True, exist_ok=True)
                (copy / relative).write_text(transform(html), "utf-8")
        command = [str(_executable(name)), "--site", str(copy), "--output-path", str(out / BUNDLE)]
        subprocess.run([*command, "--exclude-selectors", ".headerlink", "--quiet"], check=True)


def relevance(site: Path, project: Path) -> str:
    """The floors' figures of a site (a variant of the frozen data's site; ``project``: the frozen project):
    recall@3 per language and how many queries have an aggregate page first."""
    from bench.search import evaluate, load_queries, misses
    from bench.search_report import aggregate_firsts, aggregate_pages
    from tools.serving import browser_session, free_port, serve_folder

    queries = load_queries()
    with serve_folder(site, free_port(), "/zibo/") as base_url, browser_session() as browser:
        figures = evaluate(browser.new_page(), base_url, site, queries)
    recall = ", ".join(f"{language} {figures.scores[language].recall[3]:.2f}" for language in ("zh", "en"))
    firsts = aggregate_firsts(figures, aggregate_pages(project))
    return "\n".join([f"recall@3 {recall}; aggregate page first: {firsts}", *misses(queries, figures)])


if __name__ == "__main__":
    if sys.argv[1] == "relevance":
        print(relevance(Path(sys.argv[2]), Path(sys.argv[3])))
    else:
        make_variant(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3])
