"""What a glossary explanation may say without a source: the words the reviewers found to need one.

A term's ``needs_source`` lists words (a place, a year, "set by Zibo") that the translation reviewers
found state a fact the article does not give. Until the term cites a ``source``, its explanation may not
contain them: in English as whole words, in Chinese anywhere (Chinese puts no spaces between words);
letter case does not matter. `make check` refuses the explanation at the word, in plain words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .errors import Problem
from .loader import LocatedDocument, at_pattern, child_path
from .models import Glossary, GlossaryTerm

_SOURCE_FIELDS = "`source: {title, outlet, date, url}`"


def check_explanations(document: LocatedDocument, glossary: Glossary) -> list[Problem]:
    """Every listed word an unsourced explanation says, and every word listed twice."""
    problems: list[Problem] = []
    for index, term in enumerate(glossary.terms):
        path = f"terms[{index}]"
        problems += _listed_twice(document, path, term)
        if term.source is None:
            problems += _unsourced_words(document, path, term)
    return problems


def _listed_twice(document: LocatedDocument, path: str, term: GlossaryTerm) -> Iterator[Problem]:
    seen: set[str] = set()
    for position, word in enumerate(term.needs_source):
        key = " ".join(word.split()).casefold()
        if key in seen:
            yield document.problem(
                child_path(child_path(path, "needs_source"), position), f"{word!r} is listed twice: remove one"
            )
        seen.add(key)


def _unsourced_words(document: LocatedDocument, path: str, term: GlossaryTerm) -> Iterator[Problem]:
    line, _ = document.locations.of(child_path(path, "needs_source"))
    for language in ("en", "zh"):
        explanation = term.explanation.text(language)
        for word in term.needs_source:
            pattern = _pattern(word, whole_words=language == "en")
            if explanation and pattern.search(explanation):
                problem = document.problem(
                    child_path(child_path(path, "explanation"), language),
                    f"the explanation says {word!r}, which the translation reviewers found states a fact the "
                    f"article does not give (this term's `needs_source`, line {line}): take {word!r} out of the "
                    f"explanation, or give the term a {_SOURCE_FIELDS} that another editor can check",
                )
                yield at_pattern(document, problem, pattern)


def _pattern(word: str, *, whole_words: bool) -> re.Pattern[str]:
    """``word`` in any letter case, its spaces any run of white space; in English, as whole words only
    (a listed "Zibo" is not the "Zibo" in "Ziboese")."""
    words = r"\s+".join(re.escape(part) for part in word.split())
    return re.compile(rf"(?<!\w){words}(?!\w)" if whole_words else words, re.IGNORECASE)
