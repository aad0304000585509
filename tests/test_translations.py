"""Translations that stay true: fingerprints, stale notices, drafts, status page, glossary and tooltips."""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest

from generator.__main__ import main
from generator.build import load_and_validate
from generator.languages import LANGUAGES
from generator.render import load_labels
from generator.translation import fingerprint
from tests.support import BrowserSession, BuiltSite, build_site, copy_project

REPO = Path(__file__).resolve().parent.parent
VALIDATED = load_and_validate(REPO / "data" / "initiatives.yaml")
CHANGED_SENTENCE = ("提升群众对公共卫生服务的满意度。", "提升群众对公共卫生服务的满意度和获得感。")


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def edited_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the real data with one Chinese sentence changed and one initiative left untranslated."""
    project = copy_project(REPO, tmp_path_factory.mktemp("translations"))
    data = project / "data" / "initiatives.yaml"
    text = data.read_text("utf-8").replace(*CHANGED_SENTENCE)
    start = text.index("  - id: cadre-selection-system\n")
    body = text.index("    body:\n", start)
    english = text.index("      en: >-\n", body)
    end = text.index("      en_from:", english)
    text = text[:english] + text[end:]  # body.en of initiative 14 removed
    text = text.replace("    number: 14\n", "    number: 14\n    draft: true\n", 1)
    data.write_text(text, "utf-8")
    return project


def test_the_shipped_translations_are_all_current(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["translations", str(REPO / "data" / "initiatives.yaml")], capsys)
    assert code == 0 and out.splitlines()[-1] == "0 missing, 0 stale, 0 unreviewed, 145 current"


def test_changing_one_chinese_sentence_makes_exactly_that_field_stale(edited_project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    data = str(edited_project / "data" / "initiatives.yaml")
    code, out, _ = run(["translations", data], capsys)
    rows = [line.split() for line in out.splitlines()[1:-1]]
    assert ["initiative", "public-health-service-system", "body", "stale"] in rows
    assert ["initiative", "cadre-selection-system", "body", "missing"] in rows
    assert len(rows) == 2
    code, _, err = run(["check", data], capsys)
    assert code == 0 and re.search(r"initiatives\[12\]\.body\.en: warning: the Chinese text changed", err)
    code, _, err = run(["check", "--strict-translations", data], capsys)
    assert code == 1 and "initiatives[12].body.en: the Chinese text changed" in err


def test_accepting_records_the_new_fingerprint_with_a_one_line_diff(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    project = copy_project(REPO, tmp_path / "project")
    data = project / "data" / "initiatives.yaml"
    data.write_text(data.read_text("utf-8").replace(*CHANGED_SENTENCE), "utf-8")
    before = data.read_text("utf-8")
    code, out, _ = run(["translations", "--accept", "public-health-service-system", str(data)], capsys)
    assert code == 0 and "initiatives[12].body: fingerprint recorded" in out
    changed = [
        line
        for line in difflib.unified_diff(before.splitlines(), data.read_text("utf-8").splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    body = next(i for i in VALIDATED.dataset.initiatives if i.id == "public-health-service-system").body.zh
    assert changed == [
        f'-      en_from: "{fingerprint(body)}"',
        f'+      en_from: "{fingerprint(body.replace(*CHANGED_SENTENCE))}"',
    ]
    code, out, _ = run(["translations", str(data)], capsys)
    assert out.splitlines()[-1] == "0 missing, 0 stale, 0 unreviewed, 145 current"


def test_a_round_trip_changes_only_fingerprint_lines(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    project = copy_project(REPO, tmp_path / "project")
    data = project / "data" / "initiatives.yaml"
    original = data.read_text("utf-8")
    without = re.sub(r'^ *en_from: "[0-9a-f]{8}"\n', "", original, flags=re.MULTILINE)
    without = re.sub(r', en_from: "[0-9a-f]{8}"\}', "}", without)
    data.write_text(without, "utf-8")
    code, out, _ = run(["translations", "--accept-all", str(data)], capsys)
    assert code == 0 and "145 fingerprint(s) recorded." in out
    assert data.read_text("utf-8") == original  # comments, order, quoting and layout all kept
    stamp = data.stat().st_mtime_ns
    code, out, _ = run(["translations", "--accept-all", str(data)], capsys)
    assert "Nothing to record" in out and data.stat().st_mtime_ns == stamp


@pytest.fixture(scope="module")
def edited_site(edited_project: Path) -> BuiltSite:
    result = build_site(edited_project, site_url="https://example.org/zibo/")
    assert result.returncode == 0, result.output
    return BuiltSite(edited_project, edited_project / "site", "https://example.org/zibo/", result.output)


def test_a_stale_english_page_says_so_at_the_top_and_links_the_chinese(edited_site: BuiltSite) -> None:
    page = edited_site.html("en/initiatives/public-health-service-system/")
    notice = page.select_one("article .zibo-translation-notice")
    assert notice is not None and notice.find_previous("h1") is not None and not notice.find_previous("h2")
    assert load_labels("en")["stale_notice"] in notice.get_text()
    target = urljoin(edited_site.url("en/initiatives/public-health-service-system/"), notice.a["href"])
    assert target == edited_site.url("initiatives/public-health-service-system/")
    assert not edited_site.html("en/initiatives/opening-up-hub/").select_one(".zibo-translation-notice")
    assert not edited_site.html("initiatives/public-health-service-system/").select_one(".zibo-translation-notice")


def test_a_draft_shows_the_chinese_with_a_pending_notice_and_stays_out_of_english_search(
    edited_site: BuiltSite,
) -> None:
    initiative = next(i for i in VALIDATED.dataset.initiatives if i.id == "cadre-selection-system")
    page = edited_site.html("en/initiatives/cadre-selection-system/")
    assert load_labels("en")["draft_notice"] in page.select_one(".zibo-translation-notice").get_text()
    chinese = [
        span
        for span in page.select('article [lang="zh-Hans"]')
        if initiative.body.zh.replace("“", "")[:10] in span.get_text().replace("“", "")
    ]
    assert chinese, "the Chinese body is shown, marked as Chinese"
    index = json.loads((edited_site.root / "en/search/search_index.json").read_text("utf-8"))
    assert not [d for d in index["docs"] if d["location"].startswith("initiatives/cadre-selection-system/")]
    chinese_index = json.loads((edited_site.root / "search/search_index.json").read_text("utf-8"))
    assert [d for d in chinese_index["docs"] if d["location"].startswith("initiatives/cadre-selection-system/")]


def test_the_translation_status_page_lists_each_page_state_in_both_languages(edited_site: BuiltSite) -> None:
    for language in LANGUAGES.values():
        states = load_labels(language.key)["translation_states"]
        rows = {
            row.a["href"].rstrip("/").split("/")[-1]: row.find_all("td")[-1].get_text()
            for row in edited_site.html(f"{language.prefix}translations/").select("article table tbody tr")
        }
        assert rows["public-health-service-system"] == states["stale"]
        assert rows["cadre-selection-system"] == states["missing"]
        assert rows["opening-up-hub"] == states["current"]
        assert len(rows) == 1 + len(VALIDATED.dataset.initiatives) + len(VALIDATED.dataset.themes)


def test_the_glossary_page_lists_every_term_in_both_languages(site: BuiltSite) -> None:
    for language in LANGUAGES.values():
        rows = site.html(f"{language.prefix}glossary/").select("article table tbody tr")
        by_zh = {t.zh: t for t in VALIDATED.glossary.terms}
        assert sorted(row.td.get_text() for row in rows) == sorted(by_zh)  # their order: tests/test_readers.py
        for row in rows:
            term = by_zh[row.td.get_text()]
            assert row.find_all("td")[2].get_text() == term.en
            assert row.find_all("td")[3].get_text() == term.explanation.text(language.key)


def test_the_first_occurrence_of_each_term_in_the_text_is_marked_with_its_explanation(site: BuiltSite) -> None:
    terms = {t.id: t for t in VALIDATED.glossary.terms}
    for language in LANGUAGES.values():
        page = site.html(f"{language.prefix}initiatives/opening-up-hub/")
        marked = page.select("article .zibo-term")
        ids = [m.button["aria-describedby"].removeprefix("term-") for m in marked]
        assert len(ids) == len(set(ids)) and "comprehensive-bonded-zone" in ids
        for mark in marked:
            term = terms[mark.button["aria-describedby"].removeprefix("term-")]
            tip = mark.select_one('[role="tooltip"]')
            assert tip["id"] == mark.button["aria-describedby"]
            assert tip.get_text() == term.explanation.text(language.key)
    index = json.loads((site.root / "search/search_index.json").read_text("utf-8"))
    assert not any("海关特殊监管区域" in d["text"] for d in index["docs"])  # explanations stay out of search


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 375])
def test_a_term_explains_itself_on_click_tap_and_keyboard_focus(
    site: BuiltSite, browser: BrowserSession, width: int
) -> None:
    page = browser.new_page(width=width, height=800)
    for language in LANGUAGES.values():
        page.goto(site.url(f"{language.prefix}initiatives/opening-up-hub/"))
        term = page.locator('.zibo-term__word[aria-describedby="term-comprehensive-bonded-zone"]')
        tip = page.locator("#term-comprehensive-bonded-zone")
        assert not tip.is_visible()
        term.click()
        assert tip.is_visible()
        box = tip.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
        page.locator("h1").click()
        assert not tip.is_visible()
        term.focus()
        assert tip.is_visible() and tip.inner_text() == next(
            t for t in VALIDATED.glossary.terms if t.id == "comprehensive-bonded-zone"
        ).explanation.text(language.key)
    page.context.close()
