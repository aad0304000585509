"""The MkDocs plugin `zibo` (pyproject.toml's entry point).

The Chinese build (`mkdocs build`, each rebuild of `mkdocs serve`) takes the build lock, copies data/
once, starts the English build on that copy, builds its own pages from it, then moves the English
site into `en/` and indexes both for search, all inside its own site_dir (`make site` publishes).
A data error stops a build; a live preview keeps the last valid pages and shows the errors on each.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

import generator

from . import build_lock, search_index, theme
from .english_build import CONFIG_FILE, INPUTS, PREVIEW, EnglishBuild
from .ready_html import ReadyHtmlExtension

log = logging.getLogger("mkdocs.plugins.zibo")
WORK = ".zibo-work"  # in site_dir (MkDocs' cleaning keeps dot folders): the data's copy, the English site


class NoOptions(Config): ...  # type: ignore[no-untyped-call]


class ZiboPlugin(BasePlugin[NoOptions]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.preview = False
        self.lock: build_lock.BuildLock | None = None
        self.english: EnglishBuild | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.preview = command == "serve" or bool(os.environ.get(PREVIEW))

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        theme.configure(config)
        # MkDocs types this list as names, but hands it to Python-Markdown, which takes objects as well.
        config.markdown_extensions.append(ReadyHtmlExtension())  # type: ignore[arg-type]
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        project = Path(config.config_file_path).parent
        self.lock = build_lock.inherited() or build_lock.acquire(project, log.info)
        if os.environ.get(INPUTS):  # the English build of a Chinese one, on its copy of the data
            inputs = Path(os.environ[INPUTS])
        else:
            work = Path(config.site_dir) / WORK
            shutil.rmtree(work, ignore_errors=True)
            inputs = work / "inputs"
            shutil.copytree(project / generator.DATA_FILE.parent, inputs / generator.DATA_FILE.parent, symlinks=True)
            language = theme.language_of(config)
            if language is generator.SOURCE_LANGUAGE:
                other = generator.other_language(language)
                self.english = EnglishBuild(other, project, work, inputs, self.lock, self.preview)
        self._generate(config, project, inputs)

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Any) -> Any:
        theme.add_page_addresses(env, config)
        return env

    def on_page_markdown(self, markdown: str, *, page: Any, config: MkDocsConfig, files: Any) -> str:
        # A generated page's "edit" link opens the line of the data it comes from, not its Markdown.
        if source := page.meta.get("edit_source"):
            page.edit_url = generator.repository_file_url(config.repo_url, config.extra["repository_branch"], source)
        return markdown

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        if self.english is not None:
            self.english.finish()
            target = site_dir / self.english.language.prefix
            shutil.rmtree(target, ignore_errors=True)
            os.replace(self.english.site_dir, target)
            fds = (self.lock.fd,) if self.lock else ()
            started = time.perf_counter()
            pages = search_index.index_site(site_dir, site_dir / WORK / "search", pass_fds=fds)
            log.info("Search index: %d pages of both languages in %.2f s", pages, time.perf_counter() - started)
        shutil.rmtree(site_dir / WORK, ignore_errors=True)
        self._end()

    def on_build_error(self, *, error: Exception) -> None:
        self._end()

    def on_shutdown(self) -> None:
        self._end()

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        # Not the generated Markdown, which every build rewrites: a rebuild would follow each rebuild.
        project = Path(config.config_file_path).parent
        server.unwatch(config.docs_dir)
        for language in generator.LANGUAGES.values():
            for page in generator.hand_written_files(project / "docs" / language.key):
                server.watch(str(page), recursive=False)
        configurations = [project / CONFIG_FILE.format(key=key) for key in generator.LANGUAGES]
        for path in (project / generator.DATA_FILE.parent, generator.TEMPLATES, *configurations):
            if path.exists():
                server.watch(str(path))
        return server

    def _generate(self, config: MkDocsConfig, project: Path, inputs: Path) -> None:
        language = theme.language_of(config)
        config.extra["data_errors"] = []
        try:
            generated = generator.generate(
                Path(config.docs_dir),
                language,
                config.extra["site_root_url"],
                inputs / generator.DATA_FILE,
                repository=inputs,
                shown_in=project / generator.DATA_FILE.parent,
                repository_url=generator.repository_file_url(config.repo_url, config.extra["repository_branch"]),
            )
        except generator.DataError as error:
            if not self.preview:
                raise PluginError(f"the data has {len(error.problems)} error(s); nothing was built:\n{error}") from None
            self._show_in_preview(config, error)
        except MemoryError:
            raise PluginError("out of memory while reading the data: the file is too large for this machine") from None
        else:
            # INFO: under --strict a WARNING fails the build, and a stale translation is published (with its notice).
            for warning in generated.validated.warnings:
                log.info(str(warning))
            dataset = generated.validated.dataset
            config.nav = generator.with_sections(config.nav or [], generator.plan_navigation(dataset, language))
            # Dates MkDocs writes (sitemap) come from the data, never from the build clock.
            os.environ.setdefault("SOURCE_DATE_EPOCH", str(generator.latest_epoch(dataset)))

    def _show_in_preview(self, config: MkDocsConfig, error: generator.DataError) -> None:
        if self.english is not None:  # (the English build's are the same errors)
            shown = "\n  ".join(str(problem) for problem in error.problems)
            print(f"\nThe data has errors; the preview shows the last valid data:\n  {shown}", file=sys.stderr)
        config.extra["data_errors"] = [str(problem) for problem in error.problems]
        home = Path(config.docs_dir) / generator.HOME_PAGE
        if not home.exists():
            # A fresh checkout has no earlier pages, and `mkdocs serve` exits if its first build fails.
            home.write_text(f"# {config.site_name}\n", "utf-8")
            config.nav = [generator.HOME_PAGE]
            config.validation.links.not_found = logging.INFO
            config.validation.links.anchors = logging.INFO

    def _end(self) -> None:
        if self.english is not None:
            self.english.stop()
            self.english = None
        if self.lock is not None:
            self.lock.release()
            self.lock = None
