"""The Chinese is the article's text, verbatim: titles, bodies, headline and lead against the archived copy.

The only permitted differences are the recorded ``normalizations``. When a text differs, the editor is
told which characters differ (with a little context) and, in case the change is deliberate, the exact
normalization entry that records it.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import re
from collections.abc import Iterator, Sequence

from .article import Article
from .errors import Problem
from .loader import LocatedDocument, child_path
from .models import Dataset, Normalization
from .normalize import REPLACE_RULE, apply_normalizations

CONTEXT = 6  # characters shown either side of a difference
MIN_FROM = 4  # a suggested 'from' this long reads as a phrase an editor can find in the article


def check_fidelity(document: LocatedDocument, dataset: Dataset, article: Article) -> list[Problem]:
    problems: list[Problem] = []
    source = dataset.source
    texts: list[tuple[str, str, str | None, Sequence[Normalization]]] = [
        ("source", "title", article.headline, source.normalizations),
        ("source", "lead", article.lead, source.normalizations),
    ]
    if source.outlet.zh not in article.dateline or source.date not in article.dateline:
        problems.append(
            document.problem(
                "source.outlet.zh",
                f"the article's date line is {article.dateline!r}: the outlet and date must be the ones it names",
            )
        )
    for index, initiative in enumerate(dataset.initiatives):
        path = f"initiatives[{index}]"
        item = article.items.get(initiative.number)
        if item is None:
            problems.append(
                document.problem(
                    child_path(path, "number"),
                    f"the article ({article.file}) has no item {initiative.number}: the Chinese title and text of "
                    "an initiative are the article's own; check the number",
                )
            )
            continue
        texts += [
            (path, "title", item[0], initiative.normalizations),
            (path, "body", item[1], initiative.normalizations),
        ]
    numbers = {initiative.number for initiative in dataset.initiatives}
    for number, (title, _) in sorted(article.items.items()):
        if number not in numbers:
            problems.append(
                document.problem(
                    "initiatives",
                    f"the article's item {number} ({title}) has no initiative: add one with 'number: {number}'",
                    key=True,
                )
            )
    for record_path, field, original, steps in texts:
        if original is None:
            continue
        record = source if record_path == "source" else dataset.initiatives[int(record_path[12:-1])]
        published = getattr(record, field).zh
        own = [(i, step) for i, step in enumerate(steps) if step.field == f"{field}.zh"]
        problems += _unchanged_steps(document, record_path, original, own)
        expected = apply_normalizations(original, [(s.rule, s.from_, s.to) for _, s in own])
        if published != expected:
            problems.append(
                _difference(document, child_path(child_path(record_path, field), "zh"), expected, published)
            )
    return problems


def _unchanged_steps(
    document: LocatedDocument, record_path: str, original: str, steps: list[tuple[int, Normalization]]
) -> Iterator[Problem]:
    text = original
    for index, step in steps:
        changed = apply_normalizations(text, [(step.rule, step.from_, step.to)])
        if changed == text:
            what = f"{step.from_!r} is not in the article's text" if step.rule == REPLACE_RULE else "nothing changes"
            yield document.problem(
                child_path(child_path(record_path, "normalizations"), index),
                f"this normalization changes nothing ({what}): remove it or correct it",
            )
        text = changed


def _difference(document: LocatedDocument, path: str, expected: str, published: str) -> Problem:
    """The first difference, located at its character when the text is on one line, with its remedy."""
    matcher = difflib.SequenceMatcher(None, expected, published, autojunk=False)
    changes = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    _, a0, a1, b0, b1 = changes[0]
    before, after = _unique_context(expected, a0, a1)
    old = expected[before:after]
    new = expected[before:a0] + published[b0:b1] + expected[a1:after]
    shown_old = _snippet(expected, a0, a1)
    shown_new = _snippet(published, b0, b1)
    field = path.split(".", 1)[1] if path.startswith("source.") else path.rsplit(".", 2)[-2] + ".zh"
    more = f" ({len(changes) - 1} more difference(s) after this one)" if len(changes) > 1 else ""
    owner = "the article's record ('source:')" if path.startswith("source.") else "this initiative"
    message = (
        f"the Chinese differs from the article ({_article_name(document)}): the article has {shown_old}, "
        f"this text has {shown_new}{more}. If you did not mean to change it, restore the article's text. If the "
        f"change is deliberate, record it: add this line at the end of the 'normalizations:' list of {owner} "
        "(create the list if there is none) and say why in 'note':\n"
        f'      - {{field: {field}, rule: replace, from: {_yaml(old)}, to: {_yaml(new)}, note: "why it changed"}}'
    )
    problem = document.problem(path, message)
    return dataclasses.replace(problem, column=_column_of(document.text, problem.line, problem.column, published, b0))


def _article_name(document: LocatedDocument) -> str:
    source = document.data.get("source") if isinstance(document.data, dict) else None
    return str(source.get("copy")) if isinstance(source, dict) else "the source article"


def _unique_context(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to a phrase that occurs once in ``text`` (``replace`` changes every copy)."""
    while start > 0 or end < len(text):
        if end - start >= MIN_FROM and text.count(text[start:end]) == 1:
            break
        start, end = max(0, start - 1), min(len(text), end + 1)
    return start, end


def _snippet(text: str, start: int, end: int) -> str:
    left = ("…" if start > CONTEXT else "") + text[max(0, start - CONTEXT) : start]
    right = text[end : end + CONTEXT] + ("…" if end + CONTEXT < len(text) else "")
    middle = text[start:end] or "(nothing)"
    return f"“{left}【{middle}】{right}”"


def _yaml(value: str) -> str:
    """``value`` as a YAML flow scalar: plain when it is safe, double-quoted otherwise."""
    if value and not re.search(r"""[:#,\[\]{}"'&*!|>%@`\\]|^[\s\-?]|\s$""", value):
        return value
    return json.dumps(value, ensure_ascii=False)


def _column_of(source_text: str, line: int, column: int, value: str, offset: int) -> int:
    """The column of ``value[offset]`` when the value is written on its line (plain or quoted)."""
    lines = source_text.splitlines()
    if not 0 < line <= len(lines):
        return column
    written = lines[line - 1][column - 1 :]
    for skip in (0, 1):  # plain, or after an opening quotation mark
        if written[skip:].startswith(value[:offset]) and (skip == 0 or written[:1] in "\"'"):
            return column + skip + offset
    return column
