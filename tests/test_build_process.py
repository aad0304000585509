"""Builds that cannot corrupt: killed, interrupted, failing or run twice at once, `make site` publishes
the complete new site and says so, or leaves the complete old one; no process of a killed build goes
on, and the next build removes whatever it left.

One project is built with two data sets, A and B, whose sites differ in both languages; every scenario
then turns the data into the other set and checks that `site/` is exactly one of the two reference
trees, the one the exit code names.
"""

from __future__ import annotations

import hashlib
import json
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

from mkdocs_site import build_lock, publish
from tests.support import copy_project, free_port

REPO = Path(__file__).resolve().parent.parent

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
    """`make site`'s command."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "mkdocs_site"],
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


def processes_of(project: Path) -> list[str]:
    """The command lines of running processes that work on ``project``: its builds (both languages),
    their Pagefind."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            command = cmdline.read_bytes().replace(b"\0", b" ").decode()
            state = (cmdline.parent / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue  # ended meanwhile
        if str(project) in command and state != "Z":
            found.append(command)
    return found


def assert_no_process_of_the_build_survives(project: Path) -> None:
    deadline = time.monotonic() + 10
    while processes_of(project) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_of(project) == [], "a process of the killed build is still running"


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

    def assert_only_the_published_build_and_the_one_before_are_left(self) -> None:
        builds = self.project / publish.BUILDS
        folders = sorted(builds.iterdir())
        assert self.site.resolve() in folders and len(folders) <= 2, folders
        assert all((folder / "index.html").is_file() for folder in folders), "a build folder is not a whole site"


def with_other_summary(text: str, mark: str = "B") -> str:
    """Data set B: the first initiative's summary changed in both languages (its page, the listings,
    the search indexes, the feeds and the open data all change)."""
    changed, count = re.subn(
        r"(    summary:\n      zh: )(.*)\n(      en: >-\n        )", rf"\1\2（{mark}）\n\3({mark}) ", text, count=1
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
        elif kill == signal.SIGINT:  # Ctrl-C: the build stops, removes its folder and says so
            assert now == old and "The build was interrupted: the previous site in site/ is unchanged." in output
            checkout.assert_only_the_published_build_and_the_one_before_are_left()
        # (SIGTERM and SIGKILL end it at once, without a word: the site may be either, but whole.)
        assert_no_process_of_the_build_survives(checkout.project)
        # The next build publishes and removes what the killed one left.
        returncode, output = finish(start_build(checkout.project))
        assert returncode == 0 and checkout.published() == new, output
        checkout.assert_only_the_published_build_and_the_one_before_are_left()
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
        checkout.assert_only_the_published_build_and_the_one_before_are_left()
        outputs += [output for _, output in results]
    # The lock is taken after MkDocs starts: whichever build comes second waits, and says so.
    assert any(WAITING in output for output in outputs)


def test_saves_during_a_build_publish_both_languages_and_the_open_data_from_one_version(checkout: Checkout) -> None:
    # An editor saving again and again while `make site` runs: every output of the build is one version.
    data, original = checkout.project / "data" / "initiatives.yaml", checkout.data["A"]
    saving, saves = threading.Event(), [0]

    def save() -> None:
        while not saving.is_set():
            saves[0] += 1
            # Saved whole, as editors save (a new file put in place): a copy taken in the middle of a write
            # in place reads half a file, which the build rightly refuses; that is not this test's question.
            saved = checkout.project / "initiatives.yaml.saving"  # outside data/, which the build copies
            saved.write_text(with_other_summary(original, f"v{saves[0]}"), "utf-8")
            saved.replace(data)
            time.sleep(0.02)

    saver = threading.Thread(target=save)
    saver.start()
    try:
        returncode, output = finish(start_build(checkout.project))
    finally:
        saving.set()
        saver.join()
        checkout.use("A")
    assert returncode == 0, output
    first = json.loads((checkout.site / "data" / "initiatives.json").read_text("utf-8"))["initiatives"][0]
    versions = {
        "zh page": (checkout.site / "initiatives" / first["id"] / "index.html").read_text("utf-8"),
        "en page": (checkout.site / "en" / "initiatives" / first["id"] / "index.html").read_text("utf-8"),
        "open data": json.dumps(first["summary"], ensure_ascii=False),
    }
    found = {name: set(re.findall(r"[（(](v\d+)[）)]", text)) for name, text in versions.items()}
    assert finish(start_build(checkout.project))[0] == 0  # (the site of A again, for the next tests)
    assert len({frozenset(marks) for marks in found.values()}) == 1 and len(found["zh page"]) == 1, (found, saves)


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
    checkout.assert_only_the_published_build_and_the_one_before_are_left()


def test_a_site_folder_from_an_older_version_is_replaced_by_the_new_site(checkout: Checkout) -> None:
    old = checkout.published()
    published = checkout.site.resolve()
    checkout.site.unlink()
    shutil.copytree(published, checkout.site)  # a real folder, as earlier versions published
    new = other(old)
    checkout.use(new)
    returncode, output = finish(start_build(checkout.project))
    assert returncode == 0, output
    assert checkout.site.is_symlink() and checkout.published() == new
    checkout.assert_only_the_published_build_and_the_one_before_are_left()


def test_a_process_that_inherited_the_build_lock_keeps_the_next_build_waiting(tmp_path: Path) -> None:
    # How a killed build's English build or Pagefind, still running, keeps the next build out of the
    # folders it writes: it holds the lock its parent took, until it ends.
    lock = build_lock.acquire(tmp_path, print)
    child = subprocess.Popen(["sleep", "1"], pass_fds=(lock.fd,))
    lock.release()  # the parent is gone; its child is not
    said: list[str] = []
    started = time.monotonic()
    build_lock.acquire(tmp_path, said.append).release()
    assert said == [build_lock.WAITING] and time.monotonic() - started > 0.5  # until the child ended (1 s)
    child.wait()


def test_a_build_waits_for_the_lock_and_says_so(tmp_path: Path) -> None:
    said: list[str] = []
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from mkdocs_site import build_lock; "
            "from pathlib import Path; lock = build_lock.acquire(Path(sys.argv[1]), print); "
            "print('held', flush=True); time.sleep(1)",
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


def test_a_build_killed_while_its_english_build_runs_leaves_no_process_running(checkout: Checkout) -> None:
    checkout.use(other(checkout.published()))
    process = start_build(checkout.project)
    deadline = time.monotonic() + TIMEOUT
    while not any("mkdocs.en.yml" in command for command in processes_of(checkout.project)):
        assert time.monotonic() < deadline and process.poll() is None, "the English build never started"
        time.sleep(0.02)
    process.kill()
    process.wait()
    assert_no_process_of_the_build_survives(checkout.project)
    returncode, output = finish(start_build(checkout.project))
    assert returncode == 0, output
    checkout.assert_only_the_published_build_and_the_one_before_are_left()


def test_a_killed_english_build_fails_the_build_saying_by_which_signal(checkout: Checkout) -> None:
    old = checkout.published()
    checkout.use(other(old))
    process = start_build(checkout.project)
    english: list[int] = []
    deadline = time.monotonic() + TIMEOUT
    while not english:
        assert time.monotonic() < deadline and process.poll() is None, "the English build never started"
        english = [int(p.parent.name) for p in Path("/proc").glob("[0-9]*/cmdline") if is_english_build(p, checkout)]
        time.sleep(0.01)
    os.kill(english[0], signal.SIGKILL)
    returncode, output = finish(process)
    assert returncode != 0 and "the English build (mkdocs.en.yml) was killed by SIGKILL" in output, output
    assert "Traceback" not in output and checkout.published() == old


def is_english_build(cmdline: Path, checkout: Checkout) -> bool:
    try:
        command = cmdline.read_bytes().split(b"\0")
    except OSError:
        return False
    return str(checkout.project / "mkdocs.en.yml").encode() in command


def test_a_lock_or_builds_folder_that_cannot_be_written_is_said_in_one_line(tmp_path: Path) -> None:
    for blocker in (build_lock.LOCK_FILE, publish.BUILDS):
        project = tmp_path / blocker.strip(".")
        project.mkdir()
        if blocker == build_lock.LOCK_FILE:
            (project / blocker).mkdir()  # e.g. a lock file left as a folder, or root's after `sudo make site`
        else:
            (project / blocker).write_text("")
        result = subprocess.run([sys.executable, "-m", "mkdocs_site", str(project)], capture_output=True, text=True)
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        [line] = result.stderr.splitlines()
        assert line.startswith(f"cannot write {project / blocker}") and "chown" in line, line


def test_a_bare_mkdocs_build_of_either_language_never_touches_the_published_site(checkout: Checkout) -> None:
    published = checkout.published()
    for config in ("mkdocs.yml", "mkdocs.en.yml"):
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-f", config],
            cwd=checkout.project,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        assert checkout.published() == published
    for folder in ("unpublished", "unpublished-en"):  # the configurations' own site_dir
        assert (checkout.project / publish.BUILDS / folder / "index.html").is_file()
        shutil.rmtree(checkout.project / publish.BUILDS / folder)
    checkout.assert_only_the_published_build_and_the_one_before_are_left()


def test_a_server_started_inside_site_goes_on_serving_after_the_next_build(checkout: Checkout) -> None:
    # It serves the folder it started in: the build before the newest is kept.
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(port)],
        cwd=checkout.site.resolve(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        checkout.use(other(checkout.published()))
        assert finish(start_build(checkout.project))[0] == 0
        assert b"<!doctype html>" in get(f"http://127.0.0.1:{port}/en/")
    finally:
        server.terminate()
        server.wait()


def get(url: str) -> bytes:
    deadline = time.monotonic() + 20
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return bytes(response.read())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


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
            assert get(f"http://127.0.0.1:{port}/{page}") == (checkout.site / page / "index.html").read_bytes()
    finally:
        server.terminate()
        server.wait()
