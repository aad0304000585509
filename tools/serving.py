"""Serving a built site on this machine and opening it in Debian's Chromium (tests, tools, benchmark)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import shutil
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

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
PROJECT_FOLDERS = ("data", "docs", "overrides")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


def copy_project(repo: Path, target: Path) -> Path:
    """A private copy of what a build reads, so tests never touch the working tree's docs/ or site/."""
    target.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        shutil.copy2(repo / name, target / name)
    for name in PROJECT_FOLDERS:
        shutil.copytree(repo / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder at a sub-path only, as GitHub project pages do (/REPO/...), and, when given
    one, its not-found page for every missing address under it, as they do too."""

    sub_path = "/"
    not_found: str | None = None  # e.g. "404.html", relative to the folder

    def send_head(self):  # type: ignore[no-untyped-def]
        if not self.path.startswith(self.sub_path):
            self.send_error(404)
            return None
        self.path = "/" + self.path[len(self.sub_path) :]
        if self.not_found and not self._exists(self.translate_path(self.path)):
            page = Path(self.directory) / self.not_found
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)
        return super().send_head()

    @staticmethod
    def _exists(path: str) -> bool:
        return Path(path).is_file() or (Path(path) / "index.html").is_file()

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve_folder(folder: Path, port: int, sub_path: str = "/", not_found: str | None = None) -> Iterator[str]:
    handler = type("Handler", (_SubPathHandler,), {"sub_path": sub_path, "not_found": not_found})
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

    def new_page(self, *, width: int = 1280, height: int = 900, touch: bool = False):  # type: ignore[no-untyped-def]
        """A page that records every request to a host other than this machine (``touch``: a phone's screen)."""
        context = self.browser.new_context(viewport={"width": width, "height": height}, has_touch=touch)  # type: ignore[attr-defined]
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
