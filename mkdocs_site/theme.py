"""What the theme's templates (overrides/) read for a build's language (its ``theme.language``): words,
languages and the addresses they print (``page_addresses``), all the generator's, so pages and theme agree."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError

import generator

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page


def language_of(config: MkDocsConfig) -> generator.Language:
    """The language this configuration builds."""
    tag = config.theme["language"]
    for language in generator.LANGUAGES.values():
        if language.tag == tag:
            return language
    raise PluginError(
        f"theme.language is {tag!r}; expected one of {[lang.tag for lang in generator.LANGUAGES.values()]}"
    )


def material_alternate(config: MkDocsConfig) -> list[dict[str, str]]:
    """Material's ``extra.alternate`` (its language switch, which overrides/partials/alternate.html
    links to the page's own versions)."""
    home = generator.urls.PageAddresses(config.extra["site_root_url"], language_of(config), generator.HOME_PAGE)
    return [
        {"name": version.language.name, "link": version.link, "lang": version.language.tag} for version in home.versions
    ]


def configure(config: MkDocsConfig) -> generator.Language:
    """Set the theme's values for this build's language (and its site_url); return the language."""
    language = language_of(config)
    if config.use_directory_urls is not generator.urls.DIRECTORY_URLS:
        raise PluginError(f"use_directory_urls must be {generator.urls.DIRECTORY_URLS}: the pages' links assume it")
    config.extra["site_root_url"] = config.site_url or "/"
    config.extra["language_tag"] = language.tag
    config.extra["og_locale"] = language.og_locale
    config.extra["alternate"] = material_alternate(config)
    labels = generator.load_labels(language.key)
    config.extra["labels"] = labels  # the theme's templates use the generator's words too
    config.extra["feed_title"] = generator.feed_title(language)
    if language is not generator.SOURCE_LANGUAGE and config.site_url and not config.site_url.endswith(language.prefix):
        config.site_url = generator.urls.language_root_url(config.site_url, language)
    config.extra["search_labels"] = labels["search"]
    return language


def add_page_addresses(env: Environment, config: MkDocsConfig) -> None:
    """Give the theme's templates ``page_addresses(page)``: the page's addresses, made by generator.urls."""
    language = language_of(config)
    site_url = config.extra["site_root_url"]

    def page_addresses(page: Page | None) -> generator.urls.PageAddresses:
        # 404.html and sitemap.xml are templates of no page: 404.html links from its language's root.
        path = page.file.src_uri if page is not None else generator.HOME_PAGE
        if page is not None and page.url != generator.urls.page_url(path):
            raise PluginError(
                f"{path}: MkDocs publishes it at {page.url!r}, generator/urls.py at {generator.urls.page_url(path)!r}"
            )
        return generator.urls.PageAddresses(site_url, language, path)

    env.globals["page_addresses"] = page_addresses
