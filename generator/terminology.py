"""Does an English translation carry the glossary terms, numbers and Latin tokens of its Chinese?"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from .languages import ENGLISH_MONTHS
from .models import Glossary, GlossaryTerm

_DATE_YMD = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_DATE_YM = re.compile(r"(\d{4})年(\d{1,2})月")
_DATE_MD = re.compile(r"(\d{1,2})月(\d{1,2})日")
_TOKEN = re.compile(r"[0-9A-Za-z]+(?:[.\-][0-9A-Za-z]+)*")


class TermMatcher:
    """Finds glossary terms in Chinese text, longest first and without overlaps.

    Longest-first matters: in 城乡融合发展试验区 the whole term is the one to translate, not the
    shorter 城乡融合发展 inside it.
    """

    def __init__(self, glossary: Glossary) -> None:
        terms = sorted(glossary.terms, key=lambda t: (-len(t.zh), t.zh))
        self._by_text = {term.zh: term for term in terms}
        # One alternation, longest terms first: the regex engine (in C) then finds, at each position,
        # the longest term there, and resumes after it, which is exactly "longest first, no overlap".
        self._pattern = re.compile("|".join(re.escape(term.zh) for term in terms)) if terms else None

    def find(self, zh: str) -> Iterator[tuple[int, GlossaryTerm]]:
        """(position, term) of each term occurrence in ``zh``."""
        if self._pattern is None:
            return
        for match in self._pattern.finditer(zh):
            yield match.start(), self._by_text[match.group()]

    def missing_renderings(self, zh: str, en: str) -> list[GlossaryTerm]:
        english = en.casefold()
        missing: dict[str, GlossaryTerm] = {}
        for _, term in self.find(zh):
            if not any(rendering.casefold() in english for rendering in (term.en, *term.variants)):
                missing[term.id] = term
        return list(missing.values())

    def shared_renderings(self, zh: str, en: str) -> list[tuple[str, GlossaryTerm, GlossaryTerm]]:
        """(English words, term, other term) for each term whose rendering is only found where it also
        renders another term of the same text: in 对外开放高地 … 对外开放, an English that says "hub of
        opening-up" once has translated only one of the two.

        Each term found in the Chinese needs its own occurrence of a rendering in the English; an
        occurrence inside (or equal to) another term's occurrence counts as that one. A term with no
        rendering at all is ``missing_renderings``' business, not this rule's.
        """
        english = en.casefold()
        terms = list({term.id: term for _, term in self.find(zh)}.values())
        spans = {term.id: _occurrences(english, (term.en, *term.variants)) for term in terms}
        terms = [term for term in terms if spans[term.id]]
        others = {
            term.id: [span for other in terms if other.id != term.id for span in spans[other.id]] for term in terms
        }
        # The occurrence each span really is: the widest occurrence of another term around it, or itself.
        slots = {term.id: sorted({_widest_around(span, others[term.id]) for span in spans[term.id]}) for term in terms}
        holder: dict[tuple[int, int], str] = {}

        def assign(term_id: str, seen: set[tuple[int, int]]) -> bool:  # Kuhn's augmenting path
            for slot in slots[term_id]:
                if slot not in seen:
                    seen.add(slot)
                    if slot not in holder or assign(holder[slot], seen):
                        holder[slot] = term_id
                        return True
            return False

        by_id = {term.id: term for term in terms}
        shared = []
        for term in terms:
            if not assign(term.id, set()):
                slot = slots[term.id][0]
                other = by_id[holder[slot]] if slot in holder else term
                shared.append((en[slot[0] : slot[1]], term, other))
        return shared


def _occurrences(english: str, renderings: tuple[str, ...]) -> list[tuple[int, int]]:
    found = []
    for rendering in renderings:
        needle = rendering.casefold()
        start = english.find(needle)
        while start >= 0:
            found.append((start, start + len(needle)))
            start = english.find(needle, start + 1)
    return found


def _widest_around(span: tuple[int, int], others: list[tuple[int, int]]) -> tuple[int, int]:
    around = [o for o in others if o[0] <= span[0] and span[1] <= o[1]]
    return max(around, key=lambda o: (o[1] - o[0], -o[0])) if around else span


def missing_tokens(zh: str, en: str) -> list[str]:
    """Arabic numerals, Latin tokens (5G…) and dates of ``zh`` that ``en`` does not contain."""
    expected: list[tuple[str, ...]] = []

    def date(match: re.Match[str]) -> str:
        parts = [int(group) for group in match.groups()]
        if match.re is _DATE_YMD:
            year, month, day = parts
            expected.append((f"{day} {ENGLISH_MONTHS[month - 1]} {year}", f"{ENGLISH_MONTHS[month - 1]} {day}, {year}"))
        elif match.re is _DATE_YM:
            year, month = parts
            expected.append((f"{ENGLISH_MONTHS[month - 1]} {year}",))
        else:
            month, day = parts
            expected.append((f"{day} {ENGLISH_MONTHS[month - 1]}", f"{ENGLISH_MONTHS[month - 1]} {day}"))
        return " "

    rest = zh
    for pattern in (_DATE_YMD, _DATE_YM, _DATE_MD):
        rest = pattern.sub(date, rest)
    expected += [(token,) for token in _TOKEN.findall(rest)]
    return [forms[0] for forms in expected if not any(form in en for form in forms)]


_TONE_MARKS = {"\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4}


def pinyin_sort_key(pinyin: str) -> tuple[str, tuple[int, ...]]:
    """Dictionary order of pinyin: by the letters first (ü after u), then by the tones (1-4, neutral 5)."""
    letters, tones = [], []
    for syllable in pinyin.casefold().split():
        decomposed = unicodedata.normalize("NFD", syllable)
        marks = [_TONE_MARKS[c] for c in decomposed if c in _TONE_MARKS]
        tones.append(marks[0] if marks else 5)
        plain = "".join(c for c in decomposed if not unicodedata.combining(c) or c == "\u0308")
        letters.append(unicodedata.normalize("NFC", plain).replace("ü", "u~"))
    return " ".join(letters), tuple(tones)
