"""Golden files pin the Markdown of every kind of page in both languages (tests/golden.py says how to update them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.languages import LANGUAGES
from tests.golden import GOLDEN, SAMPLE, difference, page_kind, rendered_pages, sample_pages, template_kinds
from tests.samples import validate_text


def test_the_sample_has_a_page_of_every_kind_in_both_languages() -> None:
    validated = validate_text(SAMPLE)
    for language in LANGUAGES.values():
        assert {page_kind(page) for page in sample_pages(validated, language)} == template_kinds(), language.key


def test_every_golden_file_is_a_page_the_generator_renders() -> None:
    assert sorted(GOLDEN.rglob("*.md")) == sorted(rendered_pages()), "run make golden to remove stale golden files"


@pytest.mark.parametrize("path", sorted(rendered_pages()), ids=lambda path: path.relative_to(GOLDEN).as_posix())
def test_rendered_page_is_its_golden_file(path: Path) -> None:
    report = difference(path, rendered_pages()[path])
    if report is not None:
        pytest.fail(report, pytrace=False)
