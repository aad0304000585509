"""The search index: one Pagefind run over the pages of both languages, after both are built.

Pagefind reads a copy of the pages in which every Chinese character is a word of its own (README:
How search works). Its command line: the Python API's service answers one file per tenth of a second.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import cbor2
from pagefind_bin_extended import get_executable  # the build with Chinese segmentation

BUNDLE = "pagefind"
BODY_MARK = "data-pagefind-body"
FILTER_VALUES = "filter-values.json"  # {language: {filter: [values]}}, beside Pagefind's files
_TAG = re.compile(r"(<[^>]*>)")
# Chinese characters and Chinese punctuation (、。「」 and the full-width forms ，：（）).
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_CJK_EDGE = re.compile(f"(?<=[{_CJK}])(?=\\S)|(?<=\\S)(?=[{_CJK}])")


class SearchIndexError(RuntimeError): ...


def index_site(site_dir: Path, copy: Path, pass_fds: tuple[int, ...] = ()) -> int:
    """Write ``site_dir/pagefind`` from the site's pages, through their copy in the new folder ``copy``
    (removed afterwards); the number of pages indexed. ``pass_fds``: files Pagefind holds while it runs
    (the build lock)."""
    pages = 0
    for path in sorted(site_dir.rglob("*.html")):
        relative = path.relative_to(site_dir)
        html = path.read_text("utf-8")
        if BODY_MARK in html and not any(part.startswith(".") for part in relative.parts):
            (copy / relative).parent.mkdir(parents=True, exist_ok=True)
            (copy / relative).write_text(one_word_per_chinese_character(html), "utf-8")
            pages += 1
    bundle = site_dir / BUNDLE
    shutil.rmtree(bundle, ignore_errors=True)
    if pages:
        command = [str(get_executable()), "--site", str(copy), "--output-path", str(bundle), "--quiet"]
        command += ["--exclude-selectors", ".headerlink"]
        result = subprocess.run(command, capture_output=True, text=True, pass_fds=pass_fds)
        if result.returncode != 0:
            said = (result.stderr or result.stdout).strip() or "no message"
            raise SearchIndexError(f"Pagefind failed (exit status {result.returncode}): {said}")
        sort_filter_values(bundle)
    shutil.rmtree(copy, ignore_errors=True)
    return pages


def one_word_per_chinese_character(html: str) -> str:
    """A space on each side of every Chinese character and punctuation mark outside tags (the search
    box takes them out of the excerpts it shows)."""
    return "".join(piece if piece.startswith("<") else _CJK_EDGE.sub(" ", piece) for piece in _TAG.split(html))


# Pagefind 1.5 writes filter values in hash-map order, which changes from run to run, and the files'
# names (content hashes) with them: sorted, renamed, and the names changed where Pagefind refers to
# them (metadata, entry), two builds of the same input are byte-identical.
_SIGNATURE = b"pagefind_dcd"


def sort_filter_values(bundle: Path) -> None:
    renamed: dict[str, str] = {}
    offered: dict[str, dict[str, list[str]]] = {}
    for path in sorted((bundle / "filter").glob("*.pf_filter")):
        name, values = _read(path)
        values[1] = sorted(values[1], key=lambda item: str(item[0]))  # [filter, [[value, [pages…]], …]]
        renamed[path.stem] = _write(bundle / "filter", name, values, "{}.pf_filter")
        offered.setdefault(name.rpartition("_")[0], {})[values[0]] = [str(item[0]) for item in values[1]]
        path.unlink()
    # The values alone, for the search box's menus: Pagefind's filter files list every page of each value
    # (32 KB gzip at N = 5,000), which a reader's first query would otherwise fetch (bench/RESULTS.md).
    (bundle / FILTER_VALUES).write_text(json.dumps(offered, ensure_ascii=False, sort_keys=True), "utf-8")
    entry = (bundle / "pagefind-entry.json").read_text("utf-8")
    for path in sorted(bundle.glob("pagefind.*.pf_meta")):
        name, meta = _read(path)
        meta = [_sorted_filters(item, renamed) for item in meta]
        new = _write(bundle, name, meta, "pagefind.{}.pf_meta")
        path.unlink()
        entry = entry.replace(f'"{name}"', f'"{new}"')
    entry = json.dumps(json.loads(entry), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    (bundle / "pagefind-entry.json").write_text(entry, "utf-8")


def _read(path: Path) -> tuple[str, Any]:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_SIGNATURE):
        raise SearchIndexError(f"{path.name}: not a Pagefind index file of the version this build knows")
    name = path.name.split(".")[-2] if path.name.startswith("pagefind.") else path.stem
    return name, cbor2.loads(data[len(_SIGNATURE) :])


def _write(folder: Path, old_name: str, value: object, file_name: str) -> str:
    data = _SIGNATURE + cbor2.dumps(value)
    language, _, digest = old_name.rpartition("_")
    new_name = f"{language}_{hashlib.sha256(data).hexdigest()[: len(digest)]}"
    (folder / file_name.format(new_name)).write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    return new_name


def _sorted_filters(item: Any, renamed: dict[str, str]) -> Any:
    # The metadata lists the filters as [[name, file], …], in hash-map order too.
    pairs = isinstance(item, list) and item and all(isinstance(p, list) and len(p) == 2 for p in item)
    if pairs and all(isinstance(name, str) and isinstance(file, str) for name, file in item):
        return sorted([[name, renamed.get(file, file)] for name, file in item])
    return item
