"""Addresses: every link between two planned pages leads to the target's address, in both languages,
wherever the site is published; the theme prints the addresses this module makes, whole; the builder's
configuration agrees with the generator's languages."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urljoin

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.utils.yaml import yaml_load

from generator.languages import LANGUAGES, SOURCE_LANGUAGE, Language, other_language
from generator.models import Glossary
from generator.pages import plan_pages
from generator.urls import (
    DIRECTORY_URLS,
    LinksFrom,
    PageAddresses,
    absolute_url,
    counterpart_link,
    language_root_url,
    page_url,
    site_root_from,
    up_to_docs_root,
    up_to_language_root,
)
from mkdocs_site.theme import material_alternate
from tests.samples import MINIMAL, validate_text

REPO = Path(__file__).resolve().parent.parent
SAMPLE = validate_text(MINIMAL)
PLANNED = sorted(
    {
        page.path
        for language in LANGUAGES.values()
        for page in plan_pages(SAMPLE.dataset, Glossary(terms=[]), language, "https://example.org/", "Site")
    }
)
pages = st.sampled_from(PLANNED)
languages = st.sampled_from(list(LANGUAGES.values()))
# Where a fork may publish: a host's root or any folder under it.
site_urls = st.lists(st.text("abz019_-", min_size=1, max_size=8), max_size=3).map(
    lambda folders: "https://example.org/" + "".join(f"{folder}/" for folder in folders)
)
SETTINGS = settings(max_examples=50, deadline=None, derandomize=True, database=None)


@SETTINGS
@given(site_urls, languages, pages, pages)
def test_html_link_from_any_page_resolves_to_the_target_page(
    site_url: str, language: Language, here: str, there: str
) -> None:
    link = LinksFrom(here).html(there)
    assert urljoin(absolute_url(site_url, language, here), link) == absolute_url(site_url, language, there)
    # ... and so does a link made of the way up to the language root and the target's address.
    assert urljoin(absolute_url(site_url, language, here), up_to_language_root(here) + page_url(there)) == (
        absolute_url(site_url, language, there)
    )


@SETTINGS
@given(pages, pages)
def test_markdown_link_from_any_page_names_the_target_source(here: str, there: str) -> None:
    assert posixpath.normpath(posixpath.join(posixpath.dirname(here), LinksFrom(here).md(there))) == there
    assert posixpath.normpath(posixpath.join(posixpath.dirname(here), up_to_docs_root(here) + there)) == there


@SETTINGS
@given(site_urls, languages, pages)
def test_counterpart_link_leads_to_the_same_page_in_the_other_language(
    site_url: str, language: Language, page: str
) -> None:
    here = absolute_url(site_url, language, page)
    assert urljoin(here, counterpart_link(page, language)) == absolute_url(site_url, other_language(language), page)


@SETTINGS
@given(site_urls, languages, pages)
def test_page_addresses_are_folders_under_the_language_root(site_url: str, language: Language, page: str) -> None:
    url = absolute_url(site_url, language, page)
    assert url.startswith(language_root_url(site_url, language)) and url.endswith("/")
    assert url == urljoin(site_url, language.prefix + page_url(page))
    # From the language root, the site root is site_root_from(language) away (the theme's links use it).
    assert urljoin(language_root_url(site_url, language), site_root_from(language)) == site_url


def test_files_at_a_language_root_keep_their_name() -> None:
    for language in LANGUAGES.values():
        assert absolute_url("https://example.org/s/", language, "feed.xml") == (
            f"https://example.org/s/{language.prefix}feed.xml"
        )


# Files at a language's root and files of the whole site, as the theme links them.
LANGUAGE_FILES = ("feed.xml", "404.html")
SITE_FILES = ("data/initiatives.json", "data/search-aliases.json", "pagefind/")


@SETTINGS
@given(site_urls, languages, pages, pages)
def test_every_address_the_theme_prints_on_a_page_resolves_where_the_generator_publishes_it(
    site_url: str, language: Language, page: str, other: str
) -> None:
    here = absolute_url(site_url, language, page)
    addresses = PageAddresses(site_url, language, page)
    assert [version.language for version in addresses.versions] == list(LANGUAGES.values())
    for version in addresses.versions:
        assert version.url == absolute_url(site_url, version.language, page)
        assert urljoin(here, version.link) == version.url
        assert urljoin(here, addresses.language_link(other, version.language)) == (
            absolute_url(site_url, version.language, other)
        )
        for name in LANGUAGE_FILES:
            assert urljoin(language_root_url(site_url, language), addresses.from_root_link(name, version.language)) == (
                absolute_url(site_url, version.language, name)
            )
    assert addresses.x_default == absolute_url(site_url, SOURCE_LANGUAGE, page)
    assert urljoin(here, addresses.language_root) == language_root_url(site_url, language)
    assert urljoin(here, addresses.site_root) == site_url
    for name in (other, *LANGUAGE_FILES):
        assert urljoin(here, addresses.page_link(name)) == absolute_url(site_url, language, name)
    for path in SITE_FILES:
        assert urljoin(here, addresses.site_file_link(path)) == site_url + path
    # A link is never empty (an empty href is no link in some tools): "./" from a language's root.
    assert addresses.language_root and all(version.link for version in addresses.versions)


OVERRIDES = sorted(path for path in (REPO / "overrides").rglob("*") if path.suffix in {".html", ".xml"})
# What an address is made of: only generator/urls.py joins these.
ADDRESS_PARTS = re.compile(r"site_root_url|\.prefix\b|\bsite_root\b|base_url\.rstrip|\bpage\.url\b")
# Where the theme prints an address: links, sources, the search box's files, the sitemap's entries.
PRINTED_ADDRESS = re.compile(r'\b(?:href|src|data-bundle|data-aliases)="((?:\{\{.*?\}\}|[^"{])*)"|<loc>(.*?)</loc>')
# One value, whole (a fragment may follow), not parts joined by `~`, `+` or by being written side by side.
WHOLE_VALUE = re.compile(r"\{\{[^{}~+]*\}\}(?:#\{\{[^{}~+]*\}\})?")


@pytest.mark.parametrize("path", OVERRIDES, ids=lambda path: path.relative_to(REPO / "overrides").as_posix())
def test_the_theme_prints_addresses_whole_as_generator_urls_makes_them(path: Path) -> None:
    template = re.sub(r"\{#.*?#\}", "", path.read_text("utf-8"), flags=re.DOTALL)  # comments may name the parts
    assert ADDRESS_PARTS.findall(template) == [], f"{path.name} builds an address: take it from page_addresses"
    printed = [value for values in PRINTED_ADDRESS.findall(template) for value in values if "{{" in value]
    assert [value for value in printed if not WHOLE_VALUE.fullmatch(value)] == [], f"{path.name} joins an address"


def _config(name: str) -> dict[str, object]:
    with (REPO / name).open("rb") as file:
        config: dict[str, object] = yaml_load(file)  # resolves INHERIT, as MkDocs does
    return config


CONFIGS = ("mkdocs.yml", "mkdocs.en.yml")


def test_each_language_has_one_mkdocs_configuration_that_builds_it_where_its_addresses_say() -> None:
    configs = {name: _config(name) for name in CONFIGS}
    by_tag = {language.tag: language for language in LANGUAGES.values()}
    built = {}
    for name, config in configs.items():
        theme = config["theme"]
        assert isinstance(theme, dict)
        language = by_tag[theme["language"]]
        built[language.key] = name
        assert config["docs_dir"] == f"docs/{language.key}"
        assert not str(config["site_dir"]).startswith("site")  # a bare `mkdocs build` never publishes (make site does)
        assert config.get("use_directory_urls", True) is DIRECTORY_URLS
    assert sorted(built) == sorted(LANGUAGES)
    assert _config("mkdocs.yml")["theme"]["language"] == SOURCE_LANGUAGE.tag  # type: ignore[index]


def test_the_languages_are_the_generators_and_no_mkdocs_configuration_lists_them_again() -> None:
    # Each configuration names the one language it builds (checked above); the plugin gives the theme
    # the list of languages (Material's `alternate`), from generator/languages.py.
    for name in CONFIGS:
        extra = _config(name).get("extra") or {}
        assert isinstance(extra, dict)
        assert not {"alternate", "language_tag", "og_locale"} & set(extra), name
    for language in LANGUAGES.values():
        config = SimpleNamespace(theme={"language": language.tag}, extra={"site_root_url": "https://example.org/s/"})
        switch = material_alternate(config)  # Material's own setting, read as Material reads it
        assert [(entry["lang"], entry["name"]) for entry in switch] == [
            (lang.tag, lang.name) for lang in LANGUAGES.values()
        ]
        root = language_root_url("https://example.org/s/", language)
        assert [urljoin(root, entry["link"]) for entry in switch] == [
            language_root_url("https://example.org/s/", lang) for lang in LANGUAGES.values()
        ]
