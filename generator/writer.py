"""Write generated files, touching only those whose bytes changed.

Why: `mkdocs serve` watches the docs folder; rewriting unchanged files would trigger a rebuild
after every rebuild. Stale files are removed only inside the folders and files the generator owns,
so a hand-written page can never be deleted.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0


def write_changed(
    root: Path, files: Mapping[str, bytes], owned_folders: Iterable[str], owned_files: Iterable[str] = ()
) -> WriteReport:
    root = root.resolve()
    report = WriteReport()
    for relative, content in sorted(files.items()):
        target = _inside(root, relative)
        try:
            if target.read_bytes() == content:
                report.unchanged += 1
                continue
        except FileNotFoundError:
            pass
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, content)
        report.written.append(relative)
    for relative in _stale(root, set(files), owned_folders, owned_files):
        (root / relative).unlink()
        report.removed.append(relative)
    for folder in owned_folders:
        _remove_empty_folders(root / folder)
    return report


def write_atomically(target: Path, content: bytes) -> None:
    """Readers (and a crash) see the old file or the new one, never half of it."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _inside(root: Path, relative: str) -> Path:
    target = (root / relative).resolve()
    if not target.is_relative_to(root) or target == root:
        raise ValueError(f"refusing to write {relative!r}: it is outside {root}")
    return target


def _stale(root: Path, keep: set[str], owned_folders: Iterable[str], owned_files: Iterable[str]) -> list[str]:
    stale = [name for name in owned_files if name not in keep and (root / name).is_file()]
    for folder in owned_folders:
        base = root / folder
        if base.is_dir():
            for path in base.rglob("*"):
                relative = path.relative_to(root).as_posix()
                if path.is_file() and relative not in keep:
                    stale.append(relative)
    return sorted(stale)


def _remove_empty_folders(folder: Path) -> None:
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    if not any(folder.iterdir()):
        folder.rmdir()
