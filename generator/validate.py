"""Located data -> a valid ``Dataset``, or every problem at once.

Three layers, all reported together so an editor can fix everything in one pass:
1. structure (pydantic models; messages rewritten for editors: pydantic_messages.py),
2. rules across records (ids, numbers, references, dates), checked on the raw data so they run
   even when some record has a structural error,
3. content (translations present, glossary terms and numbers carried into the English), once the
   structure is valid.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from .article import Article
from .errors import Problem, describe_path, did_you_mean, ordinal, raise_if_errors
from .explanations import check_explanations
from .fidelity import check_fidelity
from .loader import LocatedDocument, Locations, child_path
from .models import STATUSES, Dataset, Glossary, LocalizedText, has_han
from .page_paths import INITIATIVE_PAGE, THEME_PAGE, reserved_ids
from .pydantic_messages import validate_structure
from .settled_renderings import check_renderings
from .terminology import TermMatcher, missing_tokens
from .translation import (
    GLOSSARY_RECORD,
    ReviewedItem,
    iter_record_texts,
    review_report,
    term_reviews,
    translation_state,
)

# The initiatives are Zibo's: "today" and "in the future" are judged by the date in China, whatever
# the time zone of the machine that builds the site.
CHINA = ZoneInfo("Asia/Shanghai")
# Names Windows keeps for devices: a folder named so cannot be created or checked out there.
WINDOWS_DEVICE_NAMES = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{port}{digit}" for port in ("com", "lpt") for digit in range(10)]
)


def china_today(now: dt.datetime | None = None) -> dt.date:
    """Today's date in China; ``now`` (aware) stands in for the clock in tests."""
    return (now or dt.datetime.now(dt.UTC)).astimezone(CHINA).date()


@dataclass(frozen=True)
class Validated:
    dataset: Dataset
    glossary: Glossary
    warnings: list[Problem]
    locations: Locations  # where each value of the data file was written
    glossary_locations: Locations
    article: Article | None  # the archived source article the Chinese was checked against


def validate(
    document: LocatedDocument,
    glossary_document: LocatedDocument,
    *,
    today: dt.date | None = None,
    strict_translations: bool = False,
    article: Article | None = None,
) -> Validated:
    """Validate both files; raise ``DataError`` with every error, return warnings otherwise.

    With ``article`` (the archived source article), the Chinese texts are checked against it."""
    today = today or china_today()
    glossary, glossary_problems = validate_structure(glossary_document, Glossary)
    if glossary is not None:
        glossary_problems += _check_glossary(glossary_document, glossary)
        glossary_problems += check_explanations(glossary_document, glossary)
        glossary_problems += _check_reviews(glossary_document, term_reviews(glossary), today)
    raise_if_errors(glossary_problems)
    assert glossary is not None

    dataset, problems = validate_structure(document, Dataset)
    problems += _check_records(document, today)
    if dataset is not None:
        problems += _check_translations(document, dataset, strict_translations)
        problems += _check_terminology(document, dataset, TermMatcher(glossary))
        problems += check_renderings(document, glossary_document, dataset, glossary)
        problems += _check_synonyms(glossary_document, dataset, glossary)
        if article is not None:
            problems += check_fidelity(document, dataset, article)
        drafts = frozenset(i.id for i in dataset.initiatives if i.draft) | {t.id for t in dataset.themes if t.draft}
        problems += _check_reviews(document, review_report(dataset), today, drafts)
        problems += _check_corrections_route(document, dataset)
        problems += _check_edition_date(document, dataset)
    raise_if_errors(problems)
    assert dataset is not None
    warnings = [p for p in glossary_problems + problems if p.severity == "warning"]
    return Validated(dataset, glossary, warnings, document.locations, glossary_document.locations, article)


# --- 2. rules across records (on raw data, tolerant of structural errors) ---------------------


def _records(data: Any, key: str) -> list[tuple[str, dict[str, Any]]]:
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list):
        return []
    return [(f"{key}[{index}]", item) for index, item in enumerate(items) if isinstance(item, dict)]


def _check_records(document: LocatedDocument, today: dt.date) -> list[Problem]:
    data = document.data
    themes = _records(data, "themes")
    initiatives = _records(data, "initiatives")
    problems: list[Problem] = []
    problems += _check_reserved(document, themes, "theme", THEME_PAGE)
    problems += _check_reserved(document, initiatives, "initiative", INITIATIVE_PAGE)
    problems += _check_unique(document, themes, "id", "theme id")
    problems += _check_unique(document, initiatives, "id", "initiative id")
    problems += _check_unique(document, initiatives, "number", "initiative number")
    problems += _check_numbering(document, initiatives)
    problems += _check_theme_references(document, themes, initiatives)
    problems += _check_related(document, initiatives)
    problems += _check_copy_or_verbatim(document)
    problems += _check_normalizations(document, [("source", data.get("source"))] if isinstance(data, dict) else [])
    problems += _check_normalizations(document, initiatives)
    problems += _check_updates(document, initiatives, today)
    return problems


def _check_reserved(
    document: LocatedDocument, records: list[tuple[str, dict[str, Any]]], what: str, page: str
) -> list[Problem]:
    reserved = reserved_ids(page)
    problems = []
    for path, record in records:
        value = record.get("id")
        if not isinstance(value, str):
            continue
        if value in reserved:
            problems.append(
                document.problem(
                    child_path(path, "id"),
                    f"the id {value!r} is reserved: the {what}'s page would be {page.format(id=value)}, "
                    f"which is {reserved[value]}; choose another id",
                )
            )
        elif value in WINDOWS_DEVICE_NAMES:
            problems.append(
                document.problem(
                    child_path(path, "id"),
                    f"the id {value!r} is reserved: it is a device name on Windows, where a folder named "
                    f"{value!r} cannot be created or checked out; choose another id",
                )
            )
    return problems


def _check_unique(
    document: LocatedDocument, records: list[tuple[str, dict[str, Any]]], key: str, what: str
) -> list[Problem]:
    first_seen: dict[Any, str] = {}
    problems = []
    for path, record in records:
        value = record.get(key)
        if not isinstance(value, str | int) or isinstance(value, bool):
            continue
        if value in first_seen:
            line, column = document.locations.of(child_path(first_seen[value], key))
            other = describe_path(document.data, first_seen[value]) or first_seen[value]
            problems.append(
                document.problem(
                    child_path(path, key),
                    f"duplicate {what} {value!r}: {other} at line {line}, column {column} has it too",
                )
            )
        else:
            first_seen[value] = path
    return problems


def _check_numbering(document: LocatedDocument, initiatives: list[tuple[str, dict[str, Any]]]) -> list[Problem]:
    numbers = {r.get("number") for _, r in initiatives if isinstance(r.get("number"), int)}
    expected = set(range(1, len(initiatives) + 1))
    problems = []
    for path, record in initiatives:
        number = record.get("number")
        # Below 1 the model has already said "must be at least 1".
        if isinstance(number, int) and not isinstance(number, bool) and number >= 1 and number not in expected:
            problems.append(
                document.problem(
                    child_path(path, "number"),
                    f"number {number} is outside 1..{len(initiatives)}: "
                    "initiatives must be numbered 1, 2, 3, … without gaps",
                )
            )
    missing = sorted(expected - numbers)
    below_one = any(isinstance(n, int) and n < 1 for n in numbers)  # the model already reports those
    if missing and not problems and not below_one and len(numbers) == len(initiatives):
        listed = ", ".join(map(str, missing))
        problems.append(
            document.problem(
                "initiatives",
                f"{'numbers' if len(missing) > 1 else 'number'} {listed} "
                f"{'are' if len(missing) > 1 else 'is'} missing: initiatives must be "
                "numbered 1, 2, 3, … without gaps",
                key=True,
            )
        )
    return problems


def _references(
    records: list[tuple[str, dict[str, Any]]], key: str
) -> Iterator[tuple[dict[str, Any], list[Any], str, str]]:
    """(record, the references before this one, reference, its data path) for each id listed under ``key``."""
    for path, record in records:
        refs = record.get(key)
        if isinstance(refs, list):
            for index, ref in enumerate(refs):
                if isinstance(ref, str):
                    yield record, refs[:index], ref, child_path(child_path(path, key), index)


def _check_theme_references(
    document: LocatedDocument, themes: list[tuple[str, dict[str, Any]]], initiatives: list[tuple[str, dict[str, Any]]]
) -> list[Problem]:
    known = [t["id"] for _, t in themes if isinstance(t.get("id"), str)]
    members: dict[str, list[str]] = defaultdict(list)
    problems = []
    for record, earlier, ref, ref_path in _references(initiatives, "themes"):
        if ref not in known:
            suggestion = did_you_mean(ref, known) or (
                f"; the themes are {', '.join(known)}. To add a theme, write it under `themes:` (id, label, "
                'description) and list its id in at least two initiatives (CONTRIBUTING.md, "Add a theme")'
            )
            problems.append(document.problem(ref_path, f"unknown theme {ref!r}{suggestion}"))
        elif ref in earlier:
            problems.append(document.problem(ref_path, f"theme {ref!r} is listed twice"))
        else:
            members[ref].append(str(record.get("id")))
    if problems or any(not isinstance(record.get("themes"), list) for _, record in initiatives):
        return problems  # with a reference unresolved or a list miswritten, the counts below would only repeat it
    for path, theme in themes:
        theme_id = theme.get("id")
        if not isinstance(theme_id, str):
            continue
        count = len(members[theme_id])
        if count < 2:
            who = "no initiative" if count == 0 else f"only one initiative ({members[theme_id][0]})"
            problems.append(
                document.problem(
                    child_path(path, "id"),
                    f"theme {theme_id!r} is used by {who}: a theme must "
                    "connect at least two initiatives; add it to more or remove it",
                )
            )
    return problems


def _check_related(document: LocatedDocument, initiatives: list[tuple[str, dict[str, Any]]]) -> list[Problem]:
    known = [r["id"] for _, r in initiatives if isinstance(r.get("id"), str)]
    problems = []
    for record, earlier, ref, ref_path in _references(initiatives, "related"):
        if ref == record.get("id"):
            problems.append(document.problem(ref_path, "an initiative cannot be related to itself"))
        elif ref not in known:
            problems.append(document.problem(ref_path, f"unknown initiative {ref!r}{did_you_mean(ref, known)}"))
        elif ref in earlier:
            problems.append(document.problem(ref_path, f"{ref!r} is listed twice"))
    return problems


def _check_copy_or_verbatim(document: LocatedDocument) -> list[Problem]:
    """The Chinese is checked against the archived article unless the data says, in so many words, that it has
    none: a deleted `copy:` line must not switch the check off unnoticed."""
    source = document.data.get("source") if isinstance(document.data, dict) else None
    if not isinstance(source, dict):
        return []
    has_copy = source.get("copy") not in (None, "")
    verbatim = source.get("verbatim")
    if has_copy and verbatim is False:
        return [
            document.problem(
                "source.verbatim",
                "'verbatim: false' says this dataset has no archived article, but 'copy:' names one: remove "
                "'verbatim: false', so that the Chinese is checked against the article (or, if the file 'copy:' "
                "names is not the article, remove the 'copy:' line)",
            )
        ]
    if not has_copy and verbatim is not False:
        path, key = ("source.verbatim", False) if "verbatim" in source else ("source", True)
        return [
            document.problem(
                path,
                "the article's record ('source:') has no 'copy:', so the Chinese texts would not be checked against "
                "the archived article: restore the 'copy:' line that names it (e.g. "
                "'copy: data/sources/zibo-15-reforms-2020-04-20.zh.txt'); only for a dataset that has no archived "
                "article, write 'verbatim: false' under 'source:' instead",
                key=key,
            )
        ]
    return []


def _check_normalizations(document: LocatedDocument, records: list[tuple[str, Any]]) -> list[Problem]:
    problems = []
    for path, record in records:
        if not isinstance(record, dict) or not isinstance(record.get("normalizations"), list):
            continue
        for index, step in enumerate(record["normalizations"]):
            step_path = child_path(child_path(path, "normalizations"), index)
            if not isinstance(step, dict):
                continue
            target = str(step.get("field", "")).split(".")[0]
            if step.get("field") and not isinstance(record.get(target), dict):
                problems.append(document.problem(child_path(step_path, "field"), f"there is no field {target!r} here"))
            if step.get("rule") == "replace" and not (step.get("from") and step.get("to") is not None):
                problems.append(document.problem(step_path, "a 'replace' normalization needs 'from' and 'to'"))
    return problems


def _check_updates(
    document: LocatedDocument, initiatives: list[tuple[str, dict[str, Any]]], today: dt.date
) -> list[Problem]:
    """Each initiative's updates and `checked` date: not in the future, not before the initiatives were
    set, updates in date order, and the status the latest update gives is the initiative's status."""
    source = document.data.get("source") if isinstance(document.data, dict) else None
    announced = _date(source.get("announced")) if isinstance(source, dict) else None
    problems = []
    for path, record in initiatives:
        updates = record.get("updates")
        if not isinstance(updates, list):
            continue
        problems += _check_update_dates(document, child_path(path, "updates"), updates, announced, today)
        problems += _check_checked_date(document, path, record, announced, today)
        problems += _check_latest_status(document, path, record, updates)
    return problems


def _check_update_dates(
    document: LocatedDocument, path: str, updates: list[Any], announced: dt.date | None, today: dt.date
) -> list[Problem]:
    problems = []
    previous: dt.date | None = None
    for index, update in enumerate(updates):
        date = _date(update.get("date")) if isinstance(update, dict) else None
        if date is None:
            continue
        date_path = child_path(child_path(path, index), "date")
        if date > today:
            problems.append(
                document.problem(date_path, f"{date} is in the future: record an update once it has happened")
            )
        if announced and date < announced:
            problems.append(document.problem(date_path, f"{date} is before the initiatives were set on {announced}"))
        if previous and date < previous:
            problems.append(
                document.problem(
                    date_path, f"updates must be in date order, oldest first: {date} comes after {previous}"
                )
            )
        previous = date
    return problems


def _check_checked_date(
    document: LocatedDocument, path: str, record: dict[str, Any], announced: dt.date | None, today: dt.date
) -> list[Problem]:
    checked = _date(record.get("checked"))
    if checked is None:
        return []
    checked_path = child_path(path, "checked")
    problems = []
    if checked > today:
        problems.append(
            document.problem(checked_path, f"{checked} is in the future: write the day you looked for news")
        )
    if announced and checked < announced:
        problems.append(document.problem(checked_path, f"{checked} is before the initiatives were set on {announced}"))
    return problems


def _check_latest_status(
    document: LocatedDocument, path: str, record: dict[str, Any], updates: list[Any]
) -> list[Problem]:
    with_status = [
        (update["status"], index)
        for index, update in enumerate(updates)
        if isinstance(update, dict) and isinstance(update.get("status"), str)
    ]
    status = record.get("status")
    # While a status is not one of the statuses, its own message says so; agreement comes after.
    if not with_status or status not in STATUSES or any(s not in STATUSES for s, _ in with_status):
        return []
    if with_status[-1][0] == status:
        return []
    latest, index = with_status[-1]
    return [
        document.problem(
            child_path(path, "status"),
            f"status is {status!r} but the latest update "
            f"with a status (the {ordinal(index + 1)} update) says {latest!r}: make them agree",
        )
    ]


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


# --- 3. content ------------------------------------------------------------------------------


def iter_texts(dataset: Dataset) -> Iterator[tuple[str, LocalizedText, bool]]:
    """Every bilingual text with its data path and whether its record is a draft."""
    for _, _, path, _, text, draft in iter_record_texts(dataset):
        yield path, text, draft


def accept_command(record_id: str) -> str:
    """The command an editor types to record that the English of ``record_id`` was reviewed."""
    return f"make accept ID={record_id}"


def _check_translations(document: LocatedDocument, dataset: Dataset, strict: bool) -> list[Problem]:
    problems = []
    stale_severity = "error" if strict else "warning"
    texts = list(iter_record_texts(dataset))
    translated_records = {record_id for _, record_id, _, _, text, _ in texts if text.en is not None}
    for kind, record_id, path, _, text, draft in texts:
        state = translation_state(text)
        if state == "missing" and not draft:
            problems.append(
                _missing_translation(document, kind, record_id, path, record_id not in translated_records, strict)
            )
        elif state == "stale":
            problems.append(
                document.problem(
                    child_path(path, "en"),
                    "the Chinese text changed after this translation was made: bring the English in line with it; "
                    f"once the English says what the Chinese says, run `{accept_command(record_id)}`",
                    severity=stale_severity,
                )
            )
        elif state == "not-accepted":
            problems.append(
                document.problem(
                    child_path(path, "en"),
                    "this translation is not accepted yet (it has no fingerprint): once the English says what the "
                    f"Chinese says, run `{accept_command(record_id)}`",
                    severity=stale_severity,
                )
            )
    return problems


def _missing_translation(
    document: LocatedDocument, kind: str, record_id: str, path: str, nothing_translated: bool, strict: bool
) -> Problem:
    """What fits the text at hand: an update may wait for its English (labelled where it stands);
    the texts a page is made of may not, unless the whole record is still untranslated."""
    add = f"add 'en:' beside its 'zh:', then run `{accept_command(record_id)}`"
    if ".updates[" in path:
        return document.problem(
            path,
            f"this text has no English yet: the English page and feed show the Chinese with a 'not yet translated' "
            f"label until you {add}",
            severity="error" if strict else "warning",
        )
    if kind != "source" and nothing_translated:
        return document.problem(
            path,
            f"the English translation is missing: {add}; or, while none of this {kind}'s English is written, mark "
            f"the {kind} 'draft: true' (its English page then shows the Chinese under a 'translation pending' notice)",
        )
    return document.problem(path, f"the English translation is missing: {add}")


def _check_terminology(document: LocatedDocument, dataset: Dataset, matcher: TermMatcher) -> list[Problem]:
    problems = []
    for path, text, _draft in iter_texts(dataset):
        if text.en is None or path.startswith("source.outlet"):
            continue
        for term in matcher.missing_renderings(text.zh, text.en):
            if term.variants:
                accepted = f"{term.en!r} or one of its accepted variants ({', '.join(map(repr, term.variants))})"
            else:
                accepted = (
                    f"{term.en!r} (check the spelling first; if the English rightly says it in other words, "
                    "add those words to the term's 'variants' in data/glossary.yaml)"
                )
            problems.append(
                document.problem(
                    child_path(path, "en"),
                    f"the Chinese has the glossary term {term.zh!r} (glossary id {term.id}); the English must say "
                    f"{accepted}; letter case does not matter",
                )
            )
        for shared, term, other in matcher.shared_renderings(text.zh, text.en):
            problems.append(
                document.problem(
                    child_path(path, "en"),
                    f"the English {shared!r} stands for both glossary terms {other.zh!r} and {term.zh!r}: "
                    f"give {term.zh!r} its own rendering (data/glossary.yaml)",
                    severity="warning",
                )
            )
        for token in missing_tokens(text.zh, text.en):
            problems.append(
                document.problem(child_path(path, "en"), f"the Chinese has {token!r}; the English must carry it too")
            )
    return problems


def _check_edition_date(document: LocatedDocument, dataset: Dataset) -> list[Problem]:
    """Every page says "edition of" the newest `changes:` date: a warning when a dated fact (an update, a
    `checked` date, a review) is newer, located at that entry, naming the fact and the entry to add."""
    site = dataset.site
    if site is None:
        return []
    facts: list[tuple[str, str, str]] = []  # (date, data path, what it is)
    for index, initiative in enumerate(dataset.initiatives):
        path = f"initiatives[{index}]"
        facts += [(u.date, f"{path}.updates[{n}].date", "update") for n, u in enumerate(initiative.updates)]
        if initiative.checked is not None:
            facts.append((initiative.checked, f"{path}.checked", "`checked` date"))
    facts += [
        (item.review.date, child_path(child_path(item.path, "reviewed"), "date"), "translation review")
        for item in review_report(dataset)
        if item.review is not None
    ]
    edition = dataset.edition_date()
    newest = max(facts, default=None, key=lambda fact: fact[0])
    if newest is None or newest[0] <= edition:
        return []
    date, path, what = newest
    line, _ = document.locations.of(path)
    entry = max(range(len(site.changes)), key=lambda n: (site.changes[n].date, n))
    named = describe_path(document.data, path) or path
    message = (
        f"the newest `changes:` entry is dated {edition}, but the {what} at line {line} ({named}) is dated "
        f"{date}: every page would show the edition of {edition} beside it. Add a `changes:` entry under `site:`, "
        f'dated the day you make the change (not before "{date}"), that says what changed (text: {{zh: …, en: …}})'
    )
    return [document.problem(f"site.changes[{entry}].date", message, severity="warning")]


def _check_corrections_route(document: LocatedDocument, dataset: Dataset) -> list[Problem]:
    """Readers need a way to report an error: a warning (the site still builds) while `site` names none."""
    if dataset.site is None or dataset.site.corrections is not None:
        return []
    message = (
        "readers have no way to report an error: add `corrections:` with an address the editors really read, "
        "e.g. the repository's issue tracker (`repo_url` in mkdocs.yml followed by /issues)"
    )
    return [document.problem("site", message, key=True, severity="warning")]


def review_command(review_id: str) -> str:
    """The command a reviewer (never the text's author) types to record a review of ``review_id``."""
    return f"make review ID={review_id} BY=<who reviewed> METHOD=<how>"


def _check_reviews(
    document: LocatedDocument, items: list[ReviewedItem], today: dt.date, drafts: frozenset[str] = frozenset()
) -> list[Problem]:
    problems = []
    for item in items:
        review = item.review
        command = f"`{review_command(_review_id(item))}`"
        if review is None:
            if item.record_id not in drafts:
                problems.append(
                    document.problem(
                        item.path,
                        "no translation review is recorded for this text yet: once someone who did not write it has "
                        f"checked it, they run {command}",
                        severity="warning",
                    )
                )
            continue
        where = child_path(item.path, "reviewed")
        if dt.date.fromisoformat(review.date) > today:
            problems.append(
                document.problem(
                    child_path(where, "date"), f"{review.date} is in the future: record a review once it has happened"
                )
            )
        elif item.state == "changed":
            problems.append(
                document.problem(
                    where,
                    f"the text changed after its review of {review.date} ({review.by}): once someone who did not "
                    f"write the change has checked it again, they run {command}",
                    severity="warning",
                )
            )
    return problems


def _review_id(item: ReviewedItem) -> str:
    return f"{GLOSSARY_RECORD}:{item.field}" if item.kind == GLOSSARY_RECORD else item.record_id


def _check_glossary(document: LocatedDocument, glossary: Glossary) -> list[Problem]:
    problems = []
    for index, term in enumerate(glossary.terms):
        if term.basis is None and term.source is None:
            problems.append(
                document.problem(
                    f"terms[{index}].explanation",
                    "say what this explanation rests on: `basis: definition` (only what the term itself means), "
                    "`basis: article` (only what the source article says), or a `source: {title, outlet, date, "
                    "url}` for any other fact; without one, remove the fact",
                )
            )
    for key in ("id", "zh"):
        counts = Counter(getattr(term, key) for term in glossary.terms)
        for index, term in enumerate(glossary.terms):
            if counts[getattr(term, key)] > 1:
                problems.append(
                    document.problem(f"terms[{index}].{key}", f"{getattr(term, key)!r} appears more than once")
                )
    return problems + _check_aliases(document, glossary)


def _check_synonyms(document: LocatedDocument, dataset: Dataset, glossary: Glossary) -> list[Problem]:
    # Search looks for a synonym's `finds` instead of what the reader typed: a word no text has finds nothing.
    chinese = " ".join(text.zh for *_, text, _ in iter_record_texts(dataset))
    english = " ".join(" ".join(text.en.split()) for *_, text, _ in iter_record_texts(dataset) if text.en)
    owners: dict[str, list[int]] = defaultdict(list)
    for index, synonym in enumerate(glossary.synonyms):
        for word in dict.fromkeys(word.casefold() for word in synonym.words):
            owners[word].append(index)
    problems = []
    for index, synonym in enumerate(glossary.synonyms):
        for position, word in enumerate(synonym.finds):
            if has_han(word):
                found, where = word in chinese, "Chinese"
            else:
                found = re.search(rf"(?<!\w){re.escape(' '.join(word.split()))}(?!\w)", english, re.I) is not None
                where = "English"
            if not found:
                problems.append(
                    document.problem(
                        f"synonyms[{index}].finds[{position}]",
                        f"no {where} text has {word!r}: search would find nothing by it; write a word the texts use",
                    )
                )
        for position, word in enumerate(synonym.words):
            others = [other for other in owners[word.casefold()] if other != index]
            if others:
                problems.append(
                    document.problem(
                        f"synonyms[{index}].words[{position}]",
                        f"{word!r} is also a word of synonyms[{others[0]}]: a word belongs to one synonym; merge them",
                    )
                )
    return problems


def _check_aliases(document: LocatedDocument, glossary: Glossary) -> list[Problem]:
    # An alias stands for one term: search expands it to that term, so it cannot be shared, and it
    # cannot be a form search already finds (a term's own Chinese, English or variants).
    owners: dict[str, list[str]] = {}
    for term in glossary.terms:
        for alias in term.aliases:
            owners.setdefault(alias.casefold(), []).append(term.id)
    forms = {form.casefold(): term.id for term in glossary.terms for form in (term.zh, term.en, *term.variants)}
    problems = []
    for index, term in enumerate(glossary.terms):
        for position, alias in enumerate(term.aliases):
            path = f"terms[{index}].aliases[{position}]"
            others = [owner for owner in owners[alias.casefold()] if owner != term.id]
            if others:
                problems.append(
                    document.problem(
                        path,
                        f"the alias {alias!r} is also an alias of {', '.join(sorted(set(others)))}: "
                        "an alias belongs to one term; keep it on the term readers mean by it",
                    )
                )
            elif owners[alias.casefold()].count(term.id) > 1 and term.aliases.index(alias) != position:
                problems.append(document.problem(path, f"the alias {alias!r} is listed twice: remove one"))
            if alias.casefold() in forms:
                problems.append(
                    document.problem(
                        path,
                        f"{alias!r} is already the text of the term {forms[alias.casefold()]!r} (its zh, en or "
                        "variants): search finds it without an alias; remove the alias",
                    )
                )
    return problems
