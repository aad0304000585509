"""One build at a time in a checkout.

Two builds at once would write the same generated Markdown in docs/ and publish over each other.
Every build (`mkdocs build`, each rebuild of `mkdocs serve`) holds this lock from before it generates
docs/ until its site is published or discarded; the second one waits and says so. The English build
the Chinese one starts runs under its parent's lock and never takes it.

The lock is the operating system's (flock on Linux and macOS, LockFileEx on Windows): a build that
is killed releases it with its process, so a killed build never blocks the next one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from filelock import FileLock, Timeout

LOCK_FILE = ".zibo-build.lock"
WAITING = "another build is running in this checkout; waiting for it to finish…"


def acquire(project: Path, say: Callable[[str], None]) -> FileLock:
    """The checkout's build lock, held; ``say`` tells the editor when another build makes this one wait."""
    # thread_local=False: `mkdocs serve` may take it in one thread and release it in another.
    lock = FileLock(project / LOCK_FILE, thread_local=False)
    try:
        lock.acquire(blocking=False)
    except Timeout:
        say(WAITING)
        lock.acquire()
    return lock
