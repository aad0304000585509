"""Shared fixtures: one real build of the site per test session, served under a sub-path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import (
    BuiltSite,
    browser_session,
    build_site,
    copy_frozen_project,
    copy_project,
    free_port,
    serve_folder,
)

REPO = Path(__file__).resolve().parent.parent
SUB_PATH = "/zibo/"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # `make test` gives each worker whole modules (--dist loadscope), in collection order
    # (--no-loadscope-reorder): the modules marked `long` go first, so that the other worker takes the
    # many short ones meanwhile and both finish together, instead of one long module starting last.
    items.sort(key=lambda item: item.get_closest_marker("long") is None)


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


def built_and_served(project: Path) -> Iterator[BuiltSite]:
    """The project built once with both languages, served at http://127.0.0.1:PORT/zibo/."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}{SUB_PATH}"
    result = build_site(project, site_url=base_url)
    assert result.returncode == 0, result.output
    with serve_folder(project / "site", port, SUB_PATH):
        yield BuiltSite(project=project, root=project / "site", base_url=base_url, build_output=result.output)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    """The real data (in a messy review state: tests/support.py, make_messy), built and served."""
    yield from built_and_served(copy_project(REPO, tmp_path_factory.mktemp("project")))


@pytest.fixture(scope="session")
def frozen_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    """The frozen copy of the data (tests/frozen/), built and served: for the tests that judge content,
    such as the search benchmark's floors, which no editor's change may move."""
    yield from built_and_served(copy_frozen_project(REPO, tmp_path_factory.mktemp("frozen")))


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    with browser_session() as session:
        yield session
        # Every page any test opened recorded its requests: none may leave this machine.
        assert session.foreign_requests == []
