"""The text fields of the data, listed from the pydantic models (never by hand), and a walk that finds
each of them in a data file's content."""

from __future__ import annotations

import types
from collections.abc import Iterator
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from generator.loader import child_path


def _is_text(annotation: Any) -> bool:
    return annotation is str or any(
        _is_text(arg) for arg in get_args(annotation) if get_origin(annotation) is not Literal
    )


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    if get_origin(annotation) in {list, Union, types.UnionType}:
        return [model for arg in get_args(annotation) for model in _models_in(arg)]
    return []


def model_text_fields(model: type[BaseModel], seen: set[type[BaseModel]] | None = None) -> set[tuple[str, str]]:
    """(model, field) of every text field reachable from ``model``."""
    seen = seen if seen is not None else set()
    seen.add(model)
    fields = set()
    for name, info in model.model_fields.items():
        if _is_text(info.annotation):
            fields.add((model.__name__, info.alias or name))
        for inner in _models_in(info.annotation):
            if inner not in seen:
                fields |= model_text_fields(inner, seen)
    return fields


def text_leaves(model: type[BaseModel], data: Any, path: str = "") -> Iterator[tuple[tuple[str, str], str]]:
    """((model, field), data path) of every text value in ``data``, walking the model beside it."""
    for name, info in model.model_fields.items():
        key = info.alias or name
        if not isinstance(data, dict) or key not in data:
            continue
        value, here = data[key], child_path(path, key)
        if isinstance(value, str) and _is_text(info.annotation):
            yield (model.__name__, key), here
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for index, item in items:
            item_path = here if index is None else child_path(here, index)
            if isinstance(item, dict):
                for inner in _models_in(info.annotation):
                    yield from text_leaves(inner, item, item_path)
            elif isinstance(item, str) and _is_text(info.annotation) and index is not None:
                yield (model.__name__, key), item_path


def set_at(data: Any, path: str, value: str) -> None:
    parts = path.replace("]", "").replace("[", ".").split(".")
    for part in parts[:-1]:
        data = data[int(part)] if part.isdigit() else data[part]
    data[int(parts[-1]) if parts[-1].isdigit() else parts[-1]] = value


def _validators(annotation: Any, metadata: list[Any]) -> set[str]:
    names = {getattr(getattr(item, "func", None), "__name__", "") for item in metadata}
    for arg in get_args(annotation):
        names |= _validators(arg, list(getattr(arg, "__metadata__", ())))
    return names


def prose_fields(model: type[BaseModel], seen: set[type[BaseModel]] | None = None) -> set[tuple[str, str]]:
    """(model, field) of every text an editor writes as prose: the fields checked as `Text`, and plain
    strings without a pattern (`copy` excepted: a path in the repository, never shown as text)."""
    seen = seen if seen is not None else set()
    seen.add(model)
    fields = set()
    for name, info in model.model_fields.items():
        key = info.alias or name
        validators = _validators(info.annotation, list(info.metadata))
        plain = _is_text(info.annotation) and not validators and not info.metadata and key != "copy"
        if "_check_text" in validators or plain:
            fields.add((model.__name__, key))
        for inner in _models_in(info.annotation):
            if inner not in seen:
                fields |= prose_fields(inner, seen)
    return fields
