"""The whole pipeline for one language: load -> validate -> plan -> render -> write."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .article import read_article
from .errors import display_path
from .exports import CSV_EXPORT, JSON_EXPORT, SEARCH_ALIASES, dataset_as_csv, dataset_as_json, search_aliases
from .feeds import FeedLabels, atom_feed, robots_txt
from .garbage_collection import fewer_collections
from .labels import feed_title, load_labels
from .languages import SOURCE_LANGUAGE, Language
from .loader import load_file
from .page_paths import FEED_FILE, GENERATED_FILES, GENERATED_FOLDERS, ROBOTS_FILE
from .pages import SourceLines, plan_pages
from .project import DATA_FILE, glossary_beside
from .render import Renderer
from .validate import Validated, validate
from .writer import WriteReport, write_changed


@fewer_collections()
def load_and_validate(
    data_path: Path = DATA_FILE,
    glossary_path: Path | None = None,
    *,
    strict_translations: bool = False,
    shown_in: Path | None = None,
) -> Validated:
    """Raises ``DataError`` with every problem found in either file.

    ``shown_in``: the folder messages name for the files (a build reads a copy of data/, and names data/)."""
    glossary_path = glossary_path or glossary_beside(data_path)
    document = load_file(data_path, display_path((shown_in or data_path.parent) / data_path.name))
    glossary = load_file(glossary_path, display_path((shown_in or glossary_path.parent) / glossary_path.name))
    article = read_article(document, data_path)
    return validate(
        document,
        glossary,
        strict_translations=strict_translations,
        article=article,
    )


def render_language(
    validated: Validated,
    language: Language,
    site_url: str,
    sources: SourceLines | None = None,
) -> dict[str, bytes]:
    """Every generated file of one language's docs folder, by path inside that folder."""
    renderer = Renderer(language, validated.glossary)
    labels = load_labels(language.key)
    pages = plan_pages(
        validated.dataset, validated.glossary, language, site_url, labels["site_name"], sources, validated.article
    )
    files = {page.path: renderer.render(page).encode("utf-8") for page in pages}
    publication = validated.dataset.site
    feed_labels = FeedLabels(
        feed_title(language),
        labels["feed_entry_title"],
        dict(labels["statuses"]),
        labels["untranslated"].capitalize(),
        author=publication.maintainer.text_or_chinese(language.key) if publication else "",
        group_title=labels["feed_group_title"],
        not_researched=labels["not_researched"],
    )
    files[FEED_FILE] = atom_feed(validated.dataset, language, site_url, feed_labels)
    if language is SOURCE_LANGUAGE:  # one copy of the open data, the search aliases and robots.txt, at the site root
        files[JSON_EXPORT] = dataset_as_json(validated.dataset, site_url, validated.glossary)
        files[SEARCH_ALIASES] = search_aliases(validated.glossary)
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
    data_path: Path = DATA_FILE,
    glossary_path: Path | None = None,
    repository: Path | None = None,
    shown_in: Path | None = None,
    repository_url: str | None = None,
) -> Generated:
    """Load, validate and write one language's pages. With ``repository`` (the folder the data files are
    versioned in), each page records which data file and line it comes from, for "edit" links; with
    ``repository_url`` (where the repository shows its files: ``urls.repository_file_url``), the source page
    links the article's copy there. ``shown_in``: as for ``load_and_validate``."""
    return generate_languages(
        {language: docs_dir}, site_url, data_path, glossary_path, repository, shown_in, repository_url
    )


@fewer_collections()
def generate_languages(
    docs_dirs: Mapping[Language, Path],
    site_url: str,
    data_path: Path = DATA_FILE,
    glossary_path: Path | None = None,
    repository: Path | None = None,
    shown_in: Path | None = None,
    repository_url: str | None = None,
) -> Generated:
    """Load and validate once, then write each language's pages into its docs folder."""
    glossary_path = glossary_path or glossary_beside(data_path)
    # Hand-written pages of every language, beside the folders being generated: an id may collide
    # with a page of either language.
    validated = load_and_validate(data_path, glossary_path, shown_in=shown_in)
    sources = None
    if repository is not None:
        sources = SourceLines(
            data_path.resolve().relative_to(repository.resolve()).as_posix(),
            glossary_path.resolve().relative_to(repository.resolve()).as_posix(),
            validated.locations,
            validated.glossary_locations,
            repository_url,
        )
    reports = {
        language: write_changed(
            docs_dir,
            render_language(validated, language, site_url, sources),
            GENERATED_FOLDERS,
            GENERATED_FILES,
        )
        for language, docs_dir in docs_dirs.items()
    }
    return Generated(validated, reports)
