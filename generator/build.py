"""The whole pipeline for one language: load -> validate -> plan -> render -> write."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .article import read_article_copy
from .discovery import FeedLabels, atom_feed, robots_txt
from .exports import CSV_EXPORT, JSON_EXPORT, dataset_as_csv, dataset_as_json
from .languages import SOURCE_LANGUAGE, Language
from .loader import load_file
from .pages import FEED_FILE, GENERATED_FILES, GENERATED_FOLDERS, ROBOTS_FILE, SourceLines, plan_pages
from .render import Renderer, load_labels
from .validate import Validated, validate
from .writer import WriteReport, write_changed

DEFAULT_DATA = Path("data/initiatives.yaml")
GLOSSARY_NAME = "glossary.yaml"


def display_path(path: Path) -> str:
    """The path as an editor would type it: relative to the current folder when possible."""
    try:
        return (
            Path(os.path.relpath(path)).as_posix()
            if not path.is_absolute() or path.is_relative_to(Path.cwd())
            else path.as_posix()
        )
    except ValueError:
        return path.as_posix()


def load_and_validate(
    data_path: Path = DEFAULT_DATA, glossary_path: Path | None = None, *, strict_translations: bool = False
) -> Validated:
    """Raises ``DataError`` with every problem found in either file."""
    glossary_path = glossary_path or data_path.parent / GLOSSARY_NAME
    document = load_file(data_path, display_path(data_path))
    glossary = load_file(glossary_path, display_path(glossary_path))
    return validate(document, glossary, strict_translations=strict_translations)


def render_language(
    validated: Validated,
    language: Language,
    site_url: str,
    sources: SourceLines | None = None,
    article: str | None = None,
) -> dict[str, bytes]:
    """Every generated file of one language's docs folder, by path inside that folder."""
    renderer = Renderer(language, validated.glossary)
    labels = load_labels(language.key)
    pages = plan_pages(validated.dataset, validated.glossary, language, site_url, labels["site_name"], sources, article)
    files = {page.path: renderer.render(page).encode("utf-8") for page in pages}
    feed_labels = FeedLabels(
        labels["feed_title"].format(site_name=labels["site_name"]), labels["feed_entry_title"], dict(labels["statuses"])
    )
    files[FEED_FILE] = atom_feed(validated.dataset, language, site_url, feed_labels)
    if language is SOURCE_LANGUAGE:  # one copy of the open data and of robots.txt, at the site root
        files[JSON_EXPORT] = dataset_as_json(validated.dataset, site_url)
        files[CSV_EXPORT] = dataset_as_csv(validated.dataset, site_url)
        files[ROBOTS_FILE] = robots_txt(site_url)
    return files


@dataclass(frozen=True)
class Generated:
    validated: Validated
    reports: Mapping[Language, WriteReport]  # what was written, per language


def generate(
    docs_dir: Path,
    language: Language,
    site_url: str,
    data_path: Path = DEFAULT_DATA,
    glossary_path: Path | None = None,
    repository: Path | None = None,
) -> Generated:
    """Load, validate and write one language's pages. With ``repository`` (the folder the data files are
    versioned in), each page records which data file and line it comes from, for "edit" links."""
    return generate_languages({language: docs_dir}, site_url, data_path, glossary_path, repository)


def generate_languages(
    docs_dirs: Mapping[Language, Path],
    site_url: str,
    data_path: Path = DEFAULT_DATA,
    glossary_path: Path | None = None,
    repository: Path | None = None,
) -> Generated:
    """Load and validate once, then write each language's pages into its docs folder."""
    glossary_path = glossary_path or data_path.parent / GLOSSARY_NAME
    validated = load_and_validate(data_path, glossary_path)
    sources = None
    if repository is not None:
        sources = SourceLines(
            data_path.resolve().relative_to(repository.resolve()).as_posix(),
            glossary_path.resolve().relative_to(repository.resolve()).as_posix(),
            validated.locations,
            validated.glossary_locations,
        )
    article = read_article_copy(data_path, validated.dataset)
    reports = {
        language: write_changed(
            docs_dir,
            render_language(validated, language, site_url, sources, article),
            GENERATED_FOLDERS,
            GENERATED_FILES,
        )
        for language, docs_dir in docs_dirs.items()
    }
    return Generated(validated, reports)
