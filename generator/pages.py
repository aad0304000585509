"""Dataset -> the list of pages to generate for one language (paths, templates, contexts)."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .languages import Language
from .models import Dataset, Initiative, Theme
from .related import find_related

# Where each kind of generated page lives, relative to the language's docs folder.
HOME_PAGE = "index.md"
INITIATIVE_PAGE = "initiatives/{id}.md"
THEMES_PAGE = "themes/index.md"
THEME_PAGE = "themes/{id}.md"
# Folders and files the generator owns: it may delete stale files only here.
GENERATED_FOLDERS = ("initiatives", "themes", "data")
GENERATED_FILES = (HOME_PAGE,)


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


def plan_pages(dataset: Dataset, language: Language) -> list[PageSpec]:
    initiatives = sorted(dataset.initiatives, key=lambda initiative: initiative.number)
    themes_by_id = {theme.id: theme for theme in dataset.themes}
    members = _members_by_theme(dataset)
    related = find_related(dataset)
    common = {"language": language, "source": dataset.source, "themes_by_id": themes_by_id, "total": len(initiatives)}
    pages = [PageSpec(HOME_PAGE, "home.md.j2", {**common, "initiatives": initiatives, "themes": dataset.themes})]
    pages += [
        PageSpec(
            INITIATIVE_PAGE.format(id=initiative.id),
            "initiative.md.j2",
            {**common, "initiative": initiative, "related": related[initiative.id]},
        )
        for initiative in initiatives
    ]
    pages.append(PageSpec(THEMES_PAGE, "themes.md.j2", {**common, "themes": dataset.themes, "members": members}))
    pages += [
        PageSpec(
            THEME_PAGE.format(id=theme.id), "theme.md.j2", {**common, "theme": theme, "initiatives": members[theme.id]}
        )
        for theme in dataset.themes
    ]
    return pages


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
