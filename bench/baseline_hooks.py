"""The hooks of the benchmark's plain-MkDocs baseline: the languages and page addresses the theme prints.

The baseline measures MkDocs and Material without our plugin, but with what the plugin gives the
theme: the values it sets in ``extra`` (written into the baseline's configuration by bench/run.py),
Material's language list and the template global ``page_addresses`` (mkdocs_site/theme.py), added here.
"""

from __future__ import annotations

from typing import Any

from mkdocs_site import theme


def on_config(config: Any) -> Any:
    theme.configure(config)  # everything the plugin gives the theme: languages, words, addresses
    return config


def on_env(env: Any, config: Any, files: Any) -> Any:
    theme.add_page_addresses(env, config)
    return env
