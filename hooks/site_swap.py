"""Publishing a build: each build in a folder of its own, and `site` switched to a complete one at once.

For the configured site folder `site`, the layout is

    site -> .site-builds/20261127-181500-k3x9a2/   the published build (a relative symlink)
    .site-builds/<other folders>                  a build in progress, or what a killed one left

A build writes into a new folder (`stage`); once both languages and every whole-site step are in it,
`publish` points `site` at it by renaming a new symlink over the old one (`os.replace`, atomic on
Linux and macOS). So readers, `python3 -m http.server -d site` and an upload see the old site or the
new one, never half of one, and `site` is never missing. Every other folder in `.site-builds/` is
debris of an interrupted build: the next build removes it, under the build lock (build_lock.py), so
never while a build uses it.

A real `site/` folder left by an older version is exchanged for the symlink in one step where the
system can (renameat2 on Linux, renamex_np on macOS), else moved aside first. Where symlinks cannot
be made (Windows without developer mode), `site/` stays a real folder, replaced by two renames: for
that moment there is no `site/`, though never half a site.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import sys
import time
import uuid
from pathlib import Path

LEGACY_SUFFIXES = (".partial", ".previous")  # staging and swap folders of versions before the symlink
LEGACY_ENGLISH = ".zibo-site-en-*"  # ... and their English build folders


def builds_folder(target: Path) -> Path:
    return target.parent / f".{target.name}-builds"


def stage(target: Path) -> Path:
    """A new, empty folder for one build of ``target``, after removing what interrupted builds left."""
    remove_debris(target)
    return new_folder(builds_folder(target), time.strftime("%Y%m%d-%H%M%S-"))


def new_folder(parent: Path, prefix: str) -> Path:
    """A new folder of a unique name, readable by all as the umask allows (mkdtemp's would be private)."""
    parent.mkdir(parents=True, exist_ok=True)
    while True:
        folder = parent / f"{prefix}{uuid.uuid4().hex[:10]}"
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        return folder


def published(target: Path) -> Path | None:
    """The folder readers of ``target`` see now, if any."""
    if target.is_symlink():
        resolved = target.resolve()
        return resolved if resolved.is_dir() else None
    return target if target.is_dir() else None


def remove_debris(target: Path) -> None:
    """Remove every build folder of ``target`` but the published one. Call it holding the build lock."""
    current = published(target)
    folder = builds_folder(target)
    if folder.is_dir():
        for entry in folder.iterdir():
            if current is None or entry.resolve() != current:
                _remove(entry)
    for suffix in LEGACY_SUFFIXES:
        _remove(target.with_name(target.name + suffix))
    for entry in target.parent.glob(LEGACY_ENGLISH):
        _remove(entry)


def publish(build: Path, target: Path) -> None:
    """Make ``target`` show the complete site in ``build`` (made by ``stage``) at once; remove older builds."""
    if build.parent != builds_folder(target):
        raise ValueError(f"{build} is not a build folder of {target}")
    link = target.with_name(f".{target.name}.{uuid.uuid4().hex}.link")
    try:
        os.symlink(f"{build.parent.name}/{build.name}", link, target_is_directory=True)
    except (OSError, NotImplementedError):
        _publish_without_symlinks(build, target)
    else:
        try:
            if target.is_dir() and not target.is_symlink():
                _replace_folder_with_link(link, target)
            else:
                os.replace(link, target)
        finally:
            if link.is_symlink():
                link.unlink()
    remove_debris(target)


def _replace_folder_with_link(link: Path, target: Path) -> None:
    # Once, after an older version that published a real folder.
    if _exchange(link, target):
        shutil.rmtree(link)  # now the old folder
        return
    aside = builds_folder(target) / f"previous-{uuid.uuid4().hex}"
    os.replace(target, aside)
    os.replace(link, target)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step, where the system can; False when it cannot."""
    libc_name = ctypes.util.find_library("c")
    if sys.platform == "linux":
        libc = ctypes.CDLL(libc_name, use_errno=True)
        at_fdcwd, rename_exchange = -100, 2
        rename = getattr(libc, "renameat2", None)
        args: tuple[object, ...] = (at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange)
    elif sys.platform == "darwin":
        libc = ctypes.CDLL(libc_name, use_errno=True)
        rename_swap = 2
        rename = getattr(libc, "renamex_np", None)
        args = (os.fsencode(first), os.fsencode(second), rename_swap)
    else:
        return False
    return rename is not None and rename(*args) == 0


def _publish_without_symlinks(build: Path, target: Path) -> None:
    if target.exists():
        os.replace(target, builds_folder(target) / f"previous-{uuid.uuid4().hex}")
    os.replace(build, target)


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
