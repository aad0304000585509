"""Command line: ``python -m generator check|generate|schema``."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel

from .errors import DataError, describe_path, did_you_mean, display_path
from .languages import LANGUAGES
from .loader import child_path, load_file
from .models import Dataset, Glossary, json_schema
from .pipeline import generate_languages, load_and_validate
from .project import DATA_FILE, glossary_beside
from .record_edits import accept_translations, record_reviews_in_file
from .translation import (
    GLOSSARY_RECORD,
    REVIEW_ORDER,
    SOURCE_RECORD,
    STATE_ORDER,
    ReviewedItem,
    TranslatedField,
    review_report,
    translation_report,
)
from .validate import Validated, china_today

SCHEMAS: dict[Path, tuple[type[BaseModel], str]] = {
    Path("schema/initiatives.schema.json"): (Dataset, "initiatives.schema.json"),
    Path("schema/glossary.schema.json"): (Glossary, "glossary.schema.json"),
}
DEFAULT_SITE_URL = "/"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser(
        "check", help="validate the data; print every problem as FILE:LINE:COLUMN: PATH: message"
    )
    check.add_argument("path", nargs="?", type=Path, default=DATA_FILE, help="data file (default: %(default)s)")
    check.add_argument("--glossary", type=Path, help="glossary file (default: glossary.yaml next to the data file)")
    check.add_argument("--strict-translations", action="store_true", help="treat stale translations as errors")

    gen = commands.add_parser("generate", help="write the Markdown sources of one or both languages")
    gen.add_argument("--data", type=Path, default=DATA_FILE)
    gen.add_argument("--docs", type=Path, default=Path("docs"), help="folder holding one folder per language")
    gen.add_argument("--language", choices=[*LANGUAGES, "all"], default="all")
    gen.add_argument("--site-url", default=DEFAULT_SITE_URL, help="published address, for the open-data links")

    translations = commands.add_parser(
        "translations", help="list missing, stale and current translations; record updated and reviewed ones"
    )
    translations.add_argument("path", nargs="?", type=Path, default=DATA_FILE)
    translations.add_argument(
        "--all",
        action="store_true",
        help="list current (or reviewed) translations too; with --review, record a review of every text of the "
        "record, not only those changed since their last review",
    )
    accept = translations.add_mutually_exclusive_group()
    accept.add_argument(
        "--accept",
        action="append",
        metavar="ID",
        help="record that the English of this initiative or theme ('source' for the article) was brought up to "
        "date with the current Chinese (freshness only; a quality review is --review); repeat for several",
    )
    accept.add_argument("--accept-all", action="store_true", help="the same, for every translated text")
    accept.add_argument(
        "--reviews",
        action="store_true",
        help="list texts and glossary terms whose quality review is missing or out of date",
    )
    accept.add_argument(
        "--review",
        action="append",
        metavar="ID",
        help="record a quality review of the texts of this initiative or theme ('source' for the article, "
        "'glossary' for every glossary term, 'glossary:TERM' for one) that are not reviewed or changed since their "
        "last review; repeat for several",
    )
    translations.add_argument(
        "--by", help="with --review: who reviewed the English, a role or a name (never the text's author)"
    )
    translations.add_argument(
        "--method", help="with --review: how, e.g. 'independent bilingual review against the article'"
    )
    translations.add_argument("--on", help="with --review: the date of the review, YYYY-MM-DD (default: today)")
    translations.add_argument(
        "--field",
        action="append",
        help="with --review: only this text of the record (e.g. summary, body, measures[0], short); repeat for several",
    )

    schema = commands.add_parser("schema", help="write the JSON Schemas that editors' tools use")
    schema.add_argument("--check", action="store_true", help="exit 1 if a schema file is out of date")
    schema.add_argument(
        "--validate",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="validate data files against the schema named on their first line, as editors' tools do",
    )

    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            return _check(args.path, args.glossary, args.strict_translations)
        if args.command == "generate":
            return _generate(args.data, args.docs, args.language, args.site_url)
        if args.command == "translations":
            if args.review or args.reviews:
                return _reviews(args.path, args.review, args.by, args.method, args.on, args.all, args.field)
            return _translations(args.path, args.accept, args.accept_all, args.all)
        if args.validate:
            return _validate_with_schema(args.validate)
        return _schema(args.check)
    except DataError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"{len(error.problems)} error(s) found.", file=sys.stderr)
        return 1
    except MemoryError:
        print(
            "out of memory while reading the data: the file is too large or too deeply nested for this machine",
            file=sys.stderr,
        )
        return 1


def _check(path: Path, glossary: Path | None, strict: bool) -> int:
    validated = load_and_validate(path, glossary, strict_translations=strict)
    for warning in validated.warnings:
        print(warning, file=sys.stderr)
    dataset = validated.dataset
    print(
        f"{path}: OK: {len(dataset.initiatives)} initiatives, {len(dataset.themes)} themes, "
        f"{len(validated.glossary.terms)} glossary terms"
        + (f", {len(validated.warnings)} warning(s)" if validated.warnings else "")
    )
    return 0


def _generate(data: Path, docs: Path, language: str, site_url: str) -> int:
    keys = LANGUAGES if language == "all" else [language]
    generated = generate_languages({LANGUAGES[key]: docs / key for key in keys}, site_url, data)
    for key in keys:
        report = generated.reports[LANGUAGES[key]]
        print(
            f"{docs / key}: {len(report.written)} written, {len(report.removed)} removed, {report.unchanged} unchanged"
        )
    return 0


def _translations(path: Path, accept: list[str] | None, accept_all: bool, show_all: bool) -> int:
    dataset = load_and_validate(path).dataset
    if accept or accept_all:
        return _accept(path, dataset, None if accept_all else set(accept or ()))
    items = translation_report(dataset)
    _print_states([item for item in items if show_all or item.state != "current"], "STATE")
    counts = Counter(item.state for item in items)
    print(", ".join(f"{counts[state]} {state.replace('-', ' ')}" for state in STATE_ORDER))
    return 0


def _accept(path: Path, dataset: Dataset, record_ids: set[str] | None) -> int:
    """Record the fingerprints of ``record_ids`` (None: of every translated text); 2 for an unknown id."""
    known = {SOURCE_RECORD} | {i.id for i in dataset.initiatives} | {t.id for t in dataset.themes}
    unknown = sorted((record_ids or set()) - known)
    for record_id in unknown:
        print(
            f"unknown id '{record_id}'{did_you_mean(record_id, sorted(known))}: give the id of an initiative or "
            f"theme in {path}, or '{SOURCE_RECORD}' for the article",
            file=sys.stderr,
        )
    if unknown:
        return 2
    changed = accept_translations(path, record_ids)
    data = dataset.model_dump(by_alias=True)
    for data_path in changed:
        where = describe_path(data, data_path)
        print(f"{path}: {where + ' — ' if where else ''}{data_path}: fingerprint recorded")
    print(f"{len(changed)} fingerprint(s) recorded." if changed else "Nothing to record: all fingerprints are current.")
    return 0


def _print_states(rows: Sequence[TranslatedField | ReviewedItem], heading: str) -> None:
    """One line per text: its record, its field and its state, in aligned columns."""
    width = max([len(f"{item.kind} {item.record_id}") for item in rows] + [6])
    print(f"{'RECORD':<{width}}  {'FIELD':<28}  {heading}")
    for item in rows:
        print(f"{item.kind + ' ' + item.record_id:<{width}}  {item.field:<28}  {item.state}")


def _reviews(
    path: Path,
    review: list[str] | None,
    by: str | None,
    method: str | None,
    on: str | None,
    show_all: bool,
    fields: list[str] | None = None,
) -> int:
    if review and not (by and by.strip() and method and method.strip()):
        print(
            "say who reviewed the English (--by, a role or a name: never the text's author) and how (--method, e.g. "
            "'independent bilingual review against the article'); nothing was recorded",
            file=sys.stderr,
        )
        return 2
    validated = load_and_validate(path)
    items = review_report(validated.dataset, validated.glossary)
    if review and by and method:
        chosen = [i for i in items if not fields or i.kind == GLOSSARY_RECORD or i.field in fields]
        if fields and not {i.field for i in chosen} >= set(fields):
            missing = sorted(set(fields) - {i.field for i in chosen})
            print(f"--field: no text {missing} in these records; nothing was recorded", file=sys.stderr)
            return 2
        return _record_reviews(path, validated, chosen, set(review), (by, method, on), show_all)
    _print_states([item for item in items if show_all or item.state != "reviewed"], "REVIEW")
    counts = Counter(item.state for item in items)
    print(", ".join(f"{counts[state]} {state.replace('-', ' ')}" for state in REVIEW_ORDER))
    return 0


def _record_reviews(
    path: Path,
    validated: Validated,
    items: list[ReviewedItem],
    wanted: set[str],
    review: tuple[str, str, str | None],
    every: bool,
) -> int:
    """Record a review of the ``wanted`` records: by whom, how and on what day (today); only of the texts not
    reviewed or changed since their review, unless ``every``. 2 for a bad date or id."""
    dataset, glossary = validated.dataset, validated.glossary
    by, method, on = review
    glossary_path = glossary_beside(path)
    date = on or china_today().isoformat()  # as every date of the data: the day in China
    try:
        if dt.date.fromisoformat(date) > china_today():
            raise ValueError
    except ValueError:
        print(f"--on {date}: give the date of the review, YYYY-MM-DD, not in the future", file=sys.stderr)
        return 2
    known = {SOURCE_RECORD, GLOSSARY_RECORD} | {i.id for i in dataset.initiatives} | {t.id for t in dataset.themes}
    known |= {f"{GLOSSARY_RECORD}:{term.id}" for term in glossary.terms}
    unknown = sorted(wanted - known)
    if unknown:
        print(f"unknown id(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    chosen = [i for i in items if i.record_id in wanted or f"{i.kind}:{i.field}" in wanted]
    data_items = [i for i in chosen if i.kind != GLOSSARY_RECORD]
    term_items = [i for i in chosen if i.kind == GLOSSARY_RECORD]
    written = [(path, p) for p in record_reviews_in_file(path, data_items, by, method, date, every)]
    written += [(glossary_path, p) for p in record_reviews_in_file(glossary_path, term_items, by, method, date, every)]
    raw = {path: dataset.model_dump(by_alias=True), glossary_path: glossary.model_dump(by_alias=True)}
    for file, data_path in written:
        where = describe_path(raw[file], data_path)
        print(f"{file}: {where + ' — ' if where else ''}{data_path}: review recorded ({by}, {method}, {date})")
    print(
        f"{len(written)} review(s) recorded."
        if written
        else "Nothing to record: these reviews are current (ALL=1, or --all, records every text again)."
    )
    return 0


def _validate_with_schema(paths: list[Path]) -> int:
    """What an editor's YAML extension reports: the file (read as YAML 1.2) against its JSON Schema."""
    from jsonschema import Draft202012Validator

    problems = []
    for path in paths:
        document = load_file(path, display_path(path))
        first_line = document.text.split("\n", 1)[0]
        if "$schema=" not in first_line:
            problems.append(
                document.problem(
                    "",
                    "the first line must name the schema: # yaml-language-server: $schema=../schema/NAME.schema.json",
                )
            )
            continue
        schema_path = (path.parent / first_line.split("$schema=", 1)[1].strip()).resolve()
        validator = Draft202012Validator(json.loads(schema_path.read_text("utf-8")))
        for error in sorted(validator.iter_errors(document.data), key=lambda e: list(map(str, e.absolute_path))):
            data_path = ""
            for part in error.absolute_path:
                data_path = child_path(data_path, part)
            problems.append(document.problem(data_path, f"schema: {error.message}"))
    if problems:
        raise DataError(problems)
    print(f"OK: {', '.join(map(str, paths))} match their schemas")
    return 0


def _schema(check_only: bool) -> int:
    stale = []
    for path, (model, schema_id) in SCHEMAS.items():
        text = json.dumps(json_schema(model, schema_id), ensure_ascii=False, indent=2) + "\n"
        if check_only:
            if not path.exists() or path.read_text("utf-8") != text:
                stale.append(path)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, "utf-8")
            print(f"wrote {path}")
    for path in stale:
        print(f"{path} is out of date: run `make schema`", file=sys.stderr)
    return 1 if stale else 0
