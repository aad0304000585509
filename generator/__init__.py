"""Turns data/initiatives.yaml into the Markdown sources of the bilingual site.

The pipeline runs one way: load (YAML -> located data) -> validate (-> typed Dataset) -> plan pages
-> render Markdown -> write only what changed. Nothing here imports MkDocs or Python-Markdown: a
builder's adapter (the package mkdocs_site for MkDocs) uses what this module names, and nothing else.
"""

from . import urls
from .errors import DataError
from .html_blocks import READY_HTML_END, READY_HTML_START
from .labels import TEMPLATES, feed_title, load_labels
from .languages import EN, LANGUAGES, SOURCE_LANGUAGE, Language, other_language
from .navigation import plan_navigation, with_sections
from .page_paths import HOME_PAGE, hand_written_files
from .pipeline import Generated, generate, load_and_validate
from .project import DATA_FILE
from .structured_data import latest_epoch
from .urls import repository_file_url

__all__ = [
    "DATA_FILE",
    "EN",
    "HOME_PAGE",
    "LANGUAGES",
    "READY_HTML_END",
    "READY_HTML_START",
    "SOURCE_LANGUAGE",
    "TEMPLATES",
    "DataError",
    "Generated",
    "Language",
    "feed_title",
    "generate",
    "hand_written_files",
    "latest_epoch",
    "load_and_validate",
    "load_labels",
    "other_language",
    "plan_navigation",
    "repository_file_url",
    "urls",
    "with_sections",
]
