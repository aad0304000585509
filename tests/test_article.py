"""The archived article (``source.copy``) is a text file of the project, read only once it is known to be one:
a path that leads elsewhere is refused at the `copy:` line, in words, without reading what it names."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.article import MAX_COPY_BYTES
from generator.errors import DataError, Problem
from generator.pipeline import load_and_validate
from tests.samples import GLOSSARY, vary

HINT = "data/sources/zibo-15-reforms-2020-04-20.zh.txt"
OUTSIDE = (
    "the article copy {copy!r} is outside the project folder{through}: the archived article belongs in "
    f"data/sources/; write its path from the project folder, e.g. {HINT}, and keep the file itself there"
)
ABSOLUTE = (
    "the article copy {copy!r} is an absolute path: the archived article belongs in data/sources/; write its path "
    f"from the project folder, e.g. {HINT}"
)
NOT_A_FILE = (
    f"the article copy {{copy!r}} is {{kind}}, not a file: name the text file of the archived article, e.g. {HINT}"
)


def project_with_copy(folder: Path, copy: str) -> Path:
    """A project whose data names ``copy`` as the archived article (on line 8, column 9); its data file."""
    (folder / "data" / "sources").mkdir(parents=True)
    data = folder / "data" / "initiatives.yaml"
    data.write_text(vary("  verbatim: false\n", f"  copy: {json.dumps(copy)}\n"), "utf-8")
    (folder / "data" / "glossary.yaml").write_text(GLOSSARY, "utf-8")
    return data


def copy_problems(data: Path) -> list[Problem]:
    try:
        load_and_validate(data)
    except DataError as error:
        return [problem for problem in error.problems if problem.path == "source.copy"]
    return []


def the_only_problem(data: Path) -> tuple[int, int, str]:
    [problem] = copy_problems(data)
    return problem.line, problem.column, problem.message


@pytest.mark.parametrize(
    "copy,message",
    [
        ("../../../../../../../../etc/passwd", OUTSIDE.format(copy="../../../../../../../../etc/passwd", through="")),
        ("data/../../outside.txt", OUTSIDE.format(copy="data/../../outside.txt", through="")),
        ("/etc/passwd", ABSOLUTE.format(copy="/etc/passwd")),
        ("/dev/zero", ABSOLUTE.format(copy="/dev/zero")),
        ("C:\\articles\\zibo.txt", ABSOLUTE.format(copy="C:\\articles\\zibo.txt")),
        ("data/sources", NOT_A_FILE.format(copy="data/sources", kind="a folder")),
    ],
)
def test_a_copy_that_is_not_a_file_of_the_project_is_refused_at_the_copy_line(
    tmp_path: Path, copy: str, message: str
) -> None:
    (tmp_path / "outside.txt").write_text("root:x:0:0:secret first line\n", "utf-8")
    assert the_only_problem(project_with_copy(tmp_path / "project", copy)) == (8, 9, message)


@pytest.mark.parametrize("target", ["/dev/zero", "outside"])
def test_a_symbolic_link_out_of_the_project_is_refused_and_what_it_names_never_shown(
    tmp_path: Path, target: str
) -> None:
    secret = tmp_path / "outside.txt"
    secret.write_text("root:x:0:0:secret first line\n", "utf-8")
    data = project_with_copy(tmp_path / "project", "data/sources/article.txt")
    (data.parent / "sources" / "article.txt").symlink_to(secret if target == "outside" else Path(target))
    line, column, message = the_only_problem(data)
    assert (line, column) == (8, 9)
    assert message == OUTSIDE.format(copy="data/sources/article.txt", through=" (through a symbolic link)")
    assert "secret" not in message


def test_a_symbolic_link_that_stays_in_the_project_is_read(tmp_path: Path) -> None:
    data = project_with_copy(tmp_path, "data/sources/article.txt")
    (data.parent / "sources" / "kept.txt").write_text("标题\n掌握鲁中 2020-04-20\n导语\n", "utf-8")
    (data.parent / "sources" / "article.txt").symlink_to("kept.txt")
    assert copy_problems(data) == []


def test_a_copy_larger_than_any_article_is_refused_by_its_size_without_reading_it(tmp_path: Path) -> None:
    data = project_with_copy(tmp_path, "data/sources/huge.txt")
    with (data.parent / "sources" / "huge.txt").open("wb") as huge:
        huge.truncate(MAX_COPY_BYTES + 1)  # a sparse file: nothing written
    assert the_only_problem(data) == (
        8,
        9,
        "the article copy 'data/sources/huge.txt' is larger than 4 MB, far larger than an article: name the text "
        "file of the archived article (its text only, as UTF-8)",
    )


def check_in_a_process(data: Path) -> subprocess.CompletedProcess[str]:
    """`make check` on ``data``, its standard input a pipe nobody writes to. The timeout only stops a check that
    would wait forever (for a writer to the pipe): it is no measure of speed."""
    return subprocess.run(
        [sys.executable, "-m", "generator", "check", str(data)],
        stdin=subprocess.PIPE,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parent.parent,
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_a_named_pipe_is_refused_without_opening_it(tmp_path: Path) -> None:
    data = project_with_copy(tmp_path, "data/sources/pipe.txt")
    os.mkfifo(data.parent / "sources" / "pipe.txt")
    result = check_in_a_process(data)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    message = NOT_A_FILE.format(copy="data/sources/pipe.txt", kind="a device or a pipe")
    assert f"initiatives.yaml:8:9: source.copy: {message}" in result.stdout + result.stderr


def test_standard_input_is_refused_without_waiting_for_it(tmp_path: Path) -> None:
    result = check_in_a_process(project_with_copy(tmp_path, "/dev/stdin"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"initiatives.yaml:8:9: source.copy: {ABSOLUTE.format(copy='/dev/stdin')}" in result.stdout + result.stderr


SECRET = "root:x:0:0:secret first line\nsecret second line"
# Paths made of the pieces that lead somewhere: parent folders, the project's own folders, a file outside it
# (which holds SECRET), the file of the article, absolute starts, and a symbolic link out of the project.
_SEGMENTS = st.sampled_from(["..", ".", "data", "sources", "article.txt", "outside.txt", "out-link", "", "~"])
COPIES = st.builds(
    lambda start, parts: start + "/".join(parts),
    st.sampled_from(["", "/", "./", "C:\\", "\\\\server\\"]),
    st.lists(_SEGMENTS, min_size=1, max_size=8),
).filter(lambda copy: copy != "")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(copy=COPIES)
def test_whatever_the_path_a_copy_outside_the_project_is_never_read_and_the_error_is_at_the_copy_line(
    tmp_path_factory: pytest.TempPathFactory, copy: str
) -> None:
    folder = tmp_path_factory.mktemp("copy")
    (folder / "outside.txt").write_text(SECRET + "\n", "utf-8")
    data = project_with_copy(folder / "project", copy)
    (data.parent / "sources" / "article.txt").write_text("标题\n掌握鲁中 2020-04-20\n导语\n", "utf-8")
    (folder / "project" / "out-link").symlink_to(folder / "outside.txt")
    project = (folder / "project").resolve()
    leaves = copy.startswith(("/", "C:", "\\")) or not (project / copy).resolve().is_relative_to(project)
    try:
        load_and_validate(data)
    except DataError as error:
        assert all("secret" not in problem.message for problem in error.problems)
        at_copy = [problem for problem in error.problems if problem.path == "source.copy"]
        assert all((problem.line, problem.column) == (8, 9) for problem in at_copy)
        assert all(p.message.startswith(("the article copy ", "cannot read the article copy ")) for p in at_copy)
        assert at_copy or not leaves
    else:
        assert not leaves


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("character", ["\x85", "\u2028", "\u2029"])
def test_an_invisible_line_break_in_the_article_is_refused_where_an_editor_shows_it(
    tmp_path: Path, character: str, newline: str
) -> None:
    data = project_with_copy(tmp_path, "data/sources/article.txt")
    text = newline.join(["标题", "掌握鲁中 2020-04-20", f"导{character}语", ""])
    (data.parent / "sources" / "article.txt").write_bytes(text.encode("utf-8"))
    with pytest.raises(DataError) as raised:
        load_and_validate(data)
    [problem] = raised.value.problems
    assert (problem.file, problem.line, problem.column) == ("data/sources/article.txt", 3, 2)
    assert f"(U+{ord(character):04X}) character here" in problem.message and "delete it" in problem.message


def test_a_copy_saved_with_a_byte_order_mark_reads_as_the_same_article(tmp_path: Path) -> None:
    data = project_with_copy(tmp_path, "data/sources/article.txt")
    text = "标题\n掌握鲁中 2020-04-20\n导语\n"

    def problems(content: bytes) -> list[str]:
        (data.parent / "sources" / "article.txt").write_bytes(content)
        try:
            load_and_validate(data)
        except DataError as error:
            return [str(problem) for problem in error.problems]
        return []

    assert problems(b"\xef\xbb\xbf" + text.encode("utf-8")) == problems(text.encode("utf-8"))
