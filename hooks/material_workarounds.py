"""Workarounds for Material for MkDocs, each naming the version and code it works around.

Each checks that the code it changes is still there and fails the build loudly when it is not: an
upgrade of mkdocs-material must be checked against these, never silently lose one.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

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
