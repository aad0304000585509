"""Search segmentation splits Chinese compounds into the words they are made of."""

from __future__ import annotations

import pytest

from generator.search_segments import segment_for_search


@pytest.mark.parametrize(
    "text,words",
    [
        ("公共卫生服务体系", ["公共", "卫生", "服务", "体系"]),
        ("力争年内成功申建综合保税区", ["力争", "年内", "成功", "申建", "综合", "保税", "区"]),
        ("营商环境", ["营商", "环境"]),
    ],
)
def test_compounds_are_split_into_dictionary_words(text: str, words: list[str]) -> None:
    assert list(segment_for_search(text)) == words


def test_segmentation_keeps_every_character_in_order() -> None:
    text = "按照“东优、西融、南拓、北联”的城市发展路径，加力推进5G、大数据"
    assert "".join(segment_for_search(text)) == text
