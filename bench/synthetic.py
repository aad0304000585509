"""Valid synthetic data files of N initiatives, built through the project's own models.

Realistic shape: about 600 Chinese characters and 150 English words of body per initiative, 1 to 4
of 12 themes, a few dated updates each, measures, fingerprinted translations. Deterministic for a
given N (fixed seed), so every benchmark run builds the same site.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
from pathlib import Path
from typing import Any

import yaml

from generator.errors import Problem
from generator.loader import load_text
from generator.models import Dataset, Glossary, LocalizedText
from generator.terminology import TermMatcher
from generator.translation import fingerprint, text_fingerprint
from generator.validate import Validated, validate

REPO = Path(__file__).resolve().parent.parent
REAL_DATA = REPO / "data"
THEME_COUNT = 12  # fewer for tiny N: every theme must connect at least two initiatives
# Two-character words that contain no glossary term and no digit: the text passes every check.
ZH_WORDS = [
    "推进",
    "完善",
    "建立",
    "健全",
    "加快",
    "深化",
    "优化",
    "提升",
    "促进",
    "强化",
    "统筹",
    "协调",
    "创新",
    "改革",
    "发展",
    "机制",
    "体系",
    "平台",
    "服务",
    "管理",
    "工作",
    "项目",
    "企业",
    "城市",
    "产业",
    "资源",
    "要素",
    "市场",
    "政策",
    "人才",
    "资金",
    "质量",
    "效率",
    "标准",
    "制度",
    "规划",
    "建设",
    "运营",
    "环境",
    "生态",
    "治理",
    "社会",
    "公共",
    "安全",
    "基础",
    "设施",
    "合作",
    "交流",
    "开放",
    "区域",
    "协同",
    "联动",
    "保障",
    "支持",
    "引导",
    "培育",
    "壮大",
    "集聚",
    "转型",
    "升级",
]
EN_WORDS = [
    "advance",
    "improve",
    "establish",
    "strengthen",
    "accelerate",
    "deepen",
    "optimize",
    "raise",
    "promote",
    "reinforce",
    "coordinate",
    "innovate",
    "reform",
    "develop",
    "mechanism",
    "system",
    "platform",
    "service",
    "management",
    "work",
    "project",
    "enterprise",
    "city",
    "industry",
    "resource",
    "factor",
    "market",
    "policy",
    "talent",
    "funding",
    "quality",
    "efficiency",
    "standard",
    "institution",
    "plan",
    "build",
    "operate",
    "environment",
    "ecology",
    "governance",
    "society",
    "public",
    "safety",
    "foundation",
    "facility",
    "cooperation",
    "exchange",
    "opening",
    "region",
    "linkage",
    "guarantee",
    "support",
    "guide",
    "cultivate",
    "expand",
    "cluster",
    "transform",
    "upgrade",
]


_GLOSSARY_DATA = Glossary.model_validate(yaml.safe_load((REAL_DATA / "glossary.yaml").read_text("utf-8")))
_GLOSSARY = TermMatcher(_GLOSSARY_DATA)
# Phrases whose English the glossary settles (建立完善 …) and hedges (探索 …): random English could not say it.
_SETTLED = tuple(rendering.zh for rendering in _GLOSSARY_DATA.renderings) + tuple(h.zh for h in _GLOSSARY_DATA.hedges)


def zh_text(rng: random.Random, characters: int) -> str:
    """Chinese-looking text of about ``characters`` characters that happens to hold no glossary term."""
    while True:
        words: list[str] = []
        while sum(map(len, words)) < characters:
            words.append(rng.choice(ZH_WORDS))
            if rng.random() < 0.12:
                words.append("，")
        text = "".join(words).strip("，") + "。"
        if next(_GLOSSARY.find(text), None) is None and not any(phrase in text for phrase in _SETTLED):
            return text


def en_text(rng: random.Random, count: int) -> str:
    words = [rng.choice(EN_WORDS) for _ in range(count)]
    return " ".join(words).capitalize() + "."


def reviewed(zh: str, en: str) -> dict[str, Any]:
    """A text whose English is accepted and reviewed: the check has nothing to warn about it."""
    review = {
        "by": "translation reviewer",
        "method": "independent bilingual review against the article",
        "date": "2020-04-20",
        "fingerprint": text_fingerprint(LocalizedText(zh=zh, en=en)),
    }
    return {"zh": zh, "en": en, "en_from": fingerprint(zh), "reviewed": review}


def localized(rng: random.Random, zh_characters: int, en_words: int) -> dict[str, Any]:
    return reviewed(zh_text(rng, zh_characters), en_text(rng, en_words))


def synthetic_data(count: int, seed: int = 2020, real_data: Path = REAL_DATA) -> dict[str, Any]:
    """``count`` initiatives, and the article of the real data (``real_data``: its folder) as their source."""
    rng = random.Random(seed)
    theme_count = max(1, min(THEME_COUNT, count // 2))
    real = yaml.safe_load((real_data / "initiatives.yaml").read_text("utf-8"))
    themes = [
        {"id": f"theme-{n:02d}", "label": localized(rng, 4, 2), "description": localized(rng, 40, 20)}
        for n in range(1, theme_count + 1)
    ]
    initiatives: list[dict[str, Any]] = []
    for number in range(1, count + 1):
        chosen = rng.sample(range(theme_count), rng.randint(1, min(4, theme_count)))
        day = dt.date(2020, 4, 16)
        updates = []
        for step in range(rng.randint(1, 4)):
            if step:
                day += dt.timedelta(days=rng.randint(20, 200))
            updates.append(
                {
                    "date": day.isoformat(),
                    "status": "announced" if step == 0 else "in-progress",
                    "text": localized(rng, 40, 15),
                    "source": "article",
                }
            )
        initiatives.append(
            {
                "id": f"initiative-{number:05d}",
                "number": number,
                "title": localized(rng, 24, 12),
                "summary": localized(rng, 50, 25),
                "body": localized(rng, 600, 150),
                "measures": [localized(rng, 25, 10) for _ in range(rng.randint(3, 5))],
                "themes": [f"theme-{n + 1:02d}" for n in sorted(chosen)],
                "related": [],
                "status": updates[-1]["status"],
                "updates": updates,
            }
        )
    # Every theme connects at least two initiatives, as the rules require.
    for n, theme in enumerate(themes):
        users = [i for i in initiatives if theme["id"] in i["themes"]]
        for initiative in initiatives[n * 2 : n * 2 + 2 - len(users)] if len(users) < 2 else []:
            initiative["themes"] = sorted({*initiative["themes"][:3], theme["id"]})
    # Not the article's text: no copy to be verbatim to, and no normalizations of it. Its texts reviewed,
    # whatever the real data's review state.
    source = {
        key: reviewed(value["zh"], value["en"]) if isinstance(value, dict) else value
        for key, value in real["source"].items()
        if key not in {"normalizations", "copy"}
    }
    source["verbatim"] = False
    return {"source": source, "themes": themes, "initiatives": initiatives}


def synthetic_warnings(validated: Validated) -> list[Problem]:
    """The warnings about the synthetic data file itself."""
    return [warning for warning in validated.warnings if Path(warning.file).name == "initiatives.yaml"]


class _QuotedDumper(yaml.SafeDumper):
    """Block style, every string double-quoted: YAML 1.1 and 1.2 read it the same way."""


_QuotedDumper.add_representer(
    str, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
)


def write_data(count: int, folder: Path, real_data: Path = REAL_DATA) -> Path:
    """Write ``initiatives.yaml`` (and the real glossary) for ``count`` initiatives; check it is valid and
    gives no warning of its own, whatever the review state of the real data (``real_data``: its folder)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = "# yaml-language-server: $schema=../schema/initiatives.schema.json\n" + yaml.dump(
        synthetic_data(count, real_data=real_data),
        Dumper=_QuotedDumper,
        allow_unicode=True,
        sort_keys=False,
        width=10_000,
    )
    # The real glossary, without its search synonyms: they must find words of the texts, and these are random.
    glossary_data = load_text((real_data / "glossary.yaml").read_text("utf-8"), "glossary.yaml").data
    glossary_data.pop("synonyms", None)
    glossary = json.dumps(glossary_data, ensure_ascii=False, indent=1)  # JSON: YAML that every reader reads alike
    validated = validate(load_text(text, "initiatives.yaml"), load_text(glossary, "glossary.yaml"))
    own = synthetic_warnings(validated)
    assert isinstance(validated.dataset, Dataset) and not own, own[:3]
    (folder / "initiatives.yaml").write_text(text, "utf-8")
    (folder / "glossary.yaml").write_text(glossary, "utf-8")
    return folder / "initiatives.yaml"


if __name__ == "__main__":
    path = write_data(int(sys.argv[1]), Path(sys.argv[2] if len(sys.argv) > 2 else "bench/out/data"))
    print(f"{path}: {path.stat().st_size:,} bytes")
