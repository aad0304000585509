"""Generating a language's Markdown from the data, before MkDocs reads docs/.

A data error stops a build, which then publishes nothing; in a live preview it does not stop the
server: the preview keeps the pages of the last valid data and shows the errors on every page.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import second_language
from mkdocs.exceptions import PluginError
from mkdocs.utils import CountHandler

import generator

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.zibo")


def generate_docs(config: MkDocsConfig, language: generator.Language, *, preview: bool, child: bool) -> None:
    """Write ``language``'s pages into ``config.docs_dir`` and its sections into ``config.nav``.

    ``child``: this is the English build a Chinese build started (it leaves the terminal to its parent)."""
    project = Path(config.config_file_path).parent
    config.extra["data_errors"] = []
    try:
        generated = generator.generate(
            Path(config.docs_dir),
            language,
            config.extra["site_root_url"],
            project / generator.DATA_FILE,
            repository=project,
        )
    except generator.DataError as error:
        if not preview:
            raise PluginError(f"the data has {len(error.problems)} error(s); nothing was published:\n{error}") from None
        _show_in_preview(config, error, child)
    except MemoryError:
        raise PluginError(
            "out of memory while reading the data: the file is too large or too deeply nested for this "
            "machine; nothing was published"
        ) from None
    else:
        # Logged as INFO: under --strict a WARNING fails the build, and a stale translation must be
        # published (with its notice), never blocked.
        for warning in generated.validated.warnings:
            log.info(str(warning))
        dataset = generated.validated.dataset
        # The initiatives, themes and progress pages in the sidebar and phone drawer, after Home.
        config.nav = generator.with_sections(config.nav or [], generator.plan_navigation(dataset, language))
        # Dates MkDocs writes (sitemap) come from the data, never from the build clock.
        os.environ.setdefault("SOURCE_DATE_EPOCH", str(generator.latest_epoch(dataset)))


def _show_in_preview(config: MkDocsConfig, error: generator.DataError, child: bool) -> None:
    # In the live preview a data error must not stop the server (MkDocs would hold every request
    # until a build succeeds): keep the pages of the last good data, print the located errors in
    # the terminal and show them on every page until the data is fixed.
    if not child:
        print(f"\nThe data has {len(error.problems)} error(s); the preview shows the last valid data:", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
    config.extra["data_errors"] = [str(problem) for problem in error.problems]
    home = Path(config.docs_dir) / generator.HOME_PAGE
    if not home.exists():
        # A fresh checkout has no pages of earlier valid data. MkDocs' serve exits when its first build
        # fails: give it a stand-in home page, and let the warnings about the missing pages not fail
        # this one build (MkDocs counts them for --strict in a handler it adds per build).
        home.write_text(f"# {config.site_name}\n", "utf-8")
        mkdocs_log = logging.getLogger("mkdocs")
        for handler in list(mkdocs_log.handlers):
            if isinstance(handler, CountHandler):
                mkdocs_log.removeHandler(handler)


def link_edits_to_the_data(page: Page, config: MkDocsConfig) -> None:
    """Generated pages say which data file and line they come from: their "edit" link opens that
    line, never the generated Markdown. Hand-written pages keep MkDocs' link to their own file."""
    source = page.meta.get("edit_source")
    if source and config.repo_url:
        page.edit_url = f"{config.repo_url.rstrip('/')}/blob/{config.extra['repository_branch']}/{source}"


def watch_sources(server: LiveReloadServer, config: MkDocsConfig) -> None:
    """A preview rebuilds when the data, a page template, the English configuration or a hand-written
    page changes. Not when the generated Markdown does: every build rewrites some of it, and watching
    it would queue a second, useless build after each edit (and hold the browser's reload until that
    one finished too)."""
    project = Path(config.config_file_path).parent
    server.unwatch(config.docs_dir)
    for language in generator.LANGUAGES.values():
        for page in generator.hand_written_files(project / "docs" / language.key):
            server.watch(str(page), recursive=False)
    for path in (project / generator.DATA_FILE.parent, generator.TEMPLATES, project / second_language.CONFIG_FILE):
        if path.exists():
            server.watch(str(path))
