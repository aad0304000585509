"""Where each generated page and file lives in a language's docs folder, and the names the site keeps.

Paths are relative to the language's docs folder ("themes/index.md"); generator/urls.py turns them into
addresses.
"""

from __future__ import annotations

from pathlib import Path

from .models import Initiative, Theme
from .tracking import TRACKING_STATES

# Where each kind of generated page lives, relative to the language's docs folder.
HOME_PAGE = "index.md"
INITIATIVE_PAGE = "initiatives/{id}.md"
THEMES_PAGE = "themes/index.md"
THEME_PAGE = "themes/{id}.md"
STATUS_PAGE = "status/{status}.md"
PRINT_PAGE = "print.md"
TRANSLATIONS_PAGE = "translations.md"
GLOSSARY_PAGE = "glossary.md"
SOURCE_PAGE = "source.md"
CHANGES_PAGE = "changes.md"
UPDATES_PAGE = "updates.md"
SUBSCRIBE_PAGE = "subscribe.md"  # what the feed is and its address to copy
FEED_FILE = "feed.xml"
ROBOTS_FILE = "robots.txt"
# Folders and files the generator owns: it may delete stale files only here.
GENERATED_FOLDERS = ("initiatives", "themes", "status", "data")
GENERATED_FILES = (
    HOME_PAGE,
    PRINT_PAGE,
    TRANSLATIONS_PAGE,
    GLOSSARY_PAGE,
    SOURCE_PAGE,
    CHANGES_PAGE,
    UPDATES_PAGE,
    SUBSCRIBE_PAGE,
    FEED_FILE,
    ROBOTS_FILE,
)
# What MkDocs and the Material theme write into every language's build beside the pages.
BUILDER_OUTPUTS = ("404.html", "assets/", "pagefind/", "sitemap.xml", "sitemap.xml.gz")
# (pagefind/ is the search index, made over the built site: mkdocs_site/search_index.py.)


def reserved_ids(page: str) -> dict[str, str]:
    """The ids a record whose page is ``page`` (e.g. THEME_PAGE) cannot take, each with what the site has there.

    An id names a page inside its kind's folder (themes/ID/), so it can collide only with what else the
    site puts in that folder, and with `index`, the name of every folder's own page (themes/).
    """
    folder = page.split("{id}", 1)[0]
    planned = [*GENERATED_FILES, THEMES_PAGE, *(status_page(state) for state in TRACKING_STATES)]
    names = {"index": f"the folder's own page ({folder})"}
    for path in planned:
        if path.startswith(folder):
            names.setdefault(path.removeprefix(folder).split("/")[0].split(".")[0], f"another page, {path}")
    return names


def hand_written_files(docs_dir: Path) -> list[Path]:
    """The files of a language's docs folder that editors write, i.e. all but what the generator owns."""
    owned_folders = {docs_dir / folder for folder in GENERATED_FOLDERS}
    return sorted(
        path
        for path in docs_dir.rglob("*")
        if path.is_file()
        and path.relative_to(docs_dir).as_posix() not in GENERATED_FILES
        and not any(folder in path.parents for folder in owned_folders)
    )


def status_page(status: str) -> str:
    return STATUS_PAGE.format(status=status)


def theme_page(theme: Theme) -> str:
    return THEME_PAGE.format(id=theme.id)


def initiative_page(initiative: Initiative) -> str:
    return INITIATIVE_PAGE.format(id=initiative.id)
