"""How the English renders what the reviewers settled: phrases, rejected renderings, place names, pinyin.

The rules are data, in data/glossary.yaml, so that an editor meets them in `make check` (and the
pre-commit hook), located and in plain words, rather than in a test:

- a ``renderings`` entry: where a Chinese text has its ``zh``, the English says its ``en`` (or a variant);
- a ``hedges`` entry: where a Chinese text has the hedge (探索, 力争, 逐步), the English says one of its
  renderings at least as many times, as whole words (one "strive to" does not keep two hedges);
- an ``avoid`` entry (of a rendering or a glossary term): where the Chinese has the phrase or term, the
  English never says the rejected words; the message gives the reviewers' reason and what to write;
- a place (``kind: place``) is written in pinyin, as one word without tone marks, unless it records
  the pinyin form under ``avoid`` with the reason (China, not Zhongguo);
- a term's ``pinyin`` has one syllable per Chinese character and agrees with the ``readings`` an editor
  checked for words with polyphonic characters (重点 zhòng diǎn); a term without one is sorted by its
  characters in the Chinese glossary (a warning).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .errors import Problem, ordinal
from .loader import LocatedDocument, at_pattern, child_path
from .models import Avoided, Dataset, Glossary, Reading
from .translation import iter_record_texts

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class _Rule:
    zh: str
    accepted: tuple[str, ...]  # the settled English and its variants; () when only `avoid` applies
    avoid: Sequence[Avoided]
    path: str  # in the glossary file: "renderings[3]", "terms[12]" or "hedges[0]"
    name: str  # in an editor's words: "glossary term comprehensive-bonded-zone" or "the 4th settled rendering"
    exceptions: tuple[str, ...] = ()  # a hedge's longer words that contain it but are not it (力争取 for 争取)

    def count_in(self, zh: str) -> int:
        """How many times the Chinese has ``zh``, outside the exceptions."""
        for word in self.exceptions:
            zh = zh.replace(word, "\0" * len(word))
        return zh.count(self.zh)


def check_renderings(
    document: LocatedDocument, glossary_document: LocatedDocument, dataset: Dataset, glossary: Glossary
) -> list[Problem]:
    """Every problem of the settled renderings: in the glossary file itself, then in the data's English."""
    rules = [
        _Rule(term.zh, (), term.avoid, f"terms[{index}]", f"glossary term {term.id}")
        for index, term in enumerate(glossary.terms)
        if term.avoid
    ]
    rules += [
        _Rule(entry.zh, (entry.en, *entry.variants), entry.avoid, f"renderings[{index}]", _entry_name(index))
        for index, entry in enumerate(glossary.renderings)
    ]
    hedges = [
        _Rule(
            hedge.zh, tuple(hedge.en), tuple(hedge.avoid), f"hedges[{index}]", _hedge_name(index), tuple(hedge.except_)
        )
        for index, hedge in enumerate(glossary.hedges)
    ]
    problems = list(_check_glossary(glossary_document, glossary))
    for *_, path, _, text, _ in iter_record_texts(dataset):
        if text.en is None:
            continue
        english = " ".join(text.en.split()).casefold()
        for rule in rules:
            if rule.zh in text.zh:
                problems += _check_text(document, glossary_document, child_path(path, "en"), english, rule)
        problems += _check_hedges(document, glossary_document, child_path(path, "en"), text.zh, english, hedges)
    return problems


def _hedge_name(index: int) -> str:
    return f"the {ordinal(index + 1)} hedge"


def _entry_name(index: int) -> str:
    return f"the {ordinal(index + 1)} settled rendering"


def _check_text(
    document: LocatedDocument, glossary_document: LocatedDocument, path: str, english: str, rule: _Rule
) -> Iterator[Problem]:
    rejected = list(_rejected(document, glossary_document, path, english, rule))
    yield from rejected
    accepted = [rendering for rendering in rule.accepted if " ".join(rendering.split()).casefold() in english]
    if rule.accepted and not accepted and not rejected:  # one mistake, one message: the rejection says what to write
        yield document.problem(
            path,
            f"the Chinese has {rule.zh!r}, whose English the translation reviewers settled: the English must say "
            f"{_settled(rule.accepted)}; letter case does not matter ({_where(glossary_document, rule)})",
        )


def _rejected(
    document: LocatedDocument, glossary_document: LocatedDocument, path: str, english: str, rule: _Rule
) -> Iterator[Problem]:
    """Each rejected rendering of ``rule`` the English says, at its words, with the reason and what to write."""
    settled = _settled(rule.accepted)
    for avoided in rule.avoid:
        if match := _find(english, avoided.en):
            problem = document.problem(
                path,
                f"the English says {avoided.en!r}, a rendering of {rule.zh!r} the translation reviewers rejected: "
                f"{avoided.why.rstrip('.')}. {('Write ' + settled + ' instead') if settled else 'Reword it'} "
                f"({_where(glossary_document, rule)})",
            )
            yield _at_words(document, problem, match)


def _check_hedges(
    document: LocatedDocument,
    glossary_document: LocatedDocument,
    path: str,
    zh: str,
    english: str,
    hedges: list[_Rule],
) -> Iterator[Problem]:
    """The English keeps every hedge of the Chinese: each hedge's renderings at least as many times as the Chinese
    has it, and hedges that share a rendering ("strive to" for 努力 and 力争) one rendering each."""
    found = {hedge: count for hedge in hedges if (count := hedge.count_in(zh))}
    rejected = [problem for hedge in found for problem in _rejected(document, glossary_document, path, english, hedge)]
    if rejected:  # one mistake, one message: the rejection says what to write
        yield from rejected
        return
    # Each hedge alone (every one that misses), then hedges together: one message for the first group that misses.
    for size in range(1, len(found) + 1):
        missed = False
        for group in itertools.combinations(found, size):
            needed = sum(found[hedge] for hedge in group)
            said = _count_words(english, [rendering for hedge in group for rendering in hedge.accepted])
            if said < needed:
                yield document.problem(path, _hedge_message(glossary_document, group, found, said))
                missed = True
                if size > 1:
                    return
        if missed:
            return


def _count_words(english: str, renderings: list[str]) -> int:
    """How many times the English says any of ``renderings``, as whole words, each word counted once."""
    longest_first = sorted({" ".join(r.casefold().split()) for r in renderings}, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(map(re.escape, r.split())) for r in longest_first)
    return len(re.findall(rf"(?<!\w)(?:{alternatives})(?!\w)", english))


def _hedge_message(
    glossary_document: LocatedDocument, group: tuple[_Rule, ...], found: dict[_Rule, int], said: int
) -> str:
    renderings = ", ".join(dict.fromkeys(repr(r) for hedge in group for r in hedge.accepted))
    where = "; ".join(_where(glossary_document, hedge) for hedge in group)
    hedges = " and ".join(f"{hedge.zh!r} {_times(found[hedge])}" for hedge in group)
    if len(group) > 1:
        hedges += f", {_times(sum(found[hedge] for hedge in group))} in all"
    them = "it" if len(group) == 1 else "them"
    return (
        f"the Chinese hedges with {hedges}, but the English says an accepted rendering of {them} {_times(said)} "
        f"({renderings}; whole words, any letter case): keep every hedge in the English. If your wording is a "
        f"legitimate rendering of the hedge, add it to the hedge's `en` list in data/glossary.yaml ({where})"
    )


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def _settled(accepted: tuple[str, ...]) -> str:
    if not accepted:
        return ""
    first, *others = accepted
    return f"{first!r}" + (f" (or {', '.join(map(repr, others))})" if others else "")


def _where(glossary_document: LocatedDocument, rule: _Rule) -> str:
    line, _ = glossary_document.locations.of(rule.path)
    return f"{glossary_document.file}:{line}, {rule.name}"


def _find(english: str, words: str) -> re.Match[str] | None:
    """``words`` as whole words (a rejected "tier" is not the "tier" in "frontier")."""
    pattern = r"\s+".join(re.escape(part) for part in words.casefold().split())
    return re.search(rf"(?<!\w){pattern}(?!\w)", english)


def _at_words(document: LocatedDocument, problem: Problem, match: re.Match[str]) -> Problem:
    """The problem at the rejected words themselves when they are written on one line of the file."""
    words = match.group()
    pattern = re.compile(r"(?<!\w)" + r"\s+".join(re.escape(part) for part in words.split()) + r"(?!\w)", re.I)
    return at_pattern(document, problem, pattern)


def _check_glossary(glossary_document: LocatedDocument, glossary: Glossary) -> Iterator[Problem]:
    problem = glossary_document.problem
    terms = {term.zh: term.id for term in glossary.terms}
    seen: dict[str, int] = {}
    for index, entry in enumerate(glossary.renderings):
        path = f"renderings[{index}]"
        if entry.zh in terms:
            yield problem(
                child_path(path, "zh"),
                f"{entry.zh!r} is the glossary term {terms[entry.zh]}: give its rendering and what to avoid there",
            )
        elif entry.zh in seen:
            yield problem(child_path(path, "zh"), f"{entry.zh!r} is listed twice: keep one entry")
        seen.setdefault(entry.zh, index)
        yield from _avoid_accepted(glossary_document, path, (entry.en, *entry.variants), entry.avoid)
    yield from _check_hedge_entries(glossary_document, glossary)
    for index, term in enumerate(glossary.terms):
        path = f"terms[{index}]"
        yield from _avoid_accepted(glossary_document, path, (term.en, *term.variants), term.avoid)
        if term.pinyin is None:
            yield problem(
                path,
                f"the term {term.zh!r} has no pinyin, so the Chinese glossary sorts it by its characters: add "
                "`pinyin:` with tone marks, one syllable per character",
                severity="warning",
            )
            continue
        characters = len(_HAN.findall(term.zh))
        syllables = len([part for part in term.pinyin.split() if any(c.isalpha() for c in part)])
        if syllables != characters:
            yield problem(
                child_path(path, "pinyin"),
                f"{term.pinyin!r} has {syllables} syllable(s) but {term.zh!r} has {characters} Chinese "
                "character(s): write one syllable per character, separated by spaces",
            )
        elif wrong := _wrong_reading(term.zh, term.pinyin, glossary):
            yield problem(
                child_path(path, "pinyin"),
                f"{term.zh!r} contains {wrong.zh!r}, whose reading an editor checked: write its syllables as "
                f"{wrong.pinyin!r} (the `readings` of data/glossary.yaml)",
            )
        elif term.kind == "place":
            form = place_in_pinyin(term.pinyin)
            if term.en != form and form.casefold() not in {a.en.casefold() for a in term.avoid}:
                yield problem(
                    child_path(path, "en"),
                    f"a place name is written in pinyin, as one word without tone marks: {form!r} (from "
                    f"{term.pinyin!r}), not {term.en!r}. If English has its own name for this place (China for "
                    f"中国), keep it and say why the pinyin is not used: avoid: [{{en: {form}, why: …}}]",
                )


def _check_hedge_entries(glossary_document: LocatedDocument, glossary: Glossary) -> Iterator[Problem]:
    seen: set[str] = set()
    for index, hedge in enumerate(glossary.hedges):
        path = f"hedges[{index}]"
        if hedge.zh in seen:
            yield glossary_document.problem(child_path(path, "zh"), f"{hedge.zh!r} is listed twice: keep one entry")
        seen.add(hedge.zh)
        for position, word in enumerate(hedge.except_):
            if hedge.zh not in word or word == hedge.zh:
                yield glossary_document.problem(
                    child_path(child_path(path, "except"), position),
                    f"{word!r} is not a longer word that contains the hedge {hedge.zh!r}: `except` lists only words in "
                    "which the hedge's characters are not the hedge (力争取, as in 力争取得, for 争取)",
                )
        yield from _avoid_accepted(glossary_document, path, tuple(hedge.en), hedge.avoid)


def _avoid_accepted(
    glossary_document: LocatedDocument, path: str, accepted: tuple[str, ...], avoid: Sequence[Avoided]
) -> Iterator[Problem]:
    for position, avoided in enumerate(avoid):
        clash = next((r for r in accepted if _find(" ".join(r.split()).casefold(), avoided.en)), None)
        if clash is not None:
            yield glossary_document.problem(
                child_path(child_path(child_path(path, "avoid"), position), "en"),
                f"{avoided.en!r} is rejected here but is part of the accepted rendering {clash!r}: "
                "remove it from one of the two",
            )


def _syllables(pinyin: str) -> list[str]:
    return [re.sub(r"[^\w]", "", part).casefold() for part in pinyin.split() if any(c.isalpha() for c in part)]


def _wrong_reading(zh: str, pinyin: str, glossary: Glossary) -> Reading | None:
    """The first checked reading that the term's pinyin contradicts (its syllables align with its characters)."""
    characters = [index for index, char in enumerate(zh) if _HAN.match(char)]
    syllables = _syllables(pinyin)
    for reading in glossary.readings:
        expected = _syllables(reading.pinyin)
        start = zh.find(reading.zh)
        while start >= 0:
            first = characters.index(start) if start in characters else None
            if first is not None and syllables[first : first + len(expected)] != expected:
                return reading
            start = zh.find(reading.zh, start + 1)
    return None


def place_in_pinyin(pinyin: str) -> str:
    """ "zhāng diàn" -> "Zhangdian": tone marks dropped (ü kept), syllables joined, capitalized."""
    decomposed = unicodedata.normalize("NFD", pinyin)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c) or c == "\u0308")  # ü keeps its dots
    plain = unicodedata.normalize("NFC", kept)
    letters = "".join(c for c in plain if c.isalpha())
    return letters[:1].upper() + letters[1:].lower()
