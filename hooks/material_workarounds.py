"""Workarounds for Material for MkDocs, each naming the version and code it works around.

Each checks that the code it changes is still there and fails the build loudly when it is not: an
upgrade of mkdocs-material must be checked against these, never silently lose one.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from mkdocs.exceptions import PluginError

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

# mkdocs-material 9.8.1, src/templates/assets/javascripts/integrations/alternate/index.ts: the language
# selector's script fetches `<href>sitemap.xml` for every <link rel="alternate"> in the head, meant for
# links to language *roots*.
_ALTERNATE_SELECTOR = b'"link[rel=alternate]"'
_OPT_IN_SELECTOR = b'"link[rel=alternate][data-md-sitemap]"'


def stop_alternate_sitemap_requests(site_dir: Path) -> None:
    """Narrow Material's alternate-link selector, in the built bundle, to links that opt in (none do).

    Our alternate links are per-page hreflang links with absolute URLs (as search engines require): the
    script would request a missing file from the published host, even from a local preview.
    """
    bundles = list((site_dir / "assets" / "javascripts").glob("bundle.*.min.js"))
    for bundle in bundles:
        code = bundle.read_bytes()
        if _ALTERNATE_SELECTOR not in code:
            raise PluginError(
                f"{bundle.name}: Material's alternate-link selector was not found; "
                "check hooks/material_workarounds.py against the installed mkdocs-material"
            )
        bundle.write_bytes(code.replace(_ALTERNATE_SELECTOR, _OPT_IN_SELECTOR))
    if not bundles:
        raise PluginError("Material's JavaScript bundle was not found in the built site")


# mkdocs 1.6.1, mkdocs/structure/files.py (Files.add_files_from_theme): to find the theme's static
# files, MkDocs lists every file of the theme's folders and matches each name against a dozen patterns,
# which leave out every file in a folder whose name starts with a dot. mkdocs-material 9.8 keeps its
# 14,000 icons in templates/.icons/: listing and matching them took 0.15 s of each language's build,
# to keep 47 files.


class _ThemeLoader(jinja2.FileSystemLoader):
    """Jinja's loader of the theme's templates, which lists no file of a folder named with a dot."""

    def list_templates(self) -> list[str]:
        found = set()
        for searchpath in self.searchpath:
            for folder, folders, files in os.walk(searchpath, followlinks=self.followlinks):
                folders[:] = [name for name in folders if not name.startswith(".")]
                for name in files:  # named as Jinja's own list_templates names them
                    template = os.path.join(folder, name)[len(searchpath) :].strip(os.path.sep)
                    found.add(template.replace(os.path.sep, "/").removeprefix("./"))
        return sorted(found)


def list_theme_files_without_dot_folders(config: MkDocsConfig) -> None:
    """Let MkDocs list the theme's files without walking the folders it leaves out (as the comment says)."""
    theme = config.theme
    get_env = theme.get_env

    def get_env_listing_less() -> jinja2.Environment:
        env = get_env()
        loader = env.loader
        if type(loader) is not jinja2.FileSystemLoader:
            raise PluginError(
                f"the theme's template loader is a {type(loader).__name__}, not the FileSystemLoader of MkDocs 1.6; "
                "check hooks/material_workarounds.py against the installed mkdocs"
            )
        env.loader = _ThemeLoader(loader.searchpath, loader.encoding, loader.followlinks)
        return env

    theme.get_env = get_env_listing_less  # type: ignore[method-assign]
