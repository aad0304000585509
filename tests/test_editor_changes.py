"""An editor's correct change reaches the site; a typical mistake is refused by `make check`, located.

The valid changes are applied to a copy of the real data (in a messy review state: tests/support.py,
make_messy). Each must pass the check, whatever it warns about, and the rules every valid data file
meets; all of them together are built once, and the tests of the built site that depend on the content
run on that build too.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import feedparser
import pytest

from generator.labels import format_date, load_labels
from generator.languages import EN, LANGUAGES
from generator.models import RENAMED_FIELDS, STATUSES
from generator.pipeline import load_and_validate
from generator.translation import review_report
from tests import data_rules, test_exports, test_site, test_tracker, test_translations
from tests.editor_changes import (
    BIG_DATA,
    DIGITAL_GOVERNMENT,
    NEW_THEME,
    UPDATE_TEXT,
    Change,
    Mistake,
    apply_changes,
    run_cli,
    typical_mistakes,
    valid_changes,
)
from tests.support import FROZEN, BuiltSite, build_site, copy_data, copy_project, edit_yaml

pytestmark = pytest.mark.long

REPO = Path(__file__).resolve().parent.parent
REAL = load_and_validate(REPO / "data" / "initiatives.yaml")
CHANGES = valid_changes(REAL.dataset)

# The tests of the built site that depend on what the data says, run again on the changed data.
SITE_TESTS: list[Callable[[BuiltSite], None]] = [
    test_site.test_each_initiative_page_shows_number_title_summary_text_measures_themes_and_citation,
    test_site.test_english_pages_quote_the_chinese_original_marked_as_chinese,
    test_site.test_theme_pages_list_every_initiative_of_the_theme_in_order,
    test_site.test_themes_index_lists_all_themes_with_counts,
    test_site.test_home_page_has_the_lead_paragraph_and_all_initiatives_with_theme_links,
    test_site.test_related_initiatives_share_themes_or_are_declared_and_say_which_themes,
    test_tracker.test_each_initiative_page_shows_its_status_as_of_the_latest_update_and_links_the_status_page,
    test_tracker.test_status_pages_list_the_initiatives_in_each_status_in_both_languages,
    test_tracker.test_home_page_shows_counts_per_status_linking_to_the_status_pages,
    test_tracker.test_each_language_has_a_valid_atom_feed_of_updates_newest_first,
    test_tracker.test_both_feeds_use_the_same_entry_ids,
    test_tracker.test_sitemap_lists_every_page_of_both_languages_with_its_alternates,
    test_tracker.test_printable_page_has_every_initiative_in_order_and_stays_out_of_search,
    test_exports.test_json_export_has_every_initiative_with_both_languages_and_page_urls,
    test_exports.test_csv_export_opens_in_spreadsheets_with_one_row_per_initiative,
    test_translations.test_the_glossary_page_lists_every_term_in_both_languages,
    test_translations.test_the_first_occurrence_of_each_term_in_the_text_is_marked_with_its_explanation,
]


def check_and_rules(project: Path) -> str:
    """What is wrong with the project's data after a change: "" when the check and every data rule pass.
    Warnings are no failure: the check publishes the data whatever it warns about (a review to record, an
    English to accept), and so must the tests."""
    code, output = run_cli("check", str(project / "data" / "initiatives.yaml"))
    if code != 0:
        return output
    for rule in data_rules.DATA_RULES:
        try:
            rule(project)
        except AssertionError as error:
            return f"{rule.__name__}: {error}"
    return ""


@pytest.fixture(scope="module")
def changed_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The real data with every typical change applied, one after the other as an editor would, checking
    the data after each (so each change is checked, and the last state has them all, for one build)."""
    project = copy_project(REPO, tmp_path_factory.mktemp("changed"))
    found = {}
    for change in CHANGES:
        apply_changes(project / "data" / "initiatives.yaml", [change])
        found[change.name] = check_and_rules(project)
    return project, found


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.name)
def test_each_typical_change_passes_the_check_and_every_data_rule(
    changed_project: tuple[Path, dict[str, str]], change: Change
) -> None:
    assert changed_project[1][change.name] == ""


@pytest.fixture(scope="module")
def changed_site(changed_project: tuple[Path, dict[str, str]]) -> BuiltSite:
    """The real data with every typical change applied together, built once."""
    project = changed_project[0]
    result = build_site(project, site_url="https://example.org/zibo/")
    assert result.returncode == 0, result.output
    return BuiltSite(project, project / "site", "https://example.org/zibo/", result.output)


@pytest.mark.parametrize("site_test", SITE_TESTS, ids=lambda test: test.__name__.removeprefix("test_"))
def test_all_typical_changes_together_build_and_pass_the_site_tests(
    changed_site: BuiltSite, site_test: Callable[[BuiltSite], None]
) -> None:
    site_test(changed_site)


def test_all_typical_changes_together_pass_every_data_rule(changed_site: BuiltSite) -> None:
    for rule in data_rules.DATA_RULES:
        rule(changed_site.project)


def test_a_progress_update_reaches_its_page_its_status_page_the_home_counts_and_both_feeds(
    changed_site: BuiltSite,
) -> None:
    dataset = changed_site.dataset
    updated = [i for i in dataset.initiatives if i.updates[-1].text.zh == UPDATE_TEXT["zh"]]
    assert [i.status for i in updated] == list(STATUSES)  # one update of each status
    for initiative in updated:
        for language in LANGUAGES.values():
            labels = load_labels(language.key)
            page = changed_site.html(f"{language.prefix}initiatives/{initiative.id}/")
            facts = page.select_one(".zibo-facts").get_text()
            assert (
                labels["status_as_of"].format(
                    status=labels["statuses"][initiative.status],
                    date=format_date(initiative.updates[-1].date, language),
                )
                in facts
            )
            newest = page.select_one(".zibo-progress > li")  # newest first
            assert (UPDATE_TEXT[language.key] in newest.get_text() and "淄博日报" in newest.get_text()) or (
                language is EN and "Zibo Daily" in newest.get_text()
            )
            link = newest.find("a", href=re.compile(r"^https://example\.org/news/"))
            assert (link is not None) == (initiative.updates[-1].source.url is not None)  # type: ignore[union-attr]
            status_page = changed_site.html(f"{language.prefix}status/{initiative.status}/")
            assert any(
                a["href"].endswith(f"initiatives/{initiative.id}/") for a in status_page.select(".zibo-tracking-list a")
            )
    for language in LANGUAGES.values():
        feed = feedparser.parse((changed_site.root / language.prefix / "feed.xml").read_bytes())
        summaries = [entry.summary for entry in feed.entries[:10]]
        assert summaries.count(UPDATE_TEXT[language.key]) == len(STATUSES)


def test_an_update_without_english_is_labelled_on_the_english_page_and_feed_not_the_whole_page(
    changed_site: BuiltSite,
) -> None:
    label = load_labels("en")["untranslated"]
    initiative = next(i for i in changed_site.dataset.initiatives if i.updates[-1].text.en is None)
    page = changed_site.html(f"en/initiatives/{initiative.id}/")
    newest = page.select_one(".zibo-progress > li")
    assert newest.select_one('[lang="zh-Hans"]').get_text() == initiative.updates[-1].text.zh
    assert newest.select_one(".zibo-untranslated").get_text() == f"({label})"
    assert not page.select_one(".zibo-translation-notice")  # the rest of the page is English, and says so
    feed = feedparser.parse((changed_site.root / "en" / "feed.xml").read_bytes())
    assert f"({label.capitalize()}) {initiative.updates[-1].text.zh}" in [e.summary for e in feed.entries]


def test_the_new_theme_has_its_page_listing_its_initiatives(changed_site: BuiltSite) -> None:
    members = [i.id for i in changed_site.dataset.initiatives if NEW_THEME["id"] in i.themes]
    listed = changed_site.html(f"en/themes/{NEW_THEME['id']}/").select(".zibo-cards li > p:first-child a")
    assert len(members) >= 2 and [a["href"].rstrip("/").split("/")[-1] for a in listed] == members


def test_the_five_changes_of_issue_25_show_on_the_built_pages(changed_site: BuiltSite) -> None:
    """Initiative 12 completed in both languages, the new theme's page in each, the sourced glossary term in
    both glossaries."""
    dataset = changed_site.dataset
    completed = next(i for i in dataset.initiatives if i.number == 12)
    members = [i.id for i in dataset.initiatives if DIGITAL_GOVERNMENT["id"] in i.themes]
    term = next(t for t in changed_site.validated.glossary.terms if t.id == BIG_DATA["id"])
    assert completed.status == "completed" and len(members) >= 2 and term.source is not None
    for language in LANGUAGES.values():
        labels = load_labels(language.key)
        facts = changed_site.html(f"{language.prefix}initiatives/{completed.id}/").select_one(".zibo-facts")
        status = labels["statuses"]["completed"]
        date = format_date(completed.updates[-1].date, language)
        assert labels["status_as_of"].format(status=status, date=date) in facts.get_text()
        theme = changed_site.html(f"{language.prefix}themes/{DIGITAL_GOVERNMENT['id']}/")
        assert theme.h1.get_text(strip=True).rstrip("¶") == DIGITAL_GOVERNMENT["label"][language.key]
        listed = theme.select(".zibo-cards li > p:first-child a")
        assert [a["href"].rstrip("/").split("/")[-1] for a in listed] == members
        rows = changed_site.html(f"{language.prefix}glossary/").select("article table tbody tr")
        row = next(row for row in rows if row.td.get_text() == term.zh)
        assert row.find_all("td")[3].get_text() == test_translations.explanation_shown(term, language)


def mistakes_in(data: Path) -> list[Mistake]:
    """The typical mistakes, made on lines of the data files in ``data`` (found by rule)."""
    validated = load_and_validate(data / "initiatives.yaml")
    return typical_mistakes(
        (data / "initiatives.yaml").read_text("utf-8"),
        validated.dataset,
        validated.glossary,
        (data / "glossary.yaml").read_text("utf-8"),
    )


MISTAKE_NAMES = [mistake.name for mistake in mistakes_in(REPO / "data")]


@pytest.mark.parametrize("name", MISTAKE_NAMES)
def test_each_typical_mistake_fails_the_check_with_a_message_at_the_mistake(tmp_path: Path, name: str) -> None:
    folder = copy_data(REPO, tmp_path)
    mistake = next(mistake for mistake in mistakes_in(folder) if mistake.name == name)  # on the copy's lines
    data = folder / "initiatives.yaml"
    edited = folder / mistake.file
    text = edited.read_text("utf-8")
    assert mistake.old in text.splitlines() and mistake.old != mistake.new
    line = text.splitlines().index(mistake.old) + 1
    edited.write_text(text.replace(mistake.old + "\n", mistake.new + "\n", 1), "utf-8")
    if mistake.at is not None:  # the message belongs elsewhere (a deleted line has no place of its own)
        line = edited.read_text("utf-8").splitlines().index(mistake.at) + 1
    code, output = run_cli("check", str(data))
    assert code == 1, output
    first = output.splitlines()[0]
    assert re.match(rf"{re.escape(str(edited))}:{line}:\d+: ", first), first
    in_the_checkout = first.replace(f"{data.parent}/", "data/")  # the copy's data folder, named as in a checkout
    assert mistake.message in in_the_checkout, first
    assert "Traceback" not in output


def make(project: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """`make …` as an editor types it, in a copy of the project that uses this checkout's .venv."""
    for name in ("Makefile", "pyproject.toml", "requirements"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, project / name, dirs_exist_ok=True)
        else:
            shutil.copy2(source, project / name)
    venv = Path(sys.executable).parent
    return subprocess.run(
        ["make", "--no-print-directory", *arguments, f"BIN={venv}"], cwd=project, capture_output=True, text=True
    )


def test_make_accept_and_make_review_record_what_the_check_asks_for(tmp_path: Path) -> None:
    data = copy_data(REPO, tmp_path) / "initiatives.yaml"
    initiative = load_and_validate(data).dataset.initiatives[0]
    summary = "initiatives[0].summary"

    def warnings_about(path: str) -> list[str]:
        code, output = run_cli("check", str(data))
        assert code == 0, output
        return [line for line in output.splitlines() if f" {path}" in line and ": warning: " in line]

    with edit_yaml(data) as document:
        document["initiatives"][0]["summary"]["zh"] += "并持续改进。"
    command = f"make accept ID={initiative.id}"
    assert any(f"`{command}`" in line for line in warnings_about(f"{summary}.en"))
    result = make(tmp_path, *command.split()[1:])
    assert result.returncode == 0 and f"{summary}: fingerprint recorded" in result.stdout, result
    assert warnings_about(f"{summary}.en") == []
    command = f"make review ID={initiative.id} BY=<who reviewed> METHOD=<how>"
    assert [f"`{command}`" in line for line in warnings_about(summary)] == [True]  # the review no longer applies
    reviewer = ["BY=independent translation reviewer", "METHOD=independent bilingual review against the article"]
    result = make(tmp_path, "review", f"ID={initiative.id}", *reviewer)
    assert result.returncode == 0 and "review(s) recorded" in result.stdout, result
    assert warnings_about(summary) == []
    result = make(tmp_path, "accept")
    assert result.returncode != 0 and "make accept ID=<initiative or theme id>" in result.stderr
    result = make(tmp_path, "accept", f"ID={initiative.id[:-1]}")
    assert result.returncode != 0 and f"did you mean '{initiative.id}'?" in result.stderr


def test_what_an_editor_types_after_make_is_recorded_as_typed_and_never_run(tmp_path: Path) -> None:
    data = copy_data(REPO, tmp_path) / "initiatives.yaml"
    initiative = load_and_validate(data).dataset.initiatives[0]
    ran = tmp_path / "ran"
    by = f'-Ann "A." `echo INJECTED` $(echo RAN) $(shell touch {ran})'
    method = "compared $(HOME) and $PATH with the article; 100%"
    result = make(tmp_path, "review", f"ID={initiative.id}", f"BY={by}", f"METHOD={method}", "ALL=1")
    assert not ran.exists()
    assert result.returncode == 0 and "review(s) recorded" in result.stdout, result
    reviews = {
        (item.review.by, item.review.method)
        for item in review_report(load_and_validate(data).dataset)
        if item.record_id == initiative.id and item.review is not None
    }
    assert reviews == {(by, method)}
    result = make(tmp_path, "accept", "ID=source;echo PWNED-$$((6*7))")
    assert result.returncode != 0 and "PWNED-42" not in result.stdout + result.stderr, result
    assert "unknown id" in result.stderr


def test_contributing_names_only_make_targets_ids_and_themes_that_exist() -> None:
    # Its examples are checked against the frozen copy of the data (tests/frozen/): an editor's change to
    # data/ (a theme renamed) must not fail the tests; the guide is brought up to date with the copy.
    frozen = load_and_validate(FROZEN / "data" / "initiatives.yaml").dataset
    guide = (REPO / "CONTRIBUTING.md").read_text("utf-8")
    targets = set(re.findall(r"^([a-z]+):", (REPO / "Makefile").read_text("utf-8"), re.MULTILINE))
    assert set(re.findall(r"`make ([a-z]+)", guide)) <= targets
    ids = {i.id for i in frozen.initiatives} | {t.id for t in frozen.themes} | {"source"}
    named = {i for group in re.findall(r"make accept ID=\"?([a-z0-9 -]+)", guide) for i in group.split()}
    assert named and named <= ids
    suggested = set(re.findall(r"did you mean '([a-z-]+)'", guide))
    assert suggested and suggested - {"title", *RENAMED_FIELDS.values(), *STATUSES} <= {t.id for t in frozen.themes}
