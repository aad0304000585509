"""The English build, which the Chinese build runs in a process of its own, and which dies with it.

The Chinese build (`mkdocs build`, `mkdocs serve`) starts it (``begin``) before it generates its own
pages, so it runs on the other core meanwhile; ``finish`` waits for it and moves its site into the
Chinese site's `en/` folder, ``discard`` stops it and removes what it wrote.

A build killed with SIGKILL runs no cleanup of its own; its English build must not go on writing
docs/en/ after the build lock is released. On Linux the kernel kills it when its parent dies
(prctl PR_SET_PDEATHSIG). macOS has no such call: there the English build watches its parent's
process id and exits when it changes (the parent died and it was handed to another process).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import site_swap
from mkdocs.exceptions import PluginError

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from generator import Language

PARENT_PID = "ZIBO_SITE_PARENT_PID"  # in the English build's environment: the Chinese build's process id
CHILD_BUILD = "ZIBO_SITE_CHILD_BUILD"  # set in the environment of the English build we start
PREVIEW = "ZIBO_SITE_PREVIEW"  # ... when that build is part of a live preview
CONFIG_FILE = "mkdocs.en.yml"
_PR_SET_PDEATHSIG = 1
log = logging.getLogger("mkdocs.plugins.zibo")


@dataclass
class _Build:
    process: subprocess.Popen[bytes] | None = None
    folder: str | None = None  # where it builds its site


_build = _Build()


def is_child() -> bool:
    """This process is the English build a Chinese build started."""
    return bool(os.environ.get(CHILD_BUILD))


def in_preview() -> bool:
    """This process is the English build of a live preview."""
    return bool(os.environ.get(PREVIEW))


def die_with_parent() -> None:
    """In the English build: exit when the Chinese build does."""
    if sys.platform != "linux":  # on Linux the kernel kills it with its parent (``start``)
        watch_parent()


def begin(config: MkDocsConfig, preview: bool) -> None:
    """Start the English build of the project of ``config`` (the Chinese build's), as strict as it is."""
    config_file = Path(config.config_file_path).parent / CONFIG_FILE
    # Beside the site folder, on the same disk: moving it into place is then a rename, not a copy. For a
    # `mkdocs build` that is inside .site-builds/, where the next build removes it if this one is killed.
    _build.folder = str(site_swap.new_folder(Path(config.site_dir).parent, ".zibo-site-en-"))
    # Not --quiet: it would hide the warnings that --strict turns into failures.
    command = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(config_file), "--site-dir", _build.folder]
    if config.strict:
        command.append("--strict")
    env = {**os.environ, CHILD_BUILD: "1", **({PREVIEW: "1"} if preview else {})}
    _build.process = start(command, env)


def running() -> bool:
    return _build.process is not None


def finish(config: MkDocsConfig, language: Language) -> None:
    """Wait for the build of ``language``; move its site into its folder of ``config.site_dir``.

    Raises PluginError if it failed; its warnings are this build's."""
    assert _build.process is not None and _build.folder is not None
    output, _ = _build.process.communicate()
    returncode = _build.process.returncode
    _build.process = None
    if returncode != 0:
        raise PluginError(f"the English build ({CONFIG_FILE}) failed:\n{output.decode('utf-8', 'replace')}")
    for line in output.decode("utf-8", "replace").splitlines():
        if "WARNING" in line or "ERROR" in line:
            log.warning("[%s] %s", language.key, line.strip())
    target = Path(config.site_dir) / language.prefix
    shutil.rmtree(target, ignore_errors=True)
    shutil.move(_build.folder, target)
    _build.folder = None


def kill() -> None:
    """On a signal: stop the English build at once."""
    if _build.process is not None:
        _build.process.kill()  # not wait(): the interrupted code may be inside the child's wait(), holding its lock


def end() -> None:
    """Stop the English build, if it runs, and wait for it to exit."""
    process, _build.process = _build.process, None
    if process is not None:
        stop(process)


def discard() -> None:
    """Stop the English build and remove what it wrote."""
    end()
    if _build.folder:
        shutil.rmtree(_build.folder, ignore_errors=True)
        _build.folder = None


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
