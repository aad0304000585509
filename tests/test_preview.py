"""The editor's live preview (`make serve`): both languages, reloads on save, survives bad edits, no loops."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.error import URLError

import pytest

from generator.page_paths import GENERATED_FILES, GENERATED_FOLDERS
from mkdocs_site import build_lock
from tests.support import BrowserSession, build_site, copy_project, free_port
from tools.searchbox import search

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.long

TITLE = "Reform drive to build a hub of opening-up"
EDITED = "Reform drive to build a hub of opening-up (edited in the preview)"
REBUILD_STARTED = "Detected file changes"
# Logged by MkDocs' live-reload server after each rebuild that did not crash. Never "Documentation built
# in 2.85 seconds": MkDocs puts a DuplicateFilter on its build log (mkdocs/__main__.py, 1.6.1), which drops
# a message logged before, so a rebuild exactly as long as an earlier one left no such line.
REBUILT = "Reloading browsers"
REBUILD_EVENT = re.compile(rf"{REBUILD_STARTED}|{REBUILT}|An error happened during the rebuild")
TIMEOUT = 90  # generous: this is not a speed test (bench/ measures speed)


class Preview:
    def __init__(self, project: Path, port: int, log: Path) -> None:
        self.project, self.port, self.log = project, port, log
        self.data = project / "data" / "initiatives.yaml"

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.url(path), timeout=10) as response:
            return str(response.read().decode("utf-8"))

    def output(self) -> str:
        return self.log.read_text("utf-8", errors="replace")

    def rebuilds(self) -> int:
        """The rebuilds that have ended (the first build, before the server starts, is not one)."""
        return self.output().count(REBUILT)

    def wait_for(self, condition, what: str) -> None:  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            with contextlib.suppress(URLError, ConnectionError, TimeoutError):
                if condition():
                    return
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for {what}; server output:\n{self.output()[-3000:]}")

    def activity(self) -> list[str]:
        """The rebuilds' start and end lines: MkDocs logs "Detected file changes" as it starts a rebuild,
        "Reloading browsers" when it has ended, and an error line when it crashed."""
        return REBUILD_EVENT.findall(self.output())

    def wait_until_idle(self, quiet_seconds: float = 1.5) -> int:
        """Wait until no rebuild is running and none has started or ended for ``quiet_seconds``; return
        the number of rebuilds.

        A rebuild loop shows within that time: a change seen during a build starts the next one as soon as
        it ends (mkdocs/livereload's build loop), so a quiet period need not outlast a whole build."""
        deadline = time.monotonic() + TIMEOUT
        events, since = self.activity(), time.monotonic()
        while time.monotonic() - since < quiet_seconds or (events and events[-1] == REBUILD_STARTED):
            assert time.monotonic() < deadline, f"the preview never went idle:\n{self.output()[-3000:]}"
            time.sleep(0.1)
            if self.activity() != events:
                events, since = self.activity(), time.monotonic()
        return self.rebuilds()

    def edit(self, old: str, new: str) -> None:
        text = self.data.read_text("utf-8")
        assert old in text
        self.data.write_text(text.replace(old, new, 1), "utf-8")


@contextlib.contextmanager
def serving(
    project: Path, log: Path, stop: signal.Signals = signal.SIGTERM, tmp: Path | None = None
) -> Iterator[Preview]:
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ZIBO_SITE_URL": f"http://127.0.0.1:{port}/"}
    if (project / "generator").is_dir():  # the project's own copy of the code, ahead of the installed one
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(project), os.environ.get("PYTHONPATH")]))
    if tmp:
        env["TMPDIR"] = str(tmp)
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        yield Preview(project, port, log)
    finally:
        process.send_signal(stop)
        try:
            # A guard against a preview that never stops, not a speed limit: a full run on two busy cores
            # once took longer than 20 s to stop one mid-rebuild.
            process.wait(timeout=90)
        except subprocess.TimeoutExpired:
            process.kill()
            raise AssertionError(
                f"the preview did not stop on {stop.name}:\n{log.read_text('utf-8')[-3000:]}"
            ) from None


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    """One preview for the tests of this module, as an editor keeps one open while making edits after edits."""
    folder = tmp_path_factory.mktemp("preview")
    project = copy_project(REPO, folder / "project")
    for package in ("generator", "mkdocs_site"):  # the code too, as in a checkout: its templates are edited
        shutil.copytree(REPO / package, project / package, ignore=shutil.ignore_patterns("__pycache__"))
    with serving(project, folder / "serve.log") as running:
        running.wait_for(lambda: TITLE in running.get("en/initiatives/opening-up-hub/"), "the first build")
        yield running


@pytest.fixture
def preview(server: Preview) -> Preview:
    """The module's preview, showing the data as shipped: each test starts where an editor would."""
    original = (REPO / "data" / "initiatives.yaml").read_text("utf-8")
    if server.data.read_text("utf-8") != original:
        server.data.write_text(original, "utf-8")
        server.wait_for(lambda: EDITED not in server.get("en/initiatives/opening-up-hub/"), "the data as shipped")
    return server


def test_a_rebuild_as_long_as_an_earlier_one_is_counted(tmp_path: Path) -> None:
    # A full run once timed out here: MkDocs' command line puts a DuplicateFilter on its build log
    # (mkdocs/__main__.py), so a rebuild as long as an earlier one ("Documentation built in 2.85 seconds"
    # twice) logs no such line. MkDocs' own live-reload server, rebuilding three times, each as long:
    from mkdocs.commands.build import log as build_log
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.utils import DuplicateFilter

    log, watched = tmp_path / "serve.log", tmp_path / "docs"
    watched.mkdir()
    server = LiveReloadServer(
        lambda: build_log.info("Documentation built in 2.85 seconds"),
        "127.0.0.1",
        free_port(),
        str(tmp_path),
        polling_interval=0.1,
    )
    server.watch(str(watched))
    mkdocs_log, level = logging.getLogger("mkdocs"), logging.getLogger("mkdocs").level
    handler, duplicates = logging.FileHandler(log, encoding="utf-8"), DuplicateFilter()
    mkdocs_log.addHandler(handler)
    mkdocs_log.setLevel(logging.INFO)
    build_log.addFilter(duplicates)
    try:
        threading.Thread(target=server.serve, daemon=True).start()
        preview = Preview(tmp_path, 0, log)

        def seen(started: int) -> bool:  # saved again until the watcher, which may not run yet, sees it
            if preview.output().count(REBUILD_STARTED) > started:
                return True
            (watched / "page.md").write_text(f"saved at {time.monotonic()}", "utf-8")
            return False

        for _ in range(3):
            started = preview.output().count(REBUILD_STARTED)
            preview.wait_for(lambda started=started: seen(started), "the watcher to see the save")
        preview.wait_until_idle(quiet_seconds=0.5)
    finally:
        server.shutdown(wait=True)
        build_log.removeFilter(duplicates)
        mkdocs_log.removeHandler(handler)
        mkdocs_log.setLevel(level)
        handler.close()
    assert preview.rebuilds() == preview.output().count(REBUILD_STARTED) >= 3  # every rebuild counted
    assert preview.output().count("Documentation built in") == 1  # what MkDocs wrote for them


def test_preview_serves_both_languages_and_the_switch_between_them(preview: Preview) -> None:
    english = preview.get("en/initiatives/opening-up-hub/")
    chinese = preview.get("initiatives/opening-up-hub/")
    assert '<html lang="en"' in english and '<html lang="zh-Hans"' in chinese
    assert 'href="../../../initiatives/opening-up-hub/" hreflang="zh-Hans"' in english
    assert 'href="../../en/initiatives/opening-up-hub/" hreflang="en"' in chinese


def test_saving_the_data_rebuilds_once_and_the_server_then_stays_idle(preview: Preview) -> None:
    before = preview.wait_until_idle()
    started = time.monotonic()
    preview.edit(f"en: {TITLE}\n", f"en: {EDITED}\n")
    preview.wait_for(lambda: EDITED in preview.get("en/initiatives/opening-up-hub/"), "the edited English page")
    seconds = time.monotonic() - started
    preview.wait_for(lambda: preview.rebuilds() > before, "the rebuild's line in the log")  # it may follow the page
    after = preview.wait_until_idle()
    # One rebuild for the edit; the Markdown it generates is not watched, so nothing more: never a loop.
    assert after - before == 1, preview.output()[-3000:]
    print(f"\nYAML edit visible in the preview after {seconds:.1f} s ({after - before} rebuilds)")


def test_editing_a_hand_written_page_rebuilds_the_preview(preview: Preview) -> None:
    before = preview.wait_until_idle()
    about = preview.project / "docs" / "en" / "about.md"
    about.write_text(about.read_text("utf-8").replace("# About this site", "# About this site (edited)"), "utf-8")
    preview.wait_for(lambda: "About this site (edited)" in preview.get("en/about/"), "the edited about page")
    preview.wait_for(lambda: preview.rebuilds() > before, "the rebuild's line in the log")  # it may follow the page
    assert preview.wait_until_idle() - before == 1, preview.output()[-3000:]


def test_editing_the_labels_takes_effect_in_both_languages_on_the_next_rebuild(preview: Preview) -> None:
    # The Chinese pages are built inside the long-running preview process: words it read at its start
    # must not outlive an edit of the file.
    folder = preview.project / "generator" / "templates"
    originals = {key: (folder / f"labels.{key}.yaml").read_text("utf-8") for key in ("zh", "en")}
    try:
        for key, text in originals.items():
            label = re.search(r"^see_all_themes: (.*)$", text, re.MULTILINE)
            assert label, "the home page's link to the themes has a label"
            value = label[1].strip('"')
            edited = f"see_all_themes: {value} (edited)"
            (folder / f"labels.{key}.yaml").write_text(text.replace(label[0], edited, 1), "utf-8")
        for path in ("", "en/"):
            preview.wait_for(lambda path=path: "(edited)" in preview.get(path), f"the edited label in /{path}")
    finally:
        for key, text in originals.items():
            (folder / f"labels.{key}.yaml").write_text(text, "utf-8")
        preview.wait_for(lambda: "(edited)" not in preview.get(""), "the labels as shipped")
        preview.wait_until_idle()


def test_a_bad_edit_shows_the_located_error_and_the_server_recovers(preview: Preview) -> None:
    preview.wait_until_idle()
    preview.edit(
        "    themes: [investment-and-opening-up, business-environment]",
        "    themes: [investment-and-opening-up, busines-environment]",
    )
    preview.wait_for(lambda: "unknown theme 'busines-environment'" in preview.output(), "the located error")
    assert re.search(
        r"data/initiatives\.yaml:\d+:\d+: initiative \d+ \(opening-up-hub\), themes, 2nd entry — initiatives\[\d+\]\.themes\[1\]: "
        r"unknown theme "
        r"'busines-environment' \(did you mean 'business-environment'\?\)",
        preview.output(),
    )
    preview.wait_for(lambda: "unknown theme" in preview.get("en/initiatives/opening-up-hub/"), "the error on the page")
    page = preview.get("en/initiatives/opening-up-hub/")
    assert TITLE in page and 'class="zibo-data-errors" role="alert"' in page  # last valid data, error shown
    preview.edit("    related: []", "    related: " + "[" * 1000 + "]" * 1000)  # too deep: located, no crash
    preview.wait_for(lambda: "nested more than 32 levels deep" in preview.output(), "the nesting error")
    preview.wait_for(lambda: "nested more than" in preview.get("en/initiatives/opening-up-hub/"), "it on the page")
    preview.edit("    related: " + "[" * 1000 + "]" * 1000, "    related: []")
    preview.edit("busines-environment]", "business-environment]")
    preview.edit(f"en: {TITLE}\n", f"en: {EDITED}\n")
    preview.wait_for(lambda: EDITED in preview.get("en/initiatives/opening-up-hub/"), "recovery after the fix")
    assert "zibo-data-errors" not in preview.get("en/initiatives/opening-up-hub/")


@pytest.mark.browser
def test_an_open_page_reloads_by_itself_after_a_save_and_search_finds_the_edit(
    preview: Preview, browser: BrowserSession
) -> None:
    page = browser.new_page()
    page.goto(preview.url("en/initiatives/opening-up-hub/"))
    preview.wait_until_idle()
    preview.edit(f"en: {TITLE}\n", f"en: {EDITED}\n")
    # (While the reloaded page loads, it may have no heading yet.)
    page.wait_for_function(
        "text => document.querySelector('h1')?.textContent.includes(text)", arg=EDITED, timeout=TIMEOUT * 1000
    )
    # The reloaded page with its styles and scripts, once no rebuild holds the preview's answers.
    preview.wait_until_idle()
    page.wait_for_load_state("load")
    # The preview has the search of the published site, rebuilt with the pages: the edit is found.
    assert search(page, "preview")[:1] == [preview.url("en/initiatives/opening-up-hub/")]
    page.goto(preview.url("initiatives/opening-up-hub/"))
    assert any(url.startswith(preview.url("initiatives/")) for url in search(page, "卫生"))
    page.context.close()


def test_the_preview_holds_the_build_lock_only_while_it_rebuilds(preview: Preview) -> None:
    preview.wait_until_idle()
    # Idle, it holds nothing: a build in the same checkout runs at once.
    result = build_site(preview.project)
    assert result.returncode == 0 and build_lock.WAITING not in result.output, result.output
    # Each rebuild takes the lock: while another build holds it, the rebuild waits, and says so.
    lock = build_lock.acquire(preview.project, print)
    try:
        builds = preview.rebuilds()
        preview.edit(f"en: {TITLE}\n", f"en: {EDITED}\n")
        preview.wait_for(lambda: build_lock.WAITING in preview.output(), "the rebuild to wait for the lock")
        time.sleep(1)
        assert preview.rebuilds() == builds  # (the server holds requests meanwhile: MkDocs waits for the rebuild)
    finally:
        lock.release()
    preview.wait_for(lambda: EDITED in preview.get("en/initiatives/opening-up-hub/"), "the rebuild after the lock")


def test_on_a_fresh_checkout_bad_data_shows_its_error_and_the_preview_waits_for_the_fix(tmp_path: Path) -> None:
    project = copy_project(REPO, tmp_path / "project")
    for language in ("zh", "en"):  # what a fresh clone has: no generated pages of earlier valid data
        docs = project / "docs" / language
        for folder in GENERATED_FOLDERS:
            shutil.rmtree(docs / folder, ignore_errors=True)
        for page in GENERATED_FILES:
            if page.endswith(".md"):
                (docs / page).unlink(missing_ok=True)
    data = project / "data" / "initiatives.yaml"
    valid = data.read_text("utf-8")
    data.write_text(valid.replace("    number: 12\n", "     number: 12\n", 1), "utf-8")
    with serving(project, tmp_path / "serve.log") as server:
        server.wait_for(lambda: "zibo-data-errors" in server.get("en/"), "the error on the stand-in page")
        line = valid[: valid.index("    number: 12\n")].count("\n") + 1
        assert re.search(rf"data/initiatives\.yaml:{line}:12: (?:[^:]+: )?unexpected ':' here", server.output())
        data.write_text(valid, "utf-8")
        server.wait_for(lambda: TITLE in server.get("en/initiatives/opening-up-hub/"), "the site after the fix")
        assert "zibo-data-errors" not in server.get("en/initiatives/opening-up-hub/")


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_stopped_preview_leaves_no_folder_of_its_own(tmp_path: Path, stop: signal.Signals) -> None:
    project = copy_project(REPO, tmp_path / "project")
    (tmp_path / "tmp").mkdir()
    with serving(project, tmp_path / "serve.log", stop, tmp_path / "tmp") as server:
        server.wait_for(lambda: TITLE in server.get("en/initiatives/opening-up-hub/"), "the first build")
        server.edit(f"en: {TITLE}\n", f"en: {EDITED}\n")  # stopped while it may rebuild
        time.sleep(0.5)
    left = sorted(path.name for path in (tmp_path / "tmp").iterdir())
    if stop == signal.SIGINT:  # MkDocs removes the folder it served, which holds ours
        assert left == []
    else:  # a killed MkDocs leaves its own folder (MkDocs' behaviour), and nothing else
        assert all(name.startswith("mkdocs_") for name in left), left
    assert not (project / ".site-builds").exists() or not list((project / ".site-builds").iterdir())
