"""A build never publishes bad data, never half a site, never touches the data, and is reproducible."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from pydantic import BaseModel

from generator.loader import load_text
from generator.models import Dataset, Glossary
from generator.page_paths import GENERATED_FILES, GENERATED_FOLDERS
from generator.urls import page_url
from tests.model_fields import prose_fields, set_at, text_leaves
from tests.support import build_site, copy_project, fresh_checkout, searchable_text

REPO = Path(__file__).resolve().parent.parent
HOSTILE = {
    "script": "<script>alert('x')</script>",
    "image": "<img src=x onerror=alert(1)>",
    "link": "[click](javascript:alert(1))",
    "markdown": "*bold* _em_ # heading | pipe",
    "template": "{{ 7*7 }} {% raw %}",
    "attribute": '" onmouseover="alert(1)',
    "end of a ready-HTML block": "<!-- /ready-html --><b>x</b>",
}
GENERATED_PAGES = {page_url(path) + "index.html" for path in GENERATED_FILES if path.endswith(".md")}
ALLOWED_SCRIPT_SOURCES = re.compile(r"assets/javascripts/(?:bundle\.[0-9a-f]+\.min|zibo|copy)\.js$")


def digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(REPO, tmp_path / "project")


def test_a_failed_build_reports_located_errors_and_leaves_the_previous_site(project: Path) -> None:
    assert build_site(project).returncode == 0
    published = digest(project / "site")
    data = project / "data" / "initiatives.yaml"
    data.write_text(
        data.read_text("utf-8").replace("themes: [social-governance]", "themes: [social-governnace]", 1), "utf-8"
    )
    result = build_site(project)
    assert result.returncode != 0
    assert re.search(
        r"data/initiatives\.yaml:\d+:\d+: initiative \d+ \([a-z-]+\), themes, 1st entry — initiatives\[\d+\]\.themes\[0\]: "
        r"unknown theme "
        r"'social-governnace' \(did you mean 'social-governance'\?\)",
        result.output,
    ), result.output
    assert digest(project / "site") == published
    assert "The build failed: the previous site in site/ is unchanged." in result.output
    assert [p.name for p in (project / ".site-builds").iterdir()] == [(project / "site").resolve().name]


def test_data_nested_a_thousand_levels_deep_fails_the_build_with_a_located_error(project: Path) -> None:
    data = project / "data" / "initiatives.yaml"
    text = data.read_text("utf-8")
    line = text[: text.index("    related: []")].count("\n") + 1
    data.write_text(text.replace("    related: []", "    related: " + "[" * 1000 + "]" * 1000, 1), "utf-8")
    result = build_site(project)
    assert result.returncode != 0 and "Traceback" not in result.output and "RecursionError" not in result.output
    assert re.search(rf"data/initiatives\.yaml:{line}:\d+: .*nested more than 32 levels deep", result.output)


def test_a_build_never_reads_an_article_copy_that_a_symbolic_link_takes_out_of_the_project(
    project: Path, tmp_path: Path
) -> None:
    # The build works on a copy of data/: a link copied as the file it points to would be inside the project.
    outside = tmp_path / "secret.txt"
    outside.write_text("secret-token-0f1e2d\n" * 50, "utf-8")
    (project / "data" / "sources" / "linked.txt").symlink_to(outside)
    data = project / "data" / "initiatives.yaml"
    text = data.read_text("utf-8")
    copy = next(line for line in text.splitlines() if line.strip().startswith("copy: "))
    data.write_text(text.replace(copy, copy.split("copy: ")[0] + "copy: data/sources/linked.txt", 1), "utf-8")
    result = build_site(project)
    assert result.returncode != 0 and "secret-token" not in result.output
    assert "is outside the project folder (through a symbolic link)" in result.output, result.output


def test_a_failure_in_the_english_build_also_leaves_the_previous_site(project: Path) -> None:
    assert build_site(project).returncode == 0
    published = digest(project / "site")
    about = project / "docs" / "en" / "about.md"
    about.write_text(about.read_text("utf-8") + "\n[broken](missing-page.md)\n", "utf-8")
    result = build_site(project)
    assert result.returncode != 0 and "English build" in result.output and "missing-page.md" in result.output
    assert digest(project / "site") == published


def test_two_builds_of_the_same_input_are_byte_identical_and_never_touch_the_data(project: Path) -> None:
    data_before = digest(project / "data")
    assert build_site(project, site_dir=project / "one").returncode == 0
    assert build_site(project, site_dir=project / "two").returncode == 0
    assert digest(project / "one") == digest(project / "two")
    assert digest(project / "data") == data_before


# Block syntax on lines of their own: each would start an admonition, a details block, a heading,
# a quote, a list, a table or a code block if a text became Markdown structure.
BLOCKS = '!!! danger "X"\n??? note "Y"\n===\n# heading\n> quote\n- item\n1. one\n| a | b |\n|---|---|\n```\ncode\n```'


def normalized(text: str) -> str:
    return " ".join(text.split())


def _hostile_data(model: type[BaseModel], data: dict[str, Any], hostile: str, only: str = "") -> dict[str, Any]:
    """Every prose field (listed from the models) under the data path ``only`` set to ``hostile``."""
    prose = prose_fields(model)
    for field, path in list(text_leaves(model, data)):
        if field in prose and path.startswith(only):
            set_at(data, path, hostile)
        elif field == ("LocalizedText", "en_from"):
            set_at(data, path, None)  # no fingerprints: no notice of a changed original on English pages
    return data


def test_markup_in_the_data_is_shown_literally_and_never_runs(project: Path) -> None:
    hostile = BLOCKS + "\n" + " ".join(HOSTILE.values())
    data_file = project / "data" / "initiatives.yaml"
    data = load_text(data_file.read_text("utf-8"), "data.yaml").data
    updates = data["initiatives"][0]["updates"]  # an external source too, so that its texts are covered
    source = {"title": {"zh": "x", "en": "x"}, "outlet": {"zh": "x", "en": "x"}, "url": "https://example.org/"}
    updates.append({"date": updates[-1]["date"], "text": {"zh": "x", "en": "x"}, "source": source})
    data = _hostile_data(Dataset, data, hostile)
    for initiative in data["initiatives"]:  # a short title has at most 16 characters: markup that fits
        if "short" in initiative:
            initiative["short"] = {"zh": "<b>*x*</b>", "en": "<b>*x*</b>"}
    # Every Chinese text is hostile here, so none can match the archived article: without its copy
    # the verbatim check (tested in test_content_fidelity.py) has nothing to compare with, which the data says.
    del data["source"]["copy"]
    data["source"]["verbatim"] = False
    # As JSON, which is YAML that every reader reads alike (PyYAML would leave a fingerprint such as
    # 5e924042 unquoted, a number in YAML 1.2).
    data_file.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
    glossary_file = project / "data" / "glossary.yaml"
    glossary = load_text(glossary_file.read_text("utf-8"), "glossary.yaml").data
    glossary["terms"][0]["source"] = {**source, "date": "2020-04-20"}
    glossary["terms"][0]["variants"] = ["x"]
    original = dict(glossary["terms"][0])
    glossary = _hostile_data(Glossary, glossary, hostile, only="terms[0]")  # one term: terms must differ
    glossary.pop("synonyms", None)  # every text is hostile: a search synonym would find no word of them
    # The pinyin has a checked shape (one syllable per Chinese character, a place's English is its
    # pinyin): the term keeps its Chinese characters after the hostile text and its pinyin, as a
    # term that is not a place.
    glossary["terms"][0]["zh"] = hostile + original["zh"]
    glossary["terms"][0]["pinyin"] = original["pinyin"]
    glossary["terms"][0].pop("kind", None)
    glossary_file.write_text(json.dumps(glossary, ensure_ascii=False, indent=1), "utf-8")
    result = build_site(project)
    assert result.returncode == 0, result.output
    shown = normalized(hostile)

    site = project / "site"
    for prefix in ("", "en/"):
        page = BeautifulSoup(
            (site / prefix / "initiatives/shenzhen-benchmark-business-environment/index.html").read_text("utf-8"),
            "html.parser",
        )
        assert normalized(page.h1.get_text().rstrip("¶")) == shown  # the reader sees the characters themselves
        for part in (".zibo-editors-summary", ".zibo-facts", ".zibo-body", ".zibo-measures li", ".zibo-progress li"):
            assert shown in normalized(page.select_one(part).get_text()), part
        description = page.select_one('meta[name="description"]')["content"]  # cut at 160 characters
        assert description and shown.startswith(description.removesuffix("……").removesuffix("…"))
        assert not page.select("article b")
        theme_page = BeautifulSoup(
            (site / prefix / "themes/business-environment/index.html").read_text("utf-8"), "html.parser"
        )
        assert normalized(theme_page.h1.get_text().rstrip("¶")) == shown
        themes = BeautifulSoup((site / prefix / "themes/index.html").read_text("utf-8"), "html.parser")
        assert all(
            normalized(row.select("td")[1].get_text()) == shown
            for row in themes.select("article table")[0].select("tbody tr")
        )

    for file in site.rglob("*.html"):
        soup = BeautifulSoup(file.read_text("utf-8"), "html.parser")
        article = soup.select_one("article")
        page = file.relative_to(site).as_posix().removeprefix("en/")
        if page in GENERATED_PAGES or page.split("/")[0] in GENERATED_FOLDERS:  # text never became structure
            assert len(article.find_all("h1")) == 1, file
            # Only the templates' own quote (the home page's lead), BibTeX block and details.
            made_by_text = ".admonition, blockquote:not(.zibo-lead > blockquote), pre:not(.zibo-cite__bibtex > pre), "
            made_by_text += "details:not(.zibo-original):not(.zibo-cite__bibtex):not(.zibo-related__more)"
            assert not article.select(made_by_text), file
            for table in article.select("table"):
                assert len({len(row.find_all(["td", "th"])) for row in table.select("tr")}) == 1, file
        for script in soup.find_all("script"):
            assert not script.get("src") or ALLOWED_SCRIPT_SOURCES.search(script["src"]), (file, script)
            if script.get("type") == "application/ld+json":  # data, not code: valid JSON with no raw markup
                assert "<" not in script.string and isinstance(json.loads(script.string), dict), file
            else:
                assert "alert(" not in script.get_text(), file
        for element in soup.find_all(True):
            assert not [name for name in element.attrs if name.lower().startswith("on")], (file, element.name)
            for name in ("href", "src", "action", "formaction"):
                assert not str(element.get(name, "")).strip().lower().startswith("javascript:"), (file, element)

    for prefix in ("", "en/"):  # searched as text (the search box shows titles as text, excerpts escaped)
        page = BeautifulSoup(
            (site / prefix / "initiatives/shenzhen-benchmark-business-environment/index.html").read_text("utf-8"),
            "html.parser",
        )
        assert hostile in searchable_text(page)

    exported = json.loads((site / "data/initiatives.json").read_text("utf-8"))  # the text exactly as written
    assert exported["initiatives"][0]["title"] == {"zh": hostile, "en": hostile}


def test_a_build_for_another_address_leaves_a_clean_checkout_clean(tmp_path: Path) -> None:
    # A preview (make serve) builds for http://127.0.0.1:8000/: what it generates must never show up
    # as a change an editor could commit.
    checkout = fresh_checkout(REPO, tmp_path / "checkout")
    result = build_site(checkout, site_url="http://127.0.0.1:8000/")
    assert result.returncode == 0, result.output
    for generated in ("docs/zh/feed.xml", "docs/en/feed.xml", "docs/zh/robots.txt"):
        assert "http://127.0.0.1:8000/" in (checkout / generated).read_text("utf-8"), generated
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"], cwd=checkout, capture_output=True, text=True
    )
    assert status.returncode == 0 and status.stdout == ""
