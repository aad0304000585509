"""Chinese word segmentation for the search index, fine enough to find words inside compounds.

jieba (and rjieba, its Rust port with the same dictionary) keeps compounds such as 公共卫生 or
保障机制 whole, so a search for 卫生 would not find them: the browser-side search matches words
by prefix only. We split each long word into the dictionary words it is made of (公共|卫生) and
keep the whole word only when it cannot be split. A query for the compound still works: the
search page segments queries against the words in the index.
"""

from __future__ import annotations

from collections.abc import Iterator

import rjieba


def segment_for_search(text: str) -> Iterator[str]:
    for word in rjieba.cut(text):
        if len(word) <= 2:
            yield word
        else:
            yield from _split_compound(word)


def _split_compound(word: str) -> Iterator[str]:
    parts = {part for part in rjieba.cut_for_search(word) if 1 < len(part) < len(word)}
    if not parts:
        yield word
        return
    start = 0
    while start < len(word):
        for end in range(len(word) - 1 if start == 0 else len(word), start + 1, -1):
            if word[start:end] in parts:
                yield word[start:end]
                start = end
                break
        else:
            yield word[start]
            start += 1
