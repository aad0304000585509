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
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest

from generator.cli import main
from generator.languages import LANGUAGES, Language
from generator.models import UNRECORDED_METHOD, GlossaryTerm, Initiative
from generator.pipeline import load_and_validate
from generator.render import format_date, load_labels
from generator.terminology import TermMatcher
from generator.translation import (
    STATE_ORDER,
    fingerprint,
    iter_record_texts,
    record_reviews,
    record_states,
    review_report,
)
from generator.validate import Validated, china_today
from tests.samples import GLOSSARY, MINIMAL, validate_text
from tests.support import (
    BrowserSession,
    BuiltSite,
    build_site,
    copy_data,
    copy_project,
    edit_yaml,
    searchable_text,
)

REPO = Path(__file__).resolve().parent.parent
VALIDATED = load_and_validate(REPO / "data" / "initiatives.yaml")
# Chosen by position, not by name, so that the tests hold whatever the data says.
STALE, DRAFT, UNTOUCHED = (
    VALIDATED.dataset.initiatives[-3],
    VALIDATED.dataset.initiatives[-2],
    VALIDATED.dataset.initiatives[0],
)
ADDED_SENTENCE = "并持续改进。"  # appended to the summary, which editors write (it is not verbatim to the article)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def index_of(initiative: Initiative) -> int:
    return VALIDATED.dataset.initiatives.index(initiative)


@pytest.fixture(scope="module")
def edited_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the real data with one Chinese summary changed and one initiative left untranslated; the
    data as it was before these two edits is kept in its folder `unedited/`, to compare with."""
    project = copy_project(REPO, tmp_path_factory.mktemp("translations"))
    shutil.copytree(project / "data", project / "unedited")
    with edit_yaml(project / "data" / "initiatives.yaml") as data:
        stale = data["initiatives"][index_of(STALE)]
        stale["summary"]["zh"] += ADDED_SENTENCE
        draft = data["initiatives"][index_of(DRAFT)]
        del draft["body"]["en"]
        draft["draft"] = True
    return project


def unedited(project: Path) -> Validated:
    return load_and_validate(project / "unedited" / "initiatives.yaml")


def test_the_translations_command_gives_each_text_the_state_its_fingerprint_says(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(["translations", "--all", str(REPO / "data" / "initiatives.yaml")], capsys)
    texts = list(iter_record_texts(VALIDATED.dataset))
    rows = [line.split() for line in out.splitlines()[1:-1]]
    assert code == 0 and len(rows) == len(texts)
    for row, (kind, record_id, _, field, text, _) in zip(rows, texts, strict=True):
        current = text.en is not None and text.en_from == fingerprint(text.zh)
        assert row[:3] == [kind, record_id, field] and (row[3] == "current") == current
    counts = Counter(row[3] for row in rows)
    assert out.splitlines()[-1] == ", ".join(f"{counts[state]} {state.replace('-', ' ')}" for state in STATE_ORDER)


def test_changing_one_chinese_text_makes_exactly_that_field_stale(edited_project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    data = str(edited_project / "data" / "initiatives.yaml")
    _, out, _ = run(["translations", str(edited_project / "unedited" / "initiatives.yaml")], capsys)
    before = {tuple(line.split()) for line in out.splitlines()[1:-1]}  # what the copy listed already
    code, out, _ = run(["translations", data], capsys)
    changed = {tuple(line.split()) for line in out.splitlines()[1:-1]} - before
    assert changed == {("initiative", STALE.id, "summary", "stale"), ("initiative", DRAFT.id, "body", "missing")}
    path = f"initiatives[{index_of(STALE)}].summary.en"
    code, _, err = run(["check", data], capsys)
    assert code == 0 and re.search(
        rf"{re.escape(path)}: warning: the Chinese text changed.*`make accept ID={STALE.id}`", err
    )
    code, _, err = run(["check", "--strict-translations", data], capsys)
    assert code == 1 and f"{path}: the Chinese text changed" in err


def sample_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The sample data with every translation reviewed, as an editor's file would be."""
    (tmp_path / "glossary.yaml").write_text(GLOSSARY, "utf-8")
    data = tmp_path / "initiatives.yaml"
    data.write_text(MINIMAL, "utf-8")
    code, out, _ = run(["translations", "--accept-all", str(data)], capsys)
    assert (
        code == 0 and f"{len(list(iter_record_texts(validate_text(MINIMAL).dataset)))} fingerprint(s) recorded." in out
    )
    return data


def test_accepting_records_the_new_fingerprint_with_a_one_line_diff(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    data = sample_project(tmp_path, capsys)
    data.write_text(data.read_text("utf-8").replace("正文二", "正文二改"), "utf-8")
    before = data.read_text("utf-8")
    code, out, _ = run(["translations", "--accept", "second", str(data)], capsys)
    assert code == 0 and "initiatives[1].body: fingerprint recorded" in out
    changed = [
        line
        for line in difflib.unified_diff(before.splitlines(), data.read_text("utf-8").splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert changed == [
        f'-    body: {{zh: 正文二改, en: Text two, en_from: "{fingerprint("正文二")}"}}',
        f'+    body: {{zh: 正文二改, en: Text two, en_from: "{fingerprint("正文二改")}"}}',
    ]
    code, out, _ = run(["translations", str(data)], capsys)
    assert out.splitlines()[-1].startswith("0 missing, 0 stale, 0 not accepted, ")


def test_a_round_trip_changes_only_fingerprint_lines(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    project = copy_project(REPO, tmp_path / "project")
    data = project / "data" / "initiatives.yaml"
    run(["translations", "--accept-all", str(data)], capsys)  # whatever was stale in the real data, now current
    original = data.read_text("utf-8")
    without = re.sub(r'^ *en_from: "[0-9a-f]{8}"\n', "", original, flags=re.MULTILINE)
    without = re.sub(r', en_from: "[0-9a-f]{8}"(?=[,}])', "", without)
    data.write_text(without, "utf-8")
    translated = [text for *_, text, _ in iter_record_texts(load_and_validate(data).dataset) if text.en is not None]
    code, out, _ = run(["translations", "--accept-all", str(data)], capsys)
    assert code == 0 and f"{len(translated)} fingerprint(s) recorded." in out
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
    index = len(VALIDATED.dataset.initiatives) // 2  # chosen by position
    initiative = load_and_validate(data).dataset.initiatives[index]
    before = data.read_text("utf-8")
    code, out, _ = run(["translations", "--reviews", str(data)], capsys)
    assert code == 0 and f"initiative {initiative.id}" in out
    code, out, _ = run(["translations", *REVIEW_BY, "--review", initiative.id, "--on", "2026-11-27", str(data)], capsys)
    recorded = "review recorded (independent reviewer, bilingual review against the article, 2026-11-27)"
    assert code == 0 and f"initiatives[{index}].body: {recorded}" in out
    changed = [
        line
        for line in difflib.unified_diff(before.splitlines(), data.read_text("utf-8").splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    review = r'reviewed: \{by: independent reviewer, method: bilingual review against the article, date: "2026-11-27", '
    review += r'fingerprint: "[0-9a-f]{8}"\}'
    added = [line for line in changed if re.fullmatch(rf"\+ +{review}", line)]  # title, summary, body, …
    assert len(added) == 3 + len(initiative.measures) + len(initiative.updates)
    short = [line for line in changed if line not in added]  # the short title's one line, in flow style
    assert len(short) == (2 if initiative.short else 0) and all(re.search(review, line) for line in short[1:])
    code, out, _ = run(["translations", "--reviews", str(data)], capsys)
    assert f"initiative {initiative.id}" not in out
    last = len(initiative.measures) - 1
    with edit_yaml(data) as document:
        measure = document["initiatives"][index]["measures"][last]
        measure["en"] = "Now: " + measure["en"]
    code, out, _ = run(["translations", "--reviews", str(data)], capsys)
    assert ["initiative", initiative.id, f"measures[{last}]", "changed"] in [line.split() for line in out.splitlines()]
    code, out, err = run(["check", str(data)], capsys)
    assert code == 0 and f"initiatives[{index}].measures[{last}].reviewed: warning: the text changed after its" in err


@pytest.fixture(scope="module")
def edited_site(edited_project: Path) -> BuiltSite:
    result = build_site(edited_project, site_url="https://example.org/zibo/")
    assert result.returncode == 0, result.output
    return BuiltSite(edited_project, edited_project / "site", "https://example.org/zibo/", result.output)


def test_a_stale_english_page_says_so_at_the_top_and_links_the_chinese(edited_site: BuiltSite) -> None:
    page = edited_site.html(f"en/initiatives/{STALE.id}/")
    notice = page.select_one("article .zibo-translation-notice")
    assert notice is not None and notice.find_previous("h1") is not None and not notice.find_previous("h2")
    assert load_labels("en")["stale_notice"] in notice.get_text()
    target = urljoin(edited_site.url(f"en/initiatives/{STALE.id}/"), notice.a["href"])
    assert target == edited_site.url(f"initiatives/{STALE.id}/")
    assert not edited_site.html(f"en/initiatives/{UNTOUCHED.id}/").select_one(".zibo-translation-notice")
    assert not edited_site.html(f"initiatives/{STALE.id}/").select_one(".zibo-translation-notice")


def test_a_draft_shows_the_chinese_with_a_pending_notice_and_stays_out_of_english_search(
    edited_site: BuiltSite,
) -> None:
    initiative = DRAFT
    page = edited_site.html(f"en/initiatives/{DRAFT.id}/")
    assert load_labels("en")["draft_notice"] in page.select_one(".zibo-translation-notice").get_text()
    chinese = [
        span
        for span in page.select('article [lang="zh-Hans"]')
        if initiative.body.zh.replace("“", "")[:10] in span.get_text().replace("“", "")
    ]
    assert chinese, "the Chinese body is shown, marked as Chinese"
    assert searchable_text(page) == ""  # an untranslated English page stays out of search
    assert initiative.title.zh in searchable_text(edited_site.html(f"initiatives/{DRAFT.id}/"))


def test_the_translation_status_page_lists_each_page_state_in_both_languages(edited_site: BuiltSite) -> None:
    for language in LANGUAGES.values():
        states = load_labels(language.key)["translation_states"]
        rows = {
            row.a["href"].rstrip("/").split("/")[-1]: row.find_all("td")[1].get_text()
            for row in edited_site.html(f"{language.prefix}translations/").select("article table tbody tr")
        }
        assert rows[STALE.id] == states["stale"]
        assert rows[DRAFT.id] == states["missing"]
        assert rows[UNTOUCHED.id] == states[record_states(unedited(edited_site.project).dataset)[UNTOUCHED.id]]
        dataset = edited_site.dataset
        assert len(rows) == 2 + len(dataset.initiatives) + len(dataset.themes)  # and the glossary


def test_the_translation_status_page_shows_which_texts_are_reviewed_and_which_changed_since(
    edited_site: BuiltSite,
) -> None:
    data = unedited(edited_site.project)
    before = record_reviews(data.dataset, data.glossary)
    for language in LANGUAGES.values():
        labels = load_labels(language.key)
        rows = {
            row.a["href"].rstrip("/").split("/")[-1]: row.find_all("td")[2].get_text()
            for row in edited_site.html(f"{language.prefix}translations/").select("article table tbody tr")
        }
        texts = [item for item in review_report(data.dataset) if item.record_id == STALE.id]
        reviewed = sum(item.state == "reviewed" for item in texts)
        if before[STALE.id].state == "reviewed":  # the changed summary is no longer reviewed
            changed = labels["review_states"]["changed"].format(reviewed=reviewed - 1, total=len(texts))
            assert rows[STALE.id].startswith(changed)
        untouched = before[UNTOUCHED.id]
        if untouched.state == "reviewed":  # who reviewed it, how and when
            shown = [
                labels["review_record"].format(
                    date=format_date(review.date, language),
                    by=review.by,
                    method=labels["review_method_unrecorded"] if review.method == UNRECORDED_METHOD else review.method,
                )
                for review in untouched.reviews
            ]
            assert rows[UNTOUCHED.id] == labels["review_states"]["reviewed"] + labels["colon"] + labels[
                "review_separator"
            ].join(shown)
        assert "glossary" in rows


def test_the_glossary_page_lists_every_term_in_both_languages(site: BuiltSite) -> None:
    for language in LANGUAGES.values():
        rows = site.html(f"{language.prefix}glossary/").select("article table tbody tr")
        terms = site.validated.glossary.terms
        # Each alias beside its term, so that what search matches is on the page (国有企业（国企）).
        by_shown = {t.zh + (f"（{'、'.join(t.aliases_for('zh'))}）" if t.aliases_for("zh") else ""): t for t in terms}
        shown = [row.td.get_text() for row in rows]
        assert sorted(shown) == sorted(by_shown)  # their order: tests/test_readers.py
        for row, zh in zip(rows, shown, strict=True):
            term = by_shown[zh]
            assert row.find_all("td")[2].get_text() == term.en + (
                f" ({', '.join(term.aliases_for('en'))})" if term.aliases_for("en") else ""
            )
            assert row.find_all("td")[3].get_text() == explanation_shown(term, language)
            if term.source:  # the source's title links its address
                link = row.find_all("td")[3].find("a", href=term.source.url)
                assert (link is not None) == (term.source.url is not None)
                assert link is None or link.get_text() == term.source.title.text(language.key)


def explanation_shown(term: GlossaryTerm, language: Language) -> str:
    """A term's explanation as the glossary page shows it: with its source, where it cites one."""
    explanation = term.explanation.text(language.key) or ""
    if term.source is None:
        return explanation
    labels = load_labels(language.key)
    source = term.source
    parts = [source.title.text(language.key), source.outlet.text(language.key) if source.outlet else None]
    parts.append(format_date(source.date, language) if source.date else None)
    cited = labels["list_separator"].join(part for part in parts if part)
    return f"{explanation} ({labels['source']}{labels['colon']}{cited})"


def a_term_in_a_body(validated: Validated) -> tuple[Initiative, GlossaryTerm]:
    """The first initiative whose official text uses a glossary term (of kind 'term'), and that term."""
    matcher = TermMatcher(validated.glossary)
    return next(
        (initiative, term)
        for initiative in sorted(validated.dataset.initiatives, key=lambda i: i.number)
        for _, term in matcher.find(initiative.body.zh)
        if term.kind == "term"
    )


def test_the_first_occurrence_of_each_term_in_the_text_is_marked_with_its_explanation(site: BuiltSite) -> None:
    terms = {t.id: t for t in site.validated.glossary.terms}
    initiative, expected = a_term_in_a_body(site.validated)
    for language in LANGUAGES.values():
        page = site.html(f"{language.prefix}initiatives/{initiative.id}/")
        marked = page.select("article .zibo-term")
        words = [m.select_one('.zibo-term__word[role="button"]') for m in marked]
        ids = [word["aria-describedby"].removeprefix("term-") for word in words]
        assert len(ids) == len(set(ids)) and expected.id in ids
        for mark, word in zip(marked, words, strict=True):
            term = terms[word["aria-describedby"].removeprefix("term-")]
            tip = mark.select_one('[role="tooltip"]')
            assert tip["id"] == word["aria-describedby"]
            assert tip.get_text() == term.explanation.text(language.key)
    # Explanations stay out of search: an initiative is not found by the words of a term's explanation.
    assert not any(
        expected.explanation.zh in searchable_text(site.html(f"initiatives/{i.id}/"))
        for i in site.validated.dataset.initiatives
    )


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 375])
def test_a_term_explains_itself_on_click_tap_and_keyboard_focus(
    site: BuiltSite, browser: BrowserSession, width: int
) -> None:
    initiative, expected = a_term_in_a_body(site.validated)
    page = browser.new_page(width=width, height=800)
    for language in LANGUAGES.values():
        page.goto(site.url(f"{language.prefix}initiatives/{initiative.id}/"))
        term = page.locator(f'.zibo-term__word[aria-describedby="term-{expected.id}"]')
        tip = page.locator(f"#term-{expected.id}")
        assert not tip.is_visible()
        term.click()
        assert tip.is_visible()
        box = tip.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
        page.locator("h1").click()
        assert not tip.is_visible()
        term.focus()
        assert tip.is_visible() and tip.inner_text() == expected.explanation.text(language.key)
    page.context.close()


# --- accepting never loses an edit, and keeps the file as the editor's tools wrote it ---------------


def stale_copy(tmp_path: Path) -> Path:
    """A copy of the data files in which one Chinese summary changed: one fingerprint to record."""
    data = copy_data(REPO, tmp_path) / "initiatives.yaml"
    summary = load_and_validate(data).dataset.initiatives[index_of(STALE)].summary.zh
    text = data.read_text("utf-8")
    assert text.count(f"zh: {summary}\n") == 1
    data.write_text(text.replace(f"zh: {summary}\n", f"zh: {summary}{ADDED_SENTENCE}\n"), "utf-8")
    return data


def accept(data: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    return run(["translations", "--accept", STALE.id, str(data)], capsys)


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
    from generator import edit_in_place

    write = edit_in_place.replace

    def editor_saves_meanwhile(*args: Any) -> None:  # the save lands after the read, before the write
        data.write_text(saved, "utf-8")
        write(*args)

    monkeypatch.setattr(edit_in_place, "replace", editor_saves_meanwhile)
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


def test_a_review_is_written_inside_its_glossary_term_not_below_the_next_sections_heading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "initiatives.yaml").write_text(MINIMAL, "utf-8")
    zibo, bonded = GLOSSARY.splitlines()[1:3]
    (tmp_path / "glossary.yaml").write_text(
        f"terms:\n  # Places\n{zibo}\n  - id: boshan\n    kind: place\n    zh: 博山\n    en: Boshan\n"
        "    explanation: {zh: 地方, en: A place}\n    basis: definition\n\n  # Terms\n"
        f"{bonded}\n",
        "utf-8",
    )
    code, _, _ = run(
        ["translations", *REVIEW_BY, "--review", "glossary", "--on", "2026-11-27", str(tmp_path / "initiatives.yaml")],
        capsys,
    )
    lines = (tmp_path / "glossary.yaml").read_text("utf-8").splitlines()
    assert code == 0 and lines[lines.index("    basis: definition") + 1].startswith(
        "    reviewed: {by: independent reviewer"
    )
    assert lines[lines.index("  # Terms") - 1 :][:2] == ["", "  # Terms"]


# --- review records say who reviewed and how; a review records only what changed since ---------------

SUMMARY = "    summary: {zh: 摘要一"  # the sample's first initiative gets its short title just before it


def reviewed_sample(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The sample data with a short title, every text accepted and reviewed once by an independent reviewer."""
    data = sample_project(tmp_path, capsys)
    text = data.read_text("utf-8")
    assert text.count(SUMMARY) == 1
    data.write_text(text.replace(SUMMARY, "    short: {zh: 一, en: First}\n" + SUMMARY), "utf-8")
    code, _out, err = run(["translations", *REVIEW_BY, "--review", "first", "--on", "2026-11-20", str(data)], capsys)
    assert code == 0, err
    return data


REVIEW_BY = ["--by", "independent reviewer", "--method", "bilingual review against the article"]


def review_lines(data: Path) -> list[str]:
    return [line.strip() for line in data.read_text("utf-8").splitlines() if "reviewed:" in line]


def test_a_review_record_says_who_reviewed_how_and_when(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    data = reviewed_sample(tmp_path, capsys)
    text = data.read_text("utf-8")
    assert re.search(
        r'reviewed: \{by: independent reviewer, method: bilingual review against the article, date: "2026-11-20", '
        r'fingerprint: "[0-9a-f]{8}"\}',
        text,
    )
    code, _, err = run(["check", str(data)], capsys)
    assert code == 0 and "initiatives[0].body.reviewed" not in err
    without_method = text.replace("method: bilingual review against the article, ", "", 1)
    assert any("reviewed.method: required field 'method' is missing" in p for p in problems_text(without_method))


def problems_text(text: str) -> list[str]:
    from tests.samples import problems_of

    return problems_of(text)


def test_make_review_refuses_without_who_reviewed_and_how(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    data = sample_project(tmp_path, capsys)
    before = data.read_text("utf-8")
    for missing in (["--by", "independent reviewer"], ["--method", "bilingual review against the article"], []):
        code, _, err = run(["translations", *missing, "--review", "first", str(data)], capsys)
        assert code == 2 and "say who reviewed the English (--by" in err and "and how (--method" in err, err
    assert data.read_text("utf-8") == before
    venv = Path(sys.executable).parent
    for arguments in (["ID=first", "METHOD=bilingual review"], ["ID=first", "BY=independent reviewer"]):
        result = subprocess.run(
            ["make", "--no-print-directory", f"BIN={venv}", "-o", f"{venv}/.site-installed", "review", *arguments],
            cwd=REPO,
            capture_output=True,
            text=True,
        )
        assert result.returncode != 0 and "make review ID=<id> BY=<who> METHOD=<how>" in result.stderr, result


def test_a_review_records_only_the_texts_changed_since_their_last_review_unless_all(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    data = reviewed_sample(tmp_path, capsys)
    before = review_lines(data)
    data.write_text(data.read_text("utf-8").replace("en: Summary one", "en: Summary one reworded"), "utf-8")
    second = ["--by", "second reviewer", "--method", "spot check"]
    code, out, _ = run(["translations", *second, "--review", "first", "--on", "2026-11-25", str(data)], capsys)
    assert code == 0 and "1 review(s) recorded." in out and "initiatives[0].summary: review recorded" in out
    after = review_lines(data)
    changed = [line for line in after if line not in before]
    assert len(changed) == 1 and "second reviewer, method: spot check" in changed[0]
    code, out, _ = run(["translations", *second, "--review", "first", "--on", "2026-11-25", str(data)], capsys)
    assert "Nothing to record" in out
    code, out, _ = run(["translations", *second, "--all", "--review", "first", "--on", "2026-11-25", str(data)], capsys)
    assert code == 0 and all("second reviewer" in line for line in review_lines(data) if "first" not in line)
    first = validate_text(data.read_text("utf-8")).dataset.initiatives[0]
    texts = [first.title, first.summary, first.body, *first.measures, *(u.text for u in first.updates)]
    assert all(text.reviewed and text.reviewed.by == "second reviewer" for text in texts)


def test_a_review_of_some_texts_of_a_record_records_those_texts_only(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    # A reviewer who passed the summary but changed the body: only the summary gets a record.
    data = reviewed_sample(tmp_path, capsys)
    text = data.read_text("utf-8").replace("en: Summary one", "en: Summary one reworded")
    data.write_text(text.replace("en: Text one", "en: Text one reworded"), "utf-8")
    second = ["--by", "second reviewer", "--method", "spot check", "--on", "2026-11-25", "--review", "first"]
    code, out, _ = run(["translations", *second, "--field", "summary", str(data)], capsys)
    assert code == 0 and "1 review(s) recorded." in out and "initiatives[0].summary: review recorded" in out
    first = validate_text(data.read_text("utf-8")).dataset.initiatives[0]
    assert first.summary.reviewed and first.summary.reviewed.by == "second reviewer"
    assert first.body.reviewed and first.body.reviewed.by != "second reviewer"  # still the old, voided review
    code, _, err = run(["translations", *second, "--field", "sumary", str(data)], capsys)
    assert code == 2 and "--field: no text ['sumary'] in these records; nothing was recorded" in err


def test_a_short_title_carries_a_review_record_like_every_other_text(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    data = reviewed_sample(tmp_path, capsys)
    validated = validate_text(data.read_text("utf-8"))
    short = validated.dataset.initiatives[0].short
    assert short is not None and short.reviewed is not None and short.reviewed.by == "independent reviewer"
    items = [item for item in review_report(validated.dataset) if item.record_id == "first"]
    assert ("initiatives[0].short", "short", "reviewed") in [(i.path, i.field, i.state) for i in items]
    data.write_text(data.read_text("utf-8").replace("en: First,", "en: Number one,"), "utf-8")
    code, _, err = run(["check", str(data)], capsys)
    assert code == 0 and "initiatives[0].short.reviewed: warning: the text changed after its review" in err


def test_the_translation_status_page_shows_reviewer_method_and_date_and_counts_short_titles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from generator.render import Renderer
    from tests.golden import sample_pages

    data = reviewed_sample(tmp_path, capsys)
    validated = validate_text(data.read_text("utf-8"))
    texts = [item for item in review_report(validated.dataset) if item.record_id == "first"]
    assert "short" in [item.field for item in texts]
    for language in LANGUAGES.values():
        labels = load_labels(language.key)
        page = next(p for p in sample_pages(validated, language) if p.path == "translations.md")
        row = next(line for line in Renderer(language, validated.glossary).render(page).splitlines() if "first" in line)
        expected = labels["review_record"].format(
            date=format_date("2026-11-20", language),
            by="independent reviewer",
            method="bilingual review against the article",
        )
        assert f"{labels['review_states']['reviewed']}{labels['colon']}{expected}" in row, row
    unrecorded = data.read_text("utf-8").replace("method: bilingual review against the article", "method: unrecorded")
    validated = validate_text(unrecorded)
    for language in LANGUAGES.values():
        labels = load_labels(language.key)
        page = next(p for p in sample_pages(validated, language) if p.path == "translations.md")
        row = next(line for line in Renderer(language, validated.glossary).render(page).splitlines() if "first" in line)
        method = labels["review_record"].format(
            date=format_date("2026-11-20", language),
            by="independent reviewer",
            method=labels["review_method_unrecorded"],
        )
        assert method in row, row


def test_not_accepted_and_not_reviewed_are_two_words_for_two_things(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    # "not accepted": no fingerprint (the editor's `make accept`); "not reviewed": no quality review (`make review`).
    (tmp_path / "glossary.yaml").write_text(GLOSSARY, "utf-8")
    data = tmp_path / "initiatives.yaml"
    data.write_text(MINIMAL, "utf-8")
    _, out, _ = run(["translations", str(data)], capsys)
    assert re.fullmatch(r"0 missing, 0 stale, [1-9]\d* not accepted, 0 current", out.splitlines()[-1]), out
    assert "unreviewed" not in out and "not-reviewed" not in out
    _, out, _ = run(["translations", "--reviews", str(data)], capsys)
    assert re.fullmatch(r"[1-9]\d* not reviewed, 0 changed, 0 reviewed", out.splitlines()[-1]), out
    code, _, err = run(["check", str(data)], capsys)
    assert code == 0
    assert (
        "warning: this translation is not accepted yet (it has no fingerprint): once the English says what the " in err
    )
    assert "once it is reviewed" not in err


@pytest.mark.parametrize("zone", ["Etc/GMT+12", "Pacific/Kiritimati"])
def test_a_review_is_dated_the_day_in_china_wherever_the_reviewer_is(tmp_path: Path, capsys, zone: str) -> None:  # type: ignore[no-untyped-def]
    # Twenty hours behind China most of the day, fourteen ahead of UTC: the day where the reviewer is
    # differs from the day in China, by which every date of the data is judged.
    data = sample_project(tmp_path, capsys)
    env = {**os.environ, "TZ": zone}
    review = [*REVIEW_BY, "--review", "first", str(data)]
    before = china_today()
    done = subprocess.run(
        [sys.executable, "-m", "generator", "translations", *review], env=env, text=True, capture_output=True
    )
    assert done.returncode == 0, done.stderr
    dates = set(re.findall(r'reviewed: \{by: [^}]*date: "([0-9-]+)"', data.read_text("utf-8")))
    assert dates and dates <= {before.isoformat(), china_today().isoformat()}, dates
