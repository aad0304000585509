"""The English build, which the Chinese build runs in a process of its own, and which dies with it.

A build killed with SIGKILL runs no cleanup of its own; its English build must not go on writing
docs/en/ after the build lock is released. On Linux the kernel kills it when its parent dies
(prctl PR_SET_PDEATHSIG). macOS has no such call: there the English build watches its parent's
process id and exits when it changes (the parent died and it was handed to another process).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence

PARENT_PID = "ZIBO_SITE_PARENT_PID"  # in the English build's environment: the Chinese build's process id
_PR_SET_PDEATHSIG = 1


def start(command: Sequence[str], env: Mapping[str, str]) -> subprocess.Popen[bytes]:
    """Start ``command``, its output collected, to be killed if this process dies first."""
    return subprocess.Popen(
        list(command),
        env={**env, PARENT_PID: str(os.getpid())},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        preexec_fn=_die_with(os.getpid()),
    )


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.kill()
    process.wait()


def _die_with(parent: int) -> Callable[[], None] | None:
    if sys.platform != "linux":
        return None
    # Looked up before the fork: between fork and exec the child should do as little as possible.
    prctl = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True).prctl

    def in_child() -> None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the parent died before the call above
            os._exit(1)

    return in_child


def watch_parent(environ: Mapping[str, str] = os.environ, interval: float = 0.5) -> threading.Thread | None:
    """In the English build, where the kernel cannot kill it with its parent: exit once the parent is gone."""
    parent = int(environ.get(PARENT_PID) or 0)
    if not parent:
        return None

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(1)

    thread = threading.Thread(target=watch, name="watch-parent", daemon=True)
    thread.start()
    return thread
