"""Rewriting an editor's file without losing anything: not their last save, not its protections.

The file is read once as bytes; its text keeps its line breaks as written (the caller changes only
what it means to change), and the new text is written with the same byte-order mark. It replaces the
file only if the file still holds exactly what was read, and only through a complete temporary file
renamed over it (a crash leaves the old file or the new one). A symlinked
file is written through to its target, a read-only one is refused, and the new file keeps the old
one's permissions.
"""

from __future__ import annotations

import codecs
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import DataError, Problem


@dataclass(frozen=True)
class EditorFile:
    """An editor's text file as read: its text (without a byte-order mark), and whether it had one."""

    path: Path
    raw: bytes
    text: str
    bom: bool


def read(path: Path, display: str) -> EditorFile:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise _problem(display, f"cannot read the file ({_reason(error)})") from None
    bom = raw.startswith(codecs.BOM_UTF8)
    try:
        text = raw[len(codecs.BOM_UTF8) :].decode("utf-8") if bom else raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _problem(display, "the file is not UTF-8 text; run `python -m generator check` first") from None
    return EditorFile(path, raw, text, bom)


def replace(file: EditorFile, new_text: str, display: str) -> None:
    """Write ``new_text`` over ``file`` as it was read, or raise DataError and write nothing."""
    content = (codecs.BOM_UTF8 if file.bom else b"") + new_text.encode("utf-8")
    target = file.path.resolve()  # a symlink stays a symlink: its target gets the new text
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except OSError as error:
        raise _problem(display, f"cannot read the file ({_reason(error)}); nothing was written") from None
    if not mode & 0o222 or not os.access(target, os.W_OK):
        raise _problem(
            display,
            f"the file is read-only (permissions {mode:o}); nothing was written. "
            "Make it writable (e.g. `chmod u+w`) if it should change, then try again.",
        )
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:
        raise _problem(
            display, f"cannot write in the file's folder {target.parent} ({_reason(error)}); nothing was written"
        ) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())  # the new text on disk before the rename makes it the file
        os.chmod(temporary, mode)
        if target.read_bytes() != file.raw:
            raise _problem(
                display,
                "the file changed while this command ran (saved in an editor?); nothing was written, so "
                "that change is kept. Run the command again.",
            )
        os.replace(temporary, target)
        folder = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(folder)  # and the rename itself: after a power loss, the old file or the new one
        finally:
            os.close(folder)
    except OSError as error:
        raise _problem(display, f"cannot write the file ({_reason(error)}); nothing was written") from None
    finally:
        Path(temporary).unlink(missing_ok=True)


def _problem(display: str, message: str) -> DataError:
    return DataError([Problem(display, 1, 1, "", message)])


def _reason(error: OSError) -> str:
    return error.strerror or type(error).__name__
