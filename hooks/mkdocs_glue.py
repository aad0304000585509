"""MkDocs glue: MkDocs' events, each handing its work to the generator or to a module of this folder.

One build per language from one shared configuration (mkdocs.en.yml inherits mkdocs.yml). Building
the Chinese site (`mkdocs build`, `mkdocs serve`) also builds the English one, in a parallel process
(second_language.py), into its `en/` folder. Each indexes its own pages for search as soon as they
are written, and the Chinese build merges the two indexes (search_index.py); then the site is
published, or discarded, whole (publishing.py).

This folder's modules are importable because MkDocs puts the folder of a hook on the import path
while it loads the hook: they are imported here, once, at load time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docs_generation
import material_workarounds
import publishing
import search_index
import second_language
import theme_settings
from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from ready_html import ReadyHtmlExtension

import generator


def on_startup(command: str, dirty: bool) -> None:
    if second_language.is_child():
        second_language.die_with_parent()
    search_index.start(dirty=dirty)
    publishing.start(command)
    if publishing.is_preview() and not second_language.is_child():
        second_language.prepare_for_previews()  # now, before the preview's server starts its threads


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    theme_settings.configure(config)
    material_workarounds.list_theme_files_without_dot_folders(config)
    # MkDocs types this list as names, but hands it to Python-Markdown, which takes objects as well.
    config.markdown_extensions.append(ReadyHtmlExtension())  # type: ignore[arg-type]
    publishing.lock_and_stage(config)
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    language = theme_settings.language_of(config)
    # The English build starts first and runs on the other core while this one generates and builds.
    if language is generator.SOURCE_LANGUAGE and not second_language.is_child():
        # What a forked English build drops first: the state of this build, which is not its own.
        forget = (publishing.forget_parent_build, search_index.forget_parent_build)
        second_language.begin(config, preview=publishing.is_preview(), forget_parent=forget)
    search_index.begin(Path(config.site_dir), language.prefix)
    docs_generation.generate_docs(config, language, preview=publishing.is_preview(), child=second_language.is_child())


def on_env(env: Environment, config: MkDocsConfig, files: Any) -> Environment:
    generator.use_compiled_templates(env)  # before the theme compiles its first template
    theme_settings.add_page_addresses(env, config)
    return env


def on_post_page(output: str, page: Any, config: MkDocsConfig) -> str:
    search_index.keep_page(output, page.file.dest_uri)
    return output


def on_post_build(config: MkDocsConfig) -> None:
    site_dir = Path(config.site_dir)
    material_workarounds.stop_alternate_sitemap_requests(site_dir)
    # This language's search index, while the other language's build may still run on the other core.
    language = theme_settings.language_of(config)
    other = generator.other_language(language)
    pages, seconds = search_index.index_language(site_dir, language.tag, leave_out=site_dir / other.prefix)
    if second_language.running():
        output = second_language.finish(config, other)
        # Both languages are now in site_dir (this build's own folder, or the preview's): one search
        # index for the complete site. `mkdocs build` publishes it in on_shutdown, once MkDocs
        # reported no error (under --strict, warnings fail the build only after this event).
        search_index.merge_language(site_dir, (language.tag, pages, seconds), (other.tag, other.prefix), output)
    publishing.built()


def on_page_markdown(markdown: str, page: Any, config: MkDocsConfig, files: Any) -> str:
    docs_generation.link_edits_to_the_data(page, config)
    return markdown


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    docs_generation.watch_sources(server, config)
    return server


def on_build_error(error: Exception) -> None:
    search_index.discard()
    publishing.failed()


def on_shutdown() -> None:
    search_index.discard()
    publishing.finish()
