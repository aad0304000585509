"""Helpers for tests that build the site, serve it and open it in Debian's Chromium."""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup

from generator.models import Dataset
from generator.pipeline import load_and_validate
from generator.validate import Validated
from tools import serving
from tools.serving import (  # noqa: F401 (the tests import them from here)
    BrowserSession,
    browser_session,
    copy_project,
    free_port,
    is_local,
    serve_folder,
)

# Today's data, kept for the tests that judge content (search relevance, particular words); refreshed by
# `make frozen` after a content change the reviewers accepted (README.md, "Tests").
FROZEN = Path(__file__).parent / "frozen"


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


def copy_frozen_project(repo: Path, target: Path) -> Path:
    """A private copy of what a build reads, with the frozen copy of the data (tests/frozen/data/) as it is:
    for the tests that judge content, such as the search benchmark's floors."""
    serving.copy_project(repo, target)
    shutil.rmtree(target / "data")
    shutil.copytree(FROZEN / "data", target / "data")
    return target


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
