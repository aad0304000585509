"""Builds that cannot corrupt: killed, interrupted, failing or run twice at once, a build publishes the
complete new site and says so, or leaves the complete old one and says so; it leaves no debris behind
and no English build running.

One project is built with two data sets, A and B, whose sites differ in both languages; every scenario
then turns the data into the other set and checks that `site/` is exactly one of the two reference
trees, the one the exit code names.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.support import copy_project, free_port

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "hooks"))
import build_lock  # noqa: E402
import second_language  # noqa: E402
import site_swap  # noqa: E402

pytestmark = pytest.mark.long

WAITING = build_lock.WAITING
SEED = int(os.environ.get("ZIBO_KILL_SEED", "20200416"))  # another seed draws other kill times and offsets
KILLS = (signal.SIGINT, signal.SIGKILL, signal.SIGTERM)
TIMEOUT = 300


def digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def start_build(project: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build"],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # a signal sent to the test's terminal must not reach it
        # As from a terminal: a shell starts background jobs with Ctrl-C ignored, and so may the tests.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def finish(process: subprocess.Popen[str]) -> tuple[int, str]:
    output, _ = process.communicate(timeout=TIMEOUT)
    return process.returncode, output


def english_builds_of(pid: int) -> list[int]:
    """Processes started by build ``pid`` as its English build: a new process carries its process id in
    its environment, a forked copy in its name (its environment and command line are the parent's)."""
    marker = f"{second_language.PARENT_PID}={pid}".encode()
    name = second_language.process_name(pid)
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if marker in environ.read_bytes().split(b"\0") or (environ.parent / "comm").read_text().strip() == name:
                found.append(int(environ.parent.name))
        except OSError:
            pass  # ended meanwhile, or not ours
    return found


def assert_no_english_build_survives(pid: int) -> None:
    deadline = time.monotonic() + 10
    while english_builds_of(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert english_builds_of(pid) == [], f"the English build of killed build {pid} is still running"


@dataclass
class Checkout:
    project: Path
    data: dict[str, str]  # the text of data/initiatives.yaml for A and B
    reference: dict[str, dict[str, str]] = field(default_factory=dict)  # the site of A and of B
    seconds: float = float("inf")  # how long one build takes here (the quicker of the two)

    @property
    def site(self) -> Path:
        return self.project / "site"

    def use(self, name: str) -> None:
        (self.project / "data" / "initiatives.yaml").write_text(self.data[name], "utf-8")

    def published(self) -> str:
        """Which reference tree `site/` is, exactly."""
        tree = digest(self.site)
        matches = [name for name, reference in self.reference.items() if tree == reference]
        assert len(matches) == 1, f"site/ is neither A nor B: {len(tree)} files"
        return matches[0]

    def assert_only_the_published_build_is_left(self) -> None:
        folder = site_swap.builds_folder(self.site)
        builds = list(folder.iterdir()) if folder.is_dir() else []
        assert builds == [self.site.resolve()], builds
        assert not list(self.project.rglob(".zibo-site-en-*")) and not list(self.project.glob("site.*"))


def with_other_summary(text: str) -> str:
    """Data set B: the first initiative's summary changed in both languages (its page, the listings,
    the search indexes, the feeds and the open data all change)."""
    changed, count = re.subn(
        r"(    summary:\n      zh: )(.*)\n(      en: >-\n        )", r"\1\2（B）\n\3(B) ", text, count=1
    )
    assert count == 1
    return changed


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Checkout:
    project = copy_project(REPO, tmp_path_factory.mktemp("builds") / "project")
    a = (project / "data" / "initiatives.yaml").read_text("utf-8")
    built = Checkout(project, {"A": a, "B": with_other_summary(a)})
    for name in ("A", "B"):
        built.use(name)
        started = time.monotonic()
        returncode, output = finish(start_build(project))
        built.seconds = min(built.seconds, time.monotonic() - started)
        assert returncode == 0, output
        built.reference[name] = digest(built.site)
    # (Pagefind names its index files by their content, so the two trees differ in names as well.)
    assert built.reference["A"]["index.html"] != built.reference["B"]["index.html"]
    assert built.reference["A"]["en/index.html"] != built.reference["B"]["en/index.html"]
    return built


@pytest.fixture
def site_always_there(checkout: Checkout) -> Iterator[list[str]]:
    """Watches `site/` during a test: it must always hold a whole site (both home pages)."""
    gaps: list[str] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            for page in ("index.html", "en/index.html"):
                if not (checkout.site / page).is_file():
                    gaps.append(page)
            time.sleep(0.002)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    yield gaps
    stop.set()
    thread.join()
    assert gaps == [], f"site/ was missing or incomplete {len(gaps)} time(s): {sorted(set(gaps))}"


def other(name: str) -> str:
    return "B" if name == "A" else "A"


def test_a_killed_build_leaves_the_old_site_or_publishes_the_new_one_and_says_which(
    checkout: Checkout, site_always_there: list[str]
) -> None:
    draws = random.Random(SEED)
    outcomes = []
    for kill in KILLS:
        old = checkout.published()
        new = other(old)
        checkout.use(new)
        delay = draws.uniform(0, 0.9 * checkout.seconds)  # mostly while it runs: from start-up to publishing
        process = start_build(checkout.project)
        time.sleep(delay)
        process.send_signal(kill)
        returncode, output = finish(process)
        now = checkout.published()
        context = f"{kill.name} after {delay:.2f} s (seed {SEED}): exit {returncode}, site {now}\n{output[-2000:]}"
        outcomes.append((kill.name, round(delay, 2), returncode, now))
        if returncode == 0:
            assert now == new, context
        elif kill != signal.SIGKILL:  # SIGKILL leaves no word: the site may be either, but whole
            assert now == old, context  # an interrupted build reports failure: then it did not publish
            checkout.assert_only_the_published_build_is_left()  # it cleaned up after itself
        assert_no_english_build_survives(process.pid)
        # The next build publishes and removes what the killed one left.
        returncode, output = finish(start_build(checkout.project))
        assert returncode == 0 and checkout.published() == new, output
        checkout.assert_only_the_published_build_is_left()
    print(f"\nkills (signal, delay, exit code, site): {outcomes}")


def test_two_builds_at_once_take_turns_and_both_publish_the_new_site(
    checkout: Checkout, site_always_there: list[str]
) -> None:
    # Seconds between the starts of the two builds: at once, and a time drawn from the start-up to the
    # publishing of the first (as the kill times are; another seed draws another).
    offsets = (0.0, random.Random(SEED).uniform(0.1, 0.9 * checkout.seconds))
    outputs = []
    for offset in offsets:
        new = other(checkout.published())
        checkout.use(new)
        first = start_build(checkout.project)
        time.sleep(offset)
        second = start_build(checkout.project)
        results = [finish(first), finish(second)]
        for returncode, output in results:
            assert returncode == 0, f"offset {offset} s:\n{output}"
            assert "Published the new site" in output
        assert checkout.published() == new
        checkout.assert_only_the_published_build_is_left()
        outputs += [output for _, output in results]
    # The lock is taken after MkDocs starts: whichever build comes second waits, and says so.
    assert any(WAITING in output for output in outputs)


def test_a_failing_build_says_the_previous_site_is_unchanged_and_it_is(
    checkout: Checkout, site_always_there: list[str]
) -> None:
    # Under --strict, MkDocs fails a build for a warning only after every plugin's post-build step.
    old = checkout.published()
    checkout.use(other(old))
    about = checkout.project / "docs" / "zh" / "about.md"
    text = about.read_text("utf-8")
    about.write_text(text + "\n[断链](missing-page.md)\n", "utf-8")
    try:
        returncode, output = finish(start_build(checkout.project))
    finally:
        about.write_text(text, "utf-8")
    assert returncode != 0 and "missing-page.md" in output
    assert "The build failed: the previous site in site/ is unchanged." in output
    assert checkout.published() == old
    assert list(site_swap.builds_folder(checkout.site).iterdir()) == [checkout.site.resolve()]


def test_a_site_folder_from_an_older_version_is_replaced_by_the_new_site(checkout: Checkout) -> None:
    old = checkout.published()
    published = checkout.site.resolve()
    checkout.site.unlink()
    shutil.copytree(published, checkout.site)  # a real folder, as earlier versions published
    (checkout.project / "site.partial").mkdir()
    (checkout.project / ".zibo-site-en-k2j3h4").mkdir()
    new = other(old)
    checkout.use(new)
    returncode, output = finish(start_build(checkout.project))
    assert returncode == 0, output
    assert checkout.site.is_symlink() and checkout.published() == new
    checkout.assert_only_the_published_build_is_left()


def test_the_english_build_dies_with_its_parent_even_without_the_kernels_help(tmp_path: Path) -> None:
    # What macOS relies on (Linux uses PR_SET_PDEATHSIG): the child watches its parent's process id.
    child_code = (
        "import sys, time; sys.path.insert(0, sys.argv[1]); import second_language; "
        "second_language.watch_parent(interval=0.05); time.sleep(60)"
    )
    parent_code = (
        "import os, subprocess, sys, time; "
        f"child = subprocess.Popen([sys.executable, '-c', {child_code!r}, sys.argv[1]], "
        "env={**os.environ, 'ZIBO_SITE_PARENT_PID': str(os.getpid())}); "
        "print(child.pid, flush=True); time.sleep(60)"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", parent_code, str(REPO / "hooks")], stdout=subprocess.PIPE, text=True
    )
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    time.sleep(0.3)
    assert english_builds_of(parent.pid) == [child]
    parent.kill()
    parent.wait()
    assert_no_english_build_survives(parent.pid)


PAGEFIND_OF_A_KILLED_BUILD = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import search_index
folder = Path(sys.argv[2])
search_index.get_executable = lambda: folder / "pagefind"  # one that tells its process id, then waits
(folder / "copy").mkdir()
(folder / "copy" / "index.html").write_text("<html><body data-pagefind-body>Zibo</body></html>")
search_index.index_pages(folder / "copy", folder / "bundle")
"""


@pytest.mark.skipif(sys.platform != "linux", reason="the kernel kills it with its build on Linux only")
def test_a_killed_builds_pagefind_dies_with_it(tmp_path: Path) -> None:
    # A killed English build's Pagefind, left running, would make the folder its parent removes again.
    (tmp_path / "pagefind").write_text(f'#!/bin/sh\necho $$ > "{tmp_path}/pid"\nexec sleep 60\n', "utf-8")
    (tmp_path / "pagefind").chmod(0o755)
    build = subprocess.Popen([sys.executable, "-c", PAGEFIND_OF_A_KILLED_BUILD, str(REPO / "hooks"), str(tmp_path)])
    deadline = time.monotonic() + 60
    while not (tmp_path / "pid").is_file() or not (tmp_path / "pid").read_text().strip():
        assert time.monotonic() < deadline and build.poll() is None, "Pagefind was not started"
        time.sleep(0.05)
    pagefind = int((tmp_path / "pid").read_text())
    build.kill()
    build.wait()
    deadline = time.monotonic() + 10
    while Path(f"/proc/{pagefind}").exists() and Path(f"/proc/{pagefind}/stat").read_text().split()[2] != "Z":
        assert time.monotonic() < deadline, "the Pagefind of a killed build is still running"
        time.sleep(0.05)


def test_a_build_waits_for_the_lock_and_says_so(tmp_path: Path) -> None:
    said: list[str] = []
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; sys.path.insert(0, sys.argv[1]); import build_lock; "
            "from pathlib import Path; lock = build_lock.acquire(Path(sys.argv[2]), print); "
            "print('held', flush=True); time.sleep(1)",
            str(REPO / "hooks"),
            str(tmp_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    started = time.monotonic()
    lock = build_lock.acquire(tmp_path, said.append)
    waited = time.monotonic() - started
    lock.release()
    holder.wait()
    assert said == [WAITING] and waited > 0.3


def test_without_symlinks_the_site_folder_is_replaced_by_renames(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # The documented fallback for systems that cannot make symlinks (Windows without developer mode).
    def no_symlinks(*args: object, **kwargs: object) -> None:
        raise OSError("symbolic links are not available")

    monkeypatch.setattr(os, "symlink", no_symlinks)
    site = tmp_path / "site"
    for version in ("old", "new"):
        build = site_swap.stage(site)
        (build / "index.html").write_text(version, "utf-8")
        site_swap.publish(build, site)
        assert not site.is_symlink() and (site / "index.html").read_text("utf-8") == version
        assert list(site_swap.builds_folder(site).iterdir()) == []


def test_a_build_killed_while_its_english_build_runs_leaves_no_english_build(checkout: Checkout) -> None:
    checkout.use(other(checkout.published()))
    process = start_build(checkout.project)
    deadline = time.monotonic() + TIMEOUT
    while not (children := english_children_of(process.pid)) and process.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert children, "the English build never started"
    if sys.platform == "linux":  # a copy of the build, with its imports done: not a new Python
        assert {Path(f"/proc/{child}/comm").read_text().strip() for child in children} == {
            second_language.process_name(process.pid)
        }
    process.kill()
    process.wait()
    deadline = time.monotonic() + 10
    while [pid for pid in children if alive(pid)] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [pid for pid in children if alive(pid)] == [], "the English build outlived the killed build"


def english_children_of(pid: int) -> list[int]:
    """The English builds (`mkdocs … mkdocs.en.yml`, or the forked copy named for it) that process ``pid`` started."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            command = (stat.parent / "cmdline").read_bytes()
            name = (stat.parent / "comm").read_text().strip()
        except (OSError, IndexError, ValueError):
            continue
        if parent == pid and (b"mkdocs.en.yml" in command or name == second_language.process_name(pid)):
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_python_http_server_serves_the_published_site(checkout: Checkout) -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", "-d", "site", "--bind", "127.0.0.1", str(port)],
        cwd=checkout.project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for page in ("", "en/"):
            deadline = time.monotonic() + 20
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/{page}", timeout=5) as response:
                        served = response.read()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.1)
            assert served == (checkout.site / page / "index.html").read_bytes()
    finally:
        server.terminate()
        server.wait()
