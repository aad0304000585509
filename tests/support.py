"""Helpers for tests that build the site, serve it and open it in Debian's Chromium."""

from __future__ import annotations

import contextlib
import copy
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
from generator.translation import iter_record_texts
from generator.validate import Validated
from tools import serving
from tools.serving import (  # noqa: F401 (the tests import them from here)
    BrowserSession,
    browser_session,
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


# Brought into the copies of the real data by `make_messy`: a theme nobody accepted yet and a glossary
# term whose explanation cites a source.
MESSY_THEME = {
    "id": "joint-work",
    "label": {"zh": "联合推进", "en": "Joint work"},
    "description": {"zh": "几项工作一同推进。", "en": "Several pieces of work moving forward together."},
}
MESSY_TERMS = (  # the first whose Chinese no text has (it then asks nothing of any English) is added
    {
        "id": "digital-economy",
        "zh": "数字经济",
        "en": "digital economy",
        "pinyin": "shù zì jīng jì",
        "explanation": {"zh": "以数据为关键要素的经济活动。", "en": "Economic activity in which data is a key factor."},
    },
    {
        "id": "smart-city",
        "zh": "智慧城市",
        "en": "smart city",
        "pinyin": "zhì huì chéng shì",
        "explanation": {"zh": "用数字技术管理和服务的城市。", "en": "A city run and served with digital technology."},
    },
)
MESSY_SOURCE = {
    "title": {"zh": "数字时代术语", "en": "A glossary of the digital age"},
    "outlet": {"zh": "示例出版社", "en": "Example Press"},
    "date": "2021-03-01",
    "url": "https://example.org/glossary",
}


_messy: dict[tuple[bytes, bytes], tuple[bytes, bytes]] = {}  # the data files before -> after (edits take 0.5 s)


def make_messy(project: Path) -> None:
    """Bring a copy of the real data to a messy review state that `make check` accepts (with warnings):
    texts never reviewed, one changed since its review, one never accepted, one whose Chinese changed
    after its translation, a new theme nobody accepted and a glossary term that cites a source.

    Every copy of the real data goes through this, so a test that holds only in today's review state
    fails in the developer's own run, not after an editor's valid change."""
    files = (project / "data" / "initiatives.yaml", project / "data" / "glossary.yaml")
    before = (files[0].read_bytes(), files[1].read_bytes())
    if before not in _messy:
        _edit_messily(project)
        _messy[before] = (files[0].read_bytes(), files[1].read_bytes())
    for file, content in zip(files, _messy[before], strict=True):
        file.write_bytes(content)


def _edit_messily(project: Path) -> None:
    data = project / "data" / "initiatives.yaml"
    before = load_and_validate(data)
    count = len(before.dataset.initiatives)
    with edit_yaml(data) as document:
        initiatives = document["initiatives"]
        for text in (initiatives[0]["title"], initiatives[0]["summary"], initiatives[0]["body"]):
            text.pop("reviewed", None)  # never reviewed
        changed = initiatives[1 % count]["summary"]
        changed["en"] = "In brief: " + changed["en"]  # changed since its review
        initiatives[2 % count]["summary"].pop("en_from", None)  # never accepted
        initiatives[3 % count]["summary"]["zh"] += "并持续改进。"  # the Chinese changed after its translation
        document["source"]["reporter"].pop("reviewed", None)  # the article's too
        if MESSY_THEME["id"] not in {theme.id for theme in before.dataset.themes}:
            document["themes"].append(copy.deepcopy(MESSY_THEME))
            room = [record for record in initiatives if len(record["themes"]) < 4]
            for record in (room[0], room[-1]):
                record["themes"].append(MESSY_THEME["id"])
    used = [text.zh for *_, text, _ in iter_record_texts(before.dataset)]
    known = {term.zh for term in before.glossary.terms}
    new = [t for t in MESSY_TERMS if t["zh"] not in known and not any(t["zh"] in zh for zh in used)]
    with edit_yaml(project / "data" / "glossary.yaml") as glossary:
        glossary["terms"][0].pop("reviewed", None)  # never reviewed
        for term in new[:1]:
            glossary["terms"].append({**copy.deepcopy(term), "source": dict(MESSY_SOURCE)})
    load_and_validate(data)  # still valid: raises with every error otherwise


def copy_project(repo: Path, target: Path) -> Path:
    """A private copy of what a build reads (tools/serving.py), its data in a messy review state."""
    serving.copy_project(repo, target)
    make_messy(target)
    return target


def copy_frozen_project(repo: Path, target: Path) -> Path:
    """A private copy of what a build reads, with the frozen copy of the data (tests/frozen/data/) as it is:
    for the tests that judge content, such as the search benchmark's floors."""
    serving.copy_project(repo, target)
    shutil.rmtree(target / "data")
    shutil.copytree(FROZEN / "data", target / "data")
    return target


def copy_data(repo: Path, target: Path) -> Path:
    """A private copy of the data folder only (data files and the archived article), for checks; its data
    in a messy review state."""
    shutil.copytree(repo / "data", target / "data")
    make_messy(target)
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
    make_messy(target)
    git = ["git", "-c", "user.name=test", "-c", "user.email=test@example.org", "-c", "init.defaultBranch=main"]
    subprocess.run([*git, "init", "-q"], cwd=target, check=True)
    subprocess.run([*git, "add", "-A"], cwd=target, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "snapshot"], cwd=target, check=True)
    return target


def build_site(
    project: Path, *, site_url: str | None = None, site_dir: Path | None = None, extra_env: dict[str, str] | None = None
) -> BuildResult:
    """`make site` (build and publish as site/), or with ``site_dir`` a `mkdocs build` into that folder."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(extra_env or {})}
    if site_url:
        env["ZIBO_SITE_URL"] = site_url
    command = [sys.executable, "-m", "mkdocs_site"]
    if site_dir:
        command = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(project / "mkdocs.yml")]
        command += ["--site-dir", str(site_dir)]
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=300)
    return BuildResult(result.returncode, result.stdout + result.stderr)


def searchable_text(page: BeautifulSoup) -> str:
    """The text of a built page that the search index holds: its `data-pagefind-body`, without what
    is marked `data-pagefind-ignore` and without the headings' permalink signs (mkdocs_site/search_index.py)."""
    body = page.select_one("[data-pagefind-body]")
    if body is None:
        return ""
    body = BeautifulSoup(str(body), "html.parser")
    for element in body.select("[data-pagefind-ignore], .headerlink"):
        element.decompose()
    return body.get_text(" ")
