"""Dataset -> the list of pages to generate for one language (paths, templates, contexts)."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .languages import Language
from .metadata import collection_data, initiative_data, latest_date, theme_data, website
from .models import STATUSES, Dataset, Initiative, Theme
from .related import find_related

# Where each kind of generated page lives, relative to the language's docs folder.
HOME_PAGE = "index.md"
INITIATIVE_PAGE = "initiatives/{id}.md"
THEMES_PAGE = "themes/index.md"
THEME_PAGE = "themes/{id}.md"
STATUS_PAGE = "status/{status}.md"
PRINT_PAGE = "print.md"
FEED_FILE = "feed.xml"
ROBOTS_FILE = "robots.txt"
# Folders and files the generator owns: it may delete stale files only here.
GENERATED_FOLDERS = ("initiatives", "themes", "status", "data")
GENERATED_FILES = (HOME_PAGE, PRINT_PAGE, FEED_FILE, ROBOTS_FILE)


@dataclass(frozen=True)
class PageSpec:
    path: str  # Markdown source path inside the language's docs folder
    template: str
    context: Mapping[str, Any]


def page_url(path: str) -> str:
    """The address of a Markdown page relative to its language's root, as MkDocs builds it."""
    stem = path.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def relative_link(from_page: str, to_page: str) -> str:
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


def plan_pages(dataset: Dataset, language: Language, site_url: str, site_name: str) -> list[PageSpec]:
    """Every generated page of one language. ``site_url`` is the address of the (Chinese) site root."""
    initiatives = sorted(dataset.initiatives, key=lambda initiative: initiative.number)
    themes_by_id = {theme.id: theme for theme in dataset.themes}
    members = _members_by_theme(dataset)
    by_status = {status: [i for i in initiatives if i.status == status] for status in STATUSES}
    related = find_related(dataset)
    root_url = f"{site_url}{language.prefix}"
    site = website(site_name, root_url, language)

    def url(path: str) -> str:
        return root_url + page_url(path)

    def label(theme_id: str) -> str:
        return themes_by_id[theme_id].label.text(language.key) or themes_by_id[theme_id].label.zh

    common = {
        "language": language,
        "source": dataset.source,
        "themes_by_id": themes_by_id,
        "total": len(initiatives),
        "site_url": site_url,
        "by_status": by_status,
        "updated": latest_date(dataset),
    }
    pages = [
        PageSpec(
            HOME_PAGE,
            "home.md.j2",
            {
                **common,
                "initiatives": initiatives,
                "themes": dataset.themes,
                "structured_data": {
                    **site,
                    "@context": "https://schema.org",
                    "description": dataset.source.lead.text(language.key) or dataset.source.lead.zh,
                },
            },
        )
    ]
    for initiative in initiatives:
        path = initiative_page(initiative)
        pages.append(
            PageSpec(
                path,
                "initiative.md.j2",
                {
                    **common,
                    "initiative": initiative,
                    "related": related[initiative.id],
                    "updated": initiative.updates[-1].date,
                    "structured_data": initiative_data(
                        dataset, initiative, language, url(path), site, [label(t) for t in initiative.themes]
                    ),
                },
            )
        )
    pages.append(
        PageSpec(
            THEMES_PAGE,
            "themes.md.j2",
            {
                **common,
                "themes": dataset.themes,
                "members": members,
                "structured_data": collection_data(site_name, "", language, url(THEMES_PAGE), site, dataset),
            },
        )
    )
    for theme in dataset.themes:
        path = theme_page(theme)
        pages.append(
            PageSpec(
                path,
                "theme.md.j2",
                {
                    **common,
                    "theme": theme,
                    "initiatives": members[theme.id],
                    "structured_data": theme_data(theme, language, url(path), site, dataset),
                },
            )
        )
    for status in STATUSES:
        path = STATUS_PAGE.format(status=status)
        pages.append(
            PageSpec(
                path,
                "status.md.j2",
                {
                    **common,
                    "status": status,
                    "initiatives": by_status[status],
                    "structured_data": collection_data(status, "", language, url(path), site, dataset),
                },
            )
        )
    pages.append(
        PageSpec(
            PRINT_PAGE,
            "print.md.j2",
            {
                **common,
                "initiatives": initiatives,
                "structured_data": collection_data(site_name, "", language, url(PRINT_PAGE), site, dataset),
            },
        )
    )
    return pages


def status_page(status: str) -> str:
    return STATUS_PAGE.format(status=status)


def _members_by_theme(dataset: Dataset) -> dict[str, list[Initiative]]:
    members: dict[str, list[Initiative]] = {theme.id: [] for theme in dataset.themes}
    for initiative in sorted(dataset.initiatives, key=lambda i: i.number):
        for theme_id in initiative.themes:
            members[theme_id].append(initiative)
    return members


def theme_page(theme: Theme) -> str:
    return THEME_PAGE.format(id=theme.id)


def initiative_page(initiative: Initiative) -> str:
    return INITIATIVE_PAGE.format(id=initiative.id)
