"""One build's way to the published site: the build lock, its own folder, then publish or discard.

Every build holds the checkout's build lock (build_lock.py) from its configuration until its site is
published or discarded. A `mkdocs build` writes into a folder of its own (site_swap.py) and publishes
it only once both languages built and MkDocs reported no error: a failed or interrupted build leaves
the previous site exactly as it was. A preview (`mkdocs serve`, or the English build of one) publishes
nothing. Only the Chinese build, the one a person starts, takes the lock and publishes: the English
build runs under its lock (second_language.py).
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import sys
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

import build_lock
import click
import second_language
import site_swap
from filelock import FileLock

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

PUBLISHING_COMMANDS = {"build", "gh-deploy"}  # the commands that publish into site_dir
# Ctrl-C, `kill`, and closing the terminal (SIGHUP, which Windows does not have).
STOP_SIGNALS = [signal.SIGINT, signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])]
log = logging.getLogger("mkdocs.plugins.zibo")


@dataclass
class _Build:
    command: str = "build"
    lock: FileLock | None = None
    target: Path | None = None  # where a staged build is published once it succeeded
    staging: Path | None = None
    built: bool = False  # on_post_build finished: both languages are in the staging folder
    failed: bool = False
    interrupted: bool = False


_build = _Build()
_parent_build: _Build | None = None  # in a forked English build: the state of the build it was forked from


def start(command: str) -> None:
    """At MkDocs' startup: a publishing command stops cleanly on Ctrl-C, `kill` and a closed terminal."""
    _build.command = command
    if command in PUBLISHING_COMMANDS and not second_language.is_child():
        for signum in STOP_SIGNALS:
            if signal.getsignal(signum) is not signal.SIG_IGN:  # as shells leave it for a background job
                signal.signal(signum, _interrupt)


def forget_parent_build() -> None:
    """In a copy of this process (the English build, forked: second_language.py): a build state of its own,
    so that it neither publishes nor discards the parent's build. The parent's state stays referenced:
    collected in the copy, its lock object's finalizer would try to release the parent's lock."""
    global _build, _parent_build
    _parent_build, _build = _build, _Build(command=_build.command)


def is_preview() -> bool:
    return _build.command == "serve" or second_language.in_preview()


def _interrupt(signum: int, frame: FrameType | None) -> None:
    # Stop the English build at once, then unwind: on_shutdown removes this build's folders.
    _build.interrupted = True
    second_language.kill()
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise SystemExit(128 + signum)


def lock_and_stage(config: MkDocsConfig) -> None:
    """Take the build lock; a publishing build then writes into a new folder instead of ``site_dir``."""
    if second_language.is_child():  # the English build runs under its parent's lock
        return
    if _build.lock is None:
        _build.lock = build_lock.acquire(Path(config.config_file_path).parent, log.info)
    if _build.command in PUBLISHING_COMMANDS:
        _build.target = Path(config.site_dir)
        _build.staging = site_swap.stage(_build.target)
        config.site_dir = str(_build.staging)


def built() -> None:
    """Every language and every whole-site step is in the site folder; a preview's build is over."""
    _build.built = True
    if _build.target is None:
        _release_lock()


def failed() -> None:
    """MkDocs reported an error: throw this build away."""
    _build.failed = True
    discard()
    if _build.target is not None:
        log.error("The build failed: %s", _previous_site_message(_build.target))
    else:
        _release_lock()


def finish() -> None:
    """At MkDocs' shutdown: publish a build that succeeded, else discard it; release the lock."""
    if _build.target is None:
        second_language.end()
        _release_lock()
        return
    target, staging = _build.target, _build.staging
    # From here on the build either publishes or not, whatever signal comes: its exit code must say which.
    for signum in STOP_SIGNALS:
        signal.signal(signum, signal.SIG_IGN)
    succeeded = _build.built and not (_build.failed or _build.interrupted) and sys.exc_info()[0] is None
    try:
        if succeeded and staging is not None:
            try:
                site_swap.publish(staging, target)
            except OSError as error:
                discard()
                log.error("The site could not be published (%s): %s", error, _previous_site_message(target))
                raise SystemExit(1) from None
            log.info("Published the new site: %s now shows it.", target.name)
        else:
            discard()
            if not _build.failed:
                log.error("The build was interrupted: %s", _previous_site_message(target))
    finally:
        _release_lock()
    if succeeded and _build.command == "build":
        _exit_published()


def _exit_published() -> None:
    # `mkdocs build` published and released the lock: all MkDocs does next is exit with 0. Without the
    # interpreter's teardown, which frees every object of the build one by one (about 0.2 s). Only the
    # `build` command: `mkdocs serve --clean` also says "build", and removes its folder after this event.
    context = click.get_current_context(silent=True)
    if context is None or context.info_name != "build":
        return
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def discard() -> None:
    """Remove every folder this build wrote, the English build's too."""
    second_language.discard()
    if _build.staging is not None:
        shutil.rmtree(_build.staging, ignore_errors=True)
        _build.staging = None
    if _build.target is not None:
        # And whatever else this build had begun beside it (the search index's copy of the pages, when
        # a signal came while Python was between making that folder and entering its `with`): under
        # the build lock, every folder of .site-builds/ but the published one is debris.
        site_swap.remove_debris(_build.target)


def _previous_site_message(target: Path) -> str:
    if site_swap.published(target) is None:
        return f"nothing was published (there is no {target.name}/ yet)."
    return f"the previous site in {target.name}/ is unchanged."


def _release_lock() -> None:
    if _build.lock is not None:
        _build.lock.release()
        _build.lock = None
