"""The hooks of the benchmark's plain-MkDocs baseline: the languages and page addresses the theme prints.

The baseline measures MkDocs and Material without our glue, but with what the glue gives the theme:
the values it sets in ``extra`` (written into the baseline's configuration by bench/run.py), Material's
language list and the template global ``page_addresses`` (hooks/theme_settings.py), added here.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))

import theme_settings


def on_config(config: Any) -> Any:
    config.extra["alternate"] = theme_settings.material_alternate(config)
    return config


def on_env(env: Any, config: Any, files: Any) -> Any:
    theme_settings.add_page_addresses(env, config)
    return env
