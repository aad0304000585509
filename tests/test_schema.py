"""The published JSON Schema: up to date, accepts the real data, rejects structural mistakes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from generator.cli import main
from generator.loader import load_file, load_text
from tests.samples import MINIMAL, vary

REPO = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((REPO / "schema" / "initiatives.schema.json").read_text("utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA)


def test_schema_files_are_up_to_date_with_the_models(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    assert main(["schema", "--check"]) == 0


def test_the_data_file_points_editors_tools_at_the_schema() -> None:
    first_line = (REPO / "data" / "initiatives.yaml").read_text("utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../schema/initiatives.schema.json"
    assert (REPO / "data" / first_line.split("=", 1)[1]).resolve() == (REPO / "schema" / "initiatives.schema.json")


def test_the_real_data_and_glossary_are_valid_against_their_schemas() -> None:
    assert list(VALIDATOR.iter_errors(load_file(REPO / "data" / "initiatives.yaml").data)) == []
    glossary_schema = json.loads((REPO / "schema" / "glossary.schema.json").read_text("utf-8"))
    assert (
        list(Draft202012Validator(glossary_schema).iter_errors(load_file(REPO / "data" / "glossary.yaml").data)) == []
    )


@pytest.mark.parametrize(
    "old,new,complaint",
    [
        ("    title: {zh: 第一项", "    titel: {zh: 第一项", "'titel' was unexpected"),
        ("    status: announced\n", "", "'status' is a required property"),
        ("{zh: 摘要一, en: Summary one}", "{zh: [摘要一], en: Summary one}", "is not of type 'string'"),
        ("  - id: first", "  - id: 17", "17 is not of type 'string'"),
        ("  - id: first", "  - id: Business Env", "does not match"),
        ("  - id: first", '  - id: "../../etc"', "does not match"),
        ("    status: announced\n", "    status: in-progess\n", "is not one of"),
        ("en: Summary one}", 'en: "  "}', "'  ' is not valid under any of the given schemas"),  # text or nothing
        ("en: Summary one}", "en: 010}", "10 is not valid under any of the given schemas"),
        ("    number: 1\n", '    number: "1"\n', "is not of type 'integer'"),
        ("    number: 1\n", "    number: 1\n    draft: yes\n", "is not of type 'boolean'"),
        ('  date: "2020-04-20"', "  date: 2020-4-20", "does not match"),
    ],
)
def test_the_schema_rejects_structural_mistakes(old: str, new: str, complaint: str) -> None:
    messages = [error.message for error in VALIDATOR.iter_errors(load_text(vary(old, new), "x.yaml").data)]
    assert any(complaint in message for message in messages), messages


def test_the_schema_accepts_what_yaml_1_2_reads_as_text() -> None:
    for old, new in [("en: Summary one}", "en: no}"), ('  date: "2020-04-20"', "  date: 2020-04-20")]:
        assert list(VALIDATOR.iter_errors(load_text(vary(old, new), "x.yaml").data)) == []


@pytest.mark.parametrize("text", ["Summary\x80", "Summary\u202e", "\x1b[31m", "\ufffe", "\n\t "])
def test_the_schema_marks_text_that_cannot_be_published(text: str) -> None:
    data = load_text(MINIMAL, "x.yaml").data
    data["initiatives"][0]["summary"]["en"] = text
    assert list(VALIDATOR.iter_errors(data)), text
    data["initiatives"][0]["summary"]["en"] = "Summary\n\tof 一 line 🙂"
    assert list(VALIDATOR.iter_errors(data)) == []
