"""MkDocs glue: the only file that knows MkDocs. It calls the generator and nothing else does.

One build per language from one shared configuration (mkdocs.en.yml inherits mkdocs.yml). Building
the Chinese site (`mkdocs build`, `mkdocs serve`) also builds the English one, in a parallel process,
into its `en/` folder; then the search index is made once over both (hooks/search_index.py).

Every build holds the checkout's build lock (build_lock.py) from before it generates docs/ until its
site is published or discarded. A `mkdocs build` writes into a folder of its own and publishes it
(site_swap.py) only once both languages built and MkDocs reported no error: a failed or interrupted
build leaves the previous site exactly as it was.

build_lock, second_language and site_swap are this folder's modules: MkDocs puts the folder of a hook
on the import path while it loads the hook.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

import build_lock
import search_index
import second_language
import site_swap
from filelock import FileLock
from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.utils import CountHandler

from generator.errors import DataError
from generator.languages import EN, LANGUAGES, SOURCE_LANGUAGE, Language
from generator.navigation import plan_navigation, with_sections
from generator.pages import HOME_PAGE, hand_written_files
from generator.pipeline import generate
from generator.render import READY_HTML_END, READY_HTML_START, TEMPLATES, load_labels
from generator.structured_data import latest_date

log = logging.getLogger("mkdocs.plugins.zibo")

CHILD_BUILD = "ZIBO_SITE_CHILD_BUILD"  # set in the environment of the English build we start
PREVIEW = "ZIBO_SITE_PREVIEW"  # ... when that build is part of a live preview
OTHER_CONFIG = "mkdocs.en.yml"
PUBLISHING_COMMANDS = {"build", "gh-deploy"}  # the commands that publish into site_dir
# Ctrl-C, `kill`, and closing the terminal (SIGHUP, which Windows does not have).
_STOP_SIGNALS = [signal.SIGINT, signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])]


@dataclass
class _Run:
    command: str = "build"
    language: Language = SOURCE_LANGUAGE
    lock: FileLock | None = None
    final_site_dir: Path | None = None  # where a staged build is published once it succeeded
    staging: Path | None = None
    built: bool = False  # on_post_build finished: both languages are in the staging folder
    failed: bool = False
    interrupted: bool = False
    child: subprocess.Popen[bytes] | None = None
    child_dir: str | None = None


_run = _Run()


def on_startup(command: str, dirty: bool) -> None:
    _run.command = command
    if os.environ.get(CHILD_BUILD):
        if sys.platform != "linux":  # on Linux the kernel kills it with its parent (second_language.py)
            second_language.watch_parent()
    elif command in PUBLISHING_COMMANDS:
        for signum in _STOP_SIGNALS:
            if signal.getsignal(signum) is not signal.SIG_IGN:  # as shells leave it for a background job
                signal.signal(signum, _interrupt)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    # Stop the English build at once, then unwind: on_shutdown removes this build's folders.
    _run.interrupted = True
    if _run.child is not None:
        _run.child.kill()  # not wait(): the interrupted code may be inside the child's wait(), holding its lock
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise SystemExit(128 + signum)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _run.language = _language_of(config)
    config.extra["site_root_url"] = config.site_url or "/"
    config.extra["site_root"] = "../" * _run.language.prefix.count("/")
    config.extra["language_tag"] = _run.language.tag
    config.extra["og_locale"] = _run.language.og_locale
    labels = load_labels(_run.language.key)
    config.extra["labels"] = labels  # the theme's templates use the generator's words too
    config.extra["feed_title"] = labels["feed_title"].format(site_name=labels["site_name"])
    if _run.language is not SOURCE_LANGUAGE and config.site_url and not config.site_url.endswith(_run.language.prefix):
        config.site_url = config.site_url + _run.language.prefix
    config.extra["search_labels"] = labels["search"]
    # MkDocs types this list as names, but hands it to Python-Markdown, which takes objects as well.
    config.markdown_extensions.append(_ReadyHtmlExtension())  # type: ignore[arg-type]
    if not os.environ.get(CHILD_BUILD):  # the English build runs under its parent's lock
        if _run.lock is None:
            _run.lock = build_lock.acquire(Path(config.config_file_path).parent, log.info)
        if _run.command in PUBLISHING_COMMANDS:
            _run.final_site_dir = Path(config.site_dir)
            _run.staging = site_swap.stage(_run.final_site_dir)
            config.site_dir = str(_run.staging)
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    project = Path(config.config_file_path).parent
    docs_dir = Path(config.docs_dir)
    data_path = project / "data" / "initiatives.yaml"
    config.extra["data_errors"] = []
    # The English build starts first and runs on the other core while this one generates and builds.
    if _run.language is SOURCE_LANGUAGE and not os.environ.get(CHILD_BUILD):
        _start_other_language(config)
    try:
        generated = generate(docs_dir, _run.language, config.extra["site_root_url"], data_path, repository=project)
    except DataError as error:
        if not _is_preview():
            raise PluginError(f"the data has {len(error.problems)} error(s); nothing was published:\n{error}") from None
        _show_in_preview(config, error)
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
        # The initiatives, themes and progress pages in the sidebar and phone drawer, after Home.
        config.nav = with_sections(config.nav or [], plan_navigation(generated.validated.dataset, _run.language))
        # Dates MkDocs writes (sitemap) come from the data, never from the build clock.
        os.environ.setdefault("SOURCE_DATE_EPOCH", str(_latest_data_epoch(generated.validated.dataset)))


def _is_preview() -> bool:
    return _run.command == "serve" or bool(os.environ.get(PREVIEW))


def _show_in_preview(config: MkDocsConfig, error: DataError) -> None:
    # In the live preview a data error must not stop the server (MkDocs would hold every request
    # until a build succeeds): keep the pages of the last good data, print the located errors in
    # the terminal and show them on every page until the data is fixed.
    if not os.environ.get(CHILD_BUILD):
        print(f"\nThe data has {len(error.problems)} error(s); the preview shows the last valid data:", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
    config.extra["data_errors"] = [str(problem) for problem in error.problems]
    home = Path(config.docs_dir) / HOME_PAGE
    if not home.exists():
        # A fresh checkout has no pages of earlier valid data. MkDocs' serve exits when its first build
        # fails: give it a stand-in home page, and let the warnings about the missing pages not fail
        # this one build (MkDocs counts them for --strict in a handler it adds per build).
        home.write_text(f"# {config.site_name}\n", "utf-8")
        mkdocs_log = logging.getLogger("mkdocs")
        for handler in list(mkdocs_log.handlers):
            if isinstance(handler, CountHandler):
                mkdocs_log.removeHandler(handler)


def on_post_build(config: MkDocsConfig) -> None:
    _stop_alternate_sitemap_requests(Path(config.site_dir))
    if _run.child is not None:
        _finish_other_language(config)
        # Both languages are now in config.site_dir (this build's own folder, or the preview's): one
        # search index over the complete site. `mkdocs build` publishes it in on_shutdown, once MkDocs
        # reported no error (under --strict, warnings fail the build only after this event).
        pages, seconds = search_index.build_search_index(Path(config.site_dir))
        log.info("Search index: %d pages in %.2f s", pages, seconds)
    _run.built = True
    if _run.final_site_dir is None:
        _release_lock()


def on_page_markdown(markdown: str, page: Any, config: MkDocsConfig, files: Any) -> str:
    # Generated pages say which data file and line they come from: their "edit" link opens that
    # line, never the generated Markdown. Hand-written pages keep MkDocs' link to their own file.
    source = page.meta.get("edit_source")
    if source and config.repo_url:
        page.edit_url = f"{config.repo_url.rstrip('/')}/blob/{config.extra['repository_branch']}/{source}"
    return markdown


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    # A preview rebuilds when the data, a page template or a hand-written page changes. Not when the
    # generated Markdown does: every build rewrites some of it, and watching it would queue a second,
    # useless build after each edit (and hold the browser's reload until that one finished too).
    project = Path(config.config_file_path).parent
    server.unwatch(config.docs_dir)
    for language in LANGUAGES.values():
        for page in hand_written_files(project / "docs" / language.key):
            server.watch(str(page), recursive=False)
    for path in (project / "data", TEMPLATES, project / OTHER_CONFIG):
        if path.exists():
            server.watch(str(path))
    return server


def on_build_error(error: Exception) -> None:
    _run.failed = True
    _discard_build()
    if _run.final_site_dir is not None:
        log.error("The build failed: %s", _previous_site_message(_run.final_site_dir))
    else:
        _release_lock()


def on_shutdown() -> None:
    if _run.final_site_dir is None:
        _stop_other_language()
        _release_lock()
        return
    target, staging = _run.final_site_dir, _run.staging
    # From here on the build either publishes or not, whatever signal comes: its exit code must say which.
    for signum in _STOP_SIGNALS:
        signal.signal(signum, signal.SIG_IGN)
    succeeded = _run.built and not (_run.failed or _run.interrupted) and sys.exc_info()[0] is None
    try:
        if succeeded and staging is not None:
            try:
                site_swap.publish(staging, target)
            except OSError as error:
                _discard_build()
                log.error("The site could not be published (%s): %s", error, _previous_site_message(target))
                raise SystemExit(1) from None
            log.info("Published the new site: %s now shows it.", target.name)
        else:
            _discard_build()
            if not _run.failed:
                log.error("The build was interrupted: %s", _previous_site_message(target))
    finally:
        _release_lock()


def _discard_build() -> None:
    _stop_other_language()
    if _run.child_dir:
        shutil.rmtree(_run.child_dir, ignore_errors=True)
        _run.child_dir = None
    if _run.staging is not None:
        shutil.rmtree(_run.staging, ignore_errors=True)
        _run.staging = None
    if _run.final_site_dir is not None:
        # And whatever else this build had begun beside it (the search index's copy of the pages, when
        # a signal came while Python was between making that folder and entering its `with`): under
        # the build lock, every folder of .site-builds/ but the published one is debris.
        site_swap.remove_debris(_run.final_site_dir)


def _previous_site_message(target: Path) -> str:
    if site_swap.published(target) is None:
        return f"nothing was published (there is no {target.name}/ yet)."
    return f"the previous site in {target.name}/ is unchanged."


def _release_lock() -> None:
    if _run.lock is not None:
        _run.lock.release()
        _run.lock = None


def _language_of(config: MkDocsConfig) -> Language:
    tag = config.theme["language"]
    for language in LANGUAGES.values():
        if language.tag == tag:
            return language
    raise PluginError(f"theme.language is {tag!r}; expected one of {[lang.tag for lang in LANGUAGES.values()]}")


def _start_other_language(config: MkDocsConfig) -> None:
    config_file = Path(config.config_file_path).parent / OTHER_CONFIG
    # Beside the site folder, on the same disk: moving it into place is then a rename, not a copy. For a
    # `mkdocs build` that is inside .site-builds/, where the next build removes it if this one is killed.
    _run.child_dir = str(site_swap.new_folder(Path(config.site_dir).parent, ".zibo-site-en-"))
    # Not --quiet: it would hide the warnings that --strict turns into failures.
    command = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(config_file), "--site-dir", _run.child_dir]
    if config.strict:
        command.append("--strict")
    env = {**os.environ, CHILD_BUILD: "1", **({PREVIEW: "1"} if _is_preview() else {})}
    _run.child = second_language.start(command, env)


def _stop_other_language() -> None:
    child, _run.child = _run.child, None
    if child is not None:
        second_language.stop(child)


def _finish_other_language(config: MkDocsConfig) -> None:
    assert _run.child is not None and _run.child_dir is not None
    output, _ = _run.child.communicate()
    returncode = _run.child.returncode
    _run.child = None
    if returncode != 0:
        raise PluginError(f"the English build ({OTHER_CONFIG}) failed:\n{output.decode('utf-8', 'replace')}")
    for line in output.decode("utf-8", "replace").splitlines():
        if "WARNING" in line or "ERROR" in line:
            log.warning("[%s] %s", EN.key, line.strip())
    target = Path(config.site_dir) / EN.prefix
    shutil.rmtree(target, ignore_errors=True)
    shutil.move(_run.child_dir, target)
    _run.child_dir = None


def _latest_data_epoch(dataset: Any) -> int:
    latest = dt.datetime.fromisoformat(latest_date(dataset)).replace(tzinfo=dt.UTC)
    return int(latest.timestamp())


_ALTERNATE_SELECTOR = b'"link[rel=alternate]"'


def _stop_alternate_sitemap_requests(site_dir: Path) -> None:
    # Material's script fetches `<href>sitemap.xml` for every <link rel="alternate"> in the head,
    # meant for links to language *roots*. Ours are per-page hreflang links with absolute URLs
    # (as search engines require), so it would request a missing file from the published host,
    # even from a local preview. Narrow its selector to links that opt in (none do).
    bundles = list((site_dir / "assets" / "javascripts").glob("bundle.*.min.js"))
    for bundle in bundles:
        code = bundle.read_bytes()
        if _ALTERNATE_SELECTOR not in code:
            raise PluginError(
                f"{bundle.name}: Material's alternate-link selector was not found; "
                "check hooks/mkdocs_glue.py against the installed mkdocs-material"
            )
        bundle.write_bytes(code.replace(_ALTERNATE_SELECTOR, b'"link[rel=alternate][data-md-sitemap]"'))
    if not bundles:
        raise PluginError("Material's JavaScript bundle was not found in the built site")


_READY_HTML = re.compile(f"{re.escape(READY_HTML_START)}\n(.*?)\n{re.escape(READY_HTML_END)}", re.DOTALL)


class _ReadyHtml(Preprocessor):
    """Stores each block of the generator's ready HTML as Python-Markdown stores raw HTML, unparsed.

    Python-Markdown (and MkDocs, looking for anchors) would otherwise run every tag of these blocks
    through Python's HTML parser: at a thousand initiatives that was the largest part of the build.
    Only the generator writes such blocks, and everything from data in them is already escaped.
    """

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if READY_HTML_START not in text:
            return lines
        store = self.md.htmlStash.store
        return _READY_HTML.sub(lambda block: f"\n\n{store(block[1])}\n\n", text).split("\n")


class _ReadyHtmlExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # Before MkDocs' anchor collection (21) and the raw-HTML parsers (20); after whitespace (30).
        md.preprocessors.register(_ReadyHtml(md), "zibo_ready_html", 25)
