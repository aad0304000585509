"""CONTRIBUTING's table of error messages lists every message the data check can give an editor.

The list is derived from the code: every message text written where a problem is made (``Problem(…)``,
``document.problem(…)``, a ``message = …``, pydantic's errors in the editor's words, the models' own
errors). Each message is known by its first words that are not a value (``unknown theme …`` by
"unknown theme"); the table must contain them, so a new message cannot be left out of it.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
GENERATOR = REPO / "generator"
# Where the message is among a call's positional arguments.
MESSAGE_ARGUMENT = {"problem": 1, "Problem": 4, "_problem_at": 3, "_problem_mark": 2, "PydanticCustomError": 1}
# The functions whose returned text is a message (pydantic's errors in the editor's words).
MESSAGE_FUNCTIONS = {"_explain_shape", "_explain_limit"}
# Messages of developers' commands, not of the data an editor edits (`make accept` and `make review`, which
# edit it, speak to editors: record_edits.py counts).
NOT_FOR_EDITORS = {"cli.py"}


def _text(node: ast.AST) -> str | None:
    """A string literal, an f-string (its values as …) or a sum of them; None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "…" for v in node.values)  # type: ignore[misc]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _text(node.left), _text(node.right)
        return None if left is None and right is None else (left or "…") + (right or "…")
    if isinstance(node, ast.IfExp):
        return _text(node.body) or _text(node.orelse)
    return None


def _messages(tree: ast.AST) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            index = MESSAGE_ARGUMENT.get(name)
            if index is not None and len(node.args) > index and (text := _text(node.args[index])):
                yield text
        elif isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "message" for t in node.targets):
            if text := _text(node.value):
                yield text
        elif isinstance(node, ast.FunctionDef) and node.name in MESSAGE_FUNCTIONS:
            for inner in ast.walk(node):
                if isinstance(inner, ast.Return) and inner.value is not None and (text := _text(inner.value)):
                    yield text


def first_words(message: str) -> str:
    """The first run of two or more words of ``message`` that is not a value, at most four words."""
    message = re.sub(r"\{[a-z_]+\}", "…", message)  # a placeholder of the models' own errors
    parts = [re.sub(r"\s+", " ", part).strip(" '\"`:;,.()[]{}") for part in message.split("…")]
    words = [part for part in parts if len(part.split()) >= 2] or [max(parts, key=len)]
    return " ".join(words[0].split()[:4]).rstrip(" '\"`:;,.()[]{}")


def editor_messages() -> dict[str, str]:
    """First words -> the module that can say them, for every message of the data check."""
    found = {}
    for path in sorted(GENERATOR.glob("*.py")):
        if path.name not in NOT_FOR_EDITORS:
            for message in _messages(ast.parse(path.read_text("utf-8"))):
                found.setdefault(first_words(message), path.name)
    return found


def error_table() -> str:
    guide = (REPO / "CONTRIBUTING.md").read_text("utf-8")
    section = guide.split("## What the error messages mean", 1)[1].split("\n## ", 1)[0]
    return re.sub(r"\s+", " ", "\n".join(line for line in section.splitlines() if line.startswith("|")))


def test_the_messages_are_found_in_the_code() -> None:
    messages = editor_messages()
    assert len(messages) > 60  # the derivation still finds them
    assert {"unknown theme", "a tab character here"} <= messages.keys()


@pytest.mark.parametrize("words", sorted(editor_messages()))
def test_contributing_error_table_lists_every_message_an_editor_can_meet(words: str) -> None:
    assert words in error_table(), f"add a row for the message starting {words!r} ({editor_messages()[words]})"
