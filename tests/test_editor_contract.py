"""`python -m generator check`: every kind of editor mistake, its exit code and its located message."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator import edit_in_place
from generator.cli import main
from generator.loader import MAX_FILE_BYTES
from tests.samples import GLOSSARY, MINIMAL, vary

INITIATIVE_FIELDS = (
    "id, number, title, short, summary, body, measures, themes, related, status, updates, normalizations, "
    "checked, draft"
)


def run_check(tmp_path: Path, content: str | bytes, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    data = tmp_path / "initiatives.yaml"
    if isinstance(content, str):
        data.write_text(content, "utf-8")
    else:
        data.write_bytes(content)
    (tmp_path / "glossary.yaml").write_text(GLOSSARY, "utf-8")
    code = main(["check", str(data)])
    lines = capsys.readouterr().err.splitlines()
    prefix = f"{data}:"
    return code, [line.removeprefix(prefix) for line in lines if line.startswith(prefix) and ": warning: " not in line]


CORPUS = {
    # 1. YAML syntax
    "bad indentation": (
        vary("    number: 1\n", "     number: 1\n"),
        ["18:12: the 1st initiative (first): unexpected ':' here: check the indentation"],
    ),
    "dedented key": (
        vary("    number: 1\n", "   number: 1\n"),
        ["18:4: the 1st initiative (first): bad indentation or a missing ':' here"],
    ),
    "unclosed quote": (
        vary('  date: "2020-04-20"', '  date: "2020-04-20'),
        ["4:9: this quotation mark is never closed"],
    ),
    "tab indentation": (
        vary("    number: 1\n", "\tnumber: 1\n"),
        [
            "18:1: initiative 1 (first): a tab character here: YAML indentation must use spaces, not tabs; indent with spaces, like the line above"
        ],
    ),
    # 2. duplicate keys
    "duplicate key": (
        vary("    number: 1\n", "    number: 1\n    number: 3\n"),
        [
            "19:5: initiative 1 (first), number — initiatives[0].number: duplicate key 'number': it is also written at line 18, column 5"
        ],
    ),
    # 3. types, unknown and missing fields, empty text
    "list where text is expected": (
        vary("{zh: 摘要一, en: Summary one}", "{zh: [摘要一], en: Summary one}"),
        ["20:19: initiative 1 (first), summary, zh — initiatives[0].summary.zh: expected text, got a list"],
    ),
    "number as an id": (
        vary("  - id: first", "  - id: 17"),
        ["17:9: initiative 1, id — initiatives[0].id: expected text, got a number (17)"],
    ),
    "unknown field": (
        vary("    title: {zh: 第一项", "    titel: {zh: 第一项"),
        [
            "17:5: initiative 1 (first), title — initiatives[0].title: required field 'title' is missing: write it as `title: {zh: …, en: …}`",
            f"19:5: initiative 1 (first), titel — initiatives[0].titel: unknown field 'titel' (did you mean 'title'?); allowed here: {INITIATIVE_FIELDS}",
        ],
    ),
    "missing field": (
        vary("    status: announced\n", "", count=1),
        ["17:5: initiative 1 (first), status — initiatives[0].status: required field 'status'"],
    ),
    "empty text": (
        vary("en: Summary one}", 'en: ""}'),
        ["20:28: initiative 1 (first), summary, en — initiatives[0].summary.en: the text is empty"],
    ),
    "whitespace-only text": (
        vary("en: Summary one}", 'en: "   "}'),
        ["20:28: initiative 1 (first), summary, en — initiatives[0].summary.en: the text is empty"],
    ),
    # 4. YAML 1.1 surprises: exact YAML 1.2 meaning, and text where text is expected
    "unquoted no is text": (vary("en: Summary one}", "en: no}"), []),
    "unquoted date is text": (vary('  date: "2020-04-20"', "  date: 2020-04-20"), []),
    "unquoted 010 is a number": (
        vary("en: Summary one}", "en: 010}"),
        [
            "20:28: initiative 1 (first), summary, en — initiatives[0].summary.en: expected text, got a number (010); put it in quotes"
        ],
    ),
    "yes is not a boolean": (
        vary("    number: 1\n", "    number: 1\n    draft: yes\n"),
        ["19:12: initiative 1 (first), draft — initiatives[0].draft: expected true or false, got 'yes'"],
    ),
    # 5. records that do not fit together
    "duplicate id": (
        vary("  - id: second", "  - id: first"),
        ["29:9: initiative 2 (first), id — initiatives[1].id: duplicate initiative id 'first'"],
    ),
    "duplicate number": (
        vary("    number: 2\n", "    number: 1\n"),
        [
            "30:13: initiative 1 (second), number — initiatives[1].number: duplicate initiative number 1: initiative 1 (first) at line 18, column 13 has it too"
        ],
    ),
    "numbers not 1..N": (
        vary("    number: 2\n", "    number: 5\n"),
        ["30:13: initiative 5 (second), number — initiatives[1].number: number 5 is outside 1..2"],
    ),
    "unknown theme": (
        vary("    themes: [environment, finance]\n    related", "    themes: [enviroment, finance]\n    related"),
        [
            "24:14: initiative 1 (first), themes, 1st entry — initiatives[0].themes[0]: unknown theme 'enviroment' (did you mean 'environment'?)"
        ],
    ),
    "theme without initiatives": (
        vary(
            "themes:\n", "themes:\n  - id: unused\n    label: {zh: 无, en: None}\n    description: {zh: 无, en: None}\n"
        ),
        ["10:9: the 1st theme (unused), id — themes[0].id: theme 'unused' is used by no initiative"],
    ),
    "related to an unknown id": (
        vary("    related: []", "    related: [thrid]"),
        ["25:15: initiative 1 (first), related, 1st entry — initiatives[0].related[0]: unknown initiative 'thrid'"],
    ),
    "related to itself": (
        vary("    related: []", "    related: [first]"),
        [
            "25:15: initiative 1 (first), related, 1st entry — initiatives[0].related[0]: an initiative cannot be related to itself"
        ],
    ),
    # 6. ids that could become paths
    "path traversal id": (
        vary("  - id: first", '  - id: "../../etc"'),
        ["17:9: initiative 1 (../../etc), id — initiatives[0].id: '../../etc' is not a valid id"],
    ),
    "id with spaces": (
        vary("  - id: first", "  - id: Business Env"),
        ["17:9: initiative 1 (Business Env), id — initiatives[0].id: 'Business Env' is not a valid id"],
    ),
    "Chinese id": (
        vary("  - id: first", "  - id: 营商"),
        ["17:9: initiative 1 (营商), id — initiatives[0].id: '营商' is not a valid id"],
    ),
    "empty id": (
        vary("  - id: first", '  - id: ""'),
        ["17:9: initiative 1, id — initiatives[0].id: '' is not a valid id"],
    ),
    # 7. missing translations
    "missing translation": (
        vary("{zh: 正文一, en: Text one}", "{zh: 正文一}"),
        ["21:11: initiative 1 (first), body — initiatives[0].body: the English translation is missing"],
    ),
    "empty translation": (
        vary("{zh: 正文一, en: Text one}", "{zh: 正文一, en: ' '}"),
        ["21:25: initiative 1 (first), body, en — initiatives[0].body.en: the text is empty"],
    ),
    # 8. characters that cannot be published, nesting deeper than any data
    "C1 control character": (vary("en: Summary one}", 'en: "Summary one\\x80"}'), ["20:40: "]),
    "noncharacter": (vary("en: Summary one}", 'en: "Summary one\\uFFFE"}'), ["20:40: "]),
    "lone surrogate": (
        vary("en: Summary one}", 'en: "Summary \\ud800"}'),
        ["20:37: initiative 1 (first): this escape does not write"],
    ),
    "invisible text": (vary("en: Summary one}", 'en: "\\u200b\\u3164"}'), ["20:28: "]),
    "nesting a thousand levels deep": (vary("    related: []", "    related: " + "[" * 1000 + "]" * 1000), ["25:"]),
    # 9. ids that the site itself uses
    "reserved id": (vary("  - id: first", "  - id: index"), ["17:9: "]),
    "Windows device name as id": (vary("  - id: first", "  - id: con"), ["17:9: "]),
    # 10. files that are not a data file at all
    "empty file": ("", ["1:1: the file is empty: it must contain source, themes and initiatives"]),
    "only comments": ("# nothing here\n# yet\n", ["1:1: the file is empty"]),
    "top level is a list": (
        "- a\n- b\n",
        ["1:1: expected a mapping with the keys source, themes, initiatives, got a list"],
    ),
    "top level is a string": (
        "just text\n",
        ["1:1: expected a mapping with the keys source, themes, initiatives, got 'just text'"],
    ),
}


@pytest.mark.parametrize("name", CORPUS)
def test_check_exits_1_and_locates_each_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    content, expected = CORPUS[name]
    code, problems = run_check(tmp_path, content, capsys)
    assert code == (1 if expected else 0)
    assert len(problems) == len(expected), problems
    for problem, start in zip(problems, expected, strict=True):
        assert problem.startswith(start), problem


def test_a_valid_file_passes_with_a_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "initiatives.yaml").write_text(MINIMAL, "utf-8")
    (tmp_path / "glossary.yaml").write_text(GLOSSARY, "utf-8")
    assert main(["check", str(tmp_path / "initiatives.yaml")]) == 0
    assert "OK: 2 initiatives, 2 themes" in capsys.readouterr().out


def test_resource_abuse_is_refused_with_a_clear_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    code, problems = run_check(tmp_path, bomb, capsys)
    assert code == 1 and problems[0].startswith("1:4: a: anchors (&name) and aliases (*name) are not supported")
    code, problems = run_check(tmp_path, b"a: b\n" + b"#" * MAX_FILE_BYTES, capsys)
    assert code == 1 and "the limit is 67,108,864 bytes (64 MiB)" in problems[0]
    code, problems = run_check(tmp_path, "source: caf\xe9\n".encode("latin-1"), capsys)
    assert code == 1 and problems == ["1:12: the file is not valid UTF-8 (byte 0xe9); save it with the UTF-8 encoding"]


def test_a_byte_order_mark_and_crlf_line_endings_are_accepted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, problems = run_check(tmp_path, ("\ufeff" + MINIMAL.replace("\n", "\r\n")).encode(), capsys)
    assert (code, problems) == (0, [])


def test_data_errors_never_show_a_python_traceback(tmp_path: Path) -> None:
    (tmp_path / "initiatives.yaml").write_text("- not\n- a mapping\n", "utf-8")
    (tmp_path / "glossary.yaml").write_text(GLOSSARY, "utf-8")
    for target in ("initiatives.yaml", "missing.yaml"):
        result = subprocess.run(
            [sys.executable, "-m", "generator", "check", str(tmp_path / target)],
            capture_output=True,
            text=True,
            cwd=tmp_path,
        )
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert result.stderr.startswith(f"{target}:1:1: ")


def test_running_out_of_memory_gives_a_readable_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def exhausted(*args: object, **kwargs: object) -> None:
        raise MemoryError

    monkeypatch.setattr("generator.cli.load_and_validate", exhausted)
    assert main(["check", str(tmp_path / "initiatives.yaml")]) == 1
    assert capsys.readouterr().err == (
        "out of memory while reading the data: the file is too large or too deeply nested for this machine\n"
    )


def test_make_accept_writes_the_new_file_to_disk_before_the_rename_and_the_rename_after_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # After a power loss the editor's file is the old one or the new one, never neither.
    data = tmp_path / "data.yaml"
    data.write_text("a: 1\n", "utf-8")
    events: list[str] = []
    fsync, rename = os.fsync, os.replace

    def synced(fd: int) -> None:
        events.append(f"sync {Path(os.readlink(f'/proc/self/fd/{fd}')).name}")
        fsync(fd)

    def renamed(source: str, target: Path) -> None:
        events.append("rename")
        rename(source, target)

    monkeypatch.setattr(os, "fsync", synced)
    monkeypatch.setattr(os, "replace", renamed)
    edit_in_place.replace(edit_in_place.read(data, "data.yaml"), "a: 2\n", "data.yaml")
    assert data.read_text("utf-8") == "a: 2\n"
    assert [re.sub(r"^sync \.data\.yaml\..*\.tmp$", "sync the new file", e) for e in events] == [
        "sync the new file",
        "rename",
        f"sync {tmp_path.name}",
    ]
