"""Typical changes an editor makes to the data, valid and invalid, applied to a copy of the real data.

Valid changes are made the way CONTRIBUTING.md says (a round-trip edit keeps the file's layout), and
end as the editor's would: fingerprints recorded with `make accept ID=…` where the Chinese is new or
changed (and reviews not always recorded: a reviewer comes later). Targets are chosen by position and by
rule, never by name, so the corpus fits any valid data; the five changes of issue 25 name initiatives by
their number, which the article fixes.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import io
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.cli import main
from generator.errors import ordinal
from generator.models import STATUSES, Dataset, Glossary, Rendering
from generator.pipeline import load_and_validate
from generator.settled_renderings import place_in_pinyin
from generator.terminology import TermMatcher
from generator.translation import iter_record_texts
from generator.validate import Validated, china_today
from tests.support import edit_yaml

GLOSSARY = "glossary.yaml"
UPDATE_TEXT = {"zh": "本项工作有了新的进展。", "en": "This work has moved forward."}
NEW_THEME = {
    "id": "editors-added-theme",
    "label": {"zh": "协同推进", "en": "Moving forward together"},
    "description": {
        "zh": "两项工作相互配合、协同推进。",
        "en": "Two pieces of work that support each other and move forward together.",
    },
}
# Candidate glossary terms: (Chinese, English, pinyin, accepted variants). The first not yet in the
# glossary, and rendered by the English of every text that has it, is added.
NEW_TERMS = (
    ("工业互联网", "industrial internet", "gōng yè hù lián wǎng", ["industrial Internet platform"]),
    ("大数据", "big data", "dà shù jù", ["big-data"]),
    ("激励机制", "incentive mechanism", "jī lì jī zhì", ["incentive mechanisms"]),
)


def run_cli(*argv: str) -> tuple[int, str]:
    """Run the command line in process; its exit code and everything it printed."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue() + err.getvalue()


def accept(data: Path, *record_ids: str) -> None:
    """`make accept ID=…`: the editor has reviewed the English of these records."""
    for record_id in record_ids:
        code, output = run_cli("translations", "--accept", record_id, str(data))
        assert code == 0, output


REVIEWER = ("--by", "independent translation reviewer", "--method", "independent bilingual review against the article")


def review(data: Path, *review_ids: str) -> None:
    """`make review ID=… BY=… METHOD=…`: someone who did not write these records' English has checked it."""
    for review_id in review_ids:
        code, output = run_cli("translations", *REVIEWER, "--review", review_id, str(data))
        assert code == 0, output


def next_date(dataset: Dataset, days: int) -> str:
    """A date after every update and the article, and not in the future."""
    latest = max([dt.date.fromisoformat(u.date) for i in dataset.initiatives for u in i.updates])
    date = min(latest + dt.timedelta(days=days), dt.date.today())
    return date.isoformat()


@dataclass(frozen=True)
class Change:
    name: str
    apply: Callable[[Path, Validated], None]  # (data file, the data before the change)


def progress_update(index: int, status: str, with_url: bool) -> Change:
    def apply(data: Path, before: Validated) -> None:
        initiative = before.dataset.initiatives[index]
        date = next_date(before.dataset, index + 1)
        source: dict[str, object] = {"title": {"zh": "淄博日报", "en": "Zibo Daily"}, "date": date}
        if with_url:
            source["outlet"] = {"zh": "淄博日报社", "en": "Zibo Daily Press"}
            source["url"] = f"https://example.org/news/{initiative.id}"
        with edit_yaml(data) as document:
            record = document["initiatives"][index]
            record["updates"].append({"date": date, "status": status, "text": dict(UPDATE_TEXT), "source": source})
            record["status"] = status
        accept(data, initiative.id)
        review(data, initiative.id)

    url = "with" if with_url else "without"
    return Change(f"progress update to {status} (source {url} URL)", apply)


def untranslated_update(index: int) -> Change:
    def apply(data: Path, before: Validated) -> None:
        with edit_yaml(data) as document:
            document["initiatives"][index]["updates"].append(
                {"date": next_date(before.dataset, 1), "text": {"zh": "本项工作继续推进。"}, "source": "article"}
            )

    return Change("update whose English is not written yet", apply)


def english_rewording(index: int) -> Change:
    def apply(data: Path, before: Validated) -> None:
        with edit_yaml(data) as document:
            summary = document["initiatives"][index]["summary"]
            summary["en"] = "In brief: " + summary["en"][:1].lower() + summary["en"][1:]
        # An English-only edit needs no `make accept` (the fingerprint is of the Chinese, which did not
        # change), but its review no longer applies: the reviewer checks it again.
        review(data, before.dataset.initiatives[index].id)

    return Change("English rewording", apply)


def glossary_term() -> Change:
    def apply(data: Path, before: Validated) -> None:
        known = {term.zh for term in before.glossary.terms}
        texts = [text for i in before.dataset.initiatives for text in (i.title, i.summary, i.body, *i.measures)]
        zh, en, pinyin, variants = next(
            (zh, en, pinyin, variants)
            for zh, en, pinyin, variants in NEW_TERMS
            if zh not in known
            and any(zh in t.zh for t in texts)
            and all(any(r.casefold() in (t.en or "").casefold() for r in (en, *variants)) for t in texts if zh in t.zh)
        )
        with edit_yaml(data.parent / "glossary.yaml") as glossary:
            glossary["terms"].append(
                {
                    "id": re.sub(r"[^a-z]+", "-", en.lower()).strip("-"),
                    "zh": zh,
                    "en": en,
                    "pinyin": pinyin,
                    "variants": variants,
                    "explanation": {"zh": f"{zh}。", "en": f"The {en}."},
                    "basis": "definition",
                }
            )
        review(data, f"glossary:{re.sub(r'[^a-z]+', '-', en.lower()).strip('-')}")

    return Change("new glossary term with variants", apply)


def chinese_correction(index: int, position: int = 12) -> Change:
    def apply(data: Path, before: Validated) -> None:
        with edit_yaml(data) as document:
            body = document["initiatives"][index]["body"]
            new = "之" if body["zh"][position] != "之" else "其"
            body["zh"] = body["zh"][:position] + new + body["zh"][position + 1 :]
        # The check refuses it and shows the normalization to add; the editor copies it, as told.
        code, output = run_cli("check", str(data))
        assert code == 1, output
        suggestion = next(
            line for line in output.splitlines() if line.strip().startswith("- {field: body.zh, rule: replace")
        )
        with edit_yaml(data) as document:
            document["initiatives"][index].setdefault("normalizations", []).append(yaml.safe_load(suggestion)[0])
        accept(data, before.dataset.initiatives[index].id)
        review(data, before.dataset.initiatives[index].id)

    return Change("Chinese correction recorded as a replace normalization", apply)


# --- the five changes of a new volunteer editor (issue 25), as CONTRIBUTING.md tells them ------------

DIGITAL_GOVERNMENT = {
    "id": "digital-government",
    "label": {"zh": "数字政府", "en": "Digital government"},
    "description": {"zh": "用数字化手段改进政府的工作方式。", "en": "Improving how government works by digital means."},
}
BIG_DATA = {
    "id": "big-data",
    "zh": "大数据",
    "en": "big data",
    "pinyin": "dà shù jù",
    "explanation": {
        "zh": "规模巨大、需要新的处理方式才能利用的数据。",
        "en": "Data so large that new ways of processing are needed to use it.",
    },
    "source": {
        "title": {"zh": "大数据", "en": "Big data"},
        "outlet": {"zh": "示例百科", "en": "Example Encyclopedia"},
        "date": "2020-01-15",
        "url": "https://example.org/encyclopedia/big-data",
    },
}
# An English-only rewording keeps every word the check asks for: the first of these that applies.
REWORDINGS = (("Holding to", "Keeping to"), ("establish", "set up"), ("build", "create"))


def index_of_number(dataset: Dataset, number: int) -> int:
    return next(index for index, initiative in enumerate(dataset.initiatives) if initiative.number == number)


def status_with_a_new_source(
    number: int, status: str, date: str, source: dict[str, object], text: dict[str, str]
) -> Change:
    """An update that changes the status, with its source, a `changes:` entry and `make accept`."""

    def apply(data: Path, before: Validated) -> None:
        index = index_of_number(before.dataset, number)
        initiative = before.dataset.initiatives[index]
        day = max(date, initiative.updates[-1].date)  # never before an update the data already has
        with edit_yaml(data) as document:
            record = document["initiatives"][index]
            record["updates"].append({"date": day, "status": status, "text": dict(text), "source": source})
            record["status"] = status
            document["site"]["changes"].append(
                {
                    "date": china_today().isoformat(),
                    "text": {"zh": f"记录第{number}项的进展。", "en": f"Progress recorded for initiative {number}."},
                }
            )
        accept(data, initiative.id)

    return Change(f"initiative {number} recorded as {status}", apply)


def english_sentence_reworded(number: int) -> Change:
    """One sentence of the English body reworded, nothing else: no `make accept`, no review."""

    def apply(data: Path, before: Validated) -> None:
        index = index_of_number(before.dataset, number)
        english = before.dataset.initiatives[index].body.en or ""
        old, new = next(((old, new) for old, new in REWORDINGS if old in english), ("", "In short: "))
        with edit_yaml(data) as document:
            body = document["initiatives"][index]["body"]
            body["en"] = body["en"].replace(old, new, 1) if old else new + body["en"]

    return Change(f"one sentence of initiative {number}'s English reworded", apply)


def put(entries: list[Any], entry: dict[str, Any], *keys: str) -> None:
    """``entry`` in place of the one that shares one of ``keys`` with it, else at the end: the data may have
    the record already (an earlier pull request made the same change)."""
    same = next((index for index, old in enumerate(entries) if any(old.get(key) == entry[key] for key in keys)), None)
    if same is None:
        entries.append(copy.deepcopy(entry))
    else:
        entries[same] = copy.deepcopy(entry)


def theme_on_two_initiatives(theme: dict[str, Any], *, reviewed: bool = False) -> Change:
    """A new theme joining the first and the last initiative that have room for it, then `make accept`
    (and `make review`, when ``reviewed``)."""

    def apply(data: Path, before: Validated) -> None:
        room = [
            index
            for index, initiative in enumerate(before.dataset.initiatives)
            if len(initiative.themes) < 4 and theme["id"] not in initiative.themes
        ]
        with edit_yaml(data) as document:
            put(document["themes"], theme, "id")
            for index in (room[0], room[-1]):
                document["initiatives"][index]["themes"].append(theme["id"])
        accept(data, theme["id"])
        if reviewed:
            review(data, theme["id"])

    return Change(f"new theme {theme['id']} joining two initiatives", apply)


def sourced_glossary_term(term: dict[str, Any]) -> Change:
    """A glossary term whose explanation cites a `source:` (the form CONTRIBUTING.md documents)."""

    def apply(data: Path, before: Validated) -> None:
        with edit_yaml(data.parent / GLOSSARY) as glossary:
            put(glossary["terms"], term, "id", "zh")

    return Change(f"glossary term {term['id']} with a cited source", apply)


def volunteer_changes() -> list[Change]:
    """The five everyday changes of issue 25, each accepted by `make check`. The article fixes the
    numbers 1 to 15, so these may name them."""
    return [
        status_with_a_new_source(
            12,
            "completed",
            "2023-06-30",
            {
                "title": {"zh": "淄博日报", "en": "Zibo Daily"},
                "outlet": {"zh": "淄博日报社", "en": "Zibo Daily Press"},
                "date": "2023-06-30",
                "url": "https://example.org/news/2023-06-30",
            },
            {"zh": "本项工作已经完成。", "en": "This work has been completed."},
        ),
        status_with_a_new_source(
            3,
            "stalled",
            "2022-01-15",
            {"title": {"zh": "淄博日报", "en": "Zibo Daily"}},
            {"zh": "本项工作暂停推进。", "en": "This work has stalled."},
        ),
        english_sentence_reworded(8),
        theme_on_two_initiatives(DIGITAL_GOVERNMENT),
        sourced_glossary_term(BIG_DATA),
    ]


def valid_changes(dataset: Dataset) -> list[Change]:
    """The five changes of issue 25, then one of each typical change, each typical one on an initiative of its
    own, so that they can all be applied together, in this order."""
    count = len(dataset.initiatives)
    changes = volunteer_changes()
    changes += [progress_update(i % count, status, i % 2 == 0) for i, status in enumerate(STATUSES)]
    rest = list(range(len(STATUSES), count)) or [0]
    changes += [
        english_rewording(rest[0]),
        chinese_correction(rest[1 % len(rest)]),
        glossary_term(),
        untranslated_update(rest[2 % len(rest)]),
        theme_on_two_initiatives(NEW_THEME, reviewed=True),
    ]
    return changes


def apply_changes(data: Path, changes: list[Change]) -> None:
    for change in changes:
        change.apply(data, load_and_validate(data))


# --- typical mistakes: each must fail `make check` with a message located where the mistake is -------


@dataclass(frozen=True)
class Mistake:
    name: str
    old: str  # a line of the real data file (found by the function below) and what the editor made of it
    new: str
    message: str  # part of the first error message
    file: str = "initiatives.yaml"  # the file of data/ the mistake is made in
    at: str | None = None  # the line of the changed file the message points at, when not the changed line


def _keeps_every_other_rule(glossary: Glossary, zh: str, en: str, skip: Rendering | None) -> bool:
    """Whether ``en`` still says every glossary term and every other settled rendering of ``zh``: the
    mistake then breaks one rule only, so the first message is that rule's."""
    english = en.casefold()
    return not TermMatcher(glossary).missing_renderings(zh, en) and all(
        any(r.casefold() in english for r in (rule.en, *rule.variants))
        and not any(avoided.en.casefold() in english for avoided in rule.avoid)
        for rule in glossary.renderings
        if rule is not skip and rule.zh in zh
    )


def rendering_mistakes(text: str, dataset: Dataset, glossary: Glossary) -> list[Mistake]:
    """A settled rendering replaced by a rejected one, and one left out, on a line of the file that holds
    a whole English text."""
    lines = text.splitlines()
    candidates = [
        (rule, text_, line)
        for rule in glossary.renderings
        for *_, text_, _ in iter_record_texts(dataset)
        if rule.zh in text_.zh and text_.en and rule.en in text_.en
        for line in lines
        if "en: " in line and text_.en in line and line.count(rule.en) == 1
    ]
    rejected = next(
        (rule, text_, line)
        for rule, text_, line in candidates
        if rule.avoid and _keeps_every_other_rule(glossary, text_.zh, text_.en.replace(rule.en, rule.avoid[0].en), rule)
    )
    left_out = next(
        (rule, text_, line)
        for rule, text_, line in candidates
        if _keeps_every_other_rule(glossary, text_.zh, text_.en.replace(rule.en, "it"), rule)
    )
    return [
        Mistake(
            "a rendering the reviewers rejected",
            rejected[2],
            rejected[2].replace(rejected[0].en, rejected[0].avoid[0].en),
            f"a rendering of {rejected[0].zh!r} the translation reviewers rejected",
        ),
        Mistake(
            "a settled rendering left out",
            left_out[2],
            left_out[2].replace(left_out[0].en, "it"),
            "whose English the translation reviewers settled",
        ),
    ]


def hedge_mistake(text: str, dataset: Dataset, glossary: Glossary, glossary_text: str) -> Mistake:
    """A hedge's rendering dropped from a line of the file that holds a whole English text whose Chinese has that
    one hedge, said as many times as the English says its renderings; its exact message."""
    lines = text.splitlines()
    hedge, text_, line, rendering = next(
        (hedge, text_, line, rendering)
        for hedge in glossary.hedges
        for *_, text_, _ in iter_record_texts(dataset)
        if text_.en
        and hedge.zh in text_.zh
        and not any(h.zh in text_.zh for h in glossary.hedges if h != hedge)
        and not any(word in text_.zh for word in hedge.except_)
        for rendering in hedge.en
        if _says(text_.en, hedge.en) == text_.zh.count(hedge.zh)
        and len(re.findall(rf"(?<!\w){re.escape(rendering)}(?!\w)", text_.en, re.IGNORECASE)) == 1
        and _says(_dropped(text_.en, rendering), hedge.en) == text_.zh.count(hedge.zh) - 1
        and _keeps_every_other_rule(glossary, text_.zh, _dropped(text_.en, rendering), None)
        for line in lines
        if line.strip() == f"en: {text_.en}" and lines.count(line) == 1
    )
    index = glossary.hedges.index(hedge)
    hedge_line = glossary_text.splitlines().index(f"  - zh: {hedge.zh}") + 1
    count = text_.zh.count(hedge.zh)
    times = {1: "once", 2: "twice"}
    return Mistake(
        "a dropped hedge",
        line,
        line.replace(f"en: {text_.en}", f"en: {_dropped(text_.en, rendering)}"),
        f"the Chinese hedges with {hedge.zh!r} {times.get(count, f'{count} times')}, but the English says an accepted "
        f"rendering of it {times.get(count - 1, f'{count - 1} times')} ({', '.join(map(repr, hedge.en))}; whole "
        "words, any letter case): keep every hedge in the English. If your wording is a legitimate rendering of the "
        f"hedge, add it to the hedge's `en` list in data/glossary.yaml (data/glossary.yaml:{hedge_line}, the "
        f"{ordinal(index + 1)} hedge)",
    )


def _says(english: str, renderings: list[str]) -> int:
    alternatives = "|".join(re.escape(r) for r in sorted(renderings, key=len, reverse=True))
    return len(re.findall(rf"(?<!\w)(?:{alternatives})(?!\w)", english, re.IGNORECASE))


def _dropped(english: str, rendering: str) -> str:
    """The English without ``rendering`` (and the space after it), its first letter a capital as before."""
    dropped = re.sub(rf"(?<!\w){re.escape(rendering)}(?!\w) ?", "", english, count=1, flags=re.IGNORECASE)
    return dropped[:1].upper() + dropped[1:] if english[:1].isupper() else dropped


def glossary_mistakes(text: str, glossary: Glossary) -> list[Mistake]:
    """A place not written in pinyin, a pinyin without its spaces, a contradicted reading and an unsourced
    fact, on lines of the real glossary."""
    lines = text.splitlines()
    place = next(
        line
        for term in glossary.terms
        if term.kind == "place" and term.pinyin and term.en == place_in_pinyin(term.pinyin)
        for line in lines
        if line == f"    en: {term.en}" and lines.count(line) == 1
    )
    pinyin = next(line for line in lines if re.fullmatch(r'    pinyin: "\S+ \S+"', line) and lines.count(line) == 1)
    reading, term = next(
        (reading, term)
        for reading in glossary.readings
        for term in glossary.terms
        if reading.zh in term.zh
        and term.pinyin
        and reading.pinyin in term.pinyin
        and lines.count(f'    pinyin: "{term.pinyin}"') == 1
    )
    toneless = "".join(c for c in unicodedata.normalize("NFD", reading.pinyin) if not unicodedata.combining(c))
    reading_line = f'    pinyin: "{term.pinyin}"'
    unsourced, explanation = next(
        (term.needs_source[0], line)
        for term in glossary.terms
        if term.needs_source and term.source is None
        for line in lines
        if line.startswith("    explanation: {") and f'en: "{term.explanation.en}"}}' in line.replace('\\"', '"')
    )
    basis = next(line for line in lines if re.fullmatch(r"    basis: [a-z]+", line))
    return [
        Mistake(
            "a glossary source whose publisher is written as 'publisher' (a field of its old shape)",
            basis,
            f"    source: {OLD_SHAPE_SOURCE}",
            OLD_SHAPE_MESSAGE,
            GLOSSARY,
        ),
        Mistake(
            "a fact the reviewers found needs a source, back in an unsourced explanation",
            explanation,
            explanation[: -len('"}')] + f' ({unsourced})"}}',
            f"the explanation says {unsourced!r}, which the translation reviewers found states a fact",
            GLOSSARY,
        ),
        Mistake(
            "a checked reading contradicted",
            reading_line,
            reading_line.replace(reading.pinyin, toneless, 1),
            "whose reading an editor checked",
            GLOSSARY,
        ),
        Mistake("a place not written in pinyin", place, place + " City", "a place name is written in pinyin", GLOSSARY),
        Mistake(
            "pinyin syllables run together",
            pinyin,
            pinyin[:12] + pinyin[12:].replace(" ", ""),
            "write one syllable per character",
            GLOSSARY,
        ),
    ]


# Addresses that lead elsewhere than they seem to, or nowhere, and what `make check` says of each.
BAD_ADDRESSES = (
    (
        "an address with a user name before '@'",
        "https://www.gov.cn@evil.example/",
        "this address has a user name or password before '@' (https://…@evil.example): a reader's browser goes to "
        "evil.example, whatever stands before '@'; write the address without the part before '@' (and never publish "
        "a password)",
    ),
    (
        "an address with a password",
        "https://user:secret-token@example.org/",
        "this address has a user name or password before '@' (https://…@example.org): a reader's browser goes to "
        "example.org, whatever stands before '@'; write the address without the part before '@' (and never publish "
        "a password)",
    ),
    (
        "an address with an invisible character in its host",
        "https://exa\u200bmple.com/",
        "this address has an invisible or space character (U+200B) in it, which readers cannot see and which makes "
        "it another address: type the address again by hand, without spaces",
    ),
    (
        "an address with a port out of range",
        "https://example.com:99999/",
        "'https://example.com:99999/' has the port ':99999', which no server can have (a port is a number from 1 to "
        "65535): correct the number after ':', or remove ':99999' for the usual port",
    ),
    *(
        (
            f"an address with a password that has a '{sign}' in it",
            f"https://user:secret{sign}token@example.org/",
            "the part after the host's ':' is not a port number from 1 to 65535: if the address holds a user name and password (user:password@…), write it without them and without the '@' (they never belong in an address); else write the port's number after ':', or remove the ':' for the usual port",
        )
        for sign in "/#?"
    ),
    (
        "an address with a password and a scheme in capitals",
        "HTTPS://user:secret-token@example.org/",
        "this address begins with 'HTTPS://': write https:// or http:// in small letters",
    ),
    (
        "an address with a scheme in capitals",
        "Https://www.gov.cn/",
        "this address begins with 'Https://': write https:// or http:// in small letters",
    ),
    (
        "an address with a Hangul filler in its host",
        "https://exa\u3164mple.com/",
        "this address has an invisible or space character (U+3164) in it, which readers cannot see and which makes "
        "it another address: type the address again by hand, without spaces",
    ),
    (
        "an address whose host is dots",
        "https://.../",
        "the host of 'https://.../' is not a host name: a host name is words of letters, digits and hyphens joined "
        "by single dots (e.g. www.gov.cn or 例子.中国), or an IPv6 address in brackets (e.g. [2001:db8::1])",
    ),
    (
        "an address with a '%' in its host",
        "https://www.gov.cn%40evil.example/",
        "the host of 'https://www.gov.cn%40evil.example/' is not a host name: a host name is words of letters, "
        "digits and hyphens joined by single dots (e.g. www.gov.cn or 例子.中国), or an IPv6 address in brackets "
        "(e.g. [2001:db8::1])",
    ),
    (
        "an address with a backslash",
        "https://evil.example\\www.gov.cn/",
        "a backslash (\\) in this address is read as '/' by browsers (https://evil.example\\www.gov.cn/ leads to "
        "evil.example): write '/' in its place, or %5C where the address really has a backslash",
    ),
)


ARTICLE_PATH_HINT = (
    "the archived article belongs in data/sources/; write its path from the project folder, e.g. "
    "data/sources/zibo-15-reforms-2020-04-20.zh.txt"
)


def copy_mistakes(text: str) -> list[Mistake]:
    """The `copy:` line of the article's record deleted, contradicted, or pointed out of the project (at a file
    of the system, at the standard input, at an endless device): none may be read, nor the check switched off."""
    copy_line = next((line for line in text.splitlines() if re.fullmatch(r"  copy: \S.*", line)), None)
    if copy_line is None:  # a dataset without an archived article (`verbatim: false`)
        return []
    absolute = [
        Mistake(
            f"the article copy pointed at {path}",
            copy_line,
            f"  copy: {path}",
            f"the article copy {path!r} is an absolute path: {ARTICLE_PATH_HINT}",
        )
        for path in ("/dev/stdin", "/dev/zero", "/etc/passwd")
    ]
    outside = "../../../../../../../../etc/passwd"
    return [
        Mistake(
            "the copy: line deleted",
            copy_line,
            "",
            "the article's record ('source:') has no 'copy:', so the Chinese texts would not be checked against the "
            "archived article: restore the 'copy:' line that names it (e.g. "
            "'copy: data/sources/zibo-15-reforms-2020-04-20.zh.txt'); only for a dataset that has no archived "
            "article, write 'verbatim: false' under 'source:' instead",
            at="source:",
        ),
        Mistake(
            "'verbatim: false' beside the copy: line",
            copy_line,
            copy_line + "\n  verbatim: false",
            "'verbatim: false' says this dataset has no archived article, but 'copy:' names one: remove "
            "'verbatim: false', so that the Chinese is checked against the article (or, if the file 'copy:' names is "
            "not the article, remove the 'copy:' line)",
            at="  verbatim: false",
        ),
        Mistake(
            "the article copy pointed out of the project",
            copy_line,
            f"  copy: {outside}",
            f"the article copy {outside!r} is outside the project folder: {ARTICLE_PATH_HINT}, and keep the file "
            "itself there",
        ),
        *absolute,
    ]


# A source with the field a glossary source had before every source had one shape: the same message wherever.
OLD_SHAPE_SOURCE = "{title: {zh: 年鉴, en: A yearbook}, publisher: {zh: 出版社, en: A press}}"
OLD_SHAPE_MESSAGE = "unknown field 'publisher' (did you mean 'outlet'?); allowed here: title, outlet, date, url"


def address_mistakes(source_line: str) -> list[Mistake]:
    """An update's source given each of the addresses above, on a line where the source is `article`."""
    return [
        Mistake(
            name,
            source_line,
            source_line.replace(
                "article",
                f"{{title: {{zh: 淄博日报, en: Zibo Daily}}, url: {json.dumps(address, ensure_ascii=False)}}}",
            ),
            message,
        )
        for name, address, message in BAD_ADDRESSES
    ]


def typical_mistakes(text: str, dataset: Dataset, glossary: Glossary, glossary_text: str = "") -> list[Mistake]:
    """Mistakes made on lines of the real files, found by rule (so they fit any valid data)."""
    first = dataset.initiatives[0]
    theme_line = next(line for line in text.splitlines() if line.strip().startswith("themes: ["))
    theme = theme_line.split("[", 1)[1].split(",")[0].split("]")[0].strip()
    body_line = next(line for line in text.splitlines() if line.strip() == f"zh: {first.body.zh}")
    # An update's date: the first dated entry under `initiatives:` (the site's changelog comes before it).
    after_initiatives = text.split("\ninitiatives:\n", 1)[1]
    date_line = next(
        line for line in after_initiatives.splitlines() if re.fullmatch(r'\s+- date: "\d{4}-\d{2}-\d{2}"', line)
    )
    status_line = next(line for line in text.splitlines() if re.fullmatch(r"\s+status: [a-z-]+", line))
    update_status_line = next(
        line
        for line in text.splitlines()
        if re.fullmatch(r"\s+(?:- )?status: [a-z-]+", line) and len(line) - len(line.lstrip()) > status_line.index("s")
    )
    number_line = next(line for line in text.splitlines() if re.fullmatch(r"\s+number: \d+", line))
    other_status = next(s for s in STATUSES if s != status_line.split(":")[1].strip())
    lines = set(text.splitlines())
    matcher = TermMatcher(glossary)
    term, term_line = next(
        (term, line)
        for *_, text_, _ in iter_record_texts(dataset)
        for _, term in matcher.find(text_.zh)
        if text_.en
        and sum(text_.en.casefold().count(r.casefold()) for r in (term.en, *term.variants)) == 1
        and term.en in text_.en
        for line in lines
        if line.strip() == f"en: {text_.en}"
    )
    source_line = next(line for line in text.splitlines() if re.fullmatch(r"\s+source: article", line))
    five_themes = ", ".join([*(t.id for t in dataset.themes[:4]), theme])
    unvaried = next(
        (
            (term, line)
            for *_, text_, _ in iter_record_texts(dataset)
            for _, term in matcher.find(text_.zh)
            if text_.en and not term.variants and text_.en.casefold().count(term.en.casefold()) == 1
            for line in lines
            if line.strip() == f"en: {text_.en}" and term.en in line
        ),
        None,
    )
    return [
        Mistake(
            "a source written as a bare web address",
            source_line,
            source_line.replace("article", "https://example.org/news"),
            "allowed: `article` (the 2020 article), or a mapping `{title: {zh: …, en: …}",
        ),
        Mistake(
            "a source mapping without its title",
            source_line,
            source_line.replace("article", "{url: https://example.org/news}"),
            "required field 'title' is missing: write it as `title: {zh: …, en: …}`",
        ),
        *address_mistakes(source_line),
        *copy_mistakes(text),
        Mistake(
            "an update's source whose outlet is written as 'publisher'",
            source_line,
            source_line.replace("article", OLD_SHAPE_SOURCE),
            OLD_SHAPE_MESSAGE,
        ),
        Mistake(
            "a fifth theme",
            theme_line,
            re.sub(r"\[.*\]", f"[{five_themes}]", theme_line),
            "); an initiative has at most 4: remove one, or choose other initiatives",
        ),
        Mistake(
            "a theme that does not exist",
            theme_line,
            theme_line.replace(theme, "zzz-qqq-xxx", 1),
            f"unknown theme 'zzz-qqq-xxx'; the themes are {dataset.themes[0].id}, ",
        ),
        *(
            [
                Mistake(
                    "a misspelt glossary term without variants",
                    unvaried[1],
                    unvaried[1].replace(unvaried[0].en, unvaried[0].en[:-2] + unvaried[0].en[-1:], 1),
                    f"the English must say {unvaried[0].en!r} (check the spelling first",
                )
            ]
            if unvaried
            else []
        ),
        Mistake(
            "Chinese changed without a normalization",
            body_line,
            body_line.replace(first.body.zh[3], "之" if first.body.zh[3] != "之" else "其", 1),
            "the Chinese differs from the article",
        ),
        Mistake(
            "a line indented with a tab",
            body_line,
            "\t" + body_line.lstrip(),
            f"initiative {first.number} ({first.id}): a tab character here: YAML indentation must use spaces, not "
            "tabs; indent with spaces, like the line above",
        ),
        Mistake("mistyped theme", theme_line, theme_line.replace(theme, theme[:-1], 1), "unknown theme"),
        Mistake(
            "a list written as a bare word",
            theme_line,
            re.sub(r"\[.*\]", theme, theme_line),
            f"write [{theme}]",
        ),
        Mistake(
            "update dated in the future",
            date_line,
            date_line.replace(date_line.strip()[9:19], f"{dt.date.today().year + 1}-01-01"),
            "is in the future",
        ),
        Mistake("unknown status", status_line, status_line + "s", "unknown status"),
        Mistake(
            "a word for a status that is not one",
            status_line,
            re.sub(r"[a-z-]+$", "done", status_line),
            "unknown status 'done' (did you mean 'completed'?)",
        ),
        Mistake(
            "an update's status written as a word that is not one",
            update_status_line,
            re.sub(r"[a-z-]+$", "finished", update_status_line),
            "unknown status 'finished' (did you mean 'completed'?)",
        ),
        Mistake(
            "status changed without an update that says so",
            status_line,
            status_line.replace(status_line.split(":")[1].strip(), other_status),
            "make them agree",
        ),
        Mistake(
            "glossary term reworded away in the English",
            term_line,
            term_line.replace(term.en, "thing"),
            f"the English must say {term.en!r}",
        ),
        Mistake("date without quotes in the wrong form", date_line, date_line.replace("-0", "-", 1), "is not a date"),
        Mistake(
            "unclosed quotation mark",
            date_line,
            date_line[:-1],
            "this quotation mark is never closed",
        ),
        Mistake(
            "a key hidden behind a line separator pasted into a comment",
            date_line,
            date_line + '  # check the news\u2028      checked: "2026-11-30"',
            "an invisible LINE SEPARATOR (U+2028) character here",
        ),
        Mistake(
            "a paragraph separator pasted into a text",
            term_line,
            term_line.replace(term.en, term.en + "\u2029", 1),
            "an invisible PARAGRAPH SEPARATOR (U+2029) character here",
        ),
        Mistake(
            "a number of 5,000 digits",
            number_line,
            re.sub(r"\d+$", "1" * 5000, number_line),
            "a number of 5,000 digits",
        ),
        Mistake(
            "a next-line character (U+0085) pasted into a comment",
            date_line,
            date_line + "  # from the PDF\x85",
            "an invisible NEXT LINE (U+0085) character here",
        ),
        Mistake(
            "stray brackets pasted in front of a text",
            term_line,
            term_line.replace("en: ", "en: " + "[" * 2500, 1),
            "levels deep",
        ),
        *rendering_mistakes(text, dataset, glossary),
        *(glossary_mistakes(glossary_text, glossary) if glossary_text else []),
        *([hedge_mistake(text, dataset, glossary, glossary_text)] if glossary_text and glossary.hedges else []),
    ]
