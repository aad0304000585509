"""Loading YAML the way editors' tools read it (YAML 1.2), with a location for every value."""

from __future__ import annotations

import re
import time

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from generator.errors import DataError, Problem
from generator.loader import MAX_DEPTH, MAX_FILE_BYTES, MAX_OPEN_BRACKETS, load_bytes, load_text
from tests.samples import GLOSSARY, MINIMAL, problems_of, vary


def errors_of(text: str | bytes) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_bytes(text.encode("utf-8") if isinstance(text, str) else text, "data.yaml")
    return [str(problem) for problem in caught.value.problems]


def test_values_remember_their_line_and_column() -> None:
    document = load_text("source:\n  title:\n    zh: 标题\nthemes:\n  - id: a\n", "data.yaml")
    assert document.locations.values["source.title.zh"] == (3, 9)
    assert document.locations.values["themes[0].id"] == (5, 9)
    assert document.locations.keys["themes[0].id"] == (5, 5)


@pytest.mark.parametrize(
    "plain,expected",
    [
        ("no", "no"),
        ("yes", "yes"),
        ("on", "on"),
        ("off", "off"),
        ("2020-04-20", "2020-04-20"),
        ("010", 10),
        ("0o10", 8),
        ("0x1F", 31),
        ("1.5", 1.5),
        ("true", True),
        ("False", False),
        ("~", None),
        ("null", None),
        ("1_000", "1_000"),
        ("+1", 1),
        ("12:30", "12:30"),
    ],
)
def test_plain_scalars_mean_what_yaml_1_2_says(plain: str, expected: object) -> None:
    assert load_text(f"value: {plain}\n", "data.yaml").data["value"] == expected


def test_quoted_scalars_are_always_text() -> None:
    assert load_text("a: \"010\"\nb: 'true'\n", "data.yaml").data == {"a": "010", "b": "true"}


def test_a_duplicate_key_is_an_error_naming_both_places() -> None:
    assert errors_of("title: one\nbody: x\ntitle: two\n") == [
        "data.yaml:3:1: title: duplicate key 'title': it is also written at line 1, column 1; "
        "keep one of them (YAML would silently drop the first)"
    ]


def test_anchors_and_aliases_are_refused() -> None:
    messages = errors_of("a: &x text\nb: *x\n")
    assert messages[0].startswith("data.yaml:1:4: a: anchors (&name) and aliases (*name) are not supported")
    assert messages[1].startswith("data.yaml:2:4: b: anchors")


def test_an_alias_bomb_is_rejected_at_once() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(9)
    )
    started = time.process_time()
    messages = errors_of(bomb)
    assert time.process_time() - started < 0.5
    assert "anchors (&name) and aliases (*name) are not supported" in messages[0]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("a:\n  b: 1\n c: 2\n", "data.yaml:3:2: bad indentation or a missing ':' here"),
        ('a: "open\nb: 2\n', "data.yaml:1:4: this quotation mark is never closed"),
        ("a:\n\tb: 1\n", "data.yaml:2:1: a tab character here: YAML indentation must use spaces, not tabs"),
        ("a: b: c\n", "data.yaml:1:5: unexpected ':' here"),
        ("a: 1\nb: [1, 2\n", "data.yaml:2:4: this '[' is never closed: add the closing ']'"),
        ("a: 1\nb: {c: 1,\n  d: 2\n", "data.yaml:2:4: this '{' is never closed: add the closing '}'"),
    ],
)
def test_syntax_errors_say_where_and_what(text: str, expected: str) -> None:
    assert errors_of(text)[0].startswith(expected)


def test_invalid_utf8_is_located() -> None:
    assert errors_of(b"a: ok\nb: caf\xe9\n") == [
        "data.yaml:2:7: the file is not valid UTF-8 (byte 0xe9); save it with the UTF-8 encoding"
    ]


def test_a_byte_order_mark_and_windows_line_endings_are_accepted() -> None:
    document = load_bytes("\ufeffa: 一\r\nb: 二\r\n".encode(), "data.yaml")
    assert document.data == {"a": "一", "b": "二"}
    assert document.locations.values["b"] == (2, 4)


def test_a_file_above_the_size_limit_is_refused_before_parsing() -> None:
    messages = errors_of(b"#" * (MAX_FILE_BYTES + 1))
    assert messages[0].startswith("data.yaml:1:1: the file is") and "limit" in messages[0]


@pytest.mark.parametrize("text", ["", "# only a comment\n"])
def test_an_empty_file_is_an_error(text: str) -> None:
    assert errors_of(text) == ["data.yaml:1:1: the file is empty: it must contain source, themes and initiatives"]


def test_a_second_document_is_an_error() -> None:
    assert errors_of("a: 1\n---\nb: 2\n")[0].startswith("data.yaml:2:1: a second YAML document")


def test_yaml_tags_are_refused() -> None:
    assert "YAML tags such as '!!python/object' are not supported" in errors_of("a: !!python/object x\n")[0]


def test_deep_nesting_is_a_located_error_not_a_crash() -> None:
    messages = errors_of("source: x\nrelated: " + "[" * 1000 + "]" * 1000 + "\n")
    assert len(messages) == 1 and messages[0].startswith("data.yaml:2:")
    assert f"nested more than {MAX_DEPTH} levels deep" in messages[0]


@pytest.mark.parametrize(
    "text,expected",
    [
        ('a: "ok"\nb: "\\ud800"\n', "data.yaml:2:5: this escape does not write a character"),
        ('a: "中文 \\x80"\n', "data.yaml:1:8: "),
        ("a: 中文 x\x80y\n", "data.yaml:1:8: U+0080 (a control character) cannot be published"),
        ("a: x\x7f\n", "data.yaml:1:5: U+007F (a control character: DELETE) cannot be published"),
        ('a: "\\e[31mred"\n', "data.yaml:1:5: … U+001B (a control character: ESCAPE"),
        ("a: abc\u202edef\n", "data.yaml:1:7: … U+202E (RIGHT-TO-LEFT OVERRIDE"),
        ("a:\n  - \ufdd0\n", "data.yaml:2:5: … U+FDD0 (a noncharacter"),
        ("a\u2066: 1\n", "data.yaml:1:2: U+2066 (LEFT-TO-RIGHT ISOLATE"),
    ],
)
def test_unpublishable_characters_are_located_at_the_character_or_its_escape(text: str, expected: str) -> None:
    messages = errors_of(text)
    # "…" stands for the data path, whose wording is not what this test is about.
    location, _, message = expected.partition(" … ")
    assert len(messages) == 1 and messages[0].startswith(location), messages
    assert message in messages[0]


def test_messages_show_terminal_sequences_in_the_data_escaped() -> None:
    messages = errors_of('a: "\\e[31mred"\nb: [\n')
    assert all("\x1b" not in message for message in messages)
    problem = DataError([Problem("d.yaml", 1, 1, "ids", "'\x1b[2J\u202egnp.exe' is not a valid id")])
    assert str(problem) == "d.yaml:1:1: ids: '\\x1b[2J\\u202egnp.exe' is not a valid id"


def test_quoted_text_over_several_lines_is_accepted_as_yaml_writers_write_it() -> None:
    data = {"terms": [{"variants": ['x "q"\n\ny\n- z '], "zh": {"a": 'l1\n l2 "\n'}}], "b": "1\n2"}
    assert load_text(yaml.safe_dump(data, allow_unicode=True, width=10**6), "data.yaml").data == data


def test_a_runaway_of_brackets_is_refused_at_once_before_it_can_stall_the_parser() -> None:
    started = time.process_time()
    messages = errors_of("source: x\nrelated: " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert time.process_time() - started < 1  # libyaml alone would take minutes
    assert messages == [
        f"data.yaml:2:{10 + MAX_OPEN_BRACKETS}: more than {MAX_OPEN_BRACKETS:,} '[' or '{{' are open here: "
        f"data may be nested at most {MAX_DEPTH} levels deep; remove the stray brackets"
    ]


def test_quoted_text_that_runs_over_the_next_key_is_an_unclosed_quotation_mark() -> None:
    (message,) = errors_of('a: "x\nb: y"\n')
    assert message.startswith("data.yaml:1:4: ") and message.endswith(
        ": this quotation mark is never closed: add the closing one"
    )


SAMPLE = 'title: "淄博"\n# a comment\nitems:\n  - {zh: 文本, en: "Text one"}\n  - note: plain text here\n'


@given(
    at=st.integers(min_value=0, max_value=len(SAMPLE)),
    character=st.sampled_from(["\x85", "\u2028", "\u2029"]),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_a_line_break_yaml_readers_disagree_on_is_refused_where_an_editor_shows_it(
    at: int, character: str, newline: str
) -> None:
    # libyaml (YAML 1.1) ends a line there; editors and ruamel (YAML 1.2) do not: it could hide a key in a comment.
    text = (SAMPLE[:at] + character + SAMPLE[at:]).replace("\n", newline)
    with pytest.raises(DataError) as raised:
        load_text(text, "data.yaml")
    [problem] = raised.value.problems
    line, column = SAMPLE[:at].count("\n") + 1, at - (SAMPLE.rfind("\n", 0, at) + 1) + 1
    assert (problem.line, problem.column) == (line, column)
    assert f"(U+{ord(character):04X}) character here" in problem.message and "Delete it" in problem.message


@pytest.mark.parametrize("number", ["1" * 5000, "-" + "1" * 5000, "0x" + "f" * 5000, "0o" + "7" * 4800])
def test_a_number_too_long_for_any_value_is_a_located_error_not_a_crash(number: str) -> None:
    with pytest.raises(DataError) as raised:
        load_text(f"a: 1\nnumber: {number}\n", "data.yaml")
    [problem] = raised.value.problems
    assert (problem.line, problem.column) == (2, 9) and f"a number of {len(number):,} digits" in problem.message


@pytest.mark.parametrize(
    "text",
    [
        'note: "' + "[" * 2500 + '"\n',
        "note: '" + "{" * 2500 + "'\n",
        "note: brackets " + "[" * 2500 + "\n",
        "note: |\n  " + "[" * 2500 + "\n  and more\nnext: 1\n",
        "list:\n  - >-\n    " + "{" * 2500 + "\n  - x\n",
        "# " + "[" * 2500 + "\nnote: 1\n",
        'note: [a, "' + "[" * 2500 + '", b]\n',
    ],
    ids=["double-quoted", "single-quoted", "plain", "literal block", "folded block in a list", "comment", "flow"],
)
def test_brackets_inside_text_or_comments_are_not_nesting(text: str) -> None:
    load_text(text, "data.yaml")  # no error: only brackets that open flow collections count


def test_a_syntax_error_names_the_record_it_is_in_found_in_the_text_above_it() -> None:

    second = MINIMAL.index("  - id: second")
    title = MINIMAL.index("    title:", second)
    text = MINIMAL[:title] + "\t" + MINIMAL[title + 4 :]
    line = text[:title].count("\n") + 1
    assert problems_of(text) == [
        f"data.yaml:{line}:1: initiative 2 (second): a tab character here: YAML indentation must use spaces, "
        "not tabs; indent with spaces, like the line above"
    ]
    assert problems_of(vary("    number: 1\n", "\tnumber: 1\n"))[0].startswith("data.yaml:18:1: initiative 1 (first): ")
    with pytest.raises(DataError) as raised:
        load_text("terms:\n  - id: zibo\n    zh: 淄博\n  - id: bonded-zone\n\tzh: 综合保税区\n", "glossary.yaml")
    assert str(raised.value).startswith("glossary.yaml:5:1: the 2nd glossary term (bonded-zone): a tab character")
    with pytest.raises(DataError) as raised:
        load_text(GLOSSARY.replace("pilot zone, pinyin", "pilot zone, pinyin: x: y, pin", 1), "glossary.yaml")
    assert re.match(r"glossary\.yaml:4:\d+: the 3rd glossary term \(pilot-zone\): ", str(raised.value)), raised.value
    with pytest.raises(DataError) as raised:
        load_text("source:\n\ttitle: x\n", "data.yaml")
    assert str(raised.value).startswith("data.yaml:2:1: a tab character here")  # not in a record: no WHERE


@pytest.mark.parametrize("indent", ["\t", "    \t", "  \t  "])
def test_a_line_indented_with_a_tab_among_spaces_names_its_record_by_number(indent: str) -> None:
    problems = problems_of(vary("    number: 1\n", f"{indent}number: 1\n"))
    assert problems[0].startswith("data.yaml:18:") and ": initiative 1 (first): a tab character here" in problems[0]


@pytest.mark.parametrize("number", ["²", "1" * 5000])
def test_a_syntax_error_in_a_record_whose_number_is_not_a_number_is_still_located(number: str) -> None:
    text = vary("    number: 1\n", f"    number: {number}\n\tstatus: x\n")
    problems = problems_of(text)
    assert problems and problems[0].startswith("data.yaml:") and "a tab character here" in problems[0]


@pytest.mark.parametrize("line", ["Zibo's reform's " * 6_500, "x" + " [a" * 50_000])
def test_a_long_line_of_quotes_or_brackets_inside_text_is_read_at_once(line: str) -> None:
    # The bracket guard looked back over the whole line for every quote or bracket: 9 s for 100 KB.
    started = time.process_time()
    assert load_text(f"a: {line}\n", "data.yaml").data == {"a": line.strip()}
    assert time.process_time() - started < 1  # as the runaway above: the guard must never be the slow part
