"""Turns data/initiatives.yaml into the Markdown sources of the bilingual site.

The pipeline runs one way: load (YAML -> located data) -> validate (-> typed Dataset) -> plan pages
-> render Markdown -> write only what changed. Nothing here imports MkDocs; ``hooks/mkdocs_glue.py``
is the only file that does.
"""
