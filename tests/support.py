"""Helpers for tests that build the site, serve it and open it in Debian's Chromium."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from generator.build import load_and_validate
from generator.models import Dataset
from generator.validate import Validated

CHROMIUM = "/usr/bin/chromium"
# Flags that keep Chromium from calling Google's services on its own (this machine has no network).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-domain-reliability",
    "--disable-features=Translate,OptimizationHints,MediaRouter",
]
PROJECT_FILES = ("mkdocs.yml", "mkdocs.en.yml")
PROJECT_FOLDERS = ("data", "docs", "hooks", "overrides")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


@dataclass
class BuildResult:
    returncode: int
    output: str


@dataclass
class BuiltSite:
    project: Path
    root: Path
    base_url: str
    build_output: str
    _parsed: dict[str, BeautifulSoup] = field(default_factory=dict)

    def html(self, path: str) -> BeautifulSoup:
        """The built page at ``path`` (e.g. "en/initiatives/x/"), parsed."""
        if path not in self._parsed:
            file = self.root / path / "index.html" if path.endswith("/") or not path else self.root / path
            self._parsed[path] = BeautifulSoup(file.read_text("utf-8"), "html.parser")
        return self._parsed[path]

    def url(self, path: str) -> str:
        return self.base_url + path

    @functools.cached_property
    def validated(self) -> Validated:
        """The data this site was built from, so that a test of the site holds for whatever data it has."""
        return load_and_validate(self.project / "data" / "initiatives.yaml")

    @property
    def dataset(self) -> Dataset:
        return self.validated.dataset


def copy_project(repo: Path, target: Path) -> Path:
    """A private copy of what a build reads, so tests never touch the working tree's docs/ or site/."""
    target.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        shutil.copy2(repo / name, target / name)
    for name in PROJECT_FOLDERS:
        shutil.copytree(repo / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    return target


@contextlib.contextmanager
def edit_yaml(path: Path) -> Iterator[Any]:
    """Edit a data file as an editor's change would: a round trip that keeps its comments and layout."""
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    document = yaml.load(path.read_text("utf-8"))
    yield document
    with path.open("w", encoding="utf-8") as file:
        yaml.dump(document, file)


def copy_data(repo: Path, target: Path) -> Path:
    """A private copy of the data folder only (data files and the archived article), for checks."""
    shutil.copytree(repo / "data", target / "data")
    return target / "data"


def fresh_checkout(repo: Path, target: Path) -> Path:
    """A new repository holding the working tree as it would be committed (tracked and new files, not
    ignored ones), in one commit: what a fresh clone of it gives, uncommitted changes included."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=repo,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = repo / name
        if source.is_file():  # not a file deleted but not yet committed
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    git = ["git", "-c", "user.name=test", "-c", "user.email=test@example.org", "-c", "init.defaultBranch=main"]
    subprocess.run([*git, "init", "-q"], cwd=target, check=True)
    subprocess.run([*git, "add", "-A"], cwd=target, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "snapshot"], cwd=target, check=True)
    return target


def build_site(
    project: Path, *, site_url: str | None = None, site_dir: Path | None = None, extra_env: dict[str, str] | None = None
) -> BuildResult:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(extra_env or {})}
    if site_url:
        env["ZIBO_SITE_URL"] = site_url
    command = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(project / "mkdocs.yml")]
    if site_dir:
        command += ["--site-dir", str(site_dir)]
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=300)
    return BuildResult(result.returncode, result.stdout + result.stderr)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder at a sub-path only, as GitHub project pages do (/REPO/...)."""

    sub_path = "/"

    def send_head(self):  # type: ignore[no-untyped-def]
        if not self.path.startswith(self.sub_path):
            self.send_error(404)
            return None
        self.path = "/" + self.path[len(self.sub_path) :]
        return super().send_head()

    def end_headers(self) -> None:
        # Lets LinkChecker go faster than its default 10 requests a second (see linkcheckerrc).
        self.send_header("LinkChecker", "allow")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve_folder(folder: Path, port: int, sub_path: str = "/") -> Iterator[str]:
    handler = type("Handler", (_SubPathHandler,), {"sub_path": sub_path})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}{sub_path}"
    finally:
        server.shutdown()
        server.server_close()


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"data", "blob", "about"} or (parts.hostname or "") in LOCAL_HOSTS


@dataclass
class BrowserSession:
    playwright: object
    browser: object
    foreign_requests: list[str] = field(default_factory=list)

    def new_page(self, *, width: int = 1280, height: int = 900):  # type: ignore[no-untyped-def]
        """A page that records every request to a host other than this machine."""
        context = self.browser.new_context(viewport={"width": width, "height": height})  # type: ignore[attr-defined]
        page = context.new_page()
        page.on("request", lambda request: None if is_local(request.url) else self.foreign_requests.append(request.url))
        return page


@contextlib.contextmanager
def browser_session() -> Iterator[BrowserSession]:
    # Fail, never skip: a missing browser must not turn the browser tests green.
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: install Debian's chromium (.ci/run does)"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield BrowserSession(playwright, browser)
        finally:
            browser.close()


def searchable_text(page: BeautifulSoup) -> str:
    """The text of a built page that the search index holds: its `data-pagefind-body`, without what
    is marked `data-pagefind-ignore` and without the headings' permalink signs (hooks/search_index.py)."""
    body = page.select_one("[data-pagefind-body]")
    if body is None:
        return ""
    body = BeautifulSoup(str(body), "html.parser")
    for element in body.select("[data-pagefind-ignore], .headerlink"):
        element.decompose()
    return body.get_text(" ")
