"""What the theme's templates (overrides/) read from ``config.extra`` for one language's build.

Each build's language is its ``theme.language`` (mkdocs.yml, mkdocs.en.yml); its addresses, words and
locale come from the generator, so pages and theme never disagree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError

import generator

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


def language_of(config: MkDocsConfig) -> generator.Language:
    """The language this configuration builds."""
    tag = config.theme["language"]
    for language in generator.LANGUAGES.values():
        if language.tag == tag:
            return language
    raise PluginError(
        f"theme.language is {tag!r}; expected one of {[lang.tag for lang in generator.LANGUAGES.values()]}"
    )


def configure(config: MkDocsConfig) -> generator.Language:
    """Set the theme's values for this build's language (and its site_url); return the language."""
    language = language_of(config)
    if config.use_directory_urls is not generator.urls.DIRECTORY_URLS:
        raise PluginError(f"use_directory_urls must be {generator.urls.DIRECTORY_URLS}: the pages' links assume it")
    config.extra["site_root_url"] = config.site_url or "/"
    config.extra["site_root"] = generator.urls.site_root_from(language)
    config.extra["language_tag"] = language.tag
    config.extra["og_locale"] = language.og_locale
    labels = generator.load_labels(language.key)
    config.extra["labels"] = labels  # the theme's templates use the generator's words too
    config.extra["feed_title"] = generator.feed_title(language)
    if language is not generator.SOURCE_LANGUAGE and config.site_url and not config.site_url.endswith(language.prefix):
        config.site_url = generator.urls.language_root_url(config.site_url, language)
    config.extra["search_labels"] = labels["search"]
    return language
