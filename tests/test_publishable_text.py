"""Only publishable text is accepted: what cannot go into HTML, XML, JSON or a terminal is refused,
located at the character; everything else goes through every output well-formed.

The text fields are listed from the models, never by hand: a new field is covered the day it is added.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.characters import find_unpublishable, is_invisible
from generator.errors import DataError
from generator.exports import CSV_EXPORT, JSON_EXPORT
from generator.languages import LANGUAGES
from generator.loader import load_text
from generator.models import Dataset, Glossary
from generator.page_paths import FEED_FILE, HOME_PAGE
from generator.pipeline import render_language
from tests.model_fields import model_text_fields, set_at, text_leaves
from tests.samples import MINIMAL, problems_of, validate_text, vary

REAL_DATA = Path(__file__).resolve().parent.parent / "data" / "initiatives.yaml"
BAD = {
    "C0 control": "\\x01",
    "ESC of a colour code": "\\e[31m",
    "DEL": "\\x7f",
    "C1 control": "\\x80",
    "noncharacter U+FDD0": "\\ufdd0",
    "noncharacter U+FFFE": "\\uFFFE",
    "noncharacter U+1FFFF": "\\U0001FFFF",
    "lone surrogate": "\\ud800",
    "right-to-left override": "\\u202e",
    "first strong isolate": "\\u2068",
}
INVISIBLE = "\\u200b\\u2060\\ufeff\\u3164"  # zero-width space, word joiner, BOM, Hangul filler


def _complete_data() -> dict[str, Any]:
    """The real data, plus the optional fields it does not use today (an external source with a URL,
    an archived snapshot, a corrections route, the day an editor last looked for news)."""
    data = load_text(REAL_DATA.read_text("utf-8"), "data.yaml").data
    data["source"]["url"] = "https://example.org/article"
    data["source"]["archive"] = "https://archive.example.org/article"
    data["site"]["corrections"] = "https://example.org/corrections"
    data["initiatives"][0].setdefault("checked", data["initiatives"][0]["updates"][-1]["date"])
    updates = data["initiatives"][0]["updates"]
    updates.append(
        {
            "date": updates[-1]["date"],
            "text": {"zh": "报道", "en": "Report"},
            "source": {
                "title": {"zh": "标题", "en": "Title"},
                "outlet": {"zh": "媒体", "en": "Outlet"},
                "date": updates[-1]["date"],
                "url": "https://example.org/report",
            },
        }
    )
    return data


COMPLETE = _complete_data()
GLOSSARY_DATA = load_text((REAL_DATA.parent / "glossary.yaml").read_text("utf-8"), "glossary.yaml").data
GLOSSARY_DATA["terms"][0]["source"] = {
    "title": {"zh": "T", "en": "T"},
    "outlet": {"zh": "P", "en": "P"},
    "date": "2020-04-20",
    "url": "https://x.org/",
}


def _first_paths() -> dict[tuple[str, str], tuple[str, str]]:
    first: dict[tuple[str, str], tuple[str, str]] = {}
    for file, model, data in (("data", Dataset, COMPLETE), ("glossary", Glossary, GLOSSARY_DATA)):
        for field, path in text_leaves(model, data):
            first.setdefault(field, (file, path))
    return first


FIELDS = _first_paths()


def test_every_text_field_of_the_models_is_tried() -> None:
    assert set(FIELDS) == model_text_fields(Dataset) | model_text_fields(Glossary)


def _with_value(file: str, path: str, escaped: str) -> tuple[str, int, int]:
    """The file's text as JSON (which is YAML) with the value at ``path`` written as ``escaped`` inside
    double quotes, and the 1-based line and column where ``escaped`` starts."""
    data = json.loads(json.dumps(COMPLETE if file == "data" else GLOSSARY_DATA))
    set_at(data, path, "@@VALUE@@")
    text = json.dumps(data, ensure_ascii=False, indent=1)
    before = text[: text.index("@@VALUE@@")]
    line = before.count("\n") + 1
    column = len(before) - before.rfind("\n")
    return text.replace("@@VALUE@@", escaped), line, column


def _problems(file: str, text: str) -> list[str]:
    with pytest.raises(DataError) as caught:
        if file == "data":
            validate_text(text)
        else:
            load_text(text, "glossary.yaml")
            validate_text(MINIMAL, glossary=text)
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize("field", sorted(FIELDS), ids=".".join)
def test_every_unpublishable_character_in_every_text_field_is_refused_at_the_character(
    field: tuple[str, str],
) -> None:
    file, path = FIELDS[field]
    name = "glossary.yaml" if file == "glossary" else "data.yaml"
    for kind, escape in BAD.items():
        text, line, column = _with_value(file, path, "ok " + escape)
        problems = _problems(file, text)
        assert len(problems) == 1, (kind, problems)
        assert problems[0].startswith(f"{name}:{line}:{column + 3}: "), (kind, problems[0])
        expected = "does not write a character" if kind == "lone surrogate" else "cannot be published: remove it"
        assert expected in problems[0], (kind, problems[0])
        assert "\x1b" not in problems[0] and "\u202e" not in problems[0]  # shown escaped, never obeyed


TEXT_FIELDS = sorted(field for field in FIELDS if field[0] in {"LocalizedText", "Normalization", "GlossaryTerm"})


@pytest.mark.parametrize("field", [f for f in TEXT_FIELDS if f[1] in {"zh", "en", "note", "variants"}], ids=".".join)
def test_text_of_invisible_characters_only_is_as_empty_as_no_text(field: tuple[str, str]) -> None:
    file, path = FIELDS[field]
    text, line, column = _with_value(file, path, INVISIBLE)
    problems = _problems(file, text)
    assert len(problems) == 1 and ": the text has no visible character" in problems[0], problems
    assert problems[0].startswith(f"{'glossary' if file == 'glossary' else 'data'}.yaml:{line}:{column - 1}: ")


PUBLISHABLE = st.text(
    st.characters(exclude_categories=("Cs",), exclude_characters="\x85\u2028\u2029"), min_size=1, max_size=40
).filter(lambda text: find_unpublishable(text) is None and not is_invisible(text))


@settings(max_examples=10, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(PUBLISHABLE)
def test_any_publishable_text_keeps_feed_json_ld_exports_and_pages_well_formed(text: str) -> None:
    data = load_text(MINIMAL, "data.yaml").data
    for _, path in text_leaves(Dataset, data):
        if path.endswith((".zh", ".en", ".note")):
            set_at(data, path, text)
    source = json.dumps(data, ensure_ascii=False)  # JSON is YAML; an unquoted "5e1" would be a number
    validated = validate_text(source)
    for language in LANGUAGES.values():
        files = render_language(validated, language, "https://example.org/site/")
        feed = ET.fromstring(files[FEED_FILE])  # well-formed XML, or this raises
        assert any(text in "".join(element.itertext()) for element in feed.iter("{http://www.w3.org/2005/Atom}entry"))
        for path, content in files.items():
            if not path.endswith(".md"):
                continue
            front_matter = yaml.safe_load(content.decode("utf-8").split("\n---\n", 1)[0].removeprefix("---\n"))
            # The home page has no title of its own: its <title> is the site's name alone.
            assert isinstance(front_matter, dict) and (front_matter.get("title") or path == HOME_PAGE), path
            if "structured_data" in front_matter:
                assert isinstance(front_matter["structured_data"], dict)
        if JSON_EXPORT in files:
            exported = json.loads(files[JSON_EXPORT])
            assert exported["initiatives"][0]["title"]["zh"] == text
            rows = list(csv.reader(io.StringIO(files[CSV_EXPORT].decode("utf-8"))))
            assert len({len(row) for row in rows}) == 1


def test_the_refused_characters_are_exactly_controls_surrogates_noncharacters_bidi_controls_and_line_separators() -> (
    None
):
    refused = {code for code in range(sys.maxunicode + 1) if find_unpublishable(chr(code)) is not None}
    explicit_bidi = {"LRE", "RLE", "PDF", "LRO", "RLO", "LRI", "RLI", "FSI", "PDI"}  # Unicode's bidi classes
    expected = {
        code
        for code in range(sys.maxunicode + 1)
        if (unicodedata.category(chr(code)) in {"Cc", "Cs"} and chr(code) not in "\n\t")
        or 0xFDD0 <= code <= 0xFDEF
        or code & 0xFFFE == 0xFFFE
        or unicodedata.bidirectional(chr(code)) in explicit_bidi
        or unicodedata.category(chr(code)) in {"Zl", "Zp"}
    }
    assert refused == expected


@pytest.mark.parametrize(
    "text,invisible",
    [
        ("\u200b\u2060\ufeff", True),
        ("\u3164\u115f\u1160\uffa0", True),  # Hangul fillers: letters by category that draw nothing
        ("\u2800 \u00a0\u3000\t\n", True),
        ("\u00ad\u034f", True),  # soft hyphen, combining grapheme joiner
        ("a", False),
        ("中", False),
        ("。", False),
        ("🙂", False),
        ("\u200b1", False),
    ],
)
def test_text_of_only_invisible_characters_is_told_apart_by_unicode_category(text: str, invisible: bool) -> None:
    assert is_invisible(text) is invisible


@pytest.mark.parametrize("escape", ["\\u2028", "\\L", "\\u2029", "\\P", "\\U00002028"])
def test_a_line_separator_written_as_an_escape_is_refused_at_the_escape(escape: str) -> None:
    # The file cannot hold the character itself (libyaml would end the line there); its escape is read
    # as the character, which no page shows as a break and old JavaScript takes for the end of a string.
    text = vary("en: Text one", f'en: "Text {escape}one"')
    problems = problems_of(text)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if escape in row)
    column = text.splitlines()[line - 1].index(escape) + 1
    assert [p for p in problems if "SEPARATOR" in p] == [
        p for p in problems if p.startswith(f"data.yaml:{line}:{column}: ")
    ]
    assert len(problems) == 1 and "an invisible line break" in problems[0], problems
