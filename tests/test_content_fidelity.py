"""The Chinese is the official text, verbatim; the English carries everything the Chinese says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.build import load_and_validate
from generator.normalize import apply_normalizations
from generator.terminology import TermMatcher, missing_tokens
from generator.validate import iter_texts

REPO = Path(__file__).resolve().parent.parent
VALIDATED = load_and_validate(REPO / "data" / "initiatives.yaml")
DATA = VALIDATED.dataset
SOURCE_TEXT = (REPO / DATA.source.copy_path).read_text("utf-8") if DATA.source.copy_path else ""
SOURCE_LINES = [line for line in SOURCE_TEXT.splitlines() if line.strip()]
TITLE_LINE = re.compile(r"^(\d+)、(.+)$")


def source_items() -> dict[int, tuple[str, str]]:
    """Number -> (title line, paragraph) as printed in the article."""
    items = {}
    for index, line in enumerate(SOURCE_LINES):
        match = TITLE_LINE.match(line)
        if match:
            items[int(match[1])] = (match[2], SOURCE_LINES[index + 1])
    return items


def steps(record, field: str):  # type: ignore[no-untyped-def]
    return [(n.rule, n.from_, n.to) for n in record.normalizations if n.field == field]


def test_the_repository_keeps_an_attributed_copy_of_the_source_article() -> None:
    assert DATA.source.copy_path and SOURCE_LINES[0].startswith("以重点改革大攻坚实现全局工作大突破")
    assert "马冠群" in SOURCE_LINES[-1]
    attribution = (REPO / "data" / "sources" / "README.md").read_text("utf-8")
    assert "掌握鲁中" in attribution and "2020-04-20" in attribution


def test_the_article_lists_exactly_the_initiatives_of_the_data() -> None:
    assert sorted(source_items()) == sorted(i.number for i in DATA.initiatives) == list(range(1, 16))


@pytest.mark.parametrize("initiative", DATA.initiatives, ids=lambda i: i.id)
def test_chinese_title_and_text_equal_the_article_after_the_recorded_normalizations(initiative) -> None:  # type: ignore[no-untyped-def]
    title, paragraph = source_items()[initiative.number]
    assert initiative.title.zh == apply_normalizations(title, steps(initiative, "title.zh"))
    assert initiative.body.zh == apply_normalizations(paragraph, steps(initiative, "body.zh"))


def test_the_lead_paragraph_equals_the_article_after_the_recorded_normalizations() -> None:
    lead = next(line for line in SOURCE_LINES if line.startswith("发展要领跑"))
    assert DATA.source.lead.zh == apply_normalizations(lead, steps(DATA.source, "lead.zh"))


def test_the_source_title_is_the_article_headline() -> None:
    assert DATA.source.title.zh == SOURCE_LINES[0]
    assert DATA.source.outlet.zh in SOURCE_LINES[1] and DATA.source.date in SOURCE_LINES[1]


def test_each_recorded_normalization_changes_something() -> None:
    for record in (DATA.source, *DATA.initiatives):
        for step in record.normalizations:
            field = step.field.split(".")[0]
            original = getattr(record, field).zh
            if record is DATA.source:
                original = next(line for line in SOURCE_LINES if line.startswith("发展要领跑"))
            else:
                original = source_items()[record.number][1 if field == "body" else 0]  # type: ignore[union-attr]
            assert apply_normalizations(original, [(step.rule, step.from_, step.to)]) != original, step


@pytest.mark.parametrize("path,text", [(p, t) for p, t, _ in iter_texts(DATA)], ids=[p for p, _, _ in iter_texts(DATA)])
def test_english_carries_every_number_latin_token_place_and_glossary_term(path: str, text) -> None:  # type: ignore[no-untyped-def]
    assert text.en, f"{path} has no English"
    assert missing_tokens(text.zh, text.en) == []
    missing = TermMatcher(VALIDATED.glossary).missing_renderings(text.zh, text.en)
    assert [(term.zh, term.en) for term in missing] == []


def test_every_place_name_in_the_chinese_texts_is_a_glossary_place() -> None:
    places = {term.zh for term in VALIDATED.glossary.terms if term.kind == "place"}
    assert {"淄博", "深圳", "山东", "张店", "淄川", "博山"} <= places


def test_the_same_term_is_translated_the_same_way_everywhere() -> None:
    # A glossary term's approved rendering is found in every English text whose Chinese uses the term;
    # here we check the converse for each term: no English text uses a rival rendering of it.
    rivals = {
        "business environment": ["business climate"],
        "reform drive": ["reform campaign", "reform push"],
        "double attraction": ["double recruitment"],
        "comprehensive bonded zone": ["integrated bonded zone"],
    }
    english = " ".join(t.en or "" for _, t, _ in iter_texts(DATA)).casefold()
    for rendering, others in rivals.items():
        assert rendering in english
        for other in others:
            assert other not in english
