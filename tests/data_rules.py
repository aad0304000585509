"""Rules every valid data file meets, as functions of a project folder: the real one, or a copy with an
editor's change. They re-derive each rule on their own (not through the check's code), so that they
can catch the check being wrong."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from generator.models import Initiative, Normalization, Source
from generator.normalize import apply_normalizations
from generator.pipeline import load_and_validate
from generator.terminology import TermMatcher, missing_tokens
from generator.translation import fingerprint, iter_record_texts, translation_report
from generator.validate import Validated

TITLE_LINE = re.compile(r"^(\d+)、(.+)$")


_loaded: dict[tuple[Path, bytes], Validated] = {}


def load(project: Path) -> Validated:
    """The project's data, loaded once for all the rules as long as its files are unchanged."""
    files = sorted((project / "data").glob("*.yaml"))
    key = (project, b"\0".join(file.read_bytes() for file in files))
    if key not in _loaded:
        _loaded.clear()  # one project state at a time: the previous one is not asked for again
        _loaded[key] = load_and_validate(project / "data" / "initiatives.yaml")
    return _loaded[key]


def article_lines(project: Path, validated: Validated) -> list[str]:
    copy = validated.dataset.source.copy_path
    assert copy, "the data names its archived article (source.copy)"
    return [line.strip() for line in (project / copy).read_text("utf-8").splitlines() if line.strip()]


def article_items(lines: list[str]) -> dict[int, tuple[str, str]]:
    """Number -> (title line, paragraph) as printed in the article."""
    return {
        int(match[1]): (match[2], lines[index + 1])
        for index, line in enumerate(lines)
        if (match := TITLE_LINE.match(line))
    }


def article_lead(lines: list[str]) -> str:
    first_item = next(index for index, line in enumerate(lines) if TITLE_LINE.match(line))
    return lines[first_item - 1]


def steps(record: Initiative | Source, field: str) -> list[Normalization]:
    return [step for step in record.normalizations if step.field == field]


def assert_chinese_is_the_article_verbatim(project: Path) -> None:
    """Titles, bodies, headline and lead equal the article after the recorded normalizations, each of which
    changes something; the data has exactly the article's initiatives."""
    validated = load(project)
    data = validated.dataset
    lines = article_lines(project, validated)
    items = article_items(lines)
    assert sorted(items) == sorted(i.number for i in data.initiatives)
    originals: list[tuple[Initiative | Source, str, str]] = [
        (data.source, "title", lines[0]),
        (data.source, "lead", article_lead(lines)),
    ]
    for initiative in data.initiatives:
        title, paragraph = items[initiative.number]
        originals += [(initiative, "title", title), (initiative, "body", paragraph)]
    for record, field, original in originals:
        text = original
        for step in steps(record, f"{field}.zh"):
            changed = apply_normalizations(text, [(step.rule, step.from_, step.to)])
            assert changed != text, f"{step} changes nothing"
            text = changed
        assert getattr(record, field).zh == text, (getattr(record, "id", "source"), field)
    assert data.source.outlet.zh in lines[1] and data.source.date in lines[1]


def assert_english_carries_every_number_latin_token_and_glossary_term(project: Path) -> None:
    validated = load(project)
    matcher = TermMatcher(validated.glossary)
    for *_, path, _, text, draft in iter_record_texts(validated.dataset):
        if text.en is None:
            assert draft or ".updates[" in path, f"{path} has no English"
            continue
        if path.startswith("source.outlet"):
            continue  # the outlet is a name (掌握鲁中, Zhangwo Luzhong), not a text to translate term by term
        assert missing_tokens(text.zh, text.en) == [], path
        assert [term.id for term in matcher.missing_renderings(text.zh, text.en)] == [], path


def assert_english_follows_the_settled_renderings(project: Path) -> None:
    """Where the Chinese has a settled phrase or a glossary term, the English says what was settled and none
    of the rejected renderings (as whole words); a place is written in pinyin or says why not."""
    validated = load(project)
    glossary = validated.glossary
    rules = [(t.zh, [], t.avoid) for t in glossary.terms] + [
        (r.zh, [r.en, *r.variants], r.avoid) for r in glossary.renderings
    ]
    for *_, path, _, text, _ in iter_record_texts(validated.dataset):
        english = " ".join((text.en or "").split()).casefold()
        for zh, accepted, avoid in rules:
            if text.en is None or zh not in text.zh:
                continue
            assert not accepted or any(a.casefold() in english for a in accepted), (path, zh)
            for rejected in avoid:
                assert not re.search(rf"\b{re.escape(rejected.en.casefold())}\b", english), (path, rejected.en)
    for term in glossary.terms:
        if term.kind == "place" and term.pinyin:
            toneless = "".join(c for c in unicodedata.normalize("NFD", term.pinyin) if c.isalpha() or c == "\u0308")
            pinyin = unicodedata.normalize("NFC", toneless).casefold()
            assert term.en.casefold() == pinyin or pinyin in {a.en.casefold() for a in term.avoid}, term.id


def assert_explanations_say_no_listed_fact_without_a_source(project: Path) -> None:
    """A glossary explanation says none of its term's `needs_source` words (in English as whole words, in
    Chinese anywhere, any letter case) unless the term cites a source."""
    for term in load(project).glossary.terms:
        if term.source is not None:
            continue
        english = " ".join((term.explanation.en or "").split()).casefold()
        chinese = " ".join(term.explanation.zh.split()).casefold()
        for word in (" ".join(w.split()).casefold() for w in term.needs_source):
            assert not re.search(rf"\b{re.escape(word)}\b", english) and word not in chinese, (term.id, word)


def assert_pinyin_agrees_with_the_checked_readings(project: Path) -> None:
    """Each word of `readings` is read the same way in every term that contains it."""
    glossary = load(project).glossary
    for term in glossary.terms:
        han = [i for i, c in enumerate(term.zh) if "\u4e00" <= c <= "\u9fff"]
        syllables = re.findall(r"[^\s,，()（）·]+", term.pinyin or "")
        for reading in glossary.readings:
            for match in re.finditer(re.escape(reading.zh), term.zh):
                if match.start() in han and len(syllables) == len(han):
                    first = han.index(match.start())
                    assert syllables[first : first + len(reading.zh)] == reading.pinyin.split(), (term.id, reading.zh)


def assert_every_text_has_the_state_its_fingerprint_gives(project: Path) -> None:
    validated = load(project)
    texts = list(iter_record_texts(validated.dataset))
    report = translation_report(validated.dataset)
    assert len(report) == len(texts) > 0
    for item, (_, record_id, path, _, text, _) in zip(report, texts, strict=True):
        assert (item.record_id, item.path) == (record_id, path)
        if text.en is None:
            assert item.state == "missing"
        elif text.en_from is None:
            assert item.state == "not-accepted"
        else:
            assert (item.state == "current") == (text.en_from == fingerprint(text.zh)), path


DATA_RULES = (
    assert_chinese_is_the_article_verbatim,
    assert_english_carries_every_number_latin_token_and_glossary_term,
    assert_english_follows_the_settled_renderings,
    assert_explanations_say_no_listed_fact_without_a_source,
    assert_pinyin_agrees_with_the_checked_readings,
    assert_every_text_has_the_state_its_fingerprint_gives,
)
