"""pydantic's validation errors in the editor's words: what is wrong where, and how to fix it."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, TypeVar, get_args, get_origin

from pydantic import BaseModel, ValidationError

from .errors import Problem, did_you_mean
from .loader import LocatedDocument, child_path
from .models import RENAMED_FIELDS, SOURCE_KINDS, STATUS_MEANINGS, LocalizedText

M = TypeVar("M", bound=BaseModel)


def validate_structure(document: LocatedDocument, model: type[M]) -> tuple[M | None, list[Problem]]:
    """The document as ``model``, or None and every structural problem, each in the editor's words."""
    if not isinstance(document.data, dict):
        fields = ", ".join(name for name, info in model.model_fields.items() if info.is_required())
        return None, [
            document.problem("", f"expected a mapping with the keys {fields}, got {_describe(document.data)}")
        ]
    try:
        return model.model_validate(document.data, strict=True), []
    except ValidationError as error:
        return None, [_explain(document, model, item) for item in _without_union_noise(error.errors())]


def _without_union_noise(errors: list[Any]) -> Iterator[Any]:
    # An update's `source` is the word `article` or a mapping; the model's discriminator picks the
    # branch from what the editor wrote, and names it in the error's location: no path the editor knows.
    for item in errors:
        yield {**item, "loc": tuple(part for part in item["loc"] if part not in SOURCE_KINDS)}


def _explain(document: LocatedDocument, model: type[BaseModel], item: Mapping[str, Any]) -> Problem:
    """One of pydantic's errors in the editor's words: what is wrong where, and how to fix it."""
    path = _format_loc(item["loc"])
    message = _explain_shape(document, model, item) or _explain_limit(document, item) or str(item["msg"])
    return document.problem(path, message, key=item["type"] in {"missing", "extra_forbidden"})


def _explain_shape(document: LocatedDocument, model: type[BaseModel], item: Mapping[str, Any]) -> str | None:
    """A missing or unknown field, or a value of the wrong type."""
    loc = item["loc"]
    kind = item["type"]
    value = item.get("input")
    raw = document.locations.raw.get(_format_loc(loc))
    shown = _describe(value, raw)
    if kind == "missing":
        if _model_in(_annotation_at(model, loc)) is LocalizedText:
            return f"required field '{loc[-1]}' is missing: write it as `{loc[-1]}: {{zh: …, en: …}}`"
        return f"required field '{loc[-1]}' is missing"
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        renamed = RENAMED_FIELDS.get(str(loc[-1]))
        suggestion = f" (did you mean '{renamed}'?)" if renamed in allowed else did_you_mean(str(loc[-1]), allowed)
        return f"unknown field '{loc[-1]}'{suggestion}; allowed here: {', '.join(allowed)}"
    if kind == "string_type":
        quote_hint = "; put it in quotes" if raw is not None else ""
        return "the value is empty: write the text" if value is None else f"expected text, got {shown}{quote_hint}"
    if kind in {"list_type", "tuple_type"}:
        return f"expected a list, got {shown}: {_list_hint(document, str(loc[-1]), value)}"
    expected = {
        "int_type": "a whole number",
        "int_parsing": "a whole number",
        "bool_type": "true or false",
        "model_type": "a mapping of fields ('key: value' lines)",
        "dict_type": "a mapping of fields ('key: value' lines)",
        "model_attributes_type": "a mapping of fields ('key: value' lines)",
    }.get(kind)
    if kind == "model_type" and _model_in(_annotation_at(model, loc)) is LocalizedText:
        return f"expected {expected}, got {shown}: write it as `{loc[-1]}: {{zh: …, en: …}}`"
    return f"expected {expected}, got {shown}" if expected else None


def _explain_limit(document: LocatedDocument, item: Mapping[str, Any]) -> str | None:
    """A value outside what the field allows: not one of its values, too long, too short, too small, malformed."""
    loc = item["loc"]
    kind = item["type"]
    value = item.get("input")
    shown = _describe(value, document.locations.raw.get(_format_loc(loc)))
    context = item.get("ctx", {})
    if kind == "literal_error":
        allowed = [part.strip(" '") for part in context["expected"].replace(" or ", ", ").split(",")]
        if loc and loc[-1] == "source" and allowed == ["article"]:
            return (
                f"unknown value {shown}; allowed: `article` (the 2020 article), or a mapping "
                '`{title: {zh: …, en: …}, outlet: {zh: …, en: …}, date: "YYYY-MM-DD", url: https://…}` '
                "(only `title` is required): for a web page write `source: {title: {zh: …, en: …}, url: …}`"
            )
        what = "status" if loc[-1] == "status" else "value"
        meant = STATUS_MEANINGS.get(str(value).strip().casefold()) if what == "status" else None
        suggestion = f" (did you mean '{meant}'?)" if meant else did_you_mean(str(value), allowed)
        return f"unknown {what} {shown}{suggestion}; allowed: {', '.join(allowed)}"
    if kind in {"string_too_long", "too_long"} and isinstance(value, str):
        return f"{shown} has {len(value)} characters; at most {context['max_length']} are allowed here: shorten it"
    if kind == "too_short":
        return f"needs at least {context['min_length']} item(s)"
    if kind == "too_long" and loc and loc[-1] == "themes" and isinstance(value, list):
        listed = ", ".join(str(theme) for theme in value)
        return (
            f"has {context['actual_length']} themes ({listed}); an initiative has at most {context['max_length']}: "
            "remove one, or choose other initiatives for the theme you are adding"
        )
    if kind == "too_long":
        return f"has {context['actual_length']} items; at most {context['max_length']} are allowed"
    if kind == "greater_than_equal":
        return f"must be at least {context['ge']}, got {shown}"
    if kind == "string_pattern_mismatch":
        return f"{shown} does not have the expected form ({context['pattern']})"
    return None


def _list_hint(document: LocatedDocument, key: str, value: Any) -> str:
    """How to write ``value`` as a list, in the form this file already uses for ``key``."""
    item = value if isinstance(value, str | int | float) and not isinstance(value, bool) else "…"
    if re.search(rf"^\s*{re.escape(key)}: \[", document.text, re.MULTILINE):
        return f"write [{item}] (a list in brackets, as elsewhere in this file; separate items with commas)"
    return f"write each item on its own line under '{key}:', starting with '- ', e.g. '- {item}'"


def _format_loc(loc: tuple[Any, ...]) -> str:
    path = ""
    for part in loc:
        path = child_path(path, part)
    return path


def _describe(value: Any, raw: str | None = None) -> str:
    if raw is not None and not isinstance(value, str):
        kind = "true/false" if isinstance(value, bool) else "nothing" if value is None else "a number"
        return f"{kind} ({raw})"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"'{value}'"


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part) if _is_model(current) else None
        if info is None:
            return []
        current = _model_in(info.annotation)
    if not _is_model(current):
        return []
    return [info.alias or name for name, info in current.model_fields.items()]


def _annotation_at(model: type[BaseModel], loc: tuple[Any, ...]) -> Any:
    """The annotation of the field at ``loc``, or None when ``loc`` leads to no field of a model."""
    fields = [part for part in loc if not isinstance(part, int)]
    current: Any = model
    for part in fields:
        info = current.model_fields.get(part) if _is_model(current) else None
        if info is None:
            return None
        annotation = info.annotation
        current = _model_in(annotation)
    return annotation if fields else None


def _model_in(annotation: Any) -> Any:
    if _is_model(annotation):
        return annotation
    for arg in get_args(annotation) if get_origin(annotation) is not None else ():
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _is_model(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, BaseModel)
