"""`make site` (`python -m mkdocs_site`): under the build lock, one `mkdocs build` into a new folder of
.site-builds/; once it succeeded, `site` (a symlink) is switched to it at once (``os.replace``). The
build published before is kept until the next is published; what killed builds left is removed.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from . import build_lock

BUILDS = ".site-builds"


def build_and_publish(project: Path, target: Path) -> int:
    """Build the site of ``project`` and publish it as ``target``; MkDocs' exit status."""
    lock = build_lock.acquire(project, say)
    try:
        builds = project / BUILDS
        folder = builds / f"{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}"
        folder.mkdir(parents=True)
        returncode = run_build(project, folder, lock)
        if returncode != 0:
            shutil.rmtree(folder, ignore_errors=True)
            say(f"The build failed: {unchanged(target)}")
            return returncode
        old = published(target)
        switch(folder, target)
        remove_old_builds(builds, keep={folder, old})
        say(f"Published the new site: {target.name}/ now shows it.")
        return 0
    finally:
        lock.release()


def run_build(project: Path, folder: Path, lock: build_lock.BuildLock) -> int:
    command = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(project / "mkdocs.yml")]
    # A session of its own: an interrupted build is stopped whole, its English build and Pagefind too.
    process = subprocess.Popen(
        [*command, "--site-dir", str(folder)],
        cwd=project,
        env={**os.environ, build_lock.INHERITED: str(lock.fd)},
        pass_fds=(lock.fd,),
        start_new_session=True,
    )
    try:
        return process.wait()
    except BaseException:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        shutil.rmtree(folder, ignore_errors=True)
        raise


def switch(folder: Path, target: Path) -> None:
    """Make ``target`` show ``folder`` at once, written to disk before and after."""
    os.sync()  # the new site's files, before anything points at them
    link = target.with_name(f".{target.name}.{uuid.uuid4().hex}.link")
    os.symlink(folder.relative_to(target.parent), link, target_is_directory=True)
    if target.is_dir() and not target.is_symlink():  # a real folder (`mkdocs build -d site`)
        shutil.rmtree(target)
    os.replace(link, target)
    directory = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # the switch itself
    finally:
        os.close(directory)


def published(target: Path) -> Path | None:
    return target.resolve() if target.is_symlink() and target.resolve().is_dir() else None


def remove_old_builds(builds: Path, keep: set[Path | None]) -> None:
    """Remove every folder of ``builds`` but ``keep``: older sites, and what killed builds left."""
    for entry in builds.iterdir():
        if entry.resolve() not in keep:
            shutil.rmtree(entry, ignore_errors=True)


def unchanged(target: Path) -> str:
    if published(target) is None:
        return f"nothing was published (there is no {target.name}/ yet)."
    return f"the previous site in {target.name}/ is unchanged."


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: list[str]) -> int:
    project = Path(argv[0] if argv else ".").resolve()
    target = project / "site"
    try:
        return build_and_publish(project, target)
    except KeyboardInterrupt:
        say(f"The build was interrupted: {unchanged(target)}")
        return 130
    except OSError as error:  # the lock file or the builds' folder, e.g. root's after a `sudo make site`
        say(
            f"cannot write {error.filename}: {error.strerror}. Make it a folder (or file) you can write, e.g. "
            f"`sudo chown -R $USER {project}`, and build again."
        )
        return 1
