"""Edit links open the data at the right line; pages say when their entry last changed."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from generator.labels import format_date, load_labels
from generator.languages import LANGUAGES
from tests.support import BuiltSite

REPO = Path(__file__).resolve().parent.parent
REPO_URL = "https://github.com/zibo-reforms/zibo-reforms"


def line_of(site: BuiltSite, text: str) -> int:
    """The line of the data file the site was built from that reads ``text``."""
    return (site.project / "data" / "initiatives.yaml").read_text("utf-8").splitlines().index(text) + 1


def edit_link(site: BuiltSite, page: str):  # type: ignore[no-untyped-def]
    return site.html(page).select_one('a[rel="edit"]')


def test_initiative_and_theme_pages_edit_their_entry_in_the_data_file(site: BuiltSite) -> None:
    for language in LANGUAGES.values():
        for initiative in site.dataset.initiatives:
            line = line_of(site, f"  - id: {initiative.id}")
            link = edit_link(site, f"{language.prefix}initiatives/{initiative.id}/")
            assert link["href"] == f"{REPO_URL}/blob/main/data/initiatives.yaml#L{line}"
            assert link.get_text() == load_labels(language.key)["footer_edit_data"].format(
                file="data/initiatives.yaml", line=line
            )  # in the footer, labelled for editors
        for theme in site.dataset.themes:
            link = edit_link(site, f"{language.prefix}themes/{theme.id}/")
            assert link["href"] == f"{REPO_URL}/blob/main/data/initiatives.yaml#L{line_of(site, f'  - id: {theme.id}')}"


def test_hand_written_pages_edit_their_own_markdown(site: BuiltSite) -> None:
    for language in LANGUAGES.values():
        assert (
            edit_link(site, f"{language.prefix}about/")["href"] == f"{REPO_URL}/edit/main/docs/{language.key}/about.md"
        )


def test_no_edit_link_points_to_a_generated_file(site: BuiltSite) -> None:
    tracked = set(subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True).stdout.split())
    for file in site.root.rglob("index.html"):
        link = edit_link(site, file.relative_to(site.root).as_posix().removesuffix("index.html"))
        if link is None:
            continue
        target = link["href"].removeprefix(f"{REPO_URL}/").split("/", 2)[2].split("#")[0]
        assert target in tracked, (file, target)  # a file editors can actually open
        assert target.startswith("data/") or target.endswith("about.md"), (file, target)


def test_the_repository_link_makes_no_request_to_github(site: BuiltSite) -> None:
    source = site.html("").select_one("a.md-source")
    assert source["href"] == REPO_URL and "data-md-component" not in source.attrs


def test_initiative_pages_say_when_their_entry_last_changed_in_each_language(site: BuiltSite) -> None:
    form = {"zh": r"\d{4}年\d{1,2}月\d{1,2}日", "en": r"\d{1,2} [A-Z][a-z]+ \d{4}"}
    for initiative in site.dataset.initiatives:
        for language in LANGUAGES.values():
            facts = site.html(f"{language.prefix}initiatives/{initiative.id}/").select_one(".zibo-facts")
            shown = format_date(initiative.updates[-1].date, language)
            assert re.fullmatch(form[language.key], shown), shown
            assert shown in facts.get_text()  # in "announced (as of …)"; the tracking line follows
