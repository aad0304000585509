"""What is known of each initiative's progress (generator/tracking.py), where a reader meets it: the pages, the
feed and the open data, rendered in process from the golden sample (one initiative nobody researched, whose
announcement is recorded alike for a researched one)."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from generator.exports import dataset_as_csv, dataset_as_json
from generator.feeds import FeedLabels, atom_feed
from generator.labels import feed_title, format_date, load_labels
from generator.languages import LANGUAGES
from generator.pages import updates_newest_first
from generator.render import Renderer
from generator.tracking import NOT_RESEARCHED, TRACKING_STATES, tracking_state
from generator.validate import Validated
from tests.golden import SAMPLE, SITE_URL, sample_pages
from tests.samples import validate_text

ATOM = {"a": "http://www.w3.org/2005/Atom"}


@pytest.fixture(scope="module")
def sample() -> Validated:
    return validate_text(SAMPLE)


def rendered(sample: Validated, key: str, path: str) -> BeautifulSoup:
    language = LANGUAGES[key]
    (page,) = [page for page in sample_pages(sample, language) if page.path == path]
    return BeautifulSoup(Renderer(language, sample.glossary).render(page), "html.parser")


def states(sample: Validated) -> dict[str, str]:
    return {i.id: tracking_state(i, sample.dataset.source.announced) for i in sample.dataset.initiatives}


def test_the_sample_has_an_initiative_nobody_researched_and_researched_ones(sample: Validated) -> None:
    assert states(sample) == {"first": "in-progress", "second": "announced", "third": NOT_RESEARCHED}


@pytest.mark.parametrize("key", LANGUAGES)
def test_the_page_of_an_initiative_nobody_researched_says_its_progress_is_not_researched_yet(
    sample: Validated, key: str
) -> None:
    labels = load_labels(key)
    for initiative in sample.dataset.initiatives:
        facts = rendered(sample, key, f"initiatives/{initiative.id}.md").select_one(".zibo-facts")
        status_link = facts.select("p")[1].a
        researched = states(sample)[initiative.id] != NOT_RESEARCHED
        assert (labels["not_researched"] in status_link.get_text()) is not researched
        assert status_link["href"].endswith(f"status/{states(sample)[initiative.id]}/")
        assert (labels["not_researched"].casefold() in facts.select_one(".zibo-tracking").get_text().casefold()) is (
            not researched
        )


@pytest.mark.parametrize("key", LANGUAGES)
def test_home_and_status_pages_count_and_list_by_what_is_known(sample: Validated, key: str) -> None:
    labels = load_labels(key)
    names = {NOT_RESEARCHED: labels["not_researched"], **labels["statuses"]}
    home = rendered(sample, key, "index.md")
    shown = [a.get_text() for a in home.select(".zibo-statuses a")]
    counts = {state: sum(s == state for s in states(sample).values()) for state in TRACKING_STATES}
    assert shown == [labels["status_count"].format(status=names[s], count=counts[s]) for s in TRACKING_STATES]
    for state in TRACKING_STATES:
        listed = rendered(sample, key, f"status/{state}.md").select(".zibo-tracking-list li > a")
        assert [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in listed] == [
            i for i, s in states(sample).items() if s == state
        ]


@pytest.mark.parametrize("key", LANGUAGES)
def test_home_says_beside_the_edition_how_many_initiatives_were_checked_and_when(sample: Validated, key: str) -> None:
    labels, language = load_labels(key), LANGUAGES[key]
    statement = rendered(sample, key, "index.md").select_one(".zibo-statement") or rendered(sample, key, "index.md")
    checked = [i.checked for i in sample.dataset.initiatives if i.checked]
    expected = labels["checked_some"].format(
        count=len(checked), total=len(sample.dataset.initiatives), date=format_date(max(checked), language)
    )
    text = statement.get_text()
    edition = format_date(sample.dataset.edition_date(), language)
    assert edition in text and expected in text.split(edition, 1)[1]


def test_when_no_initiative_was_checked_the_home_page_says_so() -> None:
    sample = validate_text(SAMPLE.replace('    checked: "2026-11-01"\n', ""))
    for key in LANGUAGES:
        home = rendered(sample, key, "index.md").get_text()
        assert load_labels(key)["checked_none"].format(total=len(sample.dataset.initiatives)) in home


@pytest.mark.parametrize("key", LANGUAGES)
def test_an_update_recorded_alike_for_several_initiatives_is_one_line_of_the_updates_page(
    sample: Validated, key: str
) -> None:
    items = rendered(sample, key, "updates.md").select("ol.zibo-updates > li")
    updates = sum(len(i.updates) for i in sample.dataset.initiatives)
    assert len(items) == updates - 1 == len(updates_newest_first(sample.dataset))
    (shared,) = [li for li in items if li.select("ul.zibo-updates__initiatives")]
    members = shared.select("ul.zibo-updates__initiatives > li")
    assert [li.a["href"].rstrip("/").rsplit("/", 1)[-1] for li in members] == ["first", "third"]
    assert [load_labels(key)["not_researched"] in li.get_text() for li in members] == [False, True]


@pytest.mark.parametrize("key", LANGUAGES)
def test_the_feed_has_one_entry_per_distinct_update_saying_what_nobody_researched(sample: Validated, key: str) -> None:
    language, labels = LANGUAGES[key], load_labels(key)
    feed_labels = FeedLabels(
        feed_title(language),
        labels["feed_entry_title"],
        dict(labels["statuses"]),
        author="the editors",
        group_title=labels["feed_group_title"],
        not_researched=labels["not_researched"],
    )
    root = ET.fromstring(atom_feed(sample.dataset, language, SITE_URL, feed_labels))
    entries = root.findall("a:entry", ATOM)
    assert len(entries) == sum(len(i.updates) for i in sample.dataset.initiatives) - 1
    assert len({entry.findtext("a:id", namespaces=ATOM) for entry in entries}) == len(entries)
    shared = [e for e in entries if e.find("a:link", ATOM).get("href").endswith("/updates/")]  # type: ignore[union-attr]
    (entry,) = shared
    assert entry.findtext("a:title", namespaces=ATOM) == labels["feed_group_title"].format(
        count=2, status=labels["statuses"]["announced"]
    )
    assert NOT_RESEARCHED in [c.get("term") for c in entry.findall("a:category", ATOM)]
    assert f"({labels['not_researched']})" in (entry.findtext("a:content", namespaces=ATOM) or "")


def test_the_open_data_says_which_initiatives_nobody_researched(sample: Validated) -> None:
    exported = json.loads(dataset_as_json(sample.dataset, SITE_URL))
    assert {i["id"]: i["tracking"] for i in exported["initiatives"]} == states(sample)
    rows = csv.DictReader(io.StringIO(dataset_as_csv(sample.dataset, SITE_URL).decode("utf-8-sig")))
    assert {row["id"]: row["tracking"] for row in rows} == states(sample)
