"""The Chinese is the official text, verbatim; the English carries everything the Chinese says."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.pipeline import load_and_validate
from generator.translation import review_report
from generator.validate import china_today
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


def test_the_english_follows_the_settled_renderings_and_never_a_rejected_one() -> None:
    # The rules are data (data/glossary.yaml: `renderings`, `avoid`, places in pinyin), checked by `make check`;
    # tests/test_renderings.py shows each firing on the sample data.
    data_rules.assert_english_follows_the_settled_renderings(REPO)


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


def test_no_glossary_explanation_says_a_fact_the_reviewers_found_needs_a_source_without_one() -> None:
    # The words are data (data/glossary.yaml: a term's `needs_source`), checked by `make check`;
    # tests/test_explanations.py shows the check firing on the sample data.
    data_rules.assert_explanations_say_no_listed_fact_without_a_source(REPO)


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
    assert all(i.review.by.strip() and i.review.date <= china_today().isoformat() for i in items if i.review)
