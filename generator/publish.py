"""Put a finished build in place of the published one, so readers never see half a site."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def replace_folder(new: Path, target: Path) -> None:
    """Move ``new`` to ``target``; the previous ``target`` is removed only after the move."""
    previous = target.with_name(f"{target.name}.previous")
    shutil.rmtree(previous, ignore_errors=True)
    if target.exists():
        os.replace(target, previous)
    os.replace(new, target)
    shutil.rmtree(previous, ignore_errors=True)
