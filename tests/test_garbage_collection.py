"""The generator puts the caller's settings of the cyclic garbage collector back, whatever happened."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from generator import LANGUAGES, DataError
from generator.pipeline import generate_languages
from tests.support import copy_data

REPO = Path(__file__).resolve().parent.parent


def project_copy(tmp_path: Path) -> Path:
    copy_data(REPO, tmp_path)
    for key in LANGUAGES:
        (tmp_path / "docs" / key).mkdir(parents=True)
    return tmp_path


def generate_both(project: Path) -> None:
    generate_languages(
        {language: project / "docs" / key for key, language in LANGUAGES.items()},
        "https://example.org/zibo/",
        project / "data" / "initiatives.yaml",
    )


def test_the_callers_collector_settings_are_back_afterwards(tmp_path: Path) -> None:
    project = project_copy(tmp_path)
    before = gc.get_threshold()
    generate_both(project)
    assert gc.get_threshold() == before


def test_the_callers_collector_settings_are_back_after_a_data_error(tmp_path: Path) -> None:
    project = project_copy(tmp_path)
    data = project / "data" / "initiatives.yaml"
    data.write_text(data.read_text("utf-8").replace("initiatives:", "initiatives: [", 1), "utf-8")
    before = gc.get_threshold()
    with pytest.raises(DataError):
        generate_both(project)
    assert gc.get_threshold() == before
