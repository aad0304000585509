"""The Chinese is the official text, verbatim; the English carries everything the Chinese says."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from generator.build import load_and_validate
from generator.normalize import apply_normalizations
from generator.terminology import TermMatcher, missing_tokens
from generator.translation import review_report
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


# The defects found by the two reviews of issue 19, each as (initiative, field, right reading, wrong
# reading): the corrected English must keep the right reading and never fall back to the wrong one.
REVIEWED_DEFECTS = [
    (1, "title", "Reform drive to implement", "Implementing the"),
    (1, "summary", "the highest domestic standards, such as Shenzhen's", "the country's other highest"),
    (1, "body", "the highest domestic standards, such as Shenzhen's", "the country's other highest"),
    (1, "body", "handle official procedures and start businesses", "do business and start"),
    (1, "measures[4]", "handle official procedures and start businesses", "do business and start"),
    (1, "body", "carry out self-reform", "self-revolution"),
    (1, "measures[2]", "Carry out self-reform", "self-revolution"),
    (1, "body", "shortening processing times", "time limits"),
    (1, "body", "keep tackling tough problems in key areas and at critical stages", "crucial links"),
    (1, "body", "items requiring approval", "approval matters"),
    (1, "measures[1]", "Actively promote", None),
    (2, "body", 'complete the "second half" of the reform', "essay"),
    (2, "body", "the city's various areas", "sectors"),
    (2, "body", "functions, quality, image and standing", "tier"),
    (2, "body", "and plan, build, manage and develop them from a high starting point", "so that they are planned"),
    (
        2,
        "summary",
        "improve the management systems and operating mechanisms of the functional zones concerned",
        "sound footing",
    ),
    (2, "measures[2]", "for the functional zones concerned", "indicators of the functional zones"),
    (2, "measures[4]", "Establish and improve", None),
    (4, "body", 'the "two tasks" of building the demonstration zone', "essay"),
    (4, "body", "and carrying out the conversion of old growth drivers", "essay"),
    (4, "measures[0]", 'the "two tasks" of building the demonstration zone', "essay"),
    (5, "body", "angel investors, venture capital and private equity firms", "angel investment,"),
    (5, "measures[2]", "angel investors, venture capital and private equity firms", "angel investment,"),
    (6, "summary", "win approval for a comprehensive bonded zone within the year", "apply for and establish"),
    (6, "body", "win approval for a comprehensive bonded zone within the year", "apply for and establish"),
    (6, "measures[3]", "win approval for a comprehensive bonded zone within the year", "apply for and establish"),
    (6, "body", "find new avenues for opening-up", "paths to it"),
    (7, "summary", "for one sci-tech innovation industry", "each sci-tech"),
    (7, "summary", "put in place a park, funds", "its own"),
    (7, "body", "how projects take root", "project implementation"),
    (7, "body", "attract investment and talent", "attract investment and attract talent"),
    (7, "measures[2]", "Attract investment and talent", "attract investment and attract talent"),
    (9, "summary", "municipal state-owned enterprise groups", "city-owned"),
    (9, "body", "municipal state-owned enterprise groups", "city-owned"),
    (9, "measures[1]", "municipal state-owned enterprise groups", "city-owned"),
    (9, "body", "press ahead with making municipal state-owned enterprises", "help city-owned"),
    (9, "summary", "establish concrete mechanisms for the shift", "governance, and shift"),
    (10, "summary", "gradually open institutional channels", None),
    (11, "summary", "the environmental authority blows the whistle", '"environmental protection blows'),
    (11, "body", "the environmental authority blows the whistle", '"environmental protection blows'),
    (11, "measures[0]", "the environmental authority blows the whistle", '"environmental protection blows'),
    (11, "body", "breakthroughs in approach, creation of a supportive climate and other aspects", "breakthrough paths"),
    (11, "body", 'replace a single functional department "fighting alone" with concerted action', "turn a single"),
    (11, "measures[1]", 'Replace a single functional department "fighting alone" with concerted action', "Turn a"),
    (11, "body", "stop-start", "fits-and-starts"),
    (12, "summary", "in the province and even in the whole country", None),
    (13, "body", "improve science-based, efficient systems and mechanisms", "epidemics that combine"),
    (13, "body", "both normal times and emergencies", "wartime"),
    (13, "measures[2]", "both normal times and emergencies", "wartime"),
    (14, "summary", "educate and turn around", "educate and reform"),
    (14, "body", "making the cadre force younger and more professional", "youth and professional expertise"),
    (14, "measures[0]", "making the cadre force younger and more professional", "youth and professional expertise"),
    (14, "body", "promotion by seniority", "break with seniority"),
    (14, "body", "appointments made to balance interests or to look after individuals", "balancing and accommodation"),
    (14, "measures[1]", "appointments made to balance interests or to look after individuals", "balancing and"),
    (14, "body", "cast a wider net to select and appoint", "broader vision"),
    (14, "measures[2]", "Cast a wider net to select and appoint", "broader vision"),
    (14, "body", "make greater efforts to educate and turn around", "with greater effort"),
    (14, "measures[3]", "Make greater efforts to educate and turn around", "with greater effort"),
]
# Glossary explanations that stated facts the article does not (wrong = the unsourced claim).
UNSOURCED_CLAIMS = [
    ("shandong-pilot-free-trade-zone", "2019"),
    ("sco-demonstration-area", "Qingdao"),
    ("four-strong-industries", "emerging"),
    ("six-empowerment-actions", "set by Zibo"),
    ("twelve-campaigns", "set by Zibo"),
    ("eight-systems", "requires"),
    ("old-to-new-growth-drivers", "Shandong"),
    ("single-window", "Shandong"),
]


def english_of(number: int, field: str) -> str:
    initiative = next(i for i in DATA.initiatives if i.number == number)
    text = initiative.measures[int(field[9:-1])] if field.startswith("measures[") else getattr(initiative, field)
    return " ".join((text.en or "").split())


@pytest.mark.parametrize("number,field,right,wrong", REVIEWED_DEFECTS)
def test_each_reviewed_defect_stays_fixed(number: int, field: str, right: str, wrong: str | None) -> None:
    english = english_of(number, field)
    assert right in english
    assert wrong is None or wrong not in english


@pytest.mark.parametrize("term_id,claim", UNSOURCED_CLAIMS)
def test_glossary_explanations_drop_the_facts_no_source_gives(term_id: str, claim: str) -> None:
    term = next(t for t in VALIDATED.glossary.terms if t.id == term_id)
    assert claim not in (term.explanation.en or "") or term.source is not None


def test_the_whistle_slogan_names_the_environmental_authority_as_the_agent() -> None:
    terms = {t.id: t for t in VALIDATED.glossary.terms}
    assert terms["whistle-and-report"].en.startswith("the environmental authority blows the whistle")
    assert "wartime" not in terms["peacetime-and-wartime"].en


def test_every_glossary_explanation_rests_on_the_term_the_article_or_a_cited_source() -> None:
    assert [t.id for t in VALIDATED.glossary.terms if t.basis is None and t.source is None] == []


def test_every_published_translation_and_glossary_term_has_a_review_record() -> None:
    drafts = {i.id for i in DATA.initiatives if i.draft} | {t.id for t in DATA.themes if t.draft}
    items = [i for i in review_report(DATA, VALIDATED.glossary) if i.record_id not in drafts]
    assert items and [i.path for i in items if i.review is None] == []
    assert all(i.review.by.strip() and i.review.date <= dt.date.today().isoformat() for i in items if i.review)
