"""A build never publishes bad data, never half a site, never touches the data, and is reproducible."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.support import build_site, copy_project

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
ALLOWED_SCRIPT_SOURCES = re.compile(r"assets/javascripts/(?:bundle\.[0-9a-f]+\.min|zibo)\.js$")


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
        r"data/initiatives\.yaml:\d+:\d+: initiatives\[10\]\.themes\[0\]: unknown theme "
        r"'social-governnace' \(did you mean 'social-governance'\?\)",
        result.output,
    ), result.output
    assert digest(project / "site") == published
    assert not (project / "site.partial").exists()


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


def test_markup_in_the_data_is_shown_literally_and_never_runs(project: Path) -> None:
    data = project / "data" / "initiatives.yaml"
    text = data.read_text("utf-8")
    hostile = " ".join(HOSTILE.values())
    quoted = json.dumps(hostile, ensure_ascii=False)
    for field in ("title", "summary"):
        pattern = rf"(  - id: shenzhen-benchmark-business-environment\n(?:.*\n)*?    {field}:\n)      zh: .*\n      en: >-\n(?:        .*\n)+"
        text = re.sub(pattern, lambda match: f"{match[1]}      zh: {quoted}\n      en: {quoted}\n", text, count=1)
    label = "    label: {zh: 营商环境, en: Business environment,"
    assert label in text
    text = text.replace(label, f"    label: {{zh: {quoted}, en: {quoted},", 1)
    data.write_text(text, "utf-8")
    result = build_site(project)
    assert result.returncode == 0, result.output

    site = project / "site"
    for prefix in ("", "en/"):
        page = BeautifulSoup(
            (site / prefix / "initiatives/shenzhen-benchmark-business-environment/index.html").read_text("utf-8"),
            "html.parser",
        )
        assert page.h1.get_text().rstrip("¶") == hostile  # the reader sees the characters themselves
        assert hostile in page.select_one(".zibo-summary").get_text()
        description = page.select_one('meta[name="description"]')["content"]  # cut at 160 characters
        assert hostile.startswith(description.removesuffix("……").removesuffix("…"))
        assert hostile in page.select_one(".zibo-facts").get_text()  # the theme label, inside ready HTML
        assert not page.select("article b")
        theme_page = BeautifulSoup(
            (site / prefix / "themes/business-environment/index.html").read_text("utf-8"), "html.parser"
        )
        assert theme_page.h1.get_text().rstrip("¶") == hostile

    for file in site.rglob("*.html"):
        soup = BeautifulSoup(file.read_text("utf-8"), "html.parser")
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

    for index in (site / "search/search_index.json", site / "en/search/search_index.json"):
        docs = json.loads(index.read_text("utf-8"))["docs"]
        texts = [d["title"] + d["text"] for d in docs]
        assert any("&lt;script&gt;" in t for t in texts)
        for fragment in texts:  # shown as HTML in the results: only plain formatting tags, no attributes
            for element in BeautifulSoup(fragment, "html.parser").find_all(True):
                assert element.name in {"p", "code", "pre", "li", "ol", "ul", "sub", "sup"} and not element.attrs

    exported = json.loads((site / "data/initiatives.json").read_text("utf-8"))
    assert exported["initiatives"][0]["title"] == {"zh": hostile, "en": hostile}
