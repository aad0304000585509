"""The Chinese is the official text, verbatim; the English carries everything the Chinese says."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.pipeline import load_and_validate
from generator.translation import review_report
from generator.validate import iter_texts
from tests import data_rules
from tests.support import copy_data, edit_yaml

REPO = Path(__file__).resolve().parent.parent
VALIDATED = load_and_validate(REPO / "data" / "initiatives.yaml")
DATA = VALIDATED.dataset
SOURCE_TEXT = (REPO / DATA.source.copy_path).read_text("utf-8") if DATA.source.copy_path else ""
SOURCE_LINES = [line for line in SOURCE_TEXT.splitlines() if line.strip()]


def test_the_repository_keeps_an_attributed_copy_of_the_source_article() -> None:
    assert DATA.source.copy_path and SOURCE_LINES[0].startswith("以重点改革大攻坚实现全局工作大突破")
    assert "马冠群" in SOURCE_LINES[-1]
    attribution = (REPO / "data" / "sources" / "README.md").read_text("utf-8")
    assert "掌握鲁中" in attribution and "2020-04-20" in attribution


def test_chinese_title_and_text_equal_the_article_after_the_recorded_normalizations() -> None:
    data_rules.assert_chinese_is_the_article_verbatim(REPO)


def test_english_carries_every_number_latin_token_place_and_glossary_term() -> None:
    data_rules.assert_english_carries_every_number_latin_token_and_glossary_term(REPO)


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


# --- the verbatim rule is part of `make check`, located and with its remedy -----------------------


def correct_a_character(data: Path, initiative_index: int, position: int) -> tuple[str, str, str]:
    """Change one character of an initiative's Chinese body, as a well-meaning editor would."""
    with edit_yaml(data) as document:
        body = document["initiatives"][initiative_index]["body"]
        old = body["zh"][position]
        new = "之" if old != "之" else "其"
        body["zh"] = body["zh"][:position] + new + body["zh"][position + 1 :]
    return old, new, body["zh"]


def test_a_changed_character_fails_the_check_at_that_character_with_the_normalization_to_add(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = copy_data(REPO, tmp_path) / "initiatives.yaml"
    index, position = 2, 12
    old, new, body = correct_a_character(data, index, position)
    assert main(["check", str(data)]) == 1
    err = capsys.readouterr().err
    first = err.splitlines()[0]
    line_number, written = next(
        (n, line) for n, line in enumerate(data.read_text("utf-8").splitlines(), 1) if body in line
    )
    column = written.index(body) + position + 1  # the changed character itself
    initiative = DATA.initiatives[index]
    assert first.startswith(
        f"{data}:{line_number}:{column}: initiative {initiative.number} ({initiative.id}), body, zh — "
        f"initiatives[{index}].body.zh: the Chinese differs from the article"
    ), first
    assert f"【{old}】" in first and f"【{new}】" in first
    suggestion = err.splitlines()[1].strip()
    assert suggestion.startswith("- {field: body.zh, rule: replace, from: ")
    # Following the message: record the normalization; the check then passes (the English is now to review).
    with edit_yaml(data) as document:
        document["initiatives"][index]["normalizations"].append(yaml.safe_load(suggestion)[0])
    assert main(["check", str(data)]) == 0
    assert f"make accept ID={initiative.id}" in capsys.readouterr().err


def test_a_normalization_that_changes_nothing_fails_the_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = copy_data(REPO, tmp_path) / "initiatives.yaml"
    with edit_yaml(data) as document:
        document["initiatives"][0].setdefault("normalizations", []).append(
            {"field": "body.zh", "rule": "replace", "from": "不在原文中的字", "to": "字"}
        )
    assert main(["check", str(data)]) == 1
    assert (
        "this normalization changes nothing ('不在原文中的字' is not in the article's text)" in capsys.readouterr().err
    )


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


def test_the_check_reports_every_published_text_that_has_no_review_record() -> None:
    # Whether a text is reviewed yet is the check's to say (a warning, so a new update can be published
    # before its review); every review recorded is by a role, on a date that has come.
    drafts = {i.id for i in DATA.initiatives if i.draft} | {t.id for t in DATA.themes if t.draft}
    items = review_report(DATA, VALIDATED.glossary)
    unreviewed = {i.path for i in items if i.review is None and i.record_id not in drafts}
    warned = {p.path for p in VALIDATED.warnings if p.message.startswith("no translation review is recorded")}
    assert items and warned == unreviewed
    assert all(i.review.by.strip() and i.review.date <= dt.date.today().isoformat() for i in items if i.review)
