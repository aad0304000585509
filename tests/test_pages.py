"""Planning pages: stable paths from ids, related initiatives ranked and capped."""

from __future__ import annotations

from generator.languages import EN, ZH
from generator.models import Dataset, Glossary
from generator.pages import plan_pages
from generator.related import find_related
from generator.urls import LinksFrom, page_url
from tests.samples import MINIMAL, validate_text, vary


def dataset_with(*themes_per_initiative: list[str], related: dict[int, list[str]] | None = None) -> Dataset:
    base = validate_text(MINIMAL).dataset
    template = base.initiatives[0]
    initiatives = [
        template.model_copy(
            update={"id": f"i{n}", "number": n, "themes": themes, "related": (related or {}).get(n, [])}
        )
        for n, themes in enumerate(themes_per_initiative, start=1)
    ]
    return base.model_copy(update={"initiatives": initiatives})


def test_one_page_per_initiative_theme_and_status_plus_home_themes_index_and_print() -> None:
    dataset = validate_text(MINIMAL).dataset
    for language in (ZH, EN):
        paths = [
            page.path for page in plan_pages(dataset, Glossary(terms=[]), language, "https://example.org/", "Site")
        ]
        assert paths == [
            "index.md",
            "initiatives/first.md",
            "initiatives/second.md",
            "themes/index.md",
            "themes/environment.md",
            "themes/finance.md",
            "status/not-researched.md",  # the initiatives whose progress nobody researched yet
            "status/announced.md",
            "status/in-progress.md",
            "status/completed.md",
            "status/stalled.md",
            "status/superseded.md",
            "print.md",
            "translations.md",
            "glossary.md",
            "source.md",
            "changes.md",
            "updates.md",
            "subscribe.md",
        ]


def test_page_addresses_follow_mkdocs_directory_urls() -> None:
    assert page_url("index.md") == ""
    assert page_url("themes/index.md") == "themes/"
    assert page_url("initiatives/first.md") == "initiatives/first/"
    assert LinksFrom("initiatives/a.md").md("themes/b.md") == "../themes/b.md"
    assert LinksFrom("index.md").md("themes/index.md") == "themes/index.md"


def test_related_are_ranked_by_shared_themes_then_number() -> None:
    dataset = dataset_with(["environment", "finance"], ["finance"], ["environment", "finance"], ["environment"])
    links = find_related(dataset)["i1"]
    assert [(link.initiative.id, link.shared_themes) for link in links] == [
        ("i3", ("environment", "finance")),
        ("i2", ("finance",)),
        ("i4", ("environment",)),
    ]


def test_declared_related_come_first_both_ways_even_without_shared_themes() -> None:
    dataset = dataset_with(["environment"], ["environment"], ["finance"], ["finance"], related={1: ["i3"]})
    assert [(link.initiative.id, link.declared) for link in find_related(dataset)["i1"]] == [
        ("i3", True),
        ("i2", False),
    ]
    assert [(link.initiative.id, link.declared) for link in find_related(dataset)["i3"]] == [
        ("i1", True),
        ("i4", False),
    ]


def test_related_lists_are_capped_so_pages_do_not_grow_with_the_dataset() -> None:
    dataset = dataset_with(*[["environment", "finance"]] * 30)
    assert all(len(links) == 6 for links in find_related(dataset).values())
    assert [link.initiative.number for link in find_related(dataset)["i10"]] == [1, 2, 3, 4, 5, 6]


def test_an_initiative_without_shared_themes_or_links_has_no_related() -> None:
    dataset = dataset_with(["environment"], ["finance"])
    assert find_related(dataset) == {"i1": [], "i2": []}


def test_theme_pages_list_their_initiatives_in_number_order() -> None:
    dataset = dataset_with(["finance"], ["environment"], ["finance", "environment"])
    pages = {page.path: page for page in plan_pages(dataset, Glossary(terms=[]), ZH, "/", "Site")}
    assert [i.id for i in pages["themes/finance.md"].context["initiatives"]] == ["i1", "i3"]


def test_planning_reads_only_the_data_it_is_given() -> None:
    text = vary("  - id: second", "  - id: zweite")
    assert "initiatives/zweite.md" in [
        p.path for p in plan_pages(validate_text(text).dataset, Glossary(terms=[]), EN, "/", "Site")
    ]
