"""One build at a time in a checkout (two would write the same docs/ and publish over each other).

The lock (``flock`` on `.zibo-build.lock`) belongs to the open file: every process of a build that
inherits it holds it too, so the next build waits until all of them have ended, killed or not.
"""

from __future__ import annotations

import fcntl
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

LOCK_FILE = ".zibo-build.lock"
INHERITED = "ZIBO_BUILD_LOCK_FD"  # in a build's environment: the descriptor of the lock its parent holds
WAITING = "another build is running in this checkout; waiting for it to finish…"


@dataclass
class BuildLock:
    fd: int

    def release(self) -> None:
        os.close(self.fd)  # closing the file releases the lock, once no child holds it too


def acquire(project: Path, say: Callable[[str], None]) -> BuildLock:
    """The checkout's build lock, held; ``say`` tells the editor when another build makes this one wait."""
    fd = os.open(project / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        say(WAITING)
        fcntl.flock(fd, fcntl.LOCK_EX)
    return BuildLock(fd)


def inherited() -> BuildLock | None:
    """The lock this process's parent holds and passed on, if any: this process is then part of the
    parent's build, and stops as soon as the parent is gone."""
    fd, parent = os.environ.get(INHERITED), os.getppid()
    if not fd:
        return None

    def stop_with_parent() -> None:  # a thread: a parent killed by SIGKILL leaves no word
        while os.getppid() == parent:  # (the system hands an orphan to another parent)
            time.sleep(0.1)
        os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=stop_with_parent, daemon=True).start()
    return BuildLock(int(fd))
