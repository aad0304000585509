"""Translations that stay true: fingerprints, stale notices, drafts, status page, glossary and tooltips."""

from __future__ import annotations

import codecs
import difflib
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urljoin

import pytest

from generator.__main__ import main
from generator.build import load_and_validate
from generator.languages import LANGUAGES
from generator.render import format_date, load_labels
from generator.translation import fingerprint
from tests.support import BrowserSession, BuiltSite, build_site, copy_project, searchable_text

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
    without = re.sub(r', en_from: "[0-9a-f]{8}"(?=[,}])', "", without)
    data.write_text(without, "utf-8")
    code, out, _ = run(["translations", "--accept-all", str(data)], capsys)
    assert code == 0 and "145 fingerprint(s) recorded." in out
    assert data.read_text("utf-8") == original  # comments, order, quoting and layout all kept
    stamp = data.stat().st_mtime_ns
    code, out, _ = run(["translations", "--accept-all", str(data)], capsys)
    assert "Nothing to record" in out and data.stat().st_mtime_ns == stamp


def test_a_review_is_recorded_beside_the_text_and_voided_by_a_later_edit(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    project = copy_project(REPO, tmp_path / "project")
    data = project / "data" / "initiatives.yaml"
    text = data.read_text("utf-8")
    text = re.sub(r"^ *reviewed: \{[^}]*\}\n", "", text, flags=re.MULTILINE)  # no reviews yet
    data.write_text(re.sub(r", reviewed: \{[^}]*\}(?=\})", "", text), "utf-8")
    before = data.read_text("utf-8")
    code, out, _ = run(["translations", "--reviews", str(data)], capsys)
    assert code == 0 and "initiative opening-up-hub" in out
    code, out, _ = run(["translations", "--review", "opening-up-hub", "--on", "2026-11-27", str(data)], capsys)
    assert code == 0 and "initiatives[5].body: review recorded (translation reviewer, 2026-11-27)" in out
    added = [
        line
        for line in difflib.unified_diff(before.splitlines(), data.read_text("utf-8").splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    initiative = next(i for i in VALIDATED.dataset.initiatives if i.id == "opening-up-hub")
    assert len(added) == 3 + len(initiative.measures) + len(initiative.updates)  # title, summary, body, …
    assert all(
        re.fullmatch(
            r'\+ +reviewed: \{by: translation reviewer, date: "2026-11-27", fingerprint: "[0-9a-f]{8}"\}', line
        )
        for line in added
    )
    code, out, _ = run(["translations", "--reviews", str(data)], capsys)
    assert "initiative opening-up-hub" not in out
    data.write_text(
        data.read_text("utf-8").replace("Run the Zibo Inland Port", "Operate the Zibo Inland Port"), "utf-8"
    )
    code, out, _ = run(["translations", "--reviews", str(data)], capsys)
    assert ["initiative", "opening-up-hub", "measures[4]", "changed"] in [line.split() for line in out.splitlines()]
    code, out, err = run(["check", str(data)], capsys)
    assert code == 0 and "initiatives[5].measures[4].reviewed: warning: the text changed after its review" in err


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
    assert searchable_text(page) == ""  # an untranslated English page stays out of search
    assert initiative.title.zh in searchable_text(edited_site.html("initiatives/cadre-selection-system/"))


def test_the_translation_status_page_lists_each_page_state_in_both_languages(edited_site: BuiltSite) -> None:
    for language in LANGUAGES.values():
        states = load_labels(language.key)["translation_states"]
        rows = {
            row.a["href"].rstrip("/").split("/")[-1]: row.find_all("td")[1].get_text()
            for row in edited_site.html(f"{language.prefix}translations/").select("article table tbody tr")
        }
        assert rows["public-health-service-system"] == states["stale"]
        assert rows["cadre-selection-system"] == states["missing"]
        assert rows["opening-up-hub"] == states["current"]
        assert len(rows) == 2 + len(VALIDATED.dataset.initiatives) + len(VALIDATED.dataset.themes)  # and the glossary


def test_the_translation_status_page_shows_which_texts_are_reviewed_and_which_changed_since(
    edited_site: BuiltSite,
) -> None:
    for language in LANGUAGES.values():
        labels = load_labels(language.key)["review_states"]
        rows = {
            row.a["href"].rstrip("/").split("/")[-1]: row.find_all("td")[2].get_text()
            for row in edited_site.html(f"{language.prefix}translations/").select("article table tbody tr")
        }
        health = next(i for i in VALIDATED.dataset.initiatives if i.id == "public-health-service-system")
        texts = 3 + len(health.measures) + len(health.updates)
        assert rows["public-health-service-system"] == labels["changed"].format(reviewed=texts - 1, total=texts)
        review = health.title.reviewed
        assert review is not None
        assert rows["opening-up-hub"] == labels["reviewed"].format(
            date=format_date(review.date, language), by=review.by
        )
        assert "glossary" in rows


def test_the_glossary_page_lists_every_term_in_both_languages(site: BuiltSite) -> None:
    for language in LANGUAGES.values():
        rows = site.html(f"{language.prefix}glossary/").select("article table tbody tr")
        terms = [t for k in ("term", "place") for t in VALIDATED.glossary.terms if t.kind == k]
        # Each alias beside its term, so that what search matches is on the page (国有企业（国企）).
        assert [row.td.get_text() for row in rows] == [
            t.zh + (f"（{'、'.join(t.aliases_for('zh'))}）" if t.aliases_for("zh") else "") for t in terms
        ]
        for row, term in zip(rows, terms, strict=True):
            assert row.find_all("td")[1].get_text() == term.en + (
                f" ({', '.join(term.aliases_for('en'))})" if term.aliases_for("en") else ""
            )
            assert row.find_all("td")[2].get_text() == term.explanation.text(language.key)


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
    # Explanations stay out of search: an initiative is not found by the words of a term's explanation.
    assert not any(
        "海关特殊监管区域" in searchable_text(site.html(f"initiatives/{i.id}/")) for i in VALIDATED.dataset.initiatives
    )


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


# --- accepting never loses an edit, and keeps the file as the editor's tools wrote it ---------------


def stale_copy(tmp_path: Path) -> Path:
    """A copy of the data files in which one Chinese sentence changed: one fingerprint to record."""
    folder = tmp_path / "data"
    shutil.copytree(REPO / "data", folder)
    data = folder / "initiatives.yaml"
    data.write_text(data.read_text("utf-8").replace(*CHANGED_SENTENCE), "utf-8")
    return data


def accept(data: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    return run(["translations", "--accept", "public-health-service-system", str(data)], capsys)


def only_fingerprints_changed(before: bytes, after: bytes) -> bool:
    old, new = before.split(b"\n"), after.split(b"\n")
    changed = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    return len(changed) == 1 and all(b"en_from:" in line for line in changed[0])


def test_accepting_keeps_a_byte_order_mark_and_windows_line_endings(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    data = stale_copy(tmp_path)
    before = codecs.BOM_UTF8 + data.read_bytes().replace(b"\n", b"\r\n")
    data.write_bytes(before)
    code, out, err = accept(data, capsys)
    assert code == 0 and "1 fingerprint(s) recorded." in out, err
    after = data.read_bytes()
    assert after.startswith(codecs.BOM_UTF8) and after.count(b"\r\n") == after.count(b"\n") == before.count(b"\n")
    assert only_fingerprints_changed(before, after)


def test_accepting_keeps_the_file_mode_and_writes_through_a_symlink(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    real = stale_copy(tmp_path)
    real.chmod(0o640)
    link = tmp_path / "link" / "initiatives.yaml"
    link.parent.mkdir()
    link.symlink_to(real)
    shutil.copy(real.parent / "glossary.yaml", link.parent / "glossary.yaml")
    before = real.read_bytes()
    code, out, err = accept(link, capsys)
    assert code == 0 and "1 fingerprint(s) recorded." in out, err
    assert link.is_symlink() and link.resolve() == real
    assert only_fingerprints_changed(before, real.read_bytes())
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert [p.name for p in real.parent.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_accepting_refuses_a_read_only_file_clearly(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    data = stale_copy(tmp_path)
    data.chmod(0o444)
    before = data.read_bytes()
    code, _, err = accept(data, capsys)
    assert code == 1
    assert re.search(r"initiatives\.yaml:1:1: the file is read-only \(permissions 444\); nothing was written", err)
    assert data.read_bytes() == before and stat.S_IMODE(data.stat().st_mode) == 0o444


def test_an_edit_saved_while_accepting_is_kept_and_the_command_says_so(tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    data = stale_copy(tmp_path)
    saved = data.read_text("utf-8").replace("    number: 1\n", "    number: 1\n    # the editor's new note\n", 1)
    from generator import translation

    check = translation._refuse_unrelated_changes

    def editor_saves_meanwhile(*args: str) -> None:  # the save lands after the read, before the write
        check(*args)
        data.write_text(saved, "utf-8")

    monkeypatch.setattr(translation, "_refuse_unrelated_changes", editor_saves_meanwhile)
    code, _, err = accept(data, capsys)
    assert code == 1 and "the file changed while this command ran (saved in an editor?); nothing was written" in err
    assert data.read_text("utf-8") == saved


def test_an_unwritable_folder_gives_a_clear_message_and_no_traceback(tmp_path: Path) -> None:
    # Root may write anywhere: run the command as an unprivileged user when the tests run as root.
    folder = Path(tempfile.mkdtemp(prefix="zibo-readonly-"))
    try:
        data = stale_copy(folder)
        before = data.read_bytes()
        for path in (folder, data.parent, data, data.parent / "glossary.yaml"):
            path.chmod(0o555 if path.is_dir() else 0o666)
        command = [sys.executable, "-m", "generator", "translations", "--accept-all", str(data)]
        if os.geteuid() == 0:
            command = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *command]
        result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=60)
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
        assert re.search(
            r"initiatives\.yaml:1:1: cannot write in the file's folder .*\(Permission denied\)", result.stderr
        )
        assert data.read_bytes() == before
    finally:
        for path in (folder, folder / "data"):
            path.chmod(0o755)
        shutil.rmtree(folder)
