"""Every editor mistake gets a located message that says what is wrong and how to fix it."""

from __future__ import annotations

import pytest

from tests.samples import MINIMAL, problems_of, validate_text, vary


def test_the_minimal_sample_is_valid() -> None:
    assert validate_text(MINIMAL).dataset.initiatives[1].id == "second"


def test_all_problems_are_reported_at_once_in_file_order() -> None:
    text = vary("    number: 2\n", "    number: 3\n", vary("    title: {zh: 第一项", "    titel: {zh: 第一项"))
    assert problems_of(text) == [
        "data.yaml:16:5: initiatives[0].title: required field 'title' is missing",
        "data.yaml:18:5: initiatives[0].titel: unknown field 'titel' (did you mean 'title'?); allowed here: id, "
        "number, title, short, summary, body, measures, themes, related, status, updates, normalizations, checked, "
        "draft",
        "data.yaml:29:13: initiatives[1].number: number 3 is outside 1..2: initiatives must be numbered 1, 2, 3, … "
        "without gaps",
    ]


@pytest.mark.parametrize(
    "old,new,expected",
    [
        (
            "    themes: [environment, finance]\n    related",
            "    themes: [enviroment, finance]\n    related",
            "data.yaml:23:14: initiatives[0].themes[0]: unknown theme 'enviroment' (did you mean 'environment'?)",
        ),
        (
            "  - id: second",
            "  - id: first",
            "data.yaml:28:9: initiatives[1].id: duplicate initiative id 'first': initiatives[0] at line 16, column 9 has it too",
        ),
        (
            "    related: []",
            "    related: [first]",
            "data.yaml:24:15: initiatives[0].related[0]: an initiative cannot be related to itself",
        ),
        (
            "    related: []",
            "    related: [thrid]",
            "data.yaml:24:15: initiatives[0].related[0]: unknown initiative 'thrid'",
        ),
        (
            "    status: announced\n",
            "    status: in-progess\n",
            "data.yaml:25:13: initiatives[0].status: unknown status 'in-progess' (did you mean 'in-progress'?); "
            "allowed: announced, in-progress, completed, stalled, superseded",
        ),
        (
            "  - id: first",
            "  - id: Business Env",
            "data.yaml:16:9: initiatives[0].id: 'Business Env' is not a valid id: use lowercase ASCII letters, digits and "
            "single hyphens (at most 80 characters), e.g. 'business-environment'",
        ),
        (
            "    number: 1",
            '    number: "1"',
            "data.yaml:17:13: initiatives[0].number: expected a whole number, got '1'",
        ),
        (
            "  - id: first",
            "  - id: 010",
            "data.yaml:16:9: initiatives[0].id: expected text, got a number (010); put it in quotes",
        ),
        ("    title: {zh: 第一项, en: The first}", "    title: {zh: 第一项, en: no}", ""),
        (
            "    title: {zh: 第一项, en: The first}",
            "    title: {zh: [第一项], en: The first}",
            "data.yaml:18:17: initiatives[0].title.zh: expected text, got a list",
        ),
        (
            "    title: {zh: 第一项, en: The first}",
            '    title: {zh: "  ", en: The first}',
            "data.yaml:18:17: initiatives[0].title.zh: the text is empty: write the text, or remove the field",
        ),
        ('  date: "2020-04-20"', "  date: 2020-04-20", ""),
        (
            '  date: "2020-04-20"',
            "  date: 2020-4-20",
            'data.yaml:4:9: source.date: \'2020-4-20\' is not a date: write it as "YYYY-MM-DD", e.g. "2020-04-16"',
        ),
    ],
)
def test_a_single_mistake_gives_one_located_message(old: str, new: str, expected: str) -> None:
    assert problems_of(vary(old, new)) == ([expected] if expected else [])


def test_a_theme_must_connect_at_least_two_initiatives() -> None:
    text = vary("    themes: [environment, finance]\n    status", "    themes: [environment]\n    status")
    assert problems_of(text) == [
        "data.yaml:12:9: themes[1].id: theme 'finance' is used by only one initiative (first): a theme must connect "
        "at least two initiatives; add it to more or remove it"
    ]


def test_a_missing_translation_is_an_error_unless_the_initiative_is_a_draft() -> None:
    text = vary("    body: {zh: 正文一, en: Text one}", "    body: {zh: 正文一}")
    assert problems_of(text) == [
        "data.yaml:20:11: initiatives[0].body: the English translation is missing: add 'en:', or mark the initiative "
        "or theme 'draft: true' to publish it untranslated"
    ]
    assert problems_of(vary("    number: 1\n", "    number: 1\n    draft: true\n", text)) == []


def test_a_glossary_term_must_be_carried_into_the_english() -> None:
    text = vary("{zh: 正文一, en: Text one}", "{zh: 申建综合保税区, en: Apply for a bonded area}")
    assert problems_of(text) == [
        "data.yaml:20:29: initiatives[0].body.en: the Chinese has the glossary term '综合保税区'; the English must say "
        "'comprehensive bonded zone' (data/glossary.yaml)"
    ]


def test_numbers_and_latin_tokens_must_be_carried_into_the_english() -> None:
    text = vary("{zh: 正文一, en: Text one}", "{zh: 推进5G，4月16日召开, en: Roll out the network}")
    assert problems_of(text) == [
        "data.yaml:20:34: initiatives[0].body.en: the Chinese has '16 April'; the English must carry it too",
        "data.yaml:20:34: initiatives[0].body.en: the Chinese has '5G'; the English must carry it too",
    ]


def test_updates_must_be_dated_in_order_not_in_the_future_and_agree_with_the_status() -> None:
    update = '      - {date: "2020-04-16", status: announced, text: {zh: 部署, en: Set}, source: article}\n'
    text = vary(
        update,
        update + '      - {date: "2020-03-01", status: completed, text: {zh: 完成, en: Done}, '
        "source: {title: {zh: 报道, en: Report}}}\n"
        '      - {date: "2030-01-01", text: {zh: 未来, en: Future}, source: article}\n',
    )
    assert problems_of(text) == [
        "data.yaml:25:13: initiatives[0].status: status is 'announced' but the latest update with a status "
        "(initiatives[0].updates[1].status) says 'completed': make them agree",
        "data.yaml:28:16: initiatives[0].updates[1].date: 2020-03-01 is before the initiatives were set on 2020-04-16",
        "data.yaml:28:16: initiatives[0].updates[1].date: updates must be in date order, oldest first: 2020-03-01 "
        "comes after 2020-04-16",
        "data.yaml:29:16: initiatives[0].updates[2].date: 2030-01-01 is in the future: record an update once it has "
        "happened",
    ]
