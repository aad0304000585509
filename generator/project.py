"""Where a project's files are: the editors' data file, the glossary beside it, and the project folder."""

from __future__ import annotations

from pathlib import Path

DATA_FILE = Path("data/initiatives.yaml")  # the editors' data, relative to the project folder
GLOSSARY_NAME = "glossary.yaml"  # beside the data file


def project_folder(data_path: Path) -> Path:
    """The folder holding data/ (and docs/): paths the data names, such as ``source.copy``, start here."""
    return data_path.resolve().parent.parent


def glossary_beside(data_path: Path) -> Path:
    return data_path.parent / GLOSSARY_NAME
